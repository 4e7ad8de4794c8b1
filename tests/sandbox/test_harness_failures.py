"""A bug in the harness's own code (here: its cell bookkeeping, broken on purpose in a copy of the tree) is
the grader's problem: outcome sandbox_failed with the exception named, never blamed on the student's
cell as "killed the kernel"."""

import json
from pathlib import Path

import pytest

from grader.sandbox.protocol import SANDBOX_FAILURE
from tests.copied_tree import append, copy_tree, run_in
from tests.helpers import write_notebook

pytestmark = pytest.mark.slow
MARKER = "BREAK_THE_HARNESS"  # a cell with this text trips the broken bookkeeping
BROKEN_RECORD = f'''
_record = Harness._record


def _broken_record(rec, cell):
    if "{MARKER}" in cell.source:
        raise RuntimeError("the harness is broken on purpose")
    return _record(rec, cell)


Harness._record = staticmethod(_broken_record)
'''


def test_an_exception_in_the_harness_is_a_sandbox_failure_not_a_dead_kernel(tmp_path):
    tree = copy_tree(tmp_path / "tree")
    append(tree / "grader" / "sandbox" / "runloop.py", BROKEN_RECORD)
    nb = write_notebook(tmp_path / "nb.ipynb", "def count_words(text):\n    return {}", f"# {MARKER}\nx = 1")
    out = run_in(tree, "check", str(nb), "--week", "1", "--isolation", "process", "--json", str(tmp_path / "r.json"))
    assert out.returncode == 3, out.stdout + out.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["outcome"] == "sandbox_failed"
    assert f"{SANDBOX_FAILURE}: RuntimeError: the harness is broken on purpose" in report["errors"]
    assert not any("killed the kernel" in n or "timed out" in n for n in report["notes"])


def test_the_same_notebook_is_graded_by_the_unbroken_harness(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", "def count_words(text):\n    return {}", f"# {MARKER}\nx = 1")
    out = run_in(Path(__file__).resolve().parents[2], "check", str(nb), "--week", "1", "--isolation", "process",
                 "--json", str(tmp_path / "r.json"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert json.loads((tmp_path / "r.json").read_text())["outcome"] == "graded"
