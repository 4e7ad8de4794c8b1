"""Problems of the grading run's surroundings (the output folder, the gradebook file, the disk), told
to the TA as one line with what to do, instead of a traceback: the CLI exits 2 on them."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path


class OperatorError(Exception):
    """The run cannot go on because of the folder, file or disk it was given (not a submission)."""


def damaged_gradebook(path: Path, detail: str) -> OperatorError:
    return OperatorError(
        f"the gradebook {path} is damaged ({detail}); it was left untouched. Move it aside "
        f"(mv {path} {path}.damaged) and put back a backup copy, or rerun without one: every submission is "
        f"graded again (the per-student reports of earlier runs stay in {path.parent / 'reports'}) and manual "
        f"grades need `grader import-manual` again")


def explain(exc: BaseException, outdir: Path, gradebook: Path) -> OperatorError | None:
    """The operator's view of `exc`, or None when it is not about the run's surroundings."""
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc)
        if isinstance(exc, sqlite3.OperationalError):
            if "full" in text:
                return OperatorError(f"no space left for the gradebook {gradebook}: free some space and rerun "
                                     f"(the results stored so far are kept)")
            if "readonly" in text or "unable to open" in text:
                return OperatorError(f"cannot write the gradebook {gradebook} ({text}): make {outdir} writable "
                                     f"or choose another --out")
            return OperatorError(f"the gradebook {gradebook} cannot be used ({text}); another program may "
                                 f"hold it: close that and rerun")
        return damaged_gradebook(gradebook, text)
    if not isinstance(exc, OSError):
        return None
    where = exc.filename or outdir
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OperatorError(f"no space left on the disk of {where}: free some space and rerun "
                             f"(the results stored in the gradebook so far are kept)")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and outdir.exists() and not outdir.is_dir():
        return OperatorError(f"--out {outdir} is a file, not a folder: name a folder for the gradebook and reports")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if exc.filename and outdir.resolve() not in Path(exc.filename).resolve().parents:
            return OperatorError(f"cannot access {where} ({exc.strerror}): give the grading account access to it, "
                                 f"then rerun")
        folder = Path(exc.filename).parent if exc.filename else outdir
        return OperatorError(f"cannot write {where} ({exc.strerror}): make {folder} writable (and everything in "
                             f"{outdir}), then rerun (the results stored in the gradebook so far are kept)")
    return None


@contextlib.contextmanager
def reported(outdir: Path, gradebook: Path) -> Iterator[None]:
    """Turn the block's errors about the output folder, gradebook or disk into an OperatorError."""
    try:
        yield
    except (OSError, sqlite3.DatabaseError) as exc:
        problem = explain(exc, outdir, gradebook)
        if problem is None:
            raise
        raise problem from exc


def output_folder(outdir: Path) -> None:
    """Create --out, or say why it cannot be the output folder."""
    if outdir.exists() and not outdir.is_dir():
        raise OperatorError(f"--out {outdir} is a file, not a folder: name a folder for the gradebook and reports")
    with reported(outdir, outdir):
        outdir.mkdir(parents=True, exist_ok=True)
