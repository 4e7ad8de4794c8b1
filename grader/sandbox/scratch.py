"""Temporary folders the grader creates (sandboxes, batch jobs), marked so a later run can remove
those of a killed process.

Each folder holds an owner file (pid, the process's start time, the sandbox token if any).
A folder is stale when its owner is gone: no such pid, or a pid reused by a process that
started at another time. Only folders named like the grader's and carrying its owner file are
ever touched, so nothing another program (or another live grader) keeps in the temp folder is.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from grader.sandbox import processes

OWNER_FILE = ".grader-owner"
PREFIXES = ("grader-", "grader-job-")  # sandbox.runner and batch.engine


def _start_time(pid: int) -> str | None:
    """The process's start time since boot (clock ticks, /proc/PID/stat field 22); None when gone."""
    try:
        raw = (processes.PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rfind(")") + 2 :].split()
    return None if fields[0] in ("Z", "X") else fields[19]


def make(prefix: str, token: str = "", where: Path | None = None) -> Path:
    """A fresh private temp folder (in `where`, else the temp folder), marked as this process's."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=where))
    owner = {"pid": os.getpid(), "started": _start_time(os.getpid()), "token": token}
    (folder / OWNER_FILE).write_text(json.dumps(owner))
    return folder


def _is_stale(folder: Path) -> bool:
    try:
        owner = json.loads((folder / OWNER_FILE).read_text())
        pid, started = int(owner["pid"]), owner["started"]
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not (or no longer recognisably) ours: leave it
    if pid == os.getpid():
        return False
    if started is None or not processes.have_proc():  # no start time to compare: is the pid alive?
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return _start_time(pid) != started


def sweep(where: Path | None = None) -> list[Path]:
    """Remove the grader's temp folders whose process is gone (and kill what still runs in a
    stale sandbox); returns the folders removed."""
    where = Path(where or tempfile.gettempdir())
    removed = []
    try:
        entries = sorted(p for p in where.iterdir() if p.name.startswith(PREFIXES))
    except OSError:
        return []
    for folder in entries:
        if folder.is_symlink() or not folder.is_dir() or not _is_stale(folder):
            continue
        with contextlib.suppress(OSError, ValueError):
            token = json.loads((folder / OWNER_FILE).read_text()).get("token", "")
            if token and processes.have_proc():
                processes.kill_all(processes.pids_with_token(str(token)))
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed
