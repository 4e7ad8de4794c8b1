"""Checks for arrays, scalars and exact values, with messages a student can act on."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.text import position, preview, type_name
from grader.results import CheckResult


def _shape_hint(actual: tuple[int, ...], expected: tuple[int, ...]) -> str:
    """A fix for the common shape slips (a 1-D series where a column is expected, etc.)."""
    if len(expected) == 2 and expected[1] == 1 and actual == expected[:1]:
        return ": scikit-learn scalers need a column; use values.reshape(-1, 1)"
    if len(actual) == 2 and actual[1] == 1 and expected == actual[:1]:
        return ": expected a flat array; use .ravel() or .reshape(-1)"
    if len(actual) == len(expected) == 2 and actual == expected[::-1]:
        return ": rows and columns are swapped (transpose?)"
    if len(actual) == len(expected) and sorted(actual) == sorted(expected):
        return ": the axes are in a different order"
    return ""


def check_shape(actual: Any, expected_shape: tuple[int, ...]) -> CheckResult:
    """Exact shape match; the message names both shapes and a likely fix."""
    try:
        shape = tuple(np.shape(actual))
    except (TypeError, ValueError):
        return CheckResult.fail(f"returned {type_name(actual)} with rows of different lengths, expected an array "
                                f"of shape {tuple(expected_shape)}")
    if shape == tuple(expected_shape):
        return CheckResult.passed()
    return CheckResult.fail(
        f"shape {shape} but expected {tuple(expected_shape)}{_shape_hint(shape, tuple(expected_shape))}"
    )


def _as_array(value: Any) -> np.ndarray | None:
    """Lists/tuples/scalars of numbers or strings as an array; None when that makes no sense."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, (list, tuple, int, float, bool, np.generic)):
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError):
            return None
        return None if arr.dtype == object else arr
    return None


def _kind(arr: np.ndarray) -> str:
    if arr.dtype.kind in "iu":
        return "integer"
    if arr.dtype.kind == "f":
        return "float"
    if arr.dtype.kind == "b":
        return "boolean"
    if arr.dtype.kind in "US":
        return "string"
    return arr.dtype.name


KINDS = {"integer": "integers", "float": "floats", "bool": "booleans", "boolean": "booleans", "string": "strings"}
CASTS = {"integer": ".astype(int)", "float": ".astype(float)", "bool": ".astype(bool)", "boolean": ".astype(bool)",
         "string": ".astype(str)"}


def _kind_problem(arr: np.ndarray, kind: str | None) -> CheckResult | None:
    """The failure for an array whose values are not of the kind the statement names, else None."""
    if kind is None:
        return None
    want = "boolean" if kind == "bool" else kind
    got = _kind(arr)
    if got == want:
        return None
    first = arr.reshape(-1)[0] if arr.size else None
    first = first.item() if isinstance(first, np.generic) else first
    example = f" (e.g. {first!r})" if isinstance(first, float) else f" (e.g. {preview(first)})" if arr.size else ""
    return CheckResult.fail(f"returned {KINDS.get(got, got + ' values')}{example}; the statement asks for "
                            f"{KINDS[kind]}: return {CASTS[kind]}")


def check_array(
    actual: Any,
    expected: np.ndarray,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    exact: bool | None = None,
    kind: str | None = None,
) -> CheckResult:
    """Compare an array in full: type, shape, kind of values, NaN/inf, then values.

    Floats use rtol/atol; integers, booleans and strings compare exactly unless `exact`
    says otherwise. Integer answers to a float question pass when the values match, unless
    `kind` ("integer", "float", "bool", "string") says the statement names the type. A float32 answer
    to a float64 question is compared at single precision (rtol >= 1e-5, atol >= 1e-5 x its largest value).
    """
    expected = np.asarray(expected)
    arr = _as_array(actual)
    if arr is None:
        return CheckResult.fail(
            f"returned {type_name(actual)}, expected a NumPy array of shape {expected.shape}"
        )
    shape = check_shape(arr, expected.shape)
    if not shape.ok:
        return shape
    wrong_kind = _kind_problem(arr, kind)
    if wrong_kind is not None:
        return wrong_kind
    exp_kind, act_kind = _kind(expected), _kind(arr)
    numeric = {"integer", "float", "boolean"}
    if exp_kind == "string" or act_kind == "string":
        if exp_kind != act_kind:
            return CheckResult.fail(f"values are {act_kind}s but expected {exp_kind}s")
        return _compare_exact(arr.astype(str), expected.astype(str))
    if act_kind not in numeric:
        return CheckResult.fail(f"values have dtype {arr.dtype}, expected numbers ({exp_kind})")
    if exact is None:
        exact = exp_kind != "float"
    if exact:
        if act_kind == "float" and not np.all(np.isfinite(arr)):
            return _non_finite(arr, expected)
        return _compare_exact(arr, expected)
    rtol, atol = _single_precision_tolerance(arr, expected, rtol, atol)
    return _compare_close(arr.astype(float), expected.astype(float), rtol, atol)


SINGLE_RTOL = 1e-5  # float32 keeps ~7 digits; a loop of float32 steps drifts by ~1e-6 of the answer's scale


def _single_precision_tolerance(arr: np.ndarray, expected: np.ndarray, rtol: float,
                                atol: float) -> tuple[float, float]:
    """The tolerances for this answer: a float32 answer to a float64 question is compared at single precision.

    Its rounding errors scale with the answer's largest magnitude, not with each entry, so a correct float32
    computation (the deep-learning default) is not failed, or failed only on some hidden seeds, for them.
    """
    if arr.dtype != np.float32 or expected.dtype.kind != "f" or expected.dtype.itemsize <= 4:
        return rtol, atol
    finite = np.abs(expected[np.isfinite(expected)])
    scale = float(finite.max()) if finite.size else 0.0
    return max(rtol, SINGLE_RTOL), max(atol, SINGLE_RTOL * scale)


def _non_finite(arr: np.ndarray, expected: np.ndarray) -> CheckResult:
    """Where NaN/inf differ: a NaN or inf the answer should not have, or a number where the answer
    should be NaN (a missing value filled in, e.g. with 0)."""
    bad = ~np.isfinite(arr) & np.isfinite(expected)
    if bad.any():
        first = tuple(np.argwhere(bad)[0])
        what = "NaN" if np.isnan(arr[first]) else "inf"
        return CheckResult.fail(
            f"{int(bad.sum())} value(s) are NaN or inf, first at {position(first)} ({what}, "
            f"expected {preview(expected[first])}): look for a division by zero or a shift that "
            f"left empty rows"
        )
    missing = np.isnan(expected) & ~np.isnan(arr)
    mismatched = missing | (np.isinf(expected) & (arr != expected))
    first = tuple(np.argwhere(mismatched)[0])
    return CheckResult.fail(
        f"{int(mismatched.sum())} value(s) should be {preview(expected[first])}, first at {position(first)} "
        f"(got {preview(arr[first])})" + (": a missing value must stay NaN, not be filled in" if missing.any() else "")
    )


def _compare_exact(arr: np.ndarray, expected: np.ndarray) -> CheckResult:
    wrong = arr != expected
    if not np.any(wrong):
        return CheckResult.passed()
    first = tuple(np.argwhere(wrong)[0])
    return CheckResult.fail(
        f"{int(np.sum(wrong))} of {wrong.size} values differ; first at {position(first)}: "
        f"got {preview(arr[first])}, expected {preview(expected[first])}"
    )


def _compare_close(arr: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> CheckResult:
    if not np.all(np.isfinite(arr) | ~np.isfinite(expected)) or (
        np.isnan(arr) != np.isnan(expected)
    ).any():
        return _non_finite(arr, expected)
    close = np.isclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return CheckResult.passed()
    wrong = ~close
    first = tuple(np.argwhere(wrong)[0])
    worst = float(np.nanmax(np.abs(arr - expected)[wrong]))
    return CheckResult.fail(
        f"{int(wrong.sum())} of {wrong.size} values differ beyond rtol={rtol:g}, atol={atol:g}; "
        f"first at {position(first)}: got {preview(arr[first])}, expected "
        f"{preview(expected[first])} (largest difference {worst:.3g})"
    )


SCALAR_NAMES = {"integer": "an int", "float": "a float", "bool": "a bool (True or False)", "string": "a string"}
SCALAR_CASTS = {"integer": "int(...)", "float": "float(...)", "bool": "bool(...)", "string": "str(...)"}


def _scalar_kind(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, np.integer)):
        return "integer"
    if isinstance(value, (float, np.floating)):
        return "float"
    if isinstance(value, str):
        return "string"
    return type_name(value)


def check_equal(actual: Any, expected: Any, *, kind: str | None = None) -> CheckResult:
    """Exact equality for plain values (strings, integers, labels), with types named. A string is
    expected as a str (a one-element array is not one); `kind` ("integer", "float", "bool",
    "string") requires that type of value where the statement names it."""
    if kind is not None and _scalar_kind(actual) != kind:
        got = type_name(actual)
        return CheckResult.fail(f"returned {got} {preview(actual)}; the statement asks for {SCALAR_NAMES[kind]}: "
                                f"return {SCALAR_CASTS[kind]}")
    if isinstance(expected, str):
        if isinstance(actual, np.str_):
            actual = str(actual)
        if not isinstance(actual, str):
            return CheckResult.fail(
                f"returned {type_name(actual)} {preview(actual)}, expected the string {expected!r}"
                + (": take the single element as a str, e.g. str(result[0])" if isinstance(actual, (list, np.ndarray))
                   else "")
            )
    if isinstance(actual, np.generic):
        actual = actual.item()
    if isinstance(actual, bool) != isinstance(expected, bool):
        return CheckResult.fail(f"got {type_name(actual)} {preview(actual)}, expected {preview(expected)}")
    try:
        same = bool(actual == expected)
    except (TypeError, ValueError):
        same = False
    if same:
        return CheckResult.passed()
    return CheckResult.fail(f"got {preview(actual)}, expected {preview(expected)}")
