"""The week catalogue: the weeks with a lab, each one's spec, and a student bundle's frozen weeks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from grader.catalog import NoSpecError, available_weeks, load_week
from grader.freeze import write_frozen
from grader.plan import PUBLIC_SEED
from tests.copied_tree import ROOT, SITE_PACKAGES, copy_tree


def test_the_available_weeks_are_the_exercise_folders_with_a_spec():
    on_disk = sorted(int(p.parent.name[4:]) for p in (ROOT / "exercises").glob("week*/spec.py"))
    assert available_weeks() == on_disk
    assert {6, 7, 12, 14, 17}.isdisjoint(available_weeks())  # no lab: no points, or graded by people


@pytest.mark.parametrize("week", [6, 7])
def test_a_week_without_a_lab_raises_no_spec_error(week):
    with pytest.raises(NoSpecError, match=f"week {week} has no automated lab"):
        load_week(week)


def test_each_available_week_loads_the_spec_of_that_week():
    for week in available_weeks():
        spec = load_week(week)
        assert spec.week == week and spec.tasks and not spec.public_only


BUNDLE_PROBE = """
import json
from grader.catalog import NoSpecError, available_weeks, load_week
spec = load_week(1)
try:
    load_week(6)
    six = "loaded"
except NoSpecError as exc:
    six = str(exc)
print(json.dumps({"weeks": available_weeks(), "public_only": spec.public_only, "version": spec.version,
                  "tasks": {t.name: len(t.cases(None)) for t in spec.tasks}, "six": six}))
"""


def test_a_student_bundle_loads_its_frozen_week_without_specs_or_references(tmp_path):
    tree = copy_tree(tmp_path)
    shutil.rmtree(tree / "reference")
    for folder in (tree / "exercises").glob("week*"):
        if folder.name != "week01":
            shutil.rmtree(folder)
    spec = load_week(1)
    write_frozen(spec, PUBLIC_SEED, tree / "exercises" / "week01")
    (tree / "exercises" / "week01" / "spec.py").unlink()
    done = subprocess.run([sys.executable, "-S", "-c", BUNDLE_PROBE], capture_output=True, text=True, timeout=120,
                          cwd=tree, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),  # -S: no editable install
                                         "PYTHONPATH": os.pathsep.join([str(tree), *SITE_PACKAGES])})
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["weeks"] == [1] and found["public_only"] is True and found["version"] == spec.version
    assert list(found["tasks"]) == [t.name for t in spec.tasks] and all(found["tasks"].values())
    assert found["six"] == "week 6 has no automated lab"

