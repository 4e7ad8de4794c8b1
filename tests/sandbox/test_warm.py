"""The warm sandbox (sandbox/warm.py, zygote.py, private_run.py): kernels forked from an interpreter that has
imported the course's libraries grade exactly as cold kernels do, at both isolation levels, share nothing
between submissions, keep every limit, and fall back to a cold kernel (said in the report) where a fork
could change what a notebook sees."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from grader.grading import grade
from grader.results import Status
from grader.sandbox import isolation, processes, warm
from grader.sandbox.limits import Limits
from grader.sandbox.runner import Call, Sandbox
from grader.validate import compare
from tests.helpers import warm_parent_or_skip, write_notebook
from tests.test_examples_end_to_end import EXPECTED

ROOT = Path(__file__).resolve().parents[2]

TRAINS_A_MODEL = '''
import numpy as np
import keras

def trained_weights():
    keras.utils.set_random_seed(0)
    x = np.linspace(-1, 1, 64, dtype="float32").reshape(-1, 2)
    y = (x[:, :1] * 0.7 - x[:, 1:] * 0.2).astype("float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=5, batch_size=8, verbose=0)
    return np.concatenate([w.ravel() for w in model.get_weights()] + [model.predict(x, verbose=0).ravel()])
'''

LEAVES_STATE = '''
import numpy, os, tempfile
numpy.left_by_a_submission = 1
def where_and_what():
    return [tempfile.gettempdir() == os.environ["TMPDIR"], hasattr(numpy, "left_by_a_submission"),
            os.environ.get("LEFT_BY_A_SUBMISSION", "")]
'''

SEES_STATE = LEAVES_STATE.replace("numpy.left_by_a_submission = 1\n", "")


def _run(path, calls: list[Call], use_warm: bool, seed_keras: bool = False):
    with Sandbox(path, Limits(total_timeout=180, cell_timeout=120), "process", use_warm=use_warm) as box:
        box.send(calls, seed_keras=seed_keras)
        return box.wait(calls)


@pytest.mark.slow
def test_a_warm_and_a_cold_kernel_train_bit_identical_models(tmp_path):
    path = write_notebook(tmp_path / "model.ipynb", TRAINS_A_MODEL)
    calls = [Call("w", "trained_weights", timeout=120)]
    cold, hot = _run(path, calls, use_warm=False, seed_keras=True), _run(path, calls, use_warm=True, seed_keras=True)
    assert (cold.kernel, hot.kernel) == ("cold", "warm")
    assert cold.outcomes["w"].outcome == hot.outcomes["w"].outcome == "returned", (cold.log_tail, hot.log_tail)
    assert np.array_equal(cold.outcomes["w"].value, hot.outcomes["w"].value)


@pytest.mark.slow
def test_warm_kernels_share_nothing_between_submissions_and_leave_no_process(tmp_path):
    daemon = "import subprocess\nsubprocess.Popen(['sleep', '600'])"
    first = write_notebook(tmp_path / "first.ipynb", LEAVES_STATE, daemon)
    second = write_notebook(tmp_path / "second.ipynb", SEES_STATE)
    calls = [Call("c", "where_and_what")]
    one, two = _run(first, calls, use_warm=True), _run(second, calls, use_warm=True)
    assert (one.kernel, two.kernel) == ("warm", "warm")
    assert one.outcomes["c"].value == [True, True, ""]
    assert two.outcomes["c"].value == [True, False, ""]  # a fresh fork: the first one's module state is gone
    assert processes.descendants(warm.parent().proc.pid) == []  # the sleep the first one started is killed


@pytest.mark.slow
def test_a_warm_kernel_keeps_the_time_limit_of_a_call_and_goes_on_after_it(tmp_path):
    path = tmp_path / "lab.py"
    path.write_text("def running_total(numbers):\n    while True:\n        pass\n")
    report = grade(path, [1], seed=3, limits=Limits(total_timeout=120, cell_timeout=30), isolation="process",
                   warm=True)
    assert report.kernel == "warm"
    assert {t.name: t.status for w in report.weeks for t in w.tasks}["running_total"] is Status.TIMEOUT


def test_a_notebook_that_sets_environment_variables_gets_a_cold_kernel_and_the_reason(tmp_path):
    for source in ('import os\nos.environ["KERAS_BACKEND"] = "jax"\nimport keras',
                   "%env TF_ENABLE_ONEDNN_OPTS=0", 'import os\nos.putenv("OMP_NUM_THREADS", "1")',
                   'from os import environ\nenviron.update(TF_NUM_INTEROP_THREADS="1")'):
        choice = warm.choose(write_notebook(tmp_path / "env.ipynb", source))
        assert not choice.warm and "sets environment variables" in choice.reason
    reads = 'import os\nif os.environ.get("CI") == "1":\n    print(os.environ["HOME"])'
    assert warm.choose(write_notebook(tmp_path / "plain.ipynb", "import keras\n" + reads)).warm


def test_a_notebook_that_imports_tensorflow_or_keras_gets_the_warm_parent_that_has_them(tmp_path):
    deep = ["import keras", "from tensorflow import keras", "import numpy as np, tensorflow as tf",
            "def f():\n    from keras.layers import Dense"]
    light = ["import numpy as np", "x = 'import keras'", "import numpy  # keras later",
             "from sklearn import keras_like"]
    for source in deep + light:
        choice = warm.choose(write_notebook(tmp_path / "nb.ipynb", source))
        assert choice.warm and choice.deep is (source in deep), source


NEEDS_BWRAP = pytest.mark.skipif(not isolation.probe_bubblewrap().ok, reason=isolation.probe_bubblewrap().detail)

# a module submission that looks around its sandbox, leaves traces for the next run and writes what it saw
LOOKS_AROUND = '''
import ctypes, glob, json, os, subprocess
seen = {
    "tmp": sorted(glob.glob("/tmp/**", recursive=True)),
    "shm": sorted(os.listdir("/dev/shm")),
    "parent_home": sorted(os.listdir(PARENT_HOME)),
    "caps": [line.split()[1] for line in open("/proc/self/status") if line.startswith(("CapEff", "CapBnd"))],
    "child_caps": subprocess.run(["grep", "CapEff", "/proc/self/status"], capture_output=True,
                                 text=True).stdout.split(),
    "umount_tmp": ctypes.CDLL(None, use_errno=True).umount2(b"/tmp", 2),
}
open("/tmp/left-by-a-run", "w").write("x")
open("/dev/shm/left-by-a-run", "w").write("x")
json.dump(seen, open("seen.json", "w"))
'''


@NEEDS_BWRAP
@pytest.mark.slow
def test_a_warm_run_under_bubblewrap_sees_only_its_own_folder_and_nothing_an_earlier_run_left(tmp_path):
    warm_parent_or_skip(isolation.BUBBLEWRAP)
    parent = warm.parent(isolation.BUBBLEWRAP)
    path = tmp_path / "looks_around.py"
    path.write_text(f"PARENT_HOME = {parent.home!r}\n" + LOOKS_AROUND)
    seen = []
    for _ in range(2):
        with Sandbox(path, Limits(total_timeout=120), isolation.BUBBLEWRAP, use_warm=True) as box:
            box.send([])
            run = box.wait([])
            assert (run.kernel, run.isolation) == ("warm", isolation.BUBBLEWRAP), run.kernel_note
            seen.append((box.workdir, json.loads(next(box.workdir.rglob("seen.json")).read_text())))
    trees = isolation.visible_trees()  # Python and the grader are in /tmp too where the clone lives there

    def allowed(path: Path, folder: Path) -> bool:  # the run's own folder, the sandbox's trees, folders above
        return any(path == f or path in f.parents or f in path.parents for f in (folder, *trees))

    for workdir, what in seen:
        assert all(p == "/tmp/" or allowed(Path(p), workdir) for p in what["tmp"]), what["tmp"]
        assert what["shm"] == []
        assert what["parent_home"] == ["runs"]  # the warm parent's own files are hidden
        assert what["caps"] == ["0000000000000000", "0000000000000000"]
        assert what["child_caps"][1] == "0000000000000000"  # not regained by exec
        assert what["umount_tmp"] == -1
    assert not any("left-by-a-run" in p for p in seen[1][1]["tmp"])
    assert list(parent.runs.iterdir()) == []


@NEEDS_BWRAP
@pytest.mark.slow
def test_a_warm_run_under_bubblewrap_that_kills_every_process_it_can_ends_like_a_cold_one(tmp_path):
    warm_parent_or_skip(isolation.BUBBLEWRAP)
    path = write_notebook(tmp_path / "kills.ipynb", "import os, signal\nos.kill(-1, signal.SIGKILL)")
    reports = {kind: grade(path, [1], seed=3, limits=Limits(total_timeout=120), isolation=isolation.BUBBLEWRAP,
                           warm=kind == "warm") for kind in ("cold", "warm")}
    assert reports["warm"].kernel == "warm"
    assert (reports["warm"].outcome, reports["warm"].score) == (reports["cold"].outcome, reports["cold"].score)
    after = grade(ROOT / "examples" / "submissions" / "week01" / "correct.ipynb", [1], seed=3,
                  limits=Limits(total_timeout=120), isolation=isolation.BUBBLEWRAP, warm=True)
    assert (after.kernel, after.score) == ("warm", after.max_score)  # a new warm parent serves the next one


@pytest.mark.slow
def test_a_cold_fallback_is_said_in_the_report(tmp_path):
    path = write_notebook(tmp_path / "env.ipynb", 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = ""')
    report = grade(path, [1], seed=3, limits=Limits(total_timeout=120), isolation="process", warm=True)
    assert report.kernel == "cold"
    assert any("cold kernel: the notebook sets environment variables" in n for n in report.notes)
    assert report.to_json()["kernel"] == "cold"


# every week once, its correct example and the slips example (the whole set runs cold in test_examples_end_to_end)
REPRESENTATIVE = [e for e in EXPECTED if e.path.stem in ("correct", "typical_mistakes")]


@pytest.mark.slow
@pytest.mark.parametrize("expected", REPRESENTATIVE, ids=[f"week{e.week}-{e.path.name}" for e in REPRESENTATIVE])
def test_example_earns_exactly_its_recorded_outcome_with_the_warm_kernel(expected):
    """At the level a batch gets by default (bubblewrap where the machine has it)."""
    warm_parent_or_skip(isolation.choose("auto"))
    report = grade(expected.path, [expected.week], limits=Limits(total_timeout=180), isolation="auto", warm=True)
    assert report.kernel == "warm", report.notes
    assert [str(d) for d in compare(report, expected)] == []


@pytest.mark.slow
def test_a_warm_kernel_that_dies_is_restarted_warm_with_the_good_cells_replayed(tmp_path):
    correct = ROOT / "examples" / "submissions" / "week01" / "correct.ipynb"
    nb = nbformat.read(correct, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    path = tmp_path / "dies.ipynb"
    nbformat.write(nb, path)
    report = grade(path, [1], seed=3, limits=Limits(total_timeout=180), isolation="process", warm=True)
    assert report.kernel == "warm"
    assert {t.name: t.status for w in report.weeks for t in w.tasks}["running_total"] is Status.PASSED
    assert report.score == report.max_score


@pytest.fixture
def own_warm_parents(monkeypatch):
    """This test's warm parents are its own: the process's others are put back afterwards."""
    saved = dict(warm._PARENTS)
    warm._PARENTS.clear()
    yield
    for started in warm._PARENTS.values():
        started.close()
    warm._PARENTS.clear()
    warm._PARENTS.update(saved)


def test_a_warm_up_that_fails_is_not_tried_again_and_each_run_goes_cold_saying_why(tmp_path, monkeypatch,
                                                                                      own_warm_parents):
    broken = tmp_path / "site"
    (broken / "pandas").mkdir(parents=True)  # a pandas that cannot be imported: a real failed warm-up
    (broken / "pandas" / "__init__.py").write_text("raise ImportError('this pandas is broken')")
    monkeypatch.setenv("PYTHONPATH", f"{broken}:{ROOT}")
    first = warm.parent()
    assert "this pandas is broken" in first.wait_ready()
    assert warm.parent() is first  # remembered, not started again for every submission
    script = tmp_path / "plain.py"
    script.write_text("x = 1\n")
    with Sandbox(script, Limits(total_timeout=60), "process", use_warm=True) as box:
        assert box.kernel == "cold" and "could not serve" in box.kernel_note and "pandas" in box.kernel_note


def test_the_bubblewrap_warm_parent_checks_first_that_a_run_can_have_its_own_view(tmp_path):
    """The check comes before the imports: a machine that refuses it learns so at once."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "grader.sandbox.zygote", "--private-runs", str(tmp_path / "no")],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, cwd=tmp_path)
    answer = json.loads(done.stdout.splitlines()[0])
    assert answer["ready"] is False and "cannot have its own view" in answer["error"]
    assert time.monotonic() - started < 5
