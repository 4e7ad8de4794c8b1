"""One grading run per output folder: a real flock held by a real second process (grader/batch/lock.py)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grader.batch.errors import OperatorError
from grader.batch.lock import LOCK_FILE, exclusive

HOLD = ("import sys; from pathlib import Path; from grader.batch import lock\n"
        "with lock.exclusive(Path(sys.argv[1]), False, sys.stderr):\n"
        "    print('held', flush=True); sys.stdin.read()")


def _holder(out: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline() == "held\n"
    return proc


def _release(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    proc.wait(timeout=30)


def test_a_held_folder_is_refused_naming_the_holder_and_suggesting_wait(tmp_path):
    holder = _holder(tmp_path)
    try:
        with pytest.raises(OperatorError) as refused, exclusive(tmp_path, False, io.StringIO()):
            pass
        assert f"another grader run is writing to {tmp_path} (pid {holder.pid} on " in str(refused.value)
        assert "--wait" in str(refused.value)
        with pytest.raises(OperatorError) as no_wait, exclusive(tmp_path, None, io.StringIO()):
            pass
        assert "then rerun" in str(no_wait.value) and "--wait" not in str(no_wait.value)
    finally:
        _release(holder)


def test_with_wait_the_run_starts_once_the_holder_finishes(tmp_path):
    holder = _holder(tmp_path)
    stream, entered = io.StringIO(), threading.Event()

    def run() -> None:
        with exclusive(tmp_path, True, stream):
            entered.set()

    waiter = threading.Thread(target=run)
    waiter.start()
    time.sleep(0.3)
    assert not entered.is_set() and "waiting for the grader run" in stream.getvalue()
    _release(holder)
    waiter.join(timeout=30)
    assert entered.is_set()
    assert "taking over" not in stream.getvalue()  # the holder ended cleanly


def test_a_lock_left_by_a_killed_holder_is_taken_over_and_said_so(tmp_path):
    holder = _holder(tmp_path)
    holder.kill()  # kill -9: the kernel frees the flock, the record stays
    holder.wait(timeout=30)
    stream = io.StringIO()
    with exclusive(tmp_path, False, stream):
        assert f"pid {os.getpid()} on " in (tmp_path / LOCK_FILE).read_text()
    assert f"taking over {tmp_path / LOCK_FILE} from a run that did not finish (pid {holder.pid} on " \
        in stream.getvalue()
    assert (tmp_path / LOCK_FILE).read_text() == ""  # a clean end leaves nothing to take over
