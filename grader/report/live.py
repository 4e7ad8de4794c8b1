"""`grader check`'s progress on a terminal: a line when the kernel has started, then the running cell
and the time so far, rewritten in place, erased before the table. Fed from the sandbox's progress.json
(Sandbox.wait); only its known fields are shown, as numbers, so nothing from the sandbox reaches the
terminal as text."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TextIO

CLEAR = "\r\033[K"


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


@dataclass
class CheckProgress:
    """Callable with each progress document; `done()` erases the live line."""

    stream: TextIO
    what: str  # e.g. "my_lab.ipynb, week 11"
    started: float = field(default_factory=time.monotonic)
    kernel_announced: bool = False
    live: bool = False
    shown: str = ""

    def line(self, doc: dict) -> str:
        """The live line for one progress document ('' when there is nothing to say yet)."""
        elapsed = f"{time.monotonic() - self.started:.0f} s"
        phase = doc.get("phase")
        if phase == "cell":
            return (f"running cell {_int(doc.get('cell'))} ({_int(doc.get('done')) + 1} of "
                    f"{_int(doc.get('cells'))} code cells), {elapsed}")
        if phase == "checking":
            return f"checking the answers ({_int(doc.get('calls'))} calls), {elapsed}"
        if phase == "sandbox_starting":
            return f"starting the sandbox, {elapsed}"
        if phase == "kernel_starting":
            return f"starting the kernel, {elapsed}"
        if phase == "kernel_started":
            return f"waiting for the grader's inputs, {elapsed}"
        return ""

    def __call__(self, doc: dict) -> None:
        if doc.get("phase") not in ("sandbox_starting", "kernel_starting", "kernel_failed") \
                and not self.kernel_announced:
            self.kernel_announced = True
            self.stream.write(f"{CLEAR}kernel started for {self.what} "
                              f"({time.monotonic() - self.started:.0f} s)\n")
        text = self.line(doc)
        if text and text != self.shown:
            self.stream.write(f"{CLEAR}  {text}")
            self.shown, self.live = text, True
        self.stream.flush()

    def start(self) -> None:
        """Say at once that something is happening (the grader prepares its inputs before the sandbox reports)."""
        self({"phase": "sandbox_starting"})

    def done(self) -> None:
        if self.live:
            self.stream.write(CLEAR)
            self.stream.flush()
            self.live = False
