"""Progress for a batch: a bar with ETA on a terminal, one line per result in a log (CI)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60}:{seconds % 60:02d}"


@dataclass
class Progress:
    total: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    width: int = 30
    done: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def interactive(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def eta(self) -> float | None:
        """Seconds left at the pace so far (None before the first result)."""
        if not self.done:
            return None
        return (time.monotonic() - self.started) / self.done * (self.total - self.done)

    def line(self, label: str = "") -> str:
        share = self.done / self.total if self.total else 1.0
        filled = round(share * self.width)
        eta = self.eta()
        eta_text = "ETA --:--" if eta is None else f"ETA {_clock(eta)}"
        bar = "#" * filled + "." * (self.width - filled)
        return f"[{bar}] {self.done}/{self.total} {share:4.0%} {eta_text}  {label}".rstrip()

    def advance(self, label: str = "") -> None:
        self.done += 1
        if self.interactive:
            self.stream.write("\r\033[K" + self.line(label))
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(self.line(label) + "\n")
        self.stream.flush()
