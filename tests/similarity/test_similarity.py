"""`grader similarity` and its pages: the command writes an index and a page per listed pair, a failure is a note
that loses no grade, and the pages show the matching code side by side in a real browser (comparing itself:
test_compare.py)."""

import re
import shutil
from pathlib import Path

import pytest

from grader.batch.outputs import similarity_section
from grader.cli import main
from grader.report.similarity import pair_page
from grader.similarity.compare import compare_week, template_hashes
from grader.similarity.fingerprint import read_source
from tests.browser import dump_dom, needs_chromium, screenshot
from tests.similarity.disguise import disguise_notebook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "submissions"
SHOTS = ROOT / "build" / "shots"


def _week(week: int) -> Path:
    return EXAMPLES / f"week{week:02d}"


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
