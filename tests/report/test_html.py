"""HTML class report and feedback pages: escaped, script-free, and rendered by a real browser."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from grader.report.gradebook import build_rows
from grader.report.gradescope import to_gradescope
from grader.report.html import Graded, class_report, failure_key, histogram_svg, student_page
from grader.results import Report, Status, TaskResult, WeekResult

HOSTILE = "<script>document.title='owned'</script><img src=x onerror=alert(1)>"


def _report(score_a: float, message: str = "") -> Report:
    tasks = (TaskResult("normalize", score_a, 1.0, Status.PASSED if score_a else Status.FAILED, message, "hint 1"),
             TaskResult("pad_pre", 0.0, 4.0, Status.ERROR, f"pad_pre() raised ValueError: {HOSTILE}"))
    return Report("x.ipynb", "h", "0.1.0", (WeekResult(11, "RNN and RNN labs", tasks),), errors=())


def _graded() -> list[Graded]:
    return [Graded("alice", 11, "graded", _report(1.0)),
            Graded("bob", 11, "graded", _report(0.0, "normalize() on hidden series 2 (13 values): 13 of 13 differ")),
            Graded("carol", 11, "error", Report("y.ipynb", "h2", "0.1.0", (), errors=("the sandbox did not start",)))]


def test_failure_messages_group_when_only_numbers_differ():
    assert failure_key("3 of 12 values differ; got 0.5") == failure_key("7 of 9 values differ; got -1e-3")
    assert failure_key("got 'cold'") == failure_key("got 'warm'")
    assert failure_key("the lab's 'price' column") == "the lab's '…' column"  # an apostrophe is not a quote
    assert failure_key("compute_f1() on 3 rows") == "compute_f1() on # rows"  # digits in names stay


def test_histogram_counts_every_score_once():
    svg = histogram_svg([0, 0.4, 5, 5, 2.5], 5, bins=5)
    assert svg.count("<rect") == 5 and ">2</text>" in svg


def test_pages_escape_student_output_and_forbid_scripts():
    rows = build_rows(["alice", "bob", "carol"], {("alice", 11): 1.0, ("bob", 11): 0.0}, {("alice", 12): 8.0})
    page = class_report(_graded(), rows, [("weird/<b>.ipynb", "no week number")])
    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "<script" not in page
    alice = student_page("alice", [_graded()[0]], rows[0], {12: "clear <b>slides</b>"})
    assert "&lt;b&gt;slides" in alice and "Graded by the teaching team" in alice


def test_gradescope_results_have_one_test_per_task_and_the_total():
    doc = to_gradescope(_report(1.0))
    assert doc["score"] == 1.0 and [t["name"] for t in doc["tests"]] == ["week 11: normalize", "week 11: pad_pre"]
    assert doc["tests"][1]["status"] == "failed" and doc["tests"][1]["max_score"] == 4.0
    json.dumps(doc)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="no Chromium here (.ci/run installs Debian's `chromium`)")
def test_class_report_renders_in_headless_chromium(tmp_path):
    rows = build_rows(["alice", "bob", "carol"], {("alice", 11): 1.0, ("bob", 11): 0.0}, {})
    page = tmp_path / "report.html"
    page.write_text(class_report(_graded(), rows, []))
    done = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                           page.as_uri()], capture_output=True, text=True, timeout=120)
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-1000:]
    assert "<title>EI320A class report</title>" in dom  # the injected script did not run (it renames the page)
    assert dom.count('class="histogram"') == 1 and dom.count("<rect") == 10
    assert "Submissions that could not be graded" in dom and "the sandbox did not start" in dom
    assert "<img src=\"x\"" not in dom and "&lt;img src=x" in dom
    shot = tmp_path / "report.png"
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1200,1600", page.as_uri()], capture_output=True, timeout=120, check=True)
    assert Path(shot).stat().st_size > 10_000
