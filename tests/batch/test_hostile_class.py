"""`grader grade` on a class folder written by someone hostile or careless: links out of the folder
and to other students, loops, odd encodings, huge files, a second run into the same folder, and a
submission that goes after the grading cluster itself."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.batch.run import BatchOptions, grade_class
from grader.sandbox.limits import Limits

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
WEEK01 = ROOT / "examples" / "submissions" / "week01"
GRADER = Path(sys.executable).parent / "grader"


def _week01_module() -> str:
    """The correct week-1 example as a module, one `# %%` cell per code cell."""
    cells = json.loads((WEEK01 / "correct.ipynb").read_text())["cells"]
    return "\n".join("# %%\n" + "".join(c["source"]) + "\n" for c in cells if c["cell_type"] == "code")


def _week01_column(out: Path) -> dict[str, str]:
    lines = (out / "gradebook.csv").read_text().splitlines()
    return {line.split(",")[0]: line.split(",")[1] for line in lines[1:]}


def test_links_encodings_and_big_files_in_one_class_folder(tmp_path):
    subs, out = tmp_path / "class", tmp_path / "out"
    source = _week01_module()
    for student in ("alice", "bob", "cat", "erin", "fay"):
        (subs / student).mkdir(parents=True)
    (subs / "alice" / "week01.py").write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode())  # Windows
    (subs / "bob" / "week01.py").write_text(source)
    (subs / "cat" / "week01.py").write_bytes(source.replace("\n", "\r").encode())  # classic Mac line ends
    big = json.loads((WEEK01 / "correct.ipynb").read_text())  # 11 MB of pasted text in a markdown cell
    big["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "pasted log " + "x" * 11_000_000})
    (subs / "dan_week01.ipynb").write_text(json.dumps(big))
    (subs / "eve_week01.py").symlink_to(ROOT / "reference" / "python_warmup.py")  # the reference solution
    (subs / "erin" / "week01.py").symlink_to(subs / "alice" / "week01.py")  # another student's work
    (subs / "fay" / "week01.py").symlink_to("week01.py")  # a loop

    done = subprocess.run([str(GRADER), "grade", str(subs), "--out", str(out), "--isolation", "process",
                           "--timeout", "120", "--cell-timeout", "30"], capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stderr[-3000:]
    assert _week01_column(out) == {"alice": "1", "bob": "1", "cat": "1", "dan": "1"}
    unplaced = (out / "unplaced.csv").read_text()
    assert "outside the class folder" in unplaced and str(ROOT / "reference" / "python_warmup.py") in unplaced
    assert "a link to alice's file alice/week01.py" in unplaced
    assert "fay/week01.py,a link loop" in unplaced
    assert "files not placed 3" in done.stdout
    assert "Sending large graph" not in done.stderr + done.stdout  # Dask's warning goes to the log
    assert "Sending large graph" in (out / "grader.log").read_text()


def test_a_second_run_into_the_same_folder_refuses_or_waits(tmp_path):
    subs, out = tmp_path / "class", tmp_path / "out"
    subs.mkdir()
    (subs / "slow_week01.py").write_text("import time\ntime.sleep(12)\n" + _week01_module())
    first = subprocess.Popen([str(GRADER), "grade", str(subs), "--out", str(out), "--workers", "1",
                              "--isolation", "process"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (out / "gradebook.sqlite").exists():
            time.sleep(0.2)
        second = subprocess.run([str(GRADER), "grade", str(subs), "--out", str(out)], capture_output=True,
                                text=True, timeout=60)
        assert second.returncode == 2
        (line,) = second.stderr.strip().splitlines()
        assert line.startswith(f"grader: error: another grader run is writing to {out} (pid {first.pid} on ")
        assert line.endswith("let it finish, or rerun with --wait to start after it")
        waiting = subprocess.run([str(GRADER), "grade", str(subs), "--out", str(out), "--wait"], capture_output=True,
                                 text=True, timeout=300)
        assert first.poll() is not None, "--wait must not start before the first run ends"
    finally:
        first.wait(timeout=300)
    assert first.returncode == 0
    assert waiting.returncode == 0, waiting.stderr
    assert f"waiting for the grader run writing to {out} (pid {first.pid}" in waiting.stderr
    assert "graded 0, errors 0, timeouts 0, skipped as unchanged 1" in waiting.stdout  # it saw the first's result
    assert _week01_column(out) == {"slow": "1"}


ATTACK = '''
import json, os, threading
from distributed import Client
from distributed.security import Security

def _ancestors():
    """This kernel's ancestors that run Python: the harness, the grading worker, the grading client."""
    found, pid = [], os.getpid()
    while pid > 1:
        with open(f"/proc/{pid}/stat") as f:
            pid = int(f.read().rsplit(")", 1)[1].split()[1])
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if b"python" not in f.read():
                break
        found.append(pid)
    return found

def _listening_ports(pids):
    inodes = set()
    for pid in pids:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return sorted(ports)

def _plant(path):
    with open(path, "w") as f:
        f.write("code of a submission ran in a grading worker")
    return "planted"

def _attempt(address, security, attempts):
    try:
        client = Client(address, security=security, timeout=3)
    except Exception as exc:
        attempts.append([address, "refused", repr(exc)[:200]])
        return
    try:
        attempts.append([address, client.submit(_plant, PLANTED, pure=False).result(timeout=20), ""])
    except Exception as exc:
        attempts.append([address, "connected", type(exc).__name__])
    client.close()

attempts = []
for port in _listening_ports(_ancestors()):
    for address, security in ((f"tcp://127.0.0.1:{port}", None), (f"tls://127.0.0.1:{port}", Security.temporary())):
        thread = threading.Thread(target=_attempt, args=(address, security, attempts), daemon=True)
        thread.start()
        thread.join(15)
        if thread.is_alive():  # a port that never answers (an HTTP server reading a Dask handshake)
            attempts.append([address, "no answer", ""])
with open(REPORT, "w") as f:
    json.dump(attempts, f)
'''


def test_a_submission_at_the_process_level_cannot_use_the_grading_cluster(tmp_path):
    subs, out = tmp_path / "class", tmp_path / "out"
    subs.mkdir()
    report, planted = tmp_path / "attempts.json", tmp_path / "planted.txt"
    attack = f"REPORT = {str(report)!r}\nPLANTED = {str(planted)!r}\n" + ATTACK
    (subs / "mallory_week01.py").write_text("# %%\n" + attack + "\n" + _week01_module())
    options = BatchOptions(workers=1, limits=Limits(total_timeout=180, cell_timeout=120), isolation="process")
    summary = grade_class(subs, out, options, stream=io.StringIO())
    assert summary.graded == 1
    attempts = json.loads(report.read_text())
    # the scheduler, the nanny and the worker (and an HTTP server), each without and with (wrong) credentials;
    # with the cluster on plain TCP the same notebook plants its file through the scheduler
    assert sum(a[1] == "refused" for a in attempts) >= 4, attempts
    assert {a[1] for a in attempts} <= {"refused", "no answer"}, attempts
    assert not planted.exists()
    assert _week01_column(out) == {"mallory": "1"}
