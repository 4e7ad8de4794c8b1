"""Third-party chatter of a batch run (Dask's and Tornado's logging, Python warnings such as Dask's
"Sending large graph") goes to a log file in the output folder, so the TA's terminal shows only
the grader's progress and summary."""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

LOG_FILE = "grader.log"
THIRD_PARTY = ("distributed", "tornado", "asyncio", "bokeh", "py.warnings")


class _FileLog(logging.Handler):
    """Appends records to a file. Not a StreamHandler on purpose: Dask's `silence_logs` re-levels
    every StreamHandler of its logger, and this one must keep what Dask has to say."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.INFO)
        self.file = path.open("a", encoding="utf-8")
        self.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.file.write(self.format(record) + "\n")
            self.file.flush()
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self.file.close()
        super().close()


@contextlib.contextmanager
def third_party_to(path: Path) -> Iterator[None]:
    """For the block, send the loggers in THIRD_PARTY and every warning to `path` instead of stderr."""
    handler = _FileLog(path)
    loggers = [logging.getLogger(name) for name in THIRD_PARTY]
    saved = [(logger, logger.handlers[:], logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.handlers = [handler]
        logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            logging.captureWarnings(True)
            try:
                yield
            finally:
                logging.captureWarnings(False)
    finally:
        for logger, handlers, propagate in saved:
            logger.handlers, logger.propagate = handlers, propagate
        handler.close()
