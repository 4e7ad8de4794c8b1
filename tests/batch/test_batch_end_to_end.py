"""`grader grade` for real: Dask clusters, real kernels, a real SQLite gradebook, kill -9 and resume."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grader.batch.run import BatchOptions, grade_class
from grader.sandbox.limits import Limits
from tests.helpers import write_notebook

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
WEEK10 = ROOT / "examples" / "submissions" / "week10"
GRADER = Path(sys.executable).parent / "grader"
DASK = Path(sys.executable).parent / "dask"

KILL_MY_WORKER = '''
import os, signal
harness = os.getppid()  # the kernel's parent is the harness; the harness's parent is the Dask worker
with open(f"/proc/{harness}/stat") as f:
    worker = int(f.read().rsplit(")", 1)[1].split()[1])
os.kill(worker, signal.SIGKILL)
'''
HANG = "while True:\n    pass\n"


def _copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes())
    return dst


def _gradebook(out: Path) -> dict[str, str]:
    lines = (out / "gradebook.csv").read_text().splitlines()
    return {line.split(",")[0]: line.split(",")[10] for line in lines[1:]}  # the week-10 column


def _events(out: Path) -> list[str]:
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        return [r[0] for r in db.execute("SELECT student FROM events ORDER BY student")]
    finally:
        db.close()


def test_mixed_batch_on_a_local_cluster_keeps_every_score_independent(tmp_path):
    subs = tmp_path / "class"
    _copy(WEEK10 / "correct.ipynb", subs / "alice" / "week10.ipynb")
    _copy(WEEK10 / "correct.ipynb", subs / "alice" / "week12.ipynb")  # graded by people: reported, not graded
    _copy(WEEK10 / "typical_mistakes.ipynb", subs / "bob_week10.ipynb")
    (subs / "carol").mkdir()
    (subs / "carol" / "week10.ipynb").write_text('{"cells": [ this is not json')
    write_notebook(subs / "dave_week10.ipynb", KILL_MY_WORKER)
    for bystander in ("frank", "gina", "hank"):  # queued while dave's worker dies: must not be hit
        _copy(WEEK10 / "correct.ipynb", subs / f"{bystander}_week10.ipynb")
    eve = json.loads((WEEK10 / "correct.ipynb").read_text())
    eve["cells"].insert(1, {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                            "source": HANG})
    (subs / "eve_week10.ipynb").write_text(json.dumps(eve))

    out, log = tmp_path / "out", io.StringIO()
    options = BatchOptions(workers=2, limits=Limits(total_timeout=90, cell_timeout=8), isolation="process")
    summary = grade_class(subs, out, options, stream=log)

    assert _gradebook(out) == {"alice": "5", "bob": "1.5", "carol": "0", "dave": "0", "eve": "5",
                               "frank": "5", "gina": "5", "hank": "5"}
    assert (summary.graded, summary.errors, summary.unchanged, summary.unplaced) == (7, 1, 0, 1)
    dave = json.loads((out / "reports" / "dave" / "week10.json").read_text())
    assert dave["errors"] == ["the submission stopped the grading worker process"]
    assert {t["status"] for w in dave["weeks"] for t in w["tasks"]} == {"error"}
    eve_report = json.loads((out / "reports" / "eve" / "week10.json").read_text())
    assert any("timed out" in n for n in eve_report["notes"])
    carol = json.loads((out / "reports" / "carol" / "week10.json").read_text())
    assert carol["score"] == 0 and carol["errors"]
    for student in ("alice", "bob", "carol", "dave", "eve"):
        assert (out / "gradescope" / student / "week10" / "results.json").is_file()
        assert (out / "junit" / f"{student}_week10.xml").is_file()
        assert (out / "students" / f"{student}.html").is_file()
    assert "week12.ipynb" in (out / "unplaced.csv").read_text()
    assert "could not be graded" in (out / "report.html").read_text()
    assert "8/8 100% ETA 0:00" in log.getvalue()  # one progress line per result in a log

    again = grade_class(subs, out, options, stream=io.StringIO())  # nothing changed: nothing graded
    assert (again.graded, again.errors, again.unchanged) == (0, 0, 8)
    assert _events(out) == ["alice", "bob", "carol", "dave", "eve", "frank", "gina", "hank"]

    (subs / "bob_week10.ipynb").write_bytes((WEEK10 / "correct.ipynb").read_bytes())  # bob resubmits
    changed = grade_class(subs, out, options, stream=io.StringIO())
    assert (changed.graded, changed.unchanged) == (1, 7)
    assert _gradebook(out)["bob"] == "5"


def test_batch_against_a_dask_scheduler_and_worker_started_as_processes(tmp_path):
    subs = tmp_path / "class"
    _copy(WEEK10 / "correct.ipynb", subs / "alice" / "week10.ipynb")
    _copy(WEEK10 / "gru_reset_wrong_side.ipynb", subs / "bob" / "week10.ipynb")
    address_file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0",
           "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0"}
    scheduler = subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(address_file)], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)
        address = json.loads(address_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        worker = subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1",
                                   "--no-dashboard", "--memory-limit", "0"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        done = subprocess.run([str(GRADER), "grade", str(subs), "--out", str(tmp_path / "out"), "--cluster", address],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "graded 2, errors 0, timeouts 0, skipped as unchanged 0" in done.stdout
        assert _gradebook(tmp_path / "out") == {"alice": "5", "bob": "3"}
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def _grader_temp_folders(where: Path) -> list[str]:
    return sorted(p.name for p in where.iterdir() if p.name.startswith("grader-"))


def test_killing_the_client_mid_batch_loses_nothing_and_counts_nothing_twice(tmp_path, monkeypatch):
    subs, out, temp = tmp_path / "class", tmp_path / "out", tmp_path / "temp"
    temp.mkdir()
    for student in ("ann", "ben", "cat", "dan", "eva"):
        _copy(WEEK10 / "correct.ipynb", subs / f"{student}_week10.ipynb")
    client = subprocess.Popen([str(GRADER), "grade", str(subs), "--out", str(out), "--workers", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "TMPDIR": str(temp)})
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if (out / "gradebook.sqlite").exists() and len(_events(out)) >= 2:
            break
        time.sleep(0.2)
    stored_before = _events(out)
    workers = _children(client.pid)
    client.send_signal(signal.SIGKILL)
    client.wait()
    assert 2 <= len(stored_before) < 5, "the client must be killed mid-batch"
    deadline = time.monotonic() + 60  # Dask workers notice their parent is gone and exit
    while any(Path(f"/proc/{p}").exists() for p in workers) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not any(Path(f"/proc/{p}").exists() for p in workers)
    left = _grader_temp_folders(temp)  # the job's and its sandbox's folders, with a student's submission in them
    assert any(name.startswith("grader-job-") for name in left) and len(left) >= 2, left

    monkeypatch.setenv("TMPDIR", str(temp))  # the next run, on the same machine, uses the same temp folder
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    log = io.StringIO()
    summary = grade_class(subs, out, BatchOptions(workers=1), stream=log)
    assert not set(left) & set(_grader_temp_folders(temp))
    assert f"removed {len(left)} temporary folder(s) left by grader runs that were killed" in log.getvalue()
    assert f"taking over {out / '.grader.lock'} from a run that did not finish (pid {client.pid} " in log.getvalue()
    assert summary.unchanged == len(stored_before) and summary.graded == 5 - len(stored_before)
    assert _events(out) == ["ann", "ben", "cat", "dan", "eva"]  # each stored exactly once
    assert set(_gradebook(out).values()) == {"5"}


def _session_members(session: int) -> list[str]:
    """Command lines of the live processes in `session` (read from /proc: field 6 of stat)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] != "Z":
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, IndexError, ValueError):
            continue
    return found


@pytest.mark.parametrize(("warm", "level"), [(False, "process"), (True, "process"), (True, "auto")],
                         ids=["cold", "warm", "warm-strongest-level"])
def test_grade_leaves_no_process_behind(tmp_path, warm, level):
    """Every process `grader grade` starts (Dask scheduler, nannies, workers, sandboxes, each worker's warm
    parent) is gone when the command has exited: nothing stays in its session."""
    subs = tmp_path / "class"
    _copy(ROOT / "examples" / "submissions" / "week01" / "correct.ipynb", subs / "ann" / "week01.ipynb")
    _copy(ROOT / "examples" / "submissions" / "week01" / "typical_mistakes.ipynb", subs / "bob" / "week01.ipynb")
    proc = subprocess.Popen([str(GRADER), "grade", str(subs), "--out", str(tmp_path / "out"),
                             "--isolation", level, "--warm" if warm else "--no-warm"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-2000:]
    assert "graded 2" in out
    left: list[str] = []
    for _ in range(20):  # processes already killed may take a moment to be reaped by init
        left = _session_members(proc.pid)
        if not left:
            break
        time.sleep(0.1)
    assert left == []
