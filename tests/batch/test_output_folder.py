"""`grader grade` and `import-manual` against output folders a TA can break: damaged gradebooks,
read-only folders, a full disk, a file for a folder, a second run into the same folder.
Each ends as one line on stderr and exit 2, and a damaged gradebook is left as it was."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.batch.store import Gradebook

ROOT = Path(__file__).resolve().parents[2]


def grader(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, timeout=300)


def _one_line_exit_2(done: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 2, no traceback, and the problem as the one last line of stderr (after any progress lines)."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("grader: error: ")]
    assert len(errors) == 1 and done.stderr.strip().splitlines()[-1] == errors[0], done.stderr
    for word in words:
        assert word in errors[0]
    return errors[0]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder nobody may write into, root included (root ignores permission bits: the immutable flag)."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a folder read-only for root")
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


@pytest.fixture
def empty_class(tmp_path: Path) -> Path:
    (tmp_path / "class").mkdir()
    return tmp_path / "class"


@pytest.fixture
def manual_csv(tmp_path: Path) -> Path:
    path = tmp_path / "manual.csv"
    path.write_text("student,week,points\nalice,12,8\n")
    return path


def test_a_gradebook_that_is_no_database_is_named_and_left_untouched(tmp_path, empty_class, manual_csv):
    out = tmp_path / "out"
    out.mkdir()
    damaged = os.urandom(6000)
    (out / "gradebook.sqlite").write_bytes(damaged)
    line = _one_line_exit_2(grader("grade", str(empty_class), "--out", str(out)), "is damaged", "not a database",
                            "Move it aside", "backup copy", "reports")
    assert f"mv {out / 'gradebook.sqlite'}" in line
    _one_line_exit_2(grader("import-manual", str(manual_csv), "--out", str(out), "--allow-new"), "is damaged")
    assert (out / "gradebook.sqlite").read_bytes() == damaged


def test_a_malformed_gradebook_is_named_and_left_untouched(tmp_path, empty_class, manual_csv):
    out = tmp_path / "out"
    with Gradebook(out / "gradebook.sqlite") as book:
        book.record_unplaced([("a.txt", "not a notebook")])
    book.db.close()
    data = bytearray((out / "gradebook.sqlite").read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page after the first one overwritten
    (out / "gradebook.sqlite").write_bytes(bytes(data))
    _one_line_exit_2(grader("grade", str(empty_class), "--out", str(out)), "database disk image is malformed",
                     "Move it aside")
    _one_line_exit_2(grader("import-manual", str(manual_csv), "--out", str(out), "--allow-new"), "malformed")
    assert (out / "gradebook.sqlite").read_bytes() == bytes(data)


def test_an_out_that_is_a_file_is_refused(tmp_path, empty_class, manual_csv):
    (tmp_path / "out").write_text("my notes")
    _one_line_exit_2(grader("grade", str(empty_class), "--out", str(tmp_path / "out")), "is a file, not a folder")
    _one_line_exit_2(grader("import-manual", str(manual_csv), "--out", str(tmp_path / "out")), "is a file")
    assert (tmp_path / "out").read_text() == "my notes"


def test_a_read_only_out_is_refused(tmp_path, empty_class, manual_csv):
    out = tmp_path / "out"
    out.mkdir()
    with read_only(out):
        _one_line_exit_2(grader("grade", str(empty_class), "--out", str(out)), "cannot write", "writable")
        _one_line_exit_2(grader("import-manual", str(manual_csv), "--out", str(out), "--allow-new"), "cannot write")


def test_a_read_only_students_folder_keeps_the_results_and_says_what_to_make_writable(tmp_path, manual_csv):
    subs, out = tmp_path / "class", tmp_path / "out"
    (subs / "alice").mkdir(parents=True)
    (subs / "alice" / "notes.txt").write_text("not a lab")
    (out / "students").mkdir(parents=True)
    with read_only(out / "students"):
        _one_line_exit_2(grader("import-manual", str(manual_csv), "--out", str(out), "--allow-new"),
                         "cannot write", str(out / "students"))
        _one_line_exit_2(grader("grade", str(subs), "--out", str(out)), "cannot write", "students")
    db = sqlite3.connect(out / "gradebook.sqlite")
    assert db.execute("SELECT student, week, points FROM manual").fetchall() == [("alice", 12, 8.0)]  # stored
    db.close()


def test_a_full_disk_is_one_line(tmp_path, empty_class):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full to stand for a full disk")
    out = tmp_path / "out"
    out.mkdir()
    (out / "gradebook.csv.tmp").symlink_to("/dev/full")  # writing the gradebook CSV meets ENOSPC
    _one_line_exit_2(grader("grade", str(empty_class), "--out", str(out)), "no space left", "free some space")


def test_a_lock_left_by_a_killed_run_is_taken_over_and_said_so(tmp_path, empty_class):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".grader.lock").write_text("pid 999999 on elsewhere since 2026-01-01 00:00:00 UTC\n")
    done = grader("grade", str(empty_class), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "taking over" in done.stderr and "pid 999999 on elsewhere" in done.stderr
    assert (out / ".grader.lock").read_text() == ""  # released cleanly: nothing for the next run to take over
    again = grader("grade", str(empty_class), "--out", str(out))
    assert again.returncode == 0 and "taking over" not in again.stderr


def test_grade_accepts_a_cell_timeout_and_checks_it():
    done = grader("grade", str(ROOT), "--out", "unused", "--cell-timeout", "0")
    _one_line_exit_2(done, "--cell-timeout must be positive")



def test_a_tls_scheduler_without_credentials_is_one_line(tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "alice_week01.py").write_text("x = 1\n")
    done = grader("grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--cluster", "tls://127.0.0.1:9")
    _one_line_exit_2(done, "cannot connect to the Dask scheduler at tls://127.0.0.1:9", "DASK_DISTRIBUTED__COMM__TLS__")


def test_import_manual_refuses_while_a_grading_run_holds_the_folder(tmp_path, manual_csv):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from grader.batch import lock\n"
                               f"with lock.exclusive(Path({str(out)!r}), False, sys.stderr):\n"
                               "    print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        line = _one_line_exit_2(grader("import-manual", str(manual_csv), "--out", str(out), "--allow-new"),
                                f"another grader run is writing to {out} (pid {holder.pid} on ", "then rerun")
        assert "--wait" not in line  # import-manual has no --wait to offer
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert grader("import-manual", str(manual_csv), "--out", str(out), "--allow-new").returncode == 0
