"""How strongly a submission is isolated from the machine that grades it.

Two levels:

- "bubblewrap": the harness and the kernel run under bwrap with no network, their own pid,
  IPC and UTS namespaces, a private /tmp, and a file system that shows only the Python
  installation, the grader package (read-only) and the run's scratch folder (writable).
  Reference solutions, specs, tests, other submissions and the gradebook do not exist there.
- "process": a child process tree with resource limits and clean-up (see harness.py); the
  submission can read what the grading user can read.

`choose()` picks the strongest level the machine allows unless one is asked for.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BUBBLEWRAP = "bubblewrap"
PROCESS = "process"

# Packages whose files must not be visible in the sandbox even where they live inside a
# tree the sandbox needs (a non-editable install puts them into site-packages).
HIDDEN_PACKAGES = ("reference", "exercises", "tests")
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf",
             "hosts", "ssl", "ca-certificates", "alternatives", "fonts", "mime.types")
SYSTEM_DIRS = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin")


class IsolationUnavailable(RuntimeError):
    """The requested isolation level cannot be had on this machine."""


@dataclass(frozen=True)
class Probe:
    level: str
    ok: bool
    detail: str


def _package_dirs(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(p).resolve() for p in spec.submodule_search_locations]


def _python_trees() -> list[Path]:
    trees = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(sys.exec_prefix).resolve(),
             Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted(t for t in trees if not any(t != o and o in t.parents for o in trees))


def visible_trees() -> list[Path]:
    """The folders a bubblewrap sandbox shows read-only besides the system's: Python and the grader package."""
    return _python_trees() + _package_dirs("grader")


def bwrap_command(workdir: Path, die_with_parent: bool = True) -> list[str]:
    """The bwrap prefix that runs a command inside the sandbox for `workdir`."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise IsolationUnavailable("bwrap is not installed")
    cmd = [bwrap, *(["--die-with-parent"] if die_with_parent else []), "--new-session", "--unshare-pid",
           "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox",
           "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/dev/shm", "--tmpfs", "/tmp"]
    for d in SYSTEM_DIRS:
        if os.path.lexists(d):
            cmd += ["--symlink", os.readlink(d), d] if os.path.islink(d) else ["--ro-bind", d, d]
    for name in ETC_FILES:
        path = Path("/etc") / name
        if path.exists():
            cmd += ["--ro-bind", str(path), str(path)]
    visible = visible_trees()
    for tree in visible:
        cmd += ["--ro-bind", str(tree), str(tree)]
    for name in HIDDEN_PACKAGES:
        for path in _package_dirs(name):
            if any(tree == path or tree in path.parents for tree in visible):
                cmd += ["--tmpfs", str(path)]  # masked by an empty folder
    cmd += ["--bind", str(workdir), str(workdir), "--chdir", str(workdir), "--"]
    return cmd


@functools.cache
def probe_bubblewrap() -> Probe:
    """Whether bwrap can start a Python in the sandbox here (cached per process)."""
    if shutil.which("bwrap") is None:
        return Probe(BUBBLEWRAP, False, "bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)")
    try:
        with tempfile.TemporaryDirectory(prefix="grader-probe-") as scratch:
            cmd = [*bwrap_command(Path(scratch)), sys.executable, "-c", "import grader.sandbox.agent"]
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Probe(BUBBLEWRAP, False, f"bwrap failed to start: {exc}")
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return Probe(BUBBLEWRAP, False, f"bwrap is installed but refused to run here: {why}")
    return Probe(BUBBLEWRAP, True, "bwrap works: no network, read-only system, hidden references")


def choose(requested: str = "auto") -> str:
    """The isolation level to use: the strongest available for 'auto', else exactly the one asked."""
    if requested == PROCESS:
        return PROCESS
    probe = probe_bubblewrap()
    if probe.ok:
        return BUBBLEWRAP
    if requested == BUBBLEWRAP:
        raise IsolationUnavailable(probe.detail)
    return PROCESS


def wrap(level: str, workdir: Path, command: list[str]) -> list[str]:
    """`command` as it must be started at `level`."""
    return [*bwrap_command(workdir), *command] if level == BUBBLEWRAP else command
