"""Finding, measuring and killing every process a submission started, on real process trees
(grader/sandbox/processes.py): forks, a daemon that double-forks away, SIGTERM ignored, a dead parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from grader.sandbox import processes

pytestmark = pytest.mark.skipif(not processes.have_proc(), reason="needs Linux /proc")

# a root that forks a child that forks a grandchild, all ignoring SIGTERM; each prints its pid
TREE = """
import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
for _ in range(2):
    if os.fork():  # the parent stops, its child forks once more
        break
os.write(1, f"{os.getpid()}\\n".encode())  # one write: the three lines never interleave
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    return processes._stat(pid) is not None


def _wait_for(predicate, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@pytest.fixture
def tree():
    """A real process tree three deep that ignores SIGTERM: (root Popen, [child, grandchild])."""
    root = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(root.stdout.readline()) for _ in range(3)]
        yield root, [p for p in pids if p != root.pid]
    finally:
        processes.kill_tree(root.pid, include_root=True)
        root.wait(timeout=10)


def test_descendants_finds_children_and_grandchildren_but_not_the_root(tree):
    root, below = tree
    assert len(below) == 2
    assert sorted(processes.descendants(root.pid)) == sorted(below)


def test_kill_tree_kills_every_descendant_even_one_ignoring_sigterm(tree):
    root, below = tree
    processes.kill_tree(root.pid)
    assert not any(_alive(p) for p in below)
    assert root.poll() is None  # the root is left unless asked
    processes.kill_tree(root.pid, include_root=True)
    assert not _alive(root.pid)  # (kill_tree reaps its own children, so Popen cannot see the signal)


def test_usage_counts_the_memory_and_threads_of_the_processes_given():
    hog = subprocess.Popen([sys.executable, "-c", "import sys, time\nb = bytearray(64 << 20)\nb[::4096] = b'x' * "
                            "len(b[::4096])\nprint('ready', flush=True)\ntime.sleep(60)"], stdout=subprocess.PIPE,
                           text=True)
    try:
        assert hog.stdout.readline() == "ready\n"
        rss, threads = processes.usage([hog.pid])
        assert rss >= 64 << 20 and threads >= 1
        assert processes.proportional_bytes([hog.pid]) >= 64 << 20
        assert processes.usage([]) == (0, 0)
    finally:
        hog.kill()
        hog.wait(timeout=10)


def test_a_process_carrying_the_runs_token_is_found_and_others_are_not():
    token = uuid.uuid4().hex
    marked = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                              env={**os.environ, "GRADER_RUN_TOKEN": token})
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                             env={**os.environ, "GRADER_RUN_TOKEN": token + "0"})
    try:
        assert _wait_for(lambda: processes.pids_with_token(token) == [marked.pid])
    finally:
        for p in (marked, other):
            p.kill()
            p.wait(timeout=10)


SUBREAPER = """
import os, sys, time
from grader.sandbox import processes
assert processes.become_subreaper()
if os.fork() == 0:           # the child daemonizes: setsid, fork again, exit
    os.setsid()
    if os.fork() == 0:
        time.sleep(60)
    os._exit(0)
time.sleep(0.5)
processes.reap()             # the exited middle child is collected, not left a zombie
found = processes.descendants(os.getpid())
print(len(found), flush=True)
processes.kill_tree(os.getpid())
print(len(processes.descendants(os.getpid())), flush=True)
"""


def test_a_subreaper_keeps_a_double_forked_daemon_as_its_descendant_and_kills_it():
    done = subprocess.run([sys.executable, "-c", SUBREAPER], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "0"]  # the daemon re-parented to us, then was killed


DIES_WITH_PARENT = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", "import time\\nfrom grader.sandbox import processes\\n"
                          "processes.die_with_parent()\\nprint('armed', flush=True)\\ntime.sleep(60)"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
assert child.stdout.readline() == "armed\\n"
print(child.pid, flush=True)
os.kill(os.getpid(), 9)
"""


def test_a_process_that_asked_dies_with_its_parent_even_under_kill_9():
    done = subprocess.run([sys.executable, "-c", DIES_WITH_PARENT], capture_output=True, text=True, timeout=30)
    assert done.returncode == -signal.SIGKILL, done.stderr
    orphan = int(done.stdout)
    try:
        assert _wait_for(lambda: not _alive(orphan))
    finally:
        if _alive(orphan):
            os.kill(orphan, signal.SIGKILL)
