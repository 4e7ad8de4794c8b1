"""Checks for pandas DataFrames, compared in full (every row and column) with tolerance."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from grader.checks.arrays import check_array
from grader.checks.describe import preview, type_name
from grader.results import CheckResult


def check_frame(
    actual: Any,
    expected: pd.DataFrame,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    check_index: bool = True,
) -> CheckResult:
    """Columns (names and order), row count, index, then each column's values.

    Integer and float columns holding the same numbers are equal: pandas turns a column
    float as soon as it held a NaN, and that is not the student's mistake.
    """
    if not isinstance(actual, pd.DataFrame):
        return CheckResult.fail(f"returned {type_name(actual)}, expected a pandas DataFrame")
    got_cols = [str(c) for c in actual.columns]
    exp_cols = [str(c) for c in expected.columns]
    if got_cols != exp_cols:
        missing = [c for c in exp_cols if c not in got_cols]
        extra = [c for c in got_cols if c not in exp_cols]
        detail = []
        if missing:
            detail.append(f"missing {missing}")
        if extra:
            detail.append(f"unexpected {extra}")
        if not detail:
            detail.append("same names in another order")
        return CheckResult.fail(f"columns {got_cols} but expected {exp_cols} ({'; '.join(detail)})")
    if len(actual) != len(expected):
        hint = ""
        if len(actual) > len(expected) and actual.isna().any(axis=None):
            hint = ": rows with NaN are still there; drop them with .dropna()"
        return CheckResult.fail(f"{len(actual)} rows but expected {len(expected)}{hint}")
    if check_index and not _same_index(actual.index, expected.index):
        return CheckResult.fail(
            f"index {preview(list(actual.index)[:6])} but expected {preview(list(expected.index)[:6])}: "
            "keep the original row labels (do not reset_index)"
        )
    for col_got, col_exp in zip(actual.columns, expected.columns, strict=True):
        got = actual[col_got].to_numpy()
        exp = expected[col_exp].to_numpy()
        if _all_text(exp):  # pandas keeps text in object columns: compare it as strings
            exp = exp.astype(str)
            if _all_text(got):
                got = got.astype(str)
        if got.dtype == object:
            try:
                got = got.astype(float)
            except (TypeError, ValueError):
                return CheckResult.fail(f"column {col_got!r} holds non-numeric values")
        result = check_array(got, exp, rtol=rtol, atol=atol, exact=exp.dtype.kind in "US")
        if not result.ok:
            return CheckResult.fail(f"column {col_got!r}: {result.message}")
    return CheckResult.passed()


def _all_text(values: np.ndarray) -> bool:
    """An object column holding only strings (a text column), not numbers stored as objects."""
    return values.dtype == object and all(isinstance(v, str) for v in values)


def _same_index(a: pd.Index, b: pd.Index) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))
    except (TypeError, ValueError):
        return list(a) == list(b)
