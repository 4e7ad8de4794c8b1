"""The adversarial corpus: submissions that try to break, fool or harm the grader, each graded
for real at every isolation level this machine has. For every case: the grader survives, the
score is exactly what the correct parts earn, the message is clear, nothing keeps running and
the sandbox's temporary files are gone. Properties that only OS isolation can give (reading
the references, reaching a local service) are asserted per level.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from grader.results import Report, Status
from grader.sandbox import isolation
from grader.sandbox import warm as warm_sandbox
from tests.helpers import TWO_CORRECT, grade11, points, task, warm_parent_or_skip, write_notebook

pytestmark = pytest.mark.slow
EARNED = points("normalize", "denormalize")
REPO = Path(__file__).resolve().parents[2]
NO_BWRAP = pytest.mark.skipif(not isolation.probe_bubblewrap().ok, reason=isolation.probe_bubblewrap().detail)
LEVELS = [isolation.PROCESS, pytest.param(isolation.BUBBLEWRAP, marks=NO_BWRAP)]
# the corpus again with the kernel forked from a warm parent under bubblewrap (what `grade` uses for a class)
KERNELS = [(isolation.PROCESS, False), pytest.param(isolation.BUBBLEWRAP, False, marks=NO_BWRAP),
           pytest.param(isolation.BUBBLEWRAP, True, marks=NO_BWRAP, id="bubblewrap-warm")]


@dataclass
class Hostile:
    """One corpus entry: cells to run after (or before) two correct answers, and what must hold."""

    name: str
    cells: list[str]
    before: bool = False  # hostile cells first, correct answers after
    limits: dict = field(default_factory=dict)
    expect_score: float | None = EARNED  # None: at most EARNED (the student broke their own kernel)
    check: Callable[[Report, str], None] | None = None
    files: list[str] = field(default_factory=list)  # repo files the case may alter; restored after


def msg_in_errors(words: str) -> Callable[[Report, str], None]:
    def check(report: Report, level: str) -> None:
        assert any(words in e for e in report.errors), report.errors
    return check


def msg_in_notes(words: str) -> Callable[[Report, str], None]:
    def check(report: Report, level: str) -> None:
        assert any(words in n for n in report.notes), report.notes
    return check


def task_status(name: str, status: Status, words: str = "") -> Callable[[Report, str], None]:
    def check(report: Report, level: str) -> None:
        t = task(report, name)
        assert t.status is status, (t.status, t.message)
        assert words in t.message
    return check


def tamper_detected_or_refused(report: Report, level: str) -> None:
    if level == isolation.PROCESS:
        assert any("of the grader on disk" in e for e in report.errors), report.errors
    else:
        assert not any("of the grader on disk" in e for e in report.errors)
        assert any("cell" in n for n in report.notes), report.notes  # the write itself failed


REFERENCE_FILE = "reference/data_prep.py"
CORPUS = [
    Hostile("rewrite the reference solutions", [
        f"p = {str(REPO / REFERENCE_FILE)!r}\n"
        "open(p, 'a').write('\\ndef standardize(values):\\n    return 0\\n')\n"
        "def standardize(values):\n    return 0"], check=tamper_detected_or_refused, files=[REFERENCE_FILE]),
    Hostile("delete a grader module", [f"import os\nos.remove({str(REPO / 'grader/hints.py')!r})"],
            check=tamper_detected_or_refused, files=["grader/hints.py"]),
    Hostile("copy the reference solution's code", [
        f"src = open({str(REPO / REFERENCE_FILE)!r}).read()\nexec(src)\n"
        "standardize = standardize  # the reference's own function"],
        check=lambda r, level: None),  # level-specific outcome asserted in the test below
    Hostile("monkey-patch numpy and builtins", [
        "import builtins, numpy as np\nnp.allclose = lambda *a, **k: True\n"
        "np.isclose = lambda a, b, *x, **k: np.ones(np.shape(a), dtype=bool)\n"
        "np.array_equal = lambda *a, **k: True\nbuiltins.abs = lambda x: 0\n"
        "def standardize(values):\n    return np.zeros((len(values), 1))"],
        check=task_status("standardize", Status.FAILED)),
    Hostile("monkey-patch json (breaks the kernel's own messages)", [
        "import json\njson.dumps = lambda *a, **k: '{\"outcome\": \"returned\", \"value\": 1}'\n"
        "json.loads = lambda *a, **k: {'outcome': 'returned', 'value': 1}"],
        limits={"cell_timeout": 4}),
    Hostile("forge results on stdout, stderr and in the data channel", [
        "import json, os, pathlib, sys\nprint(json.dumps({'score': 5, 'status': 'passed'}))\n"
        "sys.stderr.write('{\"score\": 5}\\n')\n"
        "ch = pathlib.Path(os.environ.get('GRADER_CHANNEL', '.'))\n"
        "(ch / 'results').mkdir(parents=True, exist_ok=True)\n"
        "for i in range(5):\n"
        "    (ch / 'results' / f'w11-standardize-{i}.json').write_text("
        "json.dumps({'outcome': 'returned', 'value': [[0.0]] * 9}))\n"
        "(ch / 'manifest.json').write_text('{\"score\": 105}')"],
        check=task_status("standardize", Status.FAILED)),
    Hostile("return an object whose unpickling would run code", [
        "import numpy as np\nclass Evil:\n    def __reduce__(self):\n        import os\n"
        "        return (os.system, ('touch /tmp/pwned-by-grader-corpus',))\n"
        "def standardize(values):\n    return np.array([Evil()] * len(values), dtype=object).reshape(-1, 1)\n"
        "def destandardize(z, mean, std):\n    return Evil()"],
        check=task_status("destandardize", Status.ERROR, "cannot read")),
    Hostile("return a huge array", [
        "import numpy as np\ndef standardize(values):\n    return np.ones(300_000_000)"],
        limits={"memory_bytes": 1024**3}, check=task_status("standardize", Status.ERROR)),
    Hostile("fork bomb (bounded)", [
        "import os, time\nfor _ in range(9):\n    os.fork()\ntime.sleep(60)"],
        check=msg_in_errors("processes")),
    Hostile("thread bomb", [
        "import threading, time\nfor _ in range(5000):\n"
        "    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()"],
        check=msg_in_errors("threads")),
    Hostile("infinite recursion", ["def standardize(values):\n    return standardize(values)"],
            check=task_status("standardize", Status.ERROR, "RecursionError")),
    Hostile("unbounded recursion with the limit lifted", [
        "import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1)\nf(0)"],
        check=msg_in_notes("killed the kernel")),
    Hostile("C-level sleep with signals blocked", [
        "import ctypes, signal\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})\n"
        "libc = ctypes.CDLL(None)\nwhile True:\n    libc.sleep(100)"],
        limits={"cell_timeout": 3}, check=msg_in_notes("timed out")),
    Hostile("ignore SIGTERM and leave daemons behind", [
        "import os, signal, subprocess, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "subprocess.Popen(['sleep', '313.2718'], start_new_session=True)\n"
        "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        os.execvp('sleep', ['sleep', '313.2718'])\n    os._exit(0)\ntime.sleep(0.5)"]),
    Hostile("print 100 MB", ["print('x' * 100_000_000)\nfor i in range(100_000):\n    print(i)"], before=True),
    Hostile("fill the disk", [
        "with open('big.bin', 'wb') as f:\n    for _ in range(2048):\n        f.write(b'0' * 1024 * 1024)"],
        check=msg_in_notes("cell 2")),
    Hostile("endless loop in a cell", ["while True:\n    pass"], before=True, limits={"cell_timeout": 3},
            check=msg_in_notes("cell 1 timed out")),
    Hostile("os._exit in a cell", ["import os\nos._exit(0)"], check=msg_in_notes("killed the kernel")),
    Hostile("os._exit in a graded function", ["import os\ndef standardize(v):\n    os._exit(1)"],
            check=task_status("standardize", Status.ERROR, "stopped the kernel")),
    Hostile("memory hog", ["import numpy as np\nb = []\nwhile True:\n    b.append(np.ones(50_000_000))"],
            limits={"memory_bytes": 1024**3}, check=msg_in_errors("memory")),
    Hostile("kill the harness", ["import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"],
            expect_score=0, check=lambda r, level: None),
    Hostile("endless loop in a graded function", ["def standardize(values):\n    while True:\n        pass"],
            check=task_status("standardize", Status.TIMEOUT)),
]


def processes_with(marker: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes()
                state = (proc / "stat").read_text().split(")")[-1].split()[0]
            except OSError:
                continue
            if marker.encode() in cmdline and state != "Z":
                found.append(int(proc.name))
    return found


@pytest.fixture
def restore_repo_files(request):
    saved = {}

    def remember(paths):
        for rel in paths:
            saved[rel] = (REPO / rel).read_bytes()

    yield remember
    for rel, data in saved.items():
        (REPO / rel).write_bytes(data)


@pytest.mark.parametrize(("level", "warm"), KERNELS)
@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_hostile_submission_is_contained(case, level, warm, tmp_path, restore_repo_files, monkeypatch):
    restore_repo_files(case.files)
    cells = [*case.cells, TWO_CORRECT] if case.before else [TWO_CORRECT, *case.cells]
    nb = write_notebook(tmp_path / "hostile.ipynb", *cells)
    if warm:  # started before the temp folder moves: it outlives this test, its runs' folders do not
        warm_parent_or_skip(level)
        parent = warm_sandbox.parent(level)
    sandboxes = tmp_path / "sandboxes"  # this grading's own temporary folders, whatever else runs
    sandboxes.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(sandboxes))
    t0 = time.monotonic()
    report = grade11(nb, isolation=level, warm=warm, **case.limits)
    elapsed = time.monotonic() - t0

    assert report.isolation == level
    assert report.kernel == ("warm" if warm else "cold"), report.notes
    assert elapsed < 120 + 20
    if case.name == "copy the reference solution's code":
        # The one cheat only OS isolation stops: at process level the reference is readable.
        if level == isolation.BUBBLEWRAP:
            assert report.score == pytest.approx(EARNED)
            assert any("No such file" in n for n in report.notes), report.notes
        else:
            assert task(report, "standardize").status is Status.PASSED
    elif case.expect_score is None:
        assert report.score <= EARNED + 1e-9
    else:
        assert report.score == pytest.approx(case.expect_score)
    if case.check:
        case.check(report, level)
    if case.expect_score == EARNED:
        assert task(report, "normalize").status is Status.PASSED
    assert processes_with("313.2718") == []
    assert list(sandboxes.iterdir()) == [], "the sandbox's temporary folder was left behind"
    if warm:
        assert not parent.runs.exists() or list(parent.runs.iterdir()) == [], "a warm run's folder was left behind"
    assert not Path("/tmp/pwned-by-grader-corpus").exists()


@pytest.mark.parametrize("level", LEVELS)
def test_a_local_service_is_unreachable_only_under_os_isolation(level, tmp_path):
    received = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            received.append(conn.recv(100))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    probe = (f"import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
             "s.sendall(b'leak')\ns.close()")
    try:
        report = grade11(write_notebook(tmp_path / "net.ipynb", TWO_CORRECT, probe), isolation=level)
    finally:
        stop.set()
        thread.join()
        server.close()
    assert report.score == pytest.approx(EARNED)
    if level == isolation.BUBBLEWRAP:
        assert received == []
        assert any("cell 2 raised" in n for n in report.notes), report.notes
    else:
        assert received == [b"leak"]


@pytest.mark.parametrize("level", LEVELS)
def test_another_students_submission_is_invisible_under_os_isolation(level, tmp_path):
    other = tmp_path / "other_student_week11.ipynb"
    other.write_text("SECRET ANSWERS")
    peek = f"text = open({str(other)!r}).read()\nassert 'SECRET' in text"
    report = grade11(write_notebook(tmp_path / "peek.ipynb", TWO_CORRECT, peek), isolation=level)
    assert report.score == pytest.approx(EARNED)
    leaked = not any("cell 2" in n for n in report.notes)
    assert leaked is (level == isolation.PROCESS)


def test_malformed_notebooks_get_a_report_not_a_crash(tmp_path):
    bad_json = tmp_path / "bad.ipynb"
    bad_json.write_text('{"cells": [ {"cell_type": "code", "source": "x=1"')
    future = tmp_path / "future.ipynb"
    future.write_text('{"nbformat": 99, "nbformat_minor": 0, "metadata": {}, "cells": []}')
    binary = tmp_path / "binary.ipynb"
    binary.write_bytes(b"\xff\xfe\x00garbage\x80\x81")
    for path, words in ((bad_json, "not valid JSON"), (future, "could not be read"), (binary, "not valid")):
        report = grade11(path)
        assert report.score == 0
        assert any(words in e for e in report.errors), report.errors
        assert all(t.status is Status.ERROR for t in report.weeks[0].tasks)


def test_non_utf8_bytes_in_a_module_are_reported_and_the_rest_graded(tmp_path):
    module = tmp_path / "lab.py"
    module.write_bytes(TWO_CORRECT.encode() + b"\n# caf\xe9 \xff\n")
    report = grade11(module)
    assert report.score == pytest.approx(EARNED)
    assert any("not valid UTF-8" in e for e in report.errors)


def test_ten_thousand_cells_run_up_to_the_cell_limit_and_say_so(tmp_path):
    cells = [TWO_CORRECT] + [f"x{i} = {i}" for i in range(10_000)]
    report = grade11(write_notebook(tmp_path / "many.ipynb", *cells), total_timeout=120)
    assert report.score == pytest.approx(EARNED)
    assert any("10001 code cells; only the first 2000 were run" in e for e in report.errors), report.errors


def test_a_python_module_is_graded_like_a_notebook(tmp_path):
    module = tmp_path / "lab.py"
    module.write_text(TWO_CORRECT + "\n# %%\nraise RuntimeError('boom')\n# %%\nz = 3\n")
    report = grade11(module)
    assert report.score == pytest.approx(EARNED)
    assert any("RuntimeError: boom" in n for n in report.notes)


def test_whole_submission_limit_skips_late_cells_but_still_grades_what_ran(tmp_path):
    slow = "import time\ntime.sleep(4)"
    nb = write_notebook(tmp_path / "slow.ipynb", TWO_CORRECT, slow, slow, slow, slow)
    t0 = time.monotonic()
    report = grade11(nb, total_timeout=12, cell_timeout=10)
    assert time.monotonic() - t0 < 12 + 15
    assert report.score == pytest.approx(EARNED)
    assert any("was not run" in n or "timed out" in n for n in report.notes)


def test_killing_the_grader_leaves_no_sandbox_process_behind(tmp_path):
    import signal
    import subprocess
    import sys

    nb = write_notebook(tmp_path / "sleeper.ipynb", "import subprocess\nsubprocess.run(['sleep', '313.2719'])")
    grader = subprocess.Popen([sys.executable, "-m", "grader", "check", str(nb), "--week", "11"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not processes_with("313.2719") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with("313.2719"), "the submission never started"
    grader.send_signal(signal.SIGKILL)
    grader.wait()
    time.sleep(3)
    assert processes_with("313.2719") == []


def test_keras_is_seeded_before_student_code_so_training_repeats_exactly(tmp_path):
    draw = ("import keras, numpy as np\nfirst = float(keras.random.uniform((1,)).numpy()[0])\n"
            "def normalize(values):\n    return np.full((len(values), 1), first)")
    nb = write_notebook(tmp_path / "draw.ipynb", draw)
    messages = {task(grade11(nb), "normalize").message for _ in range(2)}
    assert len(messages) == 1 and "got 0." in messages.pop()
