"""Every check in grader.checks meets a few hundred codec-shaped values of any form and must answer
with a CheckResult, never an exception: what comes back from the sandbox is untrusted data.

The checks are called as the specs use them (each task's `check` partial with an answer planned
by `plan_week`), so every tolerance, band and hint keyword is exercised as graded."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

import grader.checks
from grader.catalog import available_weeks, load_week
from grader.plan import plan_week
from grader.results import CheckResult

SEED = 20261128
DTYPES = ("int8", "int64", "uint8", "float32", "float64", "bool", "complex128", "U5", "S3", "object")
SHAPES = ((), (0,), (1,), (3,), (2, 3), (0, 3), (3, 0), (1, 1, 1, 1), (4, 2, 5), (7, 1), (1, 7), (2000, 3))
TEXTS = ("", "a", "cat", "1.5", "nan", "\x00", "é中", " ", "None", "[1, 2]", "x" * 300)


def check_functions() -> dict[str, Any]:
    """Every public `check_*` function of every module of grader.checks, by qualified name."""
    found = {}
    for info in pkgutil.iter_modules(grader.checks.__path__):
        module = importlib.import_module(f"grader.checks.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("check_") and fn.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = fn
    return found


def _base(check: Any) -> Any:
    while isinstance(check, functools.partial):
        check = check.func
    return check


def _qualified(fn: Any) -> str:
    return f"{fn.__module__}.{fn.__name__}"


@functools.cache
def graded_checks() -> list[tuple[str, Any, Any]]:
    """(task, check as the spec calls it, one planned expected value) for every task of every week,
    plus the checks no spec uses, called with a plain expected value."""
    pairs = []
    for week in available_weeks():
        for planned in plan_week(load_week(week), seed=SEED):
            pairs.append((f"week{week:02d}.{planned.task.name}", planned.task.check, planned.expected[-1]))
    used = {_qualified(_base(check)) for _, check, _ in pairs}
    extra = {"grader.checks.arrays.check_shape": (3, 2)}
    for name, fn in check_functions().items():
        if name not in used:
            assert name in extra, f"{name} is used by no spec: give it an expected value in this test"
            pairs.append((name, fn, extra[name]))
    return pairs


def random_scalar(rng: np.random.Generator) -> Any:
    choice = rng.integers(12)
    return [None, True, False, int(rng.integers(-5, 5)), 2**70, float(rng.normal()), float("nan"), float("inf"),
            -float("inf"), TEXTS[rng.integers(len(TEXTS))], np.float32(rng.normal()), np.int64(3)][choice]


def random_array(rng: np.random.Generator) -> np.ndarray:
    dtype = DTYPES[rng.integers(len(DTYPES))]
    shape = SHAPES[rng.integers(len(SHAPES))]
    if dtype == "object" and np.prod(shape) > 100:
        shape = (4, 25)
    n = int(np.prod(shape))
    if dtype in ("U5", "S3"):
        values = rng.choice(["", "a", "b c", "1", "nan", "\x1b["], size=n)
    elif dtype == "object":
        values = np.empty(n, dtype=object)
        for i in range(n):
            values[i] = random_scalar(rng)
    elif dtype == "bool":
        values = rng.integers(0, 2, n)
    else:
        values = rng.normal(0, 3, n)
        if dtype.startswith("float") and n:
            values[rng.integers(n)] = rng.choice([np.nan, np.inf, -np.inf, 0.5])
        if dtype == "complex128":
            values = values + 1j * rng.normal(size=n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(values).astype(dtype).reshape(shape)


def random_frame(rng: np.random.Generator) -> pd.DataFrame:
    n_rows, n_cols = int(rng.integers(0, 5)), int(rng.integers(0, 4))
    names = [["a", "a", "", "0"][rng.integers(4)] + str(rng.integers(3)) for _ in range(n_cols)]
    columns = {}
    for name in names:
        kind = rng.integers(3)
        columns[name] = (rng.normal(size=n_rows) if kind == 0 else
                         rng.choice(["x", "y", ""], size=n_rows).astype(object) if kind == 1 else
                         [random_scalar(rng) for _ in range(n_rows)])
    index = [rng.choice([None, "r"]) for _ in range(n_rows)] if rng.random() < 0.3 else None
    frame = pd.DataFrame(columns, index=index)
    if rng.random() < 0.2 and frame.shape[1]:
        frame.columns = [0] * frame.shape[1]  # duplicated, non-string column names
    return frame


def random_value(rng: np.random.Generator, depth: int = 0) -> Any:
    kind = rng.integers(9 if depth < 3 else 2)
    if kind == 0:
        return random_scalar(rng)
    if kind == 1:
        return random_array(rng)
    if kind in (2, 3):
        items = [random_value(rng, depth + 1) for _ in range(rng.integers(0, 6))]
        return items if kind == 2 else tuple(items)
    if kind == 4:
        keys = ["layers", "axes", "lines", "class", "a", "", "units", "x", "y", "label", "inner", "params"]
        return {keys[rng.integers(len(keys))]: random_value(rng, depth + 1) for _ in range(rng.integers(0, 5))}
    if kind == 5:
        return random_frame(rng)
    if kind == 6:
        return pd.Series(random_array(rng).reshape(-1)[:10])
    if kind == 7:
        return [tuple(random_value(rng, depth + 2) for _ in range(rng.integers(1, 6))) for _ in range(3)]
    return [random_scalar(rng) for _ in range(rng.integers(0, 4))]


def near_miss(expected: Any, rng: np.random.Generator, depth: int = 0) -> Any:
    """A value shaped like `expected` (same keys, lengths, columns) holding random contents, so the
    checks' deeper branches meet odd data too."""
    if depth > 6 or rng.random() < 0.15:
        return random_value(rng, depth)
    if isinstance(expected, np.ndarray):
        if rng.random() < 0.5 or expected.size > 5000:
            return random_array(rng)
        dtype = DTYPES[rng.integers(len(DTYPES))]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return (expected + rng.normal(size=expected.shape) if expected.dtype.kind in "if" else expected) \
                    .astype(dtype)
            except (TypeError, ValueError):
                return random_array(rng)
    if isinstance(expected, pd.DataFrame):
        out = pd.DataFrame({c: [random_scalar(rng) for _ in range(len(expected))] for c in expected.columns})
        return out.sample(frac=1, random_state=int(rng.integers(1000))) if len(out) else out
    if isinstance(expected, dict):
        return {k: near_miss(v, rng, depth + 1) for k, v in expected.items() if rng.random() < 0.9}
    if isinstance(expected, (list, tuple)):
        items = [near_miss(v, rng, depth + 1) for v in expected[:50]]
        return items if isinstance(expected, list) else tuple(items)
    return random_value(rng, depth)


@functools.cache
def shared_values(n: int = 300) -> tuple[Any, ...]:
    """A few hundred random codec-shaped values, the same for every check (seeded)."""
    rng = np.random.default_rng(SEED)
    return tuple(random_value(rng) for _ in range(n))


def fuzz_values(expected: Any, n_near: int, seed: int) -> list[Any]:
    """The shared values, then `n_near` values shaped like this check's expected answer."""
    rng = np.random.default_rng(seed)
    return [*shared_values(), *(near_miss(expected, rng) for _ in range(n_near))]


def test_every_check_function_is_fuzzed():
    covered = {_qualified(_base(check)) for _, check, _ in graded_checks()}
    assert set(check_functions()) <= covered


@pytest.mark.parametrize("index", range(len(graded_checks())), ids=[t for t, _, _ in graded_checks()])
def test_check_answers_any_value_with_a_check_result(index):
    task, check, expected = graded_checks()[index]
    for i, value in enumerate(fuzz_values(expected, 80, SEED + index)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = check(value, expected)
        except Exception as exc:
            pytest.fail(f"{task}: value {i} ({type(value).__name__}: {str(value)[:200]!r}) raised "
                        f"{type(exc).__name__}: {exc}")
        assert isinstance(result, CheckResult), f"{task}: value {i} gave {type(result).__name__}"
        assert result.ok or result.message, f"{task}: a failure without a message for value {i}"
