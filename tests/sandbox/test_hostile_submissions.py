"""Hostile and broken submissions, graded for real: the grader survives, no score rises above
what the correct parts earn, the message is clear and nothing keeps running."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from grader.results import Status
from tests.helpers import TWO_CORRECT, grade11, points, statuses, task, write_notebook

pytestmark = pytest.mark.slow
EARNED = points("normalize", "denormalize")


def assert_only_correct_parts_scored(report) -> None:
    assert report.score == pytest.approx(EARNED)
    st = statuses(report)
    assert st["normalize"] is Status.PASSED and st["denormalize"] is Status.PASSED


def assert_dead(pid_file: Path) -> None:
    assert pid_file.exists(), "the hostile cell did not get to start its process"
    for pid in map(int, pid_file.read_text().split()):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            continue
        assert state == "Z", f"process {pid} outlived grading"


def test_infinite_loop_cell_is_interrupted_and_later_cells_still_count(tmp_path):
    nb = write_notebook(tmp_path / "loop.ipynb", "while True:\n    pass", TWO_CORRECT)
    t0 = time.monotonic()
    report = grade11(nb, cell_timeout=3)
    assert time.monotonic() - t0 < 3 + 25
    assert_only_correct_parts_scored(report)
    assert any("cell 1 timed out" in n for n in report.notes)


def test_cell_that_ignores_interrupts_gets_a_fresh_kernel_with_earlier_cells_replayed(tmp_path):
    hostile = "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    time.sleep(1)"
    nb = write_notebook(tmp_path / "stubborn.ipynb", TWO_CORRECT, hostile, "x = 1")
    report = grade11(nb, cell_timeout=3)
    assert_only_correct_parts_scored(report)
    assert any("cell 2 timed out" in n for n in report.notes)


def test_whole_submission_limit_skips_late_cells_but_still_grades_what_ran(tmp_path):
    slow = "import time\ntime.sleep(4)"
    nb = write_notebook(tmp_path / "slow.ipynb", TWO_CORRECT, slow, slow, slow, slow)
    t0 = time.monotonic()
    report = grade11(nb, total_timeout=12, cell_timeout=10)
    assert time.monotonic() - t0 < 12 + 15
    assert_only_correct_parts_scored(report)
    assert any("timed out" in n for n in report.notes)


def test_function_with_endless_loop_times_out_only_its_own_task(tmp_path):
    endless = "def standardize(values):\n    while True:\n        pass"
    nb = write_notebook(tmp_path / "slowfn.ipynb", TWO_CORRECT, endless)
    report = grade11(nb)
    assert_only_correct_parts_scored(report)
    assert task(report, "standardize").status is Status.TIMEOUT


def test_os_exit_in_a_cell_costs_only_that_cell(tmp_path):
    nb = write_notebook(tmp_path / "exit.ipynb", TWO_CORRECT, "import os\nos._exit(0)", "y = 2")
    report = grade11(nb)
    assert_only_correct_parts_scored(report)
    assert any("killed the kernel" in n for n in report.notes)


def test_os_exit_inside_a_graded_function_is_an_error_for_that_task(tmp_path):
    nb = write_notebook(tmp_path / "exitfn.ipynb", TWO_CORRECT, "import os\ndef standardize(v):\n    os._exit(1)")
    report = grade11(nb)
    assert_only_correct_parts_scored(report)
    assert task(report, "standardize").status is Status.ERROR
    assert "stopped the kernel" in task(report, "standardize").message


def test_memory_hog_is_killed_and_reported(tmp_path):
    hog = "import numpy as np\nblocks = []\nwhile True:\n    blocks.append(np.ones(50_000_000))"
    nb = write_notebook(tmp_path / "hog.ipynb", TWO_CORRECT, hog)
    report = grade11(nb, memory_bytes=1024**3)
    assert_only_correct_parts_scored(report)
    assert any("memory" in e for e in report.errors)


def test_output_flood_is_capped_and_grading_goes_on(tmp_path):
    flood = "print('x' * 50_000_000)\nfor i in range(200_000):\n    print(i)"
    nb = write_notebook(tmp_path / "flood.ipynb", flood, TWO_CORRECT)
    report = grade11(nb)
    assert_only_correct_parts_scored(report)


def test_background_daemons_do_not_outlive_grading(tmp_path):
    pids = tmp_path / "pids.txt"
    daemon = f"""
import os, subprocess, time
p = subprocess.Popen(['sleep', '300'], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        import signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        open({str(pids)!r}, 'a').write(f'{{os.getpid()}} ')
        time.sleep(300)
    os._exit(0)
open({str(pids)!r}, 'a').write(f'{{p.pid}} ')
time.sleep(0.5)
"""
    nb = write_notebook(tmp_path / "daemon.ipynb", TWO_CORRECT, daemon)
    report = grade11(nb)
    assert_only_correct_parts_scored(report)
    assert_dead(pids)


def test_many_processes_are_stopped_at_the_process_limit(tmp_path):
    bomb = "import subprocess, time\nps = [subprocess.Popen(['sleep', '60']) for _ in range(400)]\ntime.sleep(30)"
    nb = write_notebook(tmp_path / "bomb.ipynb", TWO_CORRECT, bomb)
    report = grade11(nb)
    assert_only_correct_parts_scored(report)
    assert any("processes" in e for e in report.errors)


def test_monkey_patched_numpy_and_builtins_do_not_make_wrong_answers_pass(tmp_path):
    patch = """
import builtins, numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *x, **k: np.ones(np.shape(a), dtype=bool)
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
builtins.abs = lambda x: 0
def standardize(values):
    return np.zeros((len(values), 1))
"""
    nb = write_notebook(tmp_path / "patch.ipynb", TWO_CORRECT, patch)
    report = grade11(nb)
    assert_only_correct_parts_scored(report)
    assert task(report, "standardize").status is Status.FAILED


def test_forged_results_in_output_and_data_channel_earn_nothing(tmp_path):
    forge = """
import json, os, pathlib
print(json.dumps({"score": 5, "max_score": 5, "status": "passed"}))
import sys; sys.stderr.write('{"score": 5}\\n')
channel = pathlib.Path(os.environ.get('GRADER_CHANNEL', '.'))
(channel / 'results').mkdir(parents=True, exist_ok=True)
for i in range(5):
    (channel / 'results' / f'w11-standardize-{i}.json').write_text(
        json.dumps({"outcome": "returned", "value": [[0.0]] * 9}))
(channel / 'report.json').write_text('{"score": 105}')
"""
    nb = write_notebook(tmp_path / "forge.ipynb", TWO_CORRECT, forge)
    report = grade11(nb)
    assert_only_correct_parts_scored(report)
    assert task(report, "standardize").status is Status.FAILED


def test_unreadable_return_values_are_refused_without_unpickling(tmp_path):
    evil = """
import numpy as np
class Evil:
    def __reduce__(self):
        import os
        return (os.system, ('touch /tmp/pwned-by-grader-test',))
def standardize(values):
    return np.array([Evil()] * len(values), dtype=object).reshape(-1, 1)
def destandardize(z, mean, std):
    return Evil()
"""
    nb = write_notebook(tmp_path / "evil.ipynb", TWO_CORRECT, evil)
    report = grade11(nb)
    assert_only_correct_parts_scored(report)
    assert "cannot read" in task(report, "destandardize").message
    assert not Path("/tmp/pwned-by-grader-test").exists()


def test_rewriting_the_reference_on_disk_neither_raises_the_score_nor_goes_unnoticed(tmp_path):
    import reference.data_prep as ref

    source = Path(ref.__file__)
    original = source.read_bytes()
    tamper = f"""
import numpy as np
path = {str(source)!r}
open(path, 'a').write('\\ndef standardize(values):\\n    import numpy as np\\n    return np.zeros((len(values), 1))\\n')
def standardize(values):
    return np.zeros((len(values), 1))
"""
    nb = write_notebook(tmp_path / "tamper.ipynb", TWO_CORRECT, tamper)
    try:
        report = grade11(nb)
    finally:
        source.write_bytes(original)
    assert_only_correct_parts_scored(report)
    assert any("changed 1 file(s) of the grader" in e for e in report.errors)


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


def test_a_python_module_is_graded_like_a_notebook(tmp_path):
    module = tmp_path / "lab.py"
    module.write_text(TWO_CORRECT + "\n# %%\nraise RuntimeError('boom')\n# %%\nz = 3\n")
    report = grade11(module)
    assert_only_correct_parts_scored(report)
    assert any("RuntimeError: boom" in n for n in report.notes)


def test_killing_the_grader_leaves_no_sandbox_process_behind(tmp_path):
    import signal
    import subprocess
    import sys

    pids = tmp_path / "pids.txt"
    sleeper = f"import os, time\nopen({str(pids)!r}, 'w').write(str(os.getpid()))\ntime.sleep(300)"
    nb = write_notebook(tmp_path / "sleeper.ipynb", sleeper)
    grader = subprocess.Popen([sys.executable, "-m", "grader", "check", str(nb), "--week", "11"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    grader.send_signal(signal.SIGKILL)
    grader.wait()
    time.sleep(3)
    assert_dead(pids)
