"""Problems of the run's surroundings become one line for the TA with what to do (grader/batch/errors.py)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from grader.batch.errors import OperatorError, explain, output_folder, reported


def _explain(exc: BaseException, out: Path) -> str:
    problem = explain(exc, out, out / "gradebook.sqlite")
    assert problem is not None
    return str(problem)


def test_a_real_database_that_is_no_gradebook_is_called_damaged_and_left_untouched(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(path).execute("select * from sqlite_master").fetchall()
    message = str(explain(caught.value, tmp_path, path))
    assert f"the gradebook {path} is damaged" in message and f"mv {path} {path}.damaged" in message


def test_sqlite_operational_errors_say_what_to_do():
    out = Path("/nonexistent/out")
    assert "no space left for the gradebook" in _explain(sqlite3.OperationalError("database or disk is full"), out)
    assert "make /nonexistent/out writable" in _explain(
        sqlite3.OperationalError("attempt to write a readonly database"), out)
    assert "another program may hold it" in _explain(sqlite3.OperationalError("database is locked"), out)


def test_a_full_disk_and_a_file_for_a_folder_are_named(tmp_path):
    assert "no space left on the disk of" in _explain(OSError(errno.ENOSPC, "No space left on device"), tmp_path)
    out = tmp_path / "out"
    out.write_text("")
    assert f"--out {out} is a file, not a folder" in _explain(OSError(errno.EEXIST, "File exists"), out)


def test_permission_inside_the_output_folder_names_the_folder_to_make_writable(tmp_path):
    inside = OSError(errno.EACCES, "Permission denied", str(tmp_path / "reports" / "a.html"))
    assert f"make {tmp_path / 'reports'} writable" in _explain(inside, tmp_path)
    outside = OSError(errno.EACCES, "Permission denied", "/srv/class/alice.ipynb")
    assert "give the grading account access to it" in _explain(outside, tmp_path)


def test_other_errors_are_not_the_operators_and_pass_through(tmp_path):
    assert explain(ValueError("a bug"), tmp_path, tmp_path) is None
    assert explain(OSError(errno.EINVAL, "Invalid argument"), tmp_path, tmp_path) is None
    with pytest.raises(FileNotFoundError), reported(tmp_path, tmp_path):
        raise FileNotFoundError(errno.ENOENT, "No such file", "x")


def test_output_folder_creates_the_folder_or_refuses_a_file(tmp_path):
    output_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
    (tmp_path / "f").write_text("")
    with pytest.raises(OperatorError, match="is a file, not a folder"):
        output_folder(tmp_path / "f")
