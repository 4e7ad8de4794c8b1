"""HTML class report and feedback pages: escaped, script-free, answering the TA's and the student's
questions at a glance, and rendered by a real browser."""

import json
import re
from html import unescape
from pathlib import Path

import pytest

from grader.batch.outputs import LINKED
from grader.report.gradescope import to_gradescope
from grader.report.html import cause_text, class_report, failure_key, histogram_svg, student_page
from tests.browser import dump_dom, needs_chromium, screenshot
from tests.report.sample_class import HOSTILE, PAD_POST, graded, rows

UNPLACED = [("weird/<b>.ipynb", "no week number")]


def _class_page() -> str:
    return class_report(graded(), rows(), UNPLACED, files=LINKED)


def _student(name: str) -> str:
    row = next(r for r in rows() if r.student == name)
    return student_page(name, [g for g in graded() if g.student == name], row, {12: "clear <b>slides</b>"})


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_failure_messages_group_when_only_numbers_or_quoted_values_differ():
    assert failure_key("3 of 12 values differ; got 0.5") == failure_key("7 of 9 values differ; got -1e-3")
    assert failure_key("got 'cold'") == failure_key("got 'warm'")
    assert failure_key("the lab's 'price' column") == "the lab's '…' column"  # an apostrophe is not a quote
    assert failure_key("compute_f1() on 3 rows") == "compute_f1() on … rows"  # digits in names stay


def test_a_cause_is_shown_whole_with_only_the_varying_numbers_blanked():
    text = cause_text([PAD_POST.format(n=2, k=6), PAD_POST.format(n=3, k=4)])
    assert text.startswith("pad_pre() on hidden sequences …: … of 12 values differ; first at [1, 0]: got 1, expected 0")
    assert text.endswith("when they prepare the sequences for the embedding layer.")  # never cut, however long
    assert len(text) > 300 and "padding='post'" in text and "section 4.2" in text
    assert cause_text(["4 of 4 values differ", "4 of 4 values differ"]) == "4 of 4 values differ"


def test_histogram_counts_every_score_once_and_has_both_axes():
    svg = histogram_svg([0, 0.4, 5, 5, 2.5], 5, bins=5)
    assert svg.count("<rect") == 5 and "2 with 4-5 points" in svg
    assert 'class="x-axis"' in svg and 'class="y-axis"' in svg
    assert re.findall(r'class="ytick"[^>]*>(\d+)<', svg) == ["0", "1", "2"]  # counts up to the highest bar
    assert ">points</text>" in svg and ">students</text>" in svg


def test_every_task_is_listed_with_how_many_passed_even_when_all_did():
    text = _text(_class_page())
    assert "normalize 1 2 of 3 passed" in text and "pad_pre 1 1 of 3 passed" in text
    assert "series_to_supervised 2 3 of 3 passed" in text  # nobody failed it: still listed
    assert 'style="width:67%"' in _class_page()  # the bar for 2 of 3


def test_a_shared_mistake_is_one_cause_with_the_students_who_made_it():
    page = _class_page()
    section = page.split('id="w11-pad_pre"')[1].split("</div>\n", 2)
    assert "2 students" in section[0] and "… of 12 values differ" in section[0]
    assert 'href="students/bob.html#week11"' in section[0] and 'href="students/dave.html#week11"' in section[0]
    assert "alice" not in section[0]


def test_needs_help_names_low_totals_missing_weeks_and_repeated_errors():
    page = _class_page()
    help_part = _text(page.split('id="needs-help"')[1].split('id="week10"')[0])
    assert "Lowest totals" in help_part and "carol 0 20" in help_part and "bob 2 20" in help_part
    assert "alice 12" not in help_part.split("Missing weeks")[0]  # above half is not "lowest"
    assert "Missing weeks" in help_part and "alice 10" in help_part and "carol 10, 12" in help_part
    assert "Repeated errors" in help_part and "bob 3 10, 11" in help_part


def test_the_report_links_every_output_file():
    page = _class_page()
    for name in ("gradebook.csv", "lms.csv", "unplaced.csv", "gradebook.sqlite", "students/", "reports/",
                 "gradescope/", "junit/"):
        assert f'href="{name}"' in page, name


def test_a_student_page_starts_with_week_summaries_then_identity_then_tasks_to_fix_first():
    page = _student("bob")
    text = _text(page)
    assert "Week 11 : 2 / 4 — 2 of 3 tasks to fix; start with normalize" in text
    assert "Week 10 : 0 / 4 — 3 of 3 tasks to fix; start with lstm_step" in text
    week11 = page.split('id="week11"')[1]
    identity = _text(week11.split("</dl>")[0])
    for item in ("file week11.ipynb", "sha256 11000bob", "graded at 2025-11-28 03:20:00 UTC",
                 "seed 123456789 (hidden)", "grader version 0.1.0", "isolation bubblewrap"):
        assert item in identity, item
    order = re.findall(r'<tr class="task (\w+)-row"', week11)
    assert order == ["error", "failed", "passed"]  # tasks to fix first
    assert '<small class="what">(series, n_in, n_out) -&gt; a &lt;frame&gt;</small>' in week11  # the summary


def test_pages_escape_student_output_and_forbid_scripts():
    page = _class_page()
    assert HOSTILE not in page and "&lt;script&gt;" in page and "&lt;b&gt;.ipynb" in page
    assert "Content-Security-Policy" in page and "<script" not in page
    alice = _student("alice")
    assert "&lt;b&gt;slides" in alice and "Graded by the teaching team" in alice and "<script" not in alice


def test_gradescope_results_have_one_test_per_task_and_the_total():
    bob = next(g for g in graded() if g.student == "bob" and g.week == 11)
    doc = to_gradescope(bob.report)
    assert doc["score"] == 2.0 and [t["name"] for t in doc["tests"]][:2] == ["week 11: normalize", "week 11: pad_pre"]
    assert doc["tests"][1]["status"] == "failed" and doc["tests"][1]["max_score"] == 1.0
    json.dumps(doc)


SHOTS = Path(__file__).resolve().parents[2] / "build" / "shots"


@pytest.mark.slow
@needs_chromium
def test_class_report_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(_class_page())
    dom = dump_dom(page)
    assert "<title>EI320A class report</title>" in dom  # the injected script did not run (it renames the page)
    assert dom.count('class="histogram"') == 2 and dom.count('class="y-axis"') == 2
    assert len(re.findall(r'<tr class="task"', dom)) == 6  # every task of weeks 10 and 11
    assert 'aria-label="2 of 3 passed"' in dom and '<span style="width:67%"></span>' in dom
    assert re.search(r'<a href="students/dave.html#week11">dave</a>', dom)
    assert "Submissions that could not be graded" in dom and "the sandbox did not start" in dom
    assert '<img src="x"' not in dom and "&lt;img src=x" in dom
    assert Path(screenshot(page, SHOTS / "class_report.png", "1200,2400")).stat().st_size > 10_000


@pytest.mark.slow
@needs_chromium
def test_student_page_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "bob.html"
    page.write_text(_student("bob"))
    dom = dump_dom(page)
    assert "<title>Feedback for bob</title>" in dom
    assert dom.count('<li class="week-summary">') == 2 and dom.count('<dl class="identity">') == 2
    first_rows = re.findall(r'<tr class="task (\w+)-row">\s*<td>(\w+)</td>', dom)
    assert first_rows[:3] == [("error", "lstm_step"), ("timeout", "gru_step"), ("not_attempted", "lstm_forward")]
    assert '<img src="x"' not in dom and "&lt;img src=x" in dom
    assert Path(screenshot(page, SHOTS / "student_page.png", "1200,1400")).stat().st_size > 10_000
