"""Checks for classical machine learning: a leakage-free train/test split with scaling, and
the accuracy of a fitted classifier's labels on held-out data (with bands)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from grader.checks.text import type_name
from grader.results import CheckResult

SPLIT_NAMES = "(X_train, X_test, y_train, y_test)"


def _matrix(value: Any) -> np.ndarray | None:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr if arr.ndim == 2 else None


def _common_map(raw: np.ndarray, scaled: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Per column (a, b) with scaled = a * raw + b for every row, or None when one map cannot
    explain all rows (the training and test rows were scaled differently)."""
    a, b = np.empty(raw.shape[1]), np.empty(raw.shape[1])
    for j in range(raw.shape[1]):
        r, s = np.sort(raw[:, j]), np.sort(scaled[:, j])
        slope, intercept = np.polyfit(r, s, 1)
        if not np.allclose(slope * r + intercept, s, rtol=1e-6, atol=1e-6 * (1 + np.abs(s).max())):
            return None
        a[j], b[j] = slope, intercept
    return a, b


def _rows_of(raw_rows: np.ndarray, X: np.ndarray) -> np.ndarray | None:
    """The index in X of each recovered row, or None when some row is not (close to) one of X's."""
    distance = np.abs(raw_rows[:, None, :] - X[None, :, :]).max(axis=-1)
    idx = distance.argmin(axis=1)
    scale = 1e-6 * (1 + np.abs(X).max())
    if distance[np.arange(len(idx)), idx].max() > scale or len(set(idx.tolist())) != len(idx):
        return None
    return idx


def check_split_scaled(actual: Any, spec: dict) -> CheckResult:
    """(X_train, X_test, y_train, y_test): any shuffled split of spec's X, y with test_size
    of the rows in the test part (ceil, as train_test_split), both parts standardized with
    the mean and std of the training rows only. The split itself may be any shuffle: the
    rows are traced back to X through the one affine map a StandardScaler applies."""
    X, y = np.asarray(spec["X"], dtype=float), np.asarray(spec["y"])
    n, d = X.shape
    n_test = math.ceil(spec["test_size"] * n)
    if not isinstance(actual, (tuple, list)) or len(actual) != 4:
        return CheckResult.fail(f"returned {type_name(actual)}, expected a tuple {SPLIT_NAMES}")
    X_train, X_test = _matrix(actual[0]), _matrix(actual[1])
    if X_train is None or X_test is None:
        return CheckResult.fail(f"X_train and X_test must be 2-D arrays of numbers: return {SPLIT_NAMES}")
    y_train, y_test = np.asarray(actual[2]).reshape(-1), np.asarray(actual[3]).reshape(-1)
    if X_test.shape != (n_test, d) or X_train.shape != (n - n_test, d):
        return CheckResult.fail(f"X_train has shape {X_train.shape} and X_test {X_test.shape}, expected "
                                f"{(n - n_test, d)} and {(n_test, d)}: test_size={spec['test_size']} of {n} rows "
                                f"(in the order {SPLIT_NAMES})")
    if len(y_train) != len(X_train) or len(y_test) != len(X_test):
        return CheckResult.fail(f"y_train has {len(y_train)} labels and y_test {len(y_test)}, expected one per row "
                                "of X_train and X_test")
    scaled = np.vstack([X_train, X_test])
    if not np.all(np.isfinite(scaled)):
        return CheckResult.fail("the scaled data holds NaN or inf")
    fit = _common_map(X, scaled)
    if fit is None:
        return CheckResult.fail("the training and test rows were not scaled the same way: fit the scaler once, "
                                "on X_train (fit_transform), then only transform X_test with it; a scaler "
                                "fitted on X_test uses the test data's own statistics")
    a, b = fit
    if np.any(a <= 0):
        return CheckResult.fail("a column is mirrored or constant after scaling: use StandardScaler")
    idx = _rows_of((scaled - b) / a, X)
    if idx is None:
        return CheckResult.fail("the rows returned are not the rows of X (scaled): split X itself, "
                                "then scale both parts")
    train_idx, test_idx = idx[: len(X_train)], idx[len(X_train):]
    if not (np.array_equal(y_train, y[train_idx]) and np.array_equal(y_test, y[test_idx])):
        return CheckResult.fail("the labels do not follow their rows: split X and y in the same "
                                "train_test_split(X, y, ...) call")
    if np.array_equal(np.sort(test_idx), np.arange(n - n_test, n)):  # (a shuffle almost never does this)
        return CheckResult.fail("the test rows are simply the last rows of X: shuffle before splitting, as "
                                "train_test_split does by default (the rows may be ordered, e.g. by class)")
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    if np.allclose(mean, 0, atol=1e-6) and np.allclose(std, 1, rtol=1e-6):
        return CheckResult.passed()
    if np.allclose(a, 1) and np.allclose(b, 0):
        return CheckResult.fail("the features are not scaled: fit a StandardScaler on X_train and transform "
                                "both parts")
    if np.allclose(scaled.mean(axis=0), 0, atol=1e-6) and np.allclose(scaled.std(axis=0), 1, rtol=1e-6):
        return CheckResult.fail("the scaler was fitted on all rows before the split, so the test rows leaked "
                                "into its mean and std: split first, then fit the scaler on X_train only")
    if np.allclose(mean, 0, atol=1e-6) and np.allclose(X_train.std(axis=0, ddof=1), 1, rtol=1e-6):
        return CheckResult.fail("the training columns have sample std 1 (ddof=1); StandardScaler divides by "
                                "the population std (ddof=0)")
    return CheckResult.fail(f"X_train's columns should have mean 0 and std 1 after scaling; they have means "
                            f"{np.round(mean, 3).tolist()} and stds {np.round(std, 3).tolist()}")
