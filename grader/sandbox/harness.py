"""Sandbox harness: runs one submission in a Jupyter kernel, then the agent, then cleans up.

Started by `runner.Sandbox` as `python -m grader.sandbox.harness WORKDIR` in its own session (or forked
by the warm parent, zygote.py, which calls `main`). It is untrusted territory (student code runs in its
children) and reports only by writing plain data into WORKDIR: manifest.json, progress.json and the
agent's results/*.json (their format: protocol.py).

This module is the process: its setup (subreaper, death with the grader, SIGTERM at the time limit),
the watchdog (watchdog.py), the run (runloop.py, on a kernel of kernel.py) and the fast exit. An
exception the run loop does not expect is the harness's own failure: it is recorded as a "sandbox
failure" problem, which the grader reports as outcome sandbox_failed (its problem, retried), never as
something the student's code did.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from pathlib import Path

from grader.sandbox import processes
from grader.sandbox.protocol import SANDBOX_FAILURE
from grader.sandbox.runloop import Harness

MAX_FAILURE_CHARS = 500  # of the harness's own exception, in the manifest
TERM_EXIT_CODE = 3  # stopped by the grader's SIGTERM at the time limit
FAILURE_EXIT_CODE = 1  # the harness's own failure


def main(argv: list[str], fork_kernel: bool = False) -> int:
    workdir = Path(argv[1])
    processes.become_subreaper()
    harness = Harness(workdir, fork_kernel)
    harness.watchdog.start()

    def on_term(signum: int, frame: object) -> None:
        harness.manifest.problems.append("the grader stopped the submission at its time limit")
        harness.write_manifest()
        processes.kill_tree(os.getpid())
        os._exit(TERM_EXIT_CODE)

    signal.signal(signal.SIGTERM, on_term)
    processes.die_with_parent(signal.SIGTERM)  # a killed grader leaves nothing running
    code = 0
    try:
        harness.run()
    except Exception as exc:  # record, never hide: the grader turns this into a clear message
        harness.manifest.problems.append(f"{SANDBOX_FAILURE}: {type(exc).__name__}: {exc}"[:MAX_FAILURE_CHARS])
        traceback.print_exc()  # into harness.log, whose tail the grader reads
        code = FAILURE_EXIT_CODE
    harness.watchdog.stop.set()
    harness.write_manifest()
    finish(code)
    return code


def finish(code: int) -> None:
    """End the sandbox at once: every result is already on disk and the sandbox is thrown away,
    so a graceful kernel shutdown (~2.5 s with TensorFlow loaded) and the interpreter's own
    teardown buy nothing. SIGKILL every descendant, wait until they are gone, exit."""
    sys.stdout.flush()
    sys.stderr.flush()
    processes.kill_tree(os.getpid())
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
