"""Checks for pandas DataFrames, compared in full (every row and column) with tolerance."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from grader.checks.arrays import check_array
from grader.checks.text import preview, type_name
from grader.results import CheckResult


def check_frame(
    actual: Any,
    expected: pd.DataFrame,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    check_index: bool = True,
    row_order: str = "any",
    column_order: str = "any",
    order_rule: str = "in the order the statement gives",
) -> CheckResult:
    """Columns (names), row count, index labels, then each column's values.

    Order is policy, as the statement sets it: with "any", columns are matched by name and rows
    by their index labels, so a right table in another order passes; with "fixed" the order is
    compared too and the message quotes `order_rule` (e.g. "sorted by group"). Integer and float
    columns holding the same numbers are equal: pandas turns a column float as soon as it held a
    NaN, and that is not the student's mistake.
    """
    if not isinstance(actual, pd.DataFrame):
        return CheckResult.fail(f"returned {type_name(actual)}, expected a pandas DataFrame")
    got_cols = [str(c) for c in actual.columns]
    exp_cols = [str(c) for c in expected.columns]
    repeated = sorted({c for c in got_cols if got_cols.count(c) > 1})
    if repeated:
        return CheckResult.fail(f"the column(s) {repeated} appear more than once: give every column its own name")
    if sorted(got_cols) != sorted(exp_cols):
        missing = [c for c in exp_cols if c not in got_cols]
        extra = [c for c in got_cols if c not in exp_cols]
        detail = [f"missing {missing}"] if missing else []
        detail += [f"unexpected {extra}"] if extra else []
        return CheckResult.fail(f"columns {got_cols} but expected {exp_cols} ({'; '.join(detail)})")
    if got_cols != exp_cols:
        if column_order == "fixed":
            return CheckResult.fail(f"columns {got_cols} but expected {exp_cols} (same names in another order): "
                                    "the statement fixes the column order")
        actual = actual.iloc[:, [got_cols.index(c) for c in exp_cols]]
    if len(actual) != len(expected):
        hint = ""
        if len(actual) > len(expected) and actual.isna().any(axis=None):
            hint = ": rows with NaN are still there; drop them with .dropna()"
        return CheckResult.fail(f"{len(actual)} rows but expected {len(expected)}{hint}")
    if check_index and not _same_index(actual.index, expected.index):
        aligned = _align_rows(actual, expected.index)
        if aligned is not None and row_order != "fixed":
            actual = aligned
        elif aligned is not None:
            return CheckResult.fail(f"the rows are in another order (index {preview(list(actual.index)[:6])}, "
                                    f"expected {preview(list(expected.index)[:6])}): rows must be {order_rule}, as "
                                    "the statement says")
        elif _is_range(actual.index):
            return CheckResult.fail(
                f"index {preview(list(actual.index)[:6])} but expected {preview(list(expected.index)[:6])}: "
                "keep the original row labels (do not reset_index)"
            )
        else:
            return CheckResult.fail(f"index {preview(list(actual.index)[:6])} but expected "
                                    f"{preview(list(expected.index)[:6])}: the row labels differ")
    for j, (col_got, col_exp) in enumerate(zip(actual.columns, expected.columns, strict=True)):
        got = actual.iloc[:, j].to_numpy()
        exp = expected[col_exp].to_numpy()
        if _all_text(exp):  # pandas keeps text in object columns: compare it as strings
            exp = exp.astype(str)
            if _all_text(got):
                got = got.astype(str)
        if got.dtype == object or got.dtype.kind not in "biufUS":
            try:
                got = got.astype(float)
            except (TypeError, ValueError):
                return CheckResult.fail(f"column {str(col_got)!r} holds non-numeric values")
        result = check_array(got, exp, rtol=rtol, atol=atol, exact=exp.dtype.kind in "US")
        if not result.ok:
            message = result.message
            if row_order == "fixed" and _same_sorted(got, exp):
                message += f" (the values are there in another order: rows must be {order_rule}, as the statement says)"
            return CheckResult.fail(f"column {str(col_got)!r}: {message}")
    return CheckResult.passed()


def _align_rows(actual: pd.DataFrame, index: pd.Index) -> pd.DataFrame | None:
    """`actual`'s rows in the order of the labels in `index`, or None when the labels are not the
    same (unique) set."""
    try:
        if not (actual.index.is_unique and index.is_unique):
            return None
        positions = actual.index.get_indexer(index)
    except (TypeError, ValueError):
        return None
    if len(positions) != len(actual) or (positions < 0).any():
        return None
    return actual.iloc[positions]


def _is_range(index: pd.Index) -> bool:
    """Labels 0..n-1, what reset_index (or a fresh frame) gives."""
    try:
        return bool(np.array_equal(np.asarray(index, dtype=float), np.arange(len(index))))
    except (TypeError, ValueError):
        return False


def _same_sorted(got: np.ndarray, exp: np.ndarray) -> bool:
    try:
        return got.shape == exp.shape and bool(np.array_equal(np.sort(got, axis=None), np.sort(exp, axis=None)))
    except (TypeError, ValueError):
        return False


def _all_text(values: np.ndarray) -> bool:
    """An object column holding only strings (a text column), not numbers stored as objects."""
    return values.dtype == object and all(isinstance(v, str) for v in values)


def _same_index(a: pd.Index, b: pd.Index) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))
    except (TypeError, ValueError):
        try:
            return [str(x) for x in a] == [str(x) for x in b]
        except Exception:  # labels whose str() fails are not the expected ones
            return False
