"""Finding, measuring and killing every process a submission started (Linux /proc).

A submission may fork, daemonize (double fork + setsid) or ignore SIGTERM. The harness
makes itself a child subreaper so orphans re-parent to it, and the grader additionally
sweeps for processes carrying the run's token in their environment.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time
from pathlib import Path

PROC = Path("/proc")
PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1


def have_proc() -> bool:
    return PROC.joinpath("self", "stat").exists()


def become_subreaper() -> bool:
    """Make orphaned descendants re-parent to this process (Linux >= 3.4)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask the kernel to send `sig` when our parent (the grader) dies, e.g. under kill -9."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os.kill(os.getpid(), sig)


def _stat(pid: int) -> tuple[int, int, int] | None:
    """(parent pid, resident pages, threads) of a live process; None when gone or a zombie."""
    try:
        raw = PROC.joinpath(str(pid), "stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rfind(")") + 2 :].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[1]), int(fields[21]), int(fields[17])


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not: nobody may have reaped it yet)."""
    return pid > 0 and _stat(pid) is not None


def all_pids() -> list[int]:
    return [int(p.name) for p in PROC.iterdir() if p.name.isdigit()]


def descendants(root: int) -> list[int]:
    """Every live descendant of `root` (not root itself)."""
    children: dict[int, list[int]] = {}
    for pid in all_pids():
        st = _stat(pid)
        if st:
            children.setdefault(st[0], []).append(pid)
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def usage(pids: list[int]) -> tuple[int, int]:
    """(resident bytes, threads) summed over `pids`."""
    page = os.sysconf("SC_PAGE_SIZE")
    rss = threads = 0
    for pid in pids:
        st = _stat(pid)
        if st:
            rss += st[1] * page
            threads += st[2]
    return rss, threads


def proportional_bytes(pids: list[int]) -> int:
    """Memory of `pids` with shared pages divided among their sharers (PSS), so forked
    copies of one kernel are not counted many times over. Falls back to RSS."""
    total = 0
    for pid in pids:
        try:
            text = PROC.joinpath(str(pid), "smaps_rollup").read_text()
        except OSError:
            st = _stat(pid)
            total += st[1] * os.sysconf("SC_PAGE_SIZE") if st else 0
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
                break
    return total


def kill_all(pids: list[int]) -> None:
    """SIGSTOP first (so nothing forks while we kill), then SIGKILL."""
    for sig in (signal.SIGSTOP, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)


def kill_tree(root: int, include_root: bool = False, within: float = 10.0) -> None:
    """Kill root's descendants until none is left (a fork during the sweep is caught next round).

    Waits for the killed to be gone (up to `within` seconds): on a loaded machine hundreds of
    forked copies take a while to die, and a kernel started meanwhile would be counted with them."""
    deadline = time.monotonic() + within
    while True:
        pids = descendants(root)
        if include_root:
            pids.append(root)
        if not pids or not any(_stat(p) for p in pids):
            return
        kill_all(pids)
        reap()
        if time.monotonic() > deadline:
            return
        time.sleep(0.02)


def reap() -> None:
    """Collect exit statuses of our own dead children so they do not linger as zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def pids_with_token(token: str) -> list[int]:
    """Processes whose environment carries GRADER_RUN_TOKEN=<token> (our sandbox's)."""
    needle = f"GRADER_RUN_TOKEN={token}".encode()
    found = []
    for pid in all_pids():
        if pid == os.getpid():
            continue
        try:
            env = PROC.joinpath(str(pid), "environ").read_bytes()
        except OSError:
            continue
        if needle in env.split(b"\0"):
            found.append(pid)
    return found
