"""Similar submissions: a disguised copy is listed, independent work and templates are not, damaged files
are notes, and the pages show the matching code side by side in a real browser."""

import json
import re
import shutil
from pathlib import Path

import pytest

from grader.batch.outputs import similarity_section
from grader.cli import main
from grader.report.similarity import pair_page
from grader.similarity.compare import THRESHOLD, compare_week, template_hashes
from grader.similarity.fingerprint import from_cells, read_source
from tests.browser import dump_dom, needs_chromium, screenshot
from tests.similarity.disguise import disguise_notebook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "submissions"
WEEKS = sorted(int(p.name[4:]) for p in EXAMPLES.glob("week*"))
SHOTS = ROOT / "build" / "shots"


def _week(week: int) -> Path:
    return EXAMPLES / f"week{week:02d}"


@pytest.mark.parametrize(("week", "name"), [(w, n) for w in WEEKS for n in ("correct", "indep_correct")
                                             if (_week(w) / f"{n}.ipynb").exists()])
def test_a_renamed_reordered_recommented_copy_is_listed(week, name, tmp_path):
    original = _week(week) / f"{name}.ipynb"
    disguise_notebook(original, tmp_path / "copy.ipynb")
    copy = read_source(tmp_path / "copy.ipynb")
    assert copy.cells != read_source(original).cells  # really disguised
    found = compare_week(week, {"alice": read_source(original), "bob": copy}, template_hashes(week))
    assert [(p.a, p.b) for p in found.pairs] == [("alice", "bob")]
    assert found.pairs[0].share >= THRESHOLD + 0.1  # with a margin, not just over the line


@pytest.mark.parametrize("week", [w for w in WEEKS if (_week(w) / "indep_correct.ipynb").exists()])
def test_independently_written_examples_are_not_listed_against_each_other(week):
    """indep_* were written from the template alone; the other examples of a week share one author (the mistake
    notebooks are edited copies of correct.ipynb), so only pairs across the two are independent work."""
    sources = {p.stem: read_source(p) for p in sorted(_week(week).glob("*.ipynb"))}
    found = compare_week(week, sources, template_hashes(week))
    across = [p for p in found.pairs if p.a.startswith("indep") != p.b.startswith("indep")]
    assert across == []


@pytest.mark.parametrize("week", WEEKS)
def test_untouched_templates_are_not_listed(week):
    template = read_source(next((ROOT / "exercises" / f"week{week:02d}").glob("*.ipynb")))
    sources = {"t1": template, "t2": template, "solver": read_source(_week(week) / "correct.ipynb")}
    assert compare_week(week, sources, template_hashes(week)).pairs == ()


def test_changed_comments_whitespace_and_names_match_but_other_code_does_not():
    a = from_cells(("def area(w, h):\n    # width times height\n    total = w * h\n    return total + 0 * sum([w, h])\n"
                    "print(area(3, 4), [area(i, i + 1) for i in range(10)])\n",))
    b = from_cells(("def f(x,y):\n  t=x*y  # product\n\n  return t+0*sum([x,y])\n"
                    "print(f(5, 6), [f(j, j + 1) for j in range(3)])\n",))
    c = from_cells(("import math\nprint(sorted({k: math.sqrt(k) for k in range(9)}.items(),\n"
                    "             key=lambda kv: -kv[1]))\n",))
    assert [t.text for t in a.tokens] == [t.text for t in b.tokens]
    found = compare_week(1, {"a": a, "b": b, "c": c}, frozenset())
    assert [(p.a, p.b, round(p.share, 2)) for p in found.pairs] == [("a", "b", 1.0)]


def test_a_syntax_error_or_broken_json_is_a_note_not_a_crash(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [', encoding="utf-8")
    bad_code = tmp_path / "bad.ipynb"
    nb = json.loads((_week(1) / "correct.ipynb").read_text())
    nb["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                        "source": "def oops(:\n    s = '''never closed\n"})
    bad_code.write_text(json.dumps(nb))
    sources = {"a": read_source(broken), "b": read_source(bad_code), "c": read_source(_week(1) / "correct.ipynb")}
    found = compare_week(1, sources, template_hashes(1))
    notes = " ".join(found.notes)
    assert "a: broken.ipynb: the notebook is not valid JSON" in notes
    assert "b: code cell" in notes and "compared up to there" in notes
    assert [(p.a, p.b) for p in found.pairs] == [("b", "c")]  # the readable part still counts


def _class(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    for week in (1, 4):
        for p in _week(week).glob("indep_*.ipynb"):
            (folder / p.stem.replace("_", "-")).mkdir(parents=True, exist_ok=True)
            shutil.copy(p, folder / p.stem.replace("_", "-") / f"week{week:02d}.ipynb")
        disguise_notebook(_week(week) / "indep_correct.ipynb", folder / "zoe" / f"week{week:02d}.ipynb")
    (folder / "mia").mkdir()
    (folder / "mia" / "week01.ipynb").write_text("not json")
    return folder


def test_the_command_writes_an_index_and_a_page_per_listed_pair(tmp_path, capsys):
    assert main(["similarity", str(_class(tmp_path)), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "indep-correct and zoe:" in printed and "% of the code matches" in printed
    pages = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.html"))
    assert pages == ["similarity.html", "similarity/week01/indep-correct--zoe.html",
                     "similarity/week04/indep-correct--zoe.html"]
    index = (tmp_path / "out" / "similarity.html").read_text()
    assert 'href="similarity/week01/indep-correct--zoe.html"' in index and "similar enough to look at" in index
    assert "mia: week01.ipynb: the notebook is not valid JSON" in index


def test_the_command_refuses_a_missing_folder_with_one_line(tmp_path, capsys):
    assert main(["similarity", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
    assert main(["similarity", str(tmp_path), "--out", str(tmp_path / "o"), "--threshold", "70"]) == 2


def test_a_failure_in_the_similarity_section_is_a_note_and_loses_no_grade(tmp_path):
    section = similarity_section([object()], tmp_path)  # not a stored result: the section fails
    note = section["similar_error"]
    assert "could not be computed" in note and "grades above are complete" in note


@pytest.mark.slow
@needs_chromium
def test_a_pair_page_shows_both_sides_with_the_matching_code_marked(tmp_path):
    disguise_notebook(_week(3) / "correct.ipynb", tmp_path / "copy.ipynb")
    sources = {"ann": read_source(_week(3) / "correct.ipynb"), "ben<b>": read_source(tmp_path / "copy.ipynb")}
    found = compare_week(3, sources, template_hashes(3))
    page = tmp_path / "pair.html"
    page.write_text(pair_page(found.pairs[0]))
    dom = dump_dom(page)
    assert "Similar enough to look at" in dom and "of their code matches" in dom and "no proof of copying" in dom
    assert dom.count('class="side"') == 2 and "ben&lt;b&gt;" in dom
    marks = re.findall(r'<mark class="match">(.*?)</mark>', dom, re.S)
    assert len(marks) >= 4 and any("def " in m for m in marks)
    assert "copied" not in dom.lower() and "plagiar" not in dom.lower()
    assert screenshot(page, SHOTS / "similarity_pair.png", "1400,1200").stat().st_size > 10_000


def _stored(score: float, path: Path) -> dict:
    return {"submission": path.name, "sha256": "0" * 64, "grader_version": "0.1.0", "score": score,
            "max_score": 5.0, "weeks": [{"week": 4, "title": "regression", "score": score, "max_score": 5.0,
                                         "tasks": []}], "errors": []}


def test_the_class_report_of_a_gradebook_lists_similar_pairs_with_links(tmp_path):
    from grader.batch.outputs import write_outputs
    from grader.batch.store import Gradebook

    folder = tmp_path / "class"
    (folder / "ann").mkdir(parents=True)
    shutil.copy(_week(4) / "indep_correct.ipynb", folder / "ann" / "week04.ipynb")
    disguise_notebook(_week(4) / "indep_correct.ipynb", folder / "ben" / "week04.ipynb")
    shutil.copy(_week(4) / "correct.ipynb", tmp_path / "cat_week04.ipynb")
    out = tmp_path / "grades"
    files = {"ann": folder / "ann" / "week04.ipynb", "ben": folder / "ben" / "week04.ipynb",
             "cat": tmp_path / "cat_week04.ipynb"}
    with Gradebook(out / "gradebook.sqlite") as book:
        book.record_submissions((student, 4, str(path), student, "f") for student, path in files.items())
        for student, path in files.items():
            book.store(student, 4, student, "f", str(path), _stored(5.0, path), "graded")
        write_outputs(book, out)
    report = (out / "report.html").read_text()
    similar = report.split('id="similar"')[1].split('id="gradebook"')[0]
    assert "1 pair similar enough to look at" in similar and "ann and ben" in similar
    assert 'href="similarity/week04/ann--ben.html"' in similar and "cat" not in similar
    assert (out / "similarity" / "week04" / "ann--ben.html").is_file()
    assert (out / "gradebook.csv").read_text().count("5") >= 3
