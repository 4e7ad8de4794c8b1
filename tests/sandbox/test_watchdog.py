"""The watchdog names the limit a real process tree passes (counts before memory) and nothing otherwise."""

import subprocess
import sys

import pytest

from grader.sandbox.limits import Limits
from grader.sandbox.watchdog import Watchdog


@pytest.fixture
def sleepers():
    procs = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) for _ in range(3)]
    yield [p.pid for p in procs]
    for p in procs:
        p.kill()
        p.wait()


def test_a_tree_within_its_limits_passes(sleepers):
    assert Watchdog(Limits(), []).reason(sleepers) == ""


def test_too_many_processes_is_named_before_memory(sleepers):
    dog = Watchdog(Limits(max_processes=2, memory_bytes=1), [])
    assert dog.reason(sleepers) == "processes: 3, limit 2"


def test_threads_and_memory_are_named_with_their_limits(sleepers):
    assert Watchdog(Limits(max_threads=2), []).reason(sleepers).startswith("threads: ")
    assert Watchdog(Limits(memory_bytes=1024**2), []).reason(sleepers).endswith("limit 1 MB")
