"""A run's own view in the warm parent's bubblewrap sandbox (sandbox/private_run.py), entered for real inside
bwrap: a fresh /tmp and /dev/shm holding the run's folder and what the sandbox mounted under /tmp (a grader
cloned into /tmp), read-only where it was, and nothing else of the warm parent's folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from grader.sandbox import isolation

pytestmark = pytest.mark.skipif(not isolation.probe_bubblewrap().ok, reason=isolation.probe_bubblewrap().detail)

ENTER_AND_LOOK = """
import json, os, sys
from pathlib import Path
from grader.sandbox import private_run
root, workdir = Path(sys.argv[1]), Path(sys.argv[2])
private_run.enter(workdir, root)
try:
    open("/tmp/carried-tree/new", "w")
    writable = True
except OSError:
    writable = False
print(json.dumps({"tmp": sorted(os.listdir("/tmp")), "root": sorted(os.listdir(root)),
                  "carried": sorted(os.listdir("/tmp/carried-tree")), "carried_writable": writable,
                  "own": sorted(os.listdir(workdir)), "runs": sorted(os.listdir(root / "runs")),
                  "shm": os.listdir("/dev/shm")}))
"""


def test_a_run_keeps_what_the_sandbox_mounted_under_tmp_read_only_and_sees_nothing_else(tmp_path):
    root = tmp_path / "parent"
    (root / "home").mkdir(parents=True)
    (root / "home" / "parent-secret").write_text("x")
    workdir = root / "runs" / "run-1"
    workdir.mkdir(parents=True)
    (workdir / "submission.py").write_text("x = 1")
    (root / "runs" / "run-0").mkdir()  # an earlier run's folder
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "module.py").write_text("y = 2")
    command = isolation.bwrap_command(root)
    command[-1:-1] = ["--ro-bind", str(tree), "/tmp/carried-tree"]  # as a clone in /tmp is mounted
    done = subprocess.run([*command, sys.executable, "-c", ENTER_AND_LOOK, str(root), str(workdir)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["carried"] == ["module.py"] and seen["carried_writable"] is False
    assert seen["own"] == ["submission.py"] and seen["runs"] == ["run-1"]
    assert seen["root"] == ["runs"]  # the parent's home and the earlier run are gone
    assert "carried-tree" in seen["tmp"] and seen["shm"] == []
