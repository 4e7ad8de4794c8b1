"""Comparing a week's submissions (grader/similarity/compare.py): a disguised copy is listed, independent work
and templates are not, only the matching code counts, and damaged files are notes."""

import json
from pathlib import Path

import pytest

from grader.similarity.compare import THRESHOLD, compare_week, template_hashes
from grader.similarity.fingerprint import from_cells, kgram_hashes, read_source
from tests.similarity.disguise import disguise_notebook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "submissions"
WEEKS = sorted(int(p.name[4:]) for p in EXAMPLES.glob("week*"))


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


def test_code_from_the_template_neither_counts_nor_is_marked():
    given = ("import numpy as np\n\ndef load(path):\n    rows = [line.split(',') for line in open(path)]\n"
             "    return np.array(rows, dtype=float)\n\nDATA = load('data.csv')\n"
             "print(DATA.shape, DATA.mean(axis=0))\n")
    own = ("def normalise(x):\n    centred = x - x.mean(axis=0)\n    return centred / (x.std(axis=0) + 1e-9)\n"
           "print(normalise(DATA)[:3], [round(v, 2) for v in normalise(DATA).sum(axis=0)])\n")
    other = "def total(x):\n    return sorted({i: float(v) for i, v in enumerate(x.sum(axis=1))}.items())[:5]\n"
    template = frozenset(h for h in kgram_hashes(from_cells((given,)).tokens) if h is not None)
    sources = {"a": from_cells((given, own)), "b": from_cells((given, own)), "c": from_cells((given, other))}
    found = compare_week(1, sources, template)
    assert [(p.a, p.b, p.share) for p in found.pairs] == [("a", "b", 1.0)]  # the template is not in the share
    assert {r.cell for r in found.pairs[0].regions_a} == {1}  # only the students' own cell is marked
    assert found.compared == 3
