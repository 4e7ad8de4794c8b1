"""A batch's progress: a bar rewritten in place on a terminal, a line per result in a log (batch/progress.py)."""

from __future__ import annotations

import io
import os
import time

from grader.batch.progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_one_line_per_result_with_count_share_and_label():
    stream = io.StringIO()
    progress = Progress(total=4, stream=stream, width=8)
    progress.advance("alice week01")
    progress.advance("bob week01")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[##......] 1/4  25% ETA ") and lines[0].endswith("  alice week01")
    assert lines[1].startswith("[####....] 2/4  50% ETA ")


def test_a_terminal_gets_the_bar_rewritten_in_place_and_a_newline_at_the_end():
    stream = _Tty()
    progress = Progress(total=2, stream=stream)
    progress.advance()
    assert stream.getvalue().startswith("\r\033[K[") and "\n" not in stream.getvalue()
    progress.advance()
    assert stream.getvalue().count("\r\033[K") == 2 and stream.getvalue().endswith("100% ETA 0:00\n")


def test_a_real_pty_is_interactive():
    master, slave = os.openpty()
    try:
        with os.fdopen(slave, "w") as tty:
            assert Progress(total=1, stream=tty).interactive
    finally:
        os.close(master)
    assert not Progress(total=1, stream=io.StringIO()).interactive


def test_the_eta_follows_the_pace_so_far_and_is_unknown_before_the_first_result():
    progress = Progress(total=10, stream=io.StringIO(), started=time.monotonic() - 30)
    assert progress.eta() is None and "ETA --:--" in progress.line()
    progress.done = 3
    assert 69 < progress.eta() < 72  # 10 s a result, 7 left
    assert "ETA 1:10" in progress.line()
    progress.started = time.monotonic() - 3 * 3600
    assert "ETA 7:00:00" in progress.line()


def test_an_empty_batch_is_complete():
    assert "0/0 100%" in Progress(total=0, stream=io.StringIO()).line()
