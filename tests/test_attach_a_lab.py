"""Week 14 ("content not announced"): people grade it until a course attaches an exercise set."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import scheme
from grader.catalog import available_weeks

ROOT = Path(__file__).resolve().parents[1]
REUSE_WEEK10 = '''import dataclasses

from exercises.week10.spec import SPEC as WEEK10

SPEC = dataclasses.replace(WEEK10, week=14, version="week10-reused-1")
'''


def _grader(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin"} | ({"PYTHONPATH": str(pythonpath)} if pythonpath else {})
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, timeout=300,
                          env=env, cwd=pythonpath or ROOT)


def test_week_14_is_graded_by_people_until_a_lab_is_attached():
    assert 14 not in available_weeks()
    assert scheme.graded_by(scheme.week(14), set(available_weeks())) == "people"
    out = _grader("check", str(ROOT / "examples" / "submissions" / "week10" / "correct.ipynb"), "--week", "14")
    assert out.returncode == 2 and "week 14 has no automated lab" in out.stderr


@pytest.mark.slow
def test_attaching_an_existing_exercise_set_to_week_14_makes_it_graded(tmp_path):
    for part in ("grader", "reference", "exercises"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "exercises" / "week14").mkdir()
    (tmp_path / "exercises" / "week14" / "__init__.py").write_text("")
    (tmp_path / "exercises" / "week14" / "spec.py").write_text(REUSE_WEEK10)
    rows = {r["week"]: r for r in json.loads(_grader("scheme", "--json", pythonpath=tmp_path).stdout)}
    assert rows[14]["graded_by"] == "grader"
    out = _grader("check", str(ROOT / "examples" / "submissions" / "week10" / "correct.ipynb"), "--week", "14",
                  "--isolation", "process", pythonpath=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Week 14: N/A (content not announced)   5 / 5 points" in out.stdout
