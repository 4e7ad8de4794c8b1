"""The two rules the sandbox enforces on every graded call: inputs unchanged, forbidden APIs unused."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from grader.grading import grade
from grader.results import Status
from grader.sandbox.agent import run_call
from grader.sandbox.limits import Limits
from tests.helpers import task, write_notebook

# ------------------------------------------------------------------ fast: both rules through the agent, in-process
# (each rule on its own: tests/sandbox/test_arguments.py, tests/sandbox/test_forbidden.py)


NAMESPACE_SOURCE = '''
import numpy as np
import sklearn.metrics
import sklearn.metrics as m
from sklearn.metrics import f1_score

def scale_in_place(values, factor=2.0):
    values *= factor
    return float(values.sum())

def scale_copy(values, factor=2.0):
    values = np.array(values, dtype=float)
    values *= factor
    return float(values.sum())

def fill_in_place(df):
    df.fillna(0.0, inplace=True)
    return df

def direct(y, p):
    return float(sklearn.metrics.f1_score(y, p, average="macro"))

def imported_name(y, p):
    return float(f1_score(y, p, average="macro"))

def module_alias(y, p):
    return float(m.precision_score(y, p, average="macro"))

def swallowed(y, p):
    try:
        return float(f1_score(y, p, average="macro"))
    except Exception:
        return 0.5

def swallowed_everything(y, p):
    try:
        return float(f1_score(y, p, average="macro"))
    except BaseException:
        return 0.5

def private_path(y, p):
    from sklearn.metrics._classification import f1_score as f
    return float(f(y, p, average="macro"))

def private_module(y, p):
    import sklearn.metrics._classification as c
    return float(c.f1_score(y, p, average="macro"))

def by_hand(y, p):
    y, p = np.asarray(y), np.asarray(p)
    return float(np.mean(y == p))
'''


@pytest.fixture(scope="module")
def namespace() -> dict:
    ns: dict = {}
    exec(NAMESPACE_SOURCE, ns)
    return ns


def test_a_call_that_changes_an_argument_is_mutated_naming_it(namespace):
    outcome, _, info = run_call(namespace, "scale_in_place", "call", [np.arange(3.0)], {}, 10)
    assert (outcome, info["argument"], info["position"]) == ("mutated", "values", "1")
    outcome, _, info = run_call(namespace, "scale_in_place", "call", [], {"values": np.arange(3.0)}, 10)
    assert (outcome, info["argument"], info["position"]) == ("mutated", "values", "")
    outcome, _, info = run_call(namespace, "fill_in_place", "call", [pd.DataFrame({"a": [1.0, np.nan]})], {}, 10)
    assert (outcome, info["argument"], info["kind"]) == ("mutated", "df", "frame")


def test_a_call_that_works_on_a_copy_returns(namespace):
    assert run_call(namespace, "scale_copy", "call", [np.arange(3.0)], {}, 10)[:2] == ("returned", 6.0)


@pytest.mark.parametrize("function", ["direct", "imported_name", "module_alias", "swallowed", "swallowed_everything",
                                      "private_path", "private_module"])
def test_a_forbidden_api_is_caught_by_every_route_and_restored_after(namespace, function):
    original = namespace["f1_score"]
    outcome, _, info = run_call(namespace, function, "call", [[0, 1, 1], [0, 1, 0]], {}, 10, ("sklearn.metrics",))
    assert outcome == "forbidden"
    assert info["api"] in ("sklearn.metrics.f1_score", "sklearn.metrics.precision_score")
    assert namespace["f1_score"] is original and sys.modules["sklearn.metrics"].f1_score is original
    assert sys.modules["sklearn.metrics._classification"].f1_score is original
    assert run_call(namespace, function, "call", [[0, 1, 1], [0, 1, 0]], {}, 10)[0] == "returned"


def test_a_guarded_call_that_does_not_use_the_api_returns(namespace):
    assert run_call(namespace, "by_hand", "call", [[0, 1, 1], [0, 1, 0]], {}, 10, ("sklearn.metrics",))[0] == "returned"


def test_a_module_first_imported_inside_the_call_is_guarded_too():
    ns: dict = {}
    exec("def late(s):\n    import colorsys\n    return colorsys.rgb_to_hsv(s, s, s)\n", ns)
    sys.modules.pop("colorsys", None)
    outcome, _, info = run_call(ns, "late", "call", [0.5], {}, 10, ("colorsys.rgb_to_hsv",))
    assert (outcome, info) == ("forbidden", {"api": "colorsys.rgb_to_hsv"})
    assert run_call(ns, "late", "call", [0.5], {}, 10)[0] == "returned"


def test_a_forbidden_class_is_caught_through_a_subclass_and_an_instance_made_before():
    ns: dict = {}
    exec("from sklearn.preprocessing import MinMaxScaler\nimport numpy as np\n"
         "made_before = MinMaxScaler()\nclass Mine(MinMaxScaler):\n    pass\n"
         "def use_sub(v):\n    return Mine().fit_transform(np.c_[v])\n"
         "def use_instance(v):\n    return made_before.fit_transform(np.c_[v])\n", ns)
    forbidden = ("sklearn.preprocessing.MinMaxScaler",)
    for function in ("use_sub", "use_instance"):
        assert run_call(ns, function, "call", [[1.0, 2.0]], {}, 10, forbidden)[0] == "forbidden"
        assert run_call(ns, function, "call", [[1.0, 2.0]], {}, 10)[0] == "returned"


# ------------------------------------------------------------------ slow: real kernels, the grader and the self-check

MUTATES = '''
def merge_counts(a, b):
    for key, value in b.items():
        a[key] = a.get(key, 0) + value
    return dict(a)
'''
COPIES = '''
def merge_counts(a, b):
    merged = dict(a)
    for key, value in b.items():
        merged[key] = merged.get(key, 0) + value
    return merged
'''
METRICS_BY_LIBRARY = '''
import numpy as np
import sklearn.metrics as m
from sklearn.metrics import f1_score

def compute_confusion_matrix(y_true, y_pred, labels):
    labels_in_order = list(labels)
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    counts = np.array([[np.sum((y_true == a) & (y_pred == b)) for b in labels_in_order] for a in labels_in_order])
    if isinstance(labels, list):
        labels.reverse()  # the caller's list, changed in place
    else:
        labels[:] = labels[::-1].copy()
    return counts

def compute_precision_recall_f1(y_true, y_pred, positive):
    try:
        p = m.precision_score(y_true, y_pred, pos_label=positive, average="binary", zero_division=0)
        r = m.recall_score(y_true, y_pred, pos_label=positive, average="binary", zero_division=0)
        f = m.f1_score(y_true, y_pred, pos_label=positive, average="binary", zero_division=0)
    except Exception:  # hiding the guard does not help
        return 0.0, 0.0, 0.0
    return p, r, f

def compute_macro_f1(y_true, y_pred):
    return f1_score(y_true, y_pred, average="macro", zero_division=0)
'''
METRICS_BY_HAND = '''
import numpy as np
import sklearn.metrics

def compute_confusion_matrix(y_true, y_pred, labels):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    labels = list(labels)
    counts = np.array([[np.sum((y_true == a) & (y_pred == b)) for b in labels] for a in labels])
    labels.reverse()  # a copy: the caller's labels stay as they were
    return counts

def _prf(y_true, y_pred, positive):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_pred == positive) & (y_true == positive))
    p = tp / np.sum(y_pred == positive) if np.sum(y_pred == positive) else 0.0
    r = tp / np.sum(y_true == positive) if np.sum(y_true == positive) else 0.0
    return float(p), float(r), float(2 * p * r / (p + r)) if p + r else 0.0

def compute_precision_recall_f1(y_true, y_pred, positive):
    return _prf(y_true, y_pred, positive)

def compute_macro_f1(y_true, y_pred):
    classes = sorted(set(np.asarray(y_true).tolist()) | set(np.asarray(y_pred).tolist()), key=str)
    return float(np.mean([_prf(y_true, y_pred, c)[2] for c in classes]))

print(sklearn.metrics.f1_score([0, 1], [0, 1]))  # outside the graded functions: allowed
'''


def _grade(path: Path, week: int, public: bool = False):
    return grade(path, [week], seed=7, public=public, limits=Limits(cell_timeout=60, total_timeout=180))


@pytest.mark.slow
def test_changing_an_argument_fails_naming_it_and_a_copy_passes(tmp_path):
    mutated = task(_grade(write_notebook(tmp_path / "mutates.ipynb", MUTATES), 1), "merge_counts")
    assert mutated.status is Status.FAILED and mutated.score == 0
    assert "changed its argument `a` (position 1) in place" in mutated.message
    assert "dict(a)" in mutated.message
    copied = task(_grade(write_notebook(tmp_path / "copies.ipynb", COPIES), 1), "merge_counts")
    assert copied.status is Status.PASSED


@pytest.mark.slow
def test_forbidden_metrics_fail_by_every_route_and_by_hand_passes(tmp_path):
    report = _grade(write_notebook(tmp_path / "library.ipynb", METRICS_BY_LIBRARY), 3)
    confusion = task(report, "compute_confusion_matrix")
    assert confusion.status is Status.FAILED and "changed its argument `labels` (position 3)" in confusion.message
    for name, api in (("compute_precision_recall_f1", "sklearn.metrics.precision_score"),
                      ("compute_macro_f1", "sklearn.metrics.f1_score")):
        result = task(report, name)
        assert result.status is Status.FAILED and result.score == 0, result
        assert f"this task asks you to write it with NumPy: {api} was called" in result.message
    by_hand = _grade(write_notebook(tmp_path / "by_hand.ipynb", METRICS_BY_HAND), 3)
    assert {n: task(by_hand, n).status for n in ("compute_confusion_matrix", "compute_precision_recall_f1",
                                                  "compute_macro_f1")} == dict.fromkeys(
        ("compute_confusion_matrix", "compute_precision_recall_f1", "compute_macro_f1"), Status.PASSED)


@pytest.mark.slow
@pytest.mark.parametrize("source", [METRICS_BY_LIBRARY, METRICS_BY_HAND], ids=["library", "by_hand"])
def test_self_check_gives_the_graders_verdict_on_both_rules(tmp_path, source):
    from tests.test_selfcheck import self_check

    path = write_notebook(tmp_path / "lab.ipynb", source)
    report = _grade(path, 3, public=True)
    assert self_check(path, 3, tmp_path) == {t.name: t.status.value for w in report.weeks for t in w.tasks}


def test_forbidden_names_survive_freezing_for_the_student_bundle(tmp_path, monkeypatch):
    from grader import freeze, frozen
    from grader.catalog import load_week
    from grader.plan import PUBLIC_SEED

    spec = load_week(3)
    freeze.write_frozen(spec, PUBLIC_SEED, tmp_path)
    monkeypatch.setattr(frozen, "_folder", lambda week: tmp_path)
    loaded = frozen.load_frozen(3)
    assert {t.name: t.forbidden for t in loaded.tasks} == {t.name: t.forbidden for t in spec.tasks}
    assert next(t for t in loaded.tasks if t.name == "compute_macro_f1").forbidden == ("sklearn.metrics",)


KERAS_SOURCE = '''
import numpy as np
import keras
import tensorflow as tf
from keras.layers import LSTM

made_before = keras.layers.LSTM(2)

class Mine(LSTM):
    pass

def keras_path(x): return np.asarray(keras.layers.LSTM(2)(x))
def imported_name(x): return np.asarray(LSTM(2)(x))
def tf_keras_path(x): return np.asarray(tf.keras.layers.LSTM(2)(x))
def subclass(x): return np.asarray(Mine(2)(x))
def instance_made_before(x): return np.asarray(made_before(x))
def ops_function(x): return np.asarray(tf.keras.ops.conv(x, np.ones((1, 2, 2), "float32")))
def by_hand(x): return np.tanh(x)
'''


@pytest.mark.slow
def test_a_forbidden_keras_layer_is_caught_through_every_alias_and_works_again_after():
    pytest.importorskip("keras")
    ns: dict = {}
    exec(KERAS_SOURCE, ns)
    x = np.zeros((1, 3, 2), dtype="float32")
    forbidden = ("keras.layers.LSTM", "keras.ops.conv")
    for function in ("keras_path", "imported_name", "tf_keras_path", "subclass", "instance_made_before",
                     "ops_function"):
        outcome, _, info = run_call(ns, function, "call", [x], {}, 60, forbidden)
        assert (function, outcome, info["api"][:6]) == (function, "forbidden", "keras.")
        assert run_call(ns, function, "call", [x], {}, 60)[0] == "returned", function
    assert run_call(ns, "by_hand", "call", [x], {}, 60, forbidden)[0] == "returned"


def test_the_grader_turns_both_outcomes_into_failed_tasks_that_say_what_to_fix():
    from grader.catalog import load_week
    from grader.evaluate import CaseRun, RunContext, evaluate_task
    from grader.sandbox.runner import CallOutcome
    from grader.spec import Case

    macro = next(t for t in load_week(3).tasks if t.name == "compute_macro_f1")
    case = Case(([0, 1], [0, 1]), label="y_true=[0, 1], y_pred=[0, 1]", public=True)
    used = evaluate_task(macro, 1.0, [CaseRun(case, 1.0, CallOutcome("forbidden", info={
        "api": "sklearn.metrics.f1_score"}))], RunContext())
    assert (used.status, used.score) == (Status.FAILED, 0.0)
    assert "this task asks you to write it with NumPy: sklearn.metrics.f1_score was called" in used.message
    assert "sklearn.metrics" in used.message.partition("off-limits")[2]
    changed = evaluate_task(macro, 1.0, [CaseRun(case, 1.0, CallOutcome("mutated", info={
        "argument": "y_true", "position": "1", "kind": "array"}))], RunContext())
    assert (changed.status, changed.score) == (Status.FAILED, 0.0)
    assert "changed its argument `y_true` (position 1) in place: work on a copy" in changed.message
