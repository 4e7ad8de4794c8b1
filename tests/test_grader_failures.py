"""No stale grades, for real: a failure of the grader itself is reported as such (check exits 3, the
gradebook stores it and retries it next run), a timeout is the report's outcome field, and a change to a
week's grading regrades unchanged files. The grader's code is broken in a copy of the tree, never mocked."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from grader.batch.run import outcome_of
from grader.grading import GRADER_FAILED_TASK, grade
from grader.results import Outcome
from grader.sandbox.limits import Limits
from tests.copied_tree import append, copy_tree, run_in
from tests.helpers import write_notebook

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
WEEK01 = ROOT / "examples" / "submissions" / "week01"
BREAK = "EI320A_TEST_BREAK_GRADER"  # set: the copied grader's broken part raises
BROKEN_REFERENCE = f'''
import os as _os
_merge_counts = merge_counts


def merge_counts(a, b):
    if _os.environ.get("{BREAK}"):
        raise RuntimeError("the reference is broken on purpose")
    return _merge_counts(a, b)
'''
BROKEN_CHECK = f'''
import os as _os
_check_dict = check_dict


def check_dict(actual, expected, **kwargs):
    if _os.environ.get("{BREAK}"):
        raise RuntimeError("the check is broken on purpose")
    return _check_dict(actual, expected, **kwargs)
'''


def _class(tmp_path: Path, **files: str) -> Path:
    subs = tmp_path / "class"
    subs.mkdir()
    for student, example in files.items():
        (subs / f"{student}_week01.ipynb").write_bytes((WEEK01 / example).read_bytes())
    return subs


def _week01(out: Path) -> dict[str, str]:
    with (out / "gradebook.csv").open() as f:
        return {row["student"]: next(v for k, v in row.items() if k.startswith("week01")) for row in csv.DictReader(f)}


def _grade_class(tree: Path, subs: Path, out: Path, broken: bool = False) -> str:
    done = run_in(tree, "grade", str(subs), "--out", str(out), "--workers", "1", "--isolation", "process",
                  "--timeout", "120", env={BREAK: "1"} if broken else None)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_reference_that_raises_makes_check_report_a_grader_failure_and_exit_3(tmp_path):
    tree = copy_tree(tmp_path / "tree")
    append(tree / "reference" / "python_warmup.py", BROKEN_REFERENCE)
    out = run_in(tree, "check", str(WEEK01 / "correct.ipynb"), "--week", "1", "--isolation", "process",
                 "--json", str(tmp_path / "r.json"), env={BREAK: "1"})
    assert out.returncode == 3, out.stdout + out.stderr
    assert "Outcome: grader_failed: could not be graded (grader problem)" in out.stdout
    assert "grader: grader_failed:" in out.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["outcome"] == "grader_failed"
    assert "RuntimeError: the reference is broken on purpose" in report["errors"][0]
    assert "Traceback" not in out.stdout
    assert {t["message"] for t in report["weeks"][0]["tasks"]} == {GRADER_FAILED_TASK}
    assert run_in(tree, "check", str(WEEK01 / "correct.ipynb"), "--week", "1",
                  "--isolation", "process").returncode == 0  # the same grader, not broken this time


def test_a_check_that_crashes_fails_only_its_tasks_as_a_grader_problem(tmp_path):
    tree = copy_tree(tmp_path / "tree")
    append(tree / "grader" / "checks" / "mappings.py", BROKEN_CHECK)
    out = run_in(tree, "check", str(WEEK01 / "correct.ipynb"), "--week", "1", "--isolation", "process",
                 "--json", str(tmp_path / "r.json"), env={BREAK: "1"})
    assert out.returncode == 3, out.stdout + out.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["outcome"] == "grader_failed"
    tasks = {t["name"]: t for t in report["weeks"][0]["tasks"]}
    assert {n for n, t in tasks.items() if t["message"] == GRADER_FAILED_TASK} == {"count_words", "merge_counts"}
    assert {t["status"] for n, t in tasks.items() if n not in ("count_words", "merge_counts")} == {"passed"}
    assert report["errors"][-1].startswith("the grader failed while checking count_words (RuntimeError: the check "
                                           "is broken on purpose); merge_counts (RuntimeError")


def test_a_grader_failure_is_stored_reported_and_graded_again_on_the_next_run(tmp_path):
    tree = copy_tree(tmp_path / "tree")
    append(tree / "reference" / "python_warmup.py", BROKEN_REFERENCE)
    subs, out = _class(tmp_path, alice="correct.ipynb"), tmp_path / "out"

    first = _grade_class(tree, subs, out, broken=True)
    assert "graded 0, errors 0, timeouts 0, skipped as unchanged 0" in first
    assert "could not be graded (grader problem) 1" in first
    assert _week01(out) == {"alice": ""}  # no score of hers: not a 0 to upload to the LMS
    assert "could not be graded (grader problem): grader_failed" in (out / "report.html").read_text()
    failed = json.loads((out / "reports" / "alice" / "week01.json").read_text())
    assert failed["outcome"] == "grader_failed"

    second = _grade_class(tree, subs, out)  # same file, same fingerprint: graded again all the same
    assert "graded 1, errors 0, timeouts 0, skipped as unchanged 0" in second
    assert _week01(out) == {"alice": "1"}
    graded = json.loads((out / "reports" / "alice" / "week01.json").read_text())
    assert graded["outcome"] == "graded" and graded["spec_fingerprints"] == failed["spec_fingerprints"]
    db = sqlite3.connect(out / "gradebook.sqlite")
    assert db.execute("SELECT outcome FROM results").fetchall() == [("graded",)]  # one key, replaced
    db.close()


def test_a_change_to_a_weeks_grading_regrades_files_that_did_not_change(tmp_path):
    tree = copy_tree(tmp_path / "tree")
    subs, out = _class(tmp_path, alice="correct.ipynb", bob="typical_mistakes.ipynb"), tmp_path / "out"
    assert "graded 2, errors 0, timeouts 0, skipped as unchanged 0" in _grade_class(tree, subs, out)
    before = json.loads((out / "reports" / "bob" / "week01.json").read_text())["spec_fingerprints"]
    assert "graded 0, errors 0, timeouts 0, skipped as unchanged 2" in _grade_class(tree, subs, out)

    append(tree / "reference" / "python_warmup.py", "\n# the reference solutions were corrected\n")
    assert "graded 2, errors 0, timeouts 0, skipped as unchanged 0" in _grade_class(tree, subs, out)
    after = json.loads((out / "reports" / "bob" / "week01.json").read_text())["spec_fingerprints"]
    assert after["1"] != before["1"]
    assert _week01(out) == {"alice": "1", "bob": "0.2"}


def test_a_submission_stopped_by_its_time_limit_has_outcome_timeout_in_the_report(tmp_path):
    nb = write_notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(60)", "x = 1")
    report = grade(nb, [1], limits=Limits(total_timeout=12, cell_timeout=60), isolation="process")
    assert report.outcome is Outcome.TIMEOUT
    doc = report.to_json()
    assert not any("ran past its time limit" in e for e in doc["errors"])  # no sentence to parse
    assert outcome_of(doc, "") == "timeout"
