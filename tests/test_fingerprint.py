"""The gradebook's cache key is a fingerprint of the files that decide a week's grade: edit one, get a new key."""

from __future__ import annotations

import shutil

from grader.catalog import load_week
from grader.fingerprint import fingerprint_files, spec_fingerprint
from grader.freeze import write_frozen
from grader.plan import PUBLIC_SEED
from tests.copied_tree import append, copy_tree, fingerprints

REUSE_WEEK10 = '''import dataclasses

from exercises.week10.spec import SPEC as WEEK10

SPEC = dataclasses.replace(WEEK10, week=14, version="week10-reused-1")
'''


def test_the_fingerprint_covers_the_spec_its_references_the_checks_and_the_sandbox_agent():
    files = fingerprint_files(11)
    for name in ("exercises.week11.spec", "reference.data_prep", "reference.lstm_models", "grader.checks.models",
                 "grader.checks.arrays", "grader.evaluate", "grader.grading", "grader.sandbox.agent",
                 "grader.sandbox.codec", "grader.sandbox.describe"):
        assert name in files, name
    assert "reference.python_warmup" not in files  # another week's reference
    assert len(spec_fingerprint(11)) == 16 and spec_fingerprint(11) != spec_fingerprint(10)


def test_the_same_grading_files_give_the_same_fingerprint_wherever_they_are_installed(tmp_path):
    tree = copy_tree(tmp_path)
    here = {str(w): spec_fingerprint(w) for w in (1, 2)}
    assert fingerprints(tree, 1, 2) == here
    assert fingerprints(tree, 1, 2) == here


def test_editing_a_reference_changes_the_fingerprint_of_the_weeks_that_use_it_only(tmp_path):
    tree = copy_tree(tmp_path)
    before = fingerprints(tree, 1, 2)
    append(tree / "reference" / "python_warmup.py", "\n# a reference solution changed\n")
    after = fingerprints(tree, 1, 2)
    assert after["1"] != before["1"]
    assert after["2"] == before["2"]  # week 2 does not use reference.python_warmup


def test_editing_a_check_or_the_sandbox_agent_changes_every_weeks_fingerprint(tmp_path):
    tree = copy_tree(tmp_path)
    first = fingerprints(tree, 1, 2)
    append(tree / "grader" / "checks" / "arrays.py", "\n# a check changed\n")
    second = fingerprints(tree, 1, 2)
    append(tree / "grader" / "sandbox" / "agent.py", "\n# what comes back changed\n")
    third = fingerprints(tree, 1, 2)
    for week in ("1", "2"):
        assert len({first[week], second[week], third[week]}) == 3


def test_a_spec_that_reuses_another_weeks_spec_follows_its_imports(tmp_path):
    tree = copy_tree(tmp_path)
    shutil.rmtree(tree / "exercises" / "week14", ignore_errors=True)  # the week's own lab, if it has one
    (tree / "exercises" / "week14").mkdir()
    (tree / "exercises" / "week14" / "__init__.py").write_text("")
    (tree / "exercises" / "week14" / "spec.py").write_text(REUSE_WEEK10)
    before = fingerprints(tree, 14)
    append(tree / "exercises" / "week10" / "spec.py", "\n# week 10's spec changed\n")
    after_spec = fingerprints(tree, 14)
    append(tree / "reference" / "rnn_cells.py", "\n# week 10's reference changed\n")
    after_reference = fingerprints(tree, 14)
    assert len({before["14"], after_spec["14"], after_reference["14"]}) == 3


def test_a_student_bundle_fingerprints_its_frozen_public_part(tmp_path):
    tree = copy_tree(tmp_path)
    week01 = tree / "exercises" / "week01"
    write_frozen(load_week(1), PUBLIC_SEED, week01)
    (week01 / "spec.py").unlink()
    shutil.rmtree(tree / "reference")  # a bundle has no references
    before = fingerprints(tree, 1)
    append(week01 / "public.json", "\n")  # still the same JSON document, other bytes
    after = fingerprints(tree, 1)
    assert before["1"] != after["1"]
