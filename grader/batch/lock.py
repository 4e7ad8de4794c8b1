"""One grading run per output folder: an exclusive lock on OUTDIR/.grader.lock.

The lock is an flock on an open file, so the kernel releases it when its process ends, however
it ends (kill -9 included). The file records who holds it (pid, host, start time); a run that
finds that record with the lock free says it takes over from a run that did not finish.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from grader.batch.errors import OperatorError

LOCK_FILE = ".grader.lock"


def _holder(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 1000).decode("utf-8", errors="replace").strip()


@contextlib.contextmanager
def exclusive(outdir: Path, wait: bool | None, stream: TextIO) -> Iterator[None]:
    """Hold OUTDIR's lock for the block; another holder makes this refuse (or wait, with `wait`;
    None: the command has no --wait to suggest)."""
    path = outdir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd) or "a process that is starting"
            if not wait:
                then = "then rerun" if wait is None else "or rerun with --wait to start after it"
                raise OperatorError(f"another grader run is writing to {outdir} ({holder}); let it finish, "
                                    f"{then}") from None
            stream.write(f"waiting for the grader run writing to {outdir} ({holder}) to finish ...\n")
            stream.flush()
            fcntl.flock(fd, fcntl.LOCK_EX)
        earlier = _holder(fd)
        if earlier:
            stream.write(f"taking over {path} from a run that did not finish ({earlier}); "
                         f"its submissions in flight are graded now\n")
        os.ftruncate(fd, 0)
        stamp = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since {stamp}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # a clean end leaves an empty record: nothing to take over
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
