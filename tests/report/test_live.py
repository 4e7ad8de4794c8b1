"""`grader check`'s live line on a terminal, fed the sandbox's progress documents (grader/report/live.py)."""

from __future__ import annotations

import io

from grader.report.live import CLEAR, CheckProgress


def _progress() -> tuple[CheckProgress, io.StringIO]:
    stream = io.StringIO()
    return CheckProgress(stream, "lab.ipynb, week 11"), stream


def test_the_kernel_is_announced_once_then_the_running_cell_is_rewritten_in_place():
    progress, stream = _progress()
    progress.start()
    progress({"phase": "kernel_starting"})
    assert "kernel started" not in stream.getvalue()
    progress({"phase": "kernel_started"})
    progress({"phase": "cell", "cell": 4, "done": 1, "cells": 9})
    progress({"phase": "cell", "cell": 4, "done": 1, "cells": 9})  # the same line is not written again
    progress({"phase": "checking", "calls": 12})
    out = stream.getvalue()
    assert out.count("kernel started for lab.ipynb, week 11") == 1
    assert out.count("running cell 4 (2 of 9 code cells)") == 1
    assert f"{CLEAR}  checking the answers (12 calls)" in out
    assert out.index("starting the sandbox") < out.index("starting the kernel") < out.index("kernel started for")


def test_done_erases_the_live_line_once():
    progress, stream = _progress()
    progress({"phase": "kernel_started"})
    progress.done()
    assert stream.getvalue().endswith(CLEAR)
    before = stream.getvalue()
    progress.done()
    assert stream.getvalue() == before


def test_text_from_the_sandbox_never_reaches_the_terminal():
    progress, stream = _progress()
    progress({"phase": "cell", "cell": "\x1b]0;pwned\x07", "done": [1], "cells": "9; rm -rf"})
    progress({"phase": "evil \x1b[2J"})
    assert "pwned" not in stream.getvalue() and "rm -rf" not in stream.getvalue() and "evil" not in stream.getvalue()
    assert "running cell 0 (1 of 0 code cells)" in stream.getvalue()
