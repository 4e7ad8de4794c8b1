"""Week 14 ("content not announced"): people grade it until a course attaches an exercise set. The tests run on
a copy of the tree without week 14's own lab, so they hold whether or not one has been added."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REUSE_WEEK10 = '''import dataclasses

from exercises.week10.spec import SPEC as WEEK10

SPEC = dataclasses.replace(WEEK10, week=14, version="week10-reused-1")
'''


def _grader(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin"} | ({"PYTHONPATH": str(pythonpath)} if pythonpath else {})
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, timeout=300,
                          env=env, cwd=pythonpath or ROOT)


def _tree_without_week14(tmp_path: Path) -> Path:
    """grader, reference and exercises copied, less week 14's lab (spec, template, reference module)."""
    for part in ("grader", "reference", "exercises"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(tmp_path / "exercises" / "week14", ignore_errors=True)
    (tmp_path / "reference" / "lab14.py").unlink(missing_ok=True)
    return tmp_path


def test_week_14_is_graded_by_people_until_a_lab_is_attached(tmp_path):
    tree = _tree_without_week14(tmp_path)
    rows = {r["week"]: r for r in json.loads(_grader("scheme", "--json", pythonpath=tree).stdout)}
    assert rows[14]["graded_by"] == "people"
    out = _grader("check", str(ROOT / "examples" / "submissions" / "week10" / "correct.ipynb"), "--week", "14",
                  pythonpath=tree)
    assert out.returncode == 2 and "week 14 has no automated lab" in out.stderr


@pytest.mark.slow
def test_attaching_an_existing_exercise_set_to_week_14_makes_it_graded(tmp_path):
    _tree_without_week14(tmp_path)
    (tmp_path / "exercises" / "week14").mkdir()
    (tmp_path / "exercises" / "week14" / "__init__.py").write_text("")
    (tmp_path / "exercises" / "week14" / "spec.py").write_text(REUSE_WEEK10)
    rows = {r["week"]: r for r in json.loads(_grader("scheme", "--json", pythonpath=tmp_path).stdout)}
    assert rows[14]["graded_by"] == "grader"
    out = _grader("check", str(ROOT / "examples" / "submissions" / "week10" / "correct.ipynb"), "--week", "14",
                  "--isolation", "process", pythonpath=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Week 14: N/A (content not announced)   5 / 5 points" in out.stdout
