"""A copy of the grader, the references and the exercises, importable through PYTHONPATH, so a test can
edit real grading code (a reference, a check, a spec) and run the real commands on it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("grader", "reference", "exercises")


def copy_tree(dst: Path) -> Path:
    for part in PARTS:
        shutil.copytree(ROOT / part, dst / part, ignore=shutil.ignore_patterns("__pycache__"))
    return dst


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def run_in(tree: Path, *args: str, env: dict[str, str] | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m grader ARGS` (or `python -c CODE` when args start with -c) with `tree` first on the path."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(tree)}
    cmd = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "grader", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=base | (env or {}), cwd=tree)


SITE_PACKAGES = [p for p in sys.path if p.endswith("-packages")]  # the installed dependencies, no .pth hooks
FINGERPRINTS = """
import json, sys
import grader
from grader.fingerprint import spec_fingerprint
print(json.dumps({"grader": grader.__file__, **{w: spec_fingerprint(int(w)) for w in sys.argv[1:]}}))
"""


def fingerprints(tree: Path, *weeks: int) -> dict[str, str]:
    """Each week's fingerprint as a fresh process computes it from `tree`'s files. Without `site` (-S), so
    the editable install's finder cannot supply a module the tree lacks (a bundle's spec.py)."""
    done = subprocess.run([sys.executable, "-S", "-c", FINGERPRINTS, *map(str, weeks)], capture_output=True,
                          text=True, timeout=120, cwd=tree,
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                               "PYTHONPATH": os.pathsep.join([str(tree), *SITE_PACKAGES])})
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert Path(found.pop("grader")).is_relative_to(tree), "the copy was not the grader imported"
    return found
