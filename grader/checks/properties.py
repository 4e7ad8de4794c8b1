"""Checks for answers that are random by design: the properties they must have, not values."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.text import preview, type_name
from grader.results import CheckResult

ENDS_SEEN = 20  # draws per possible value from which both ends of the range must appear (missed: p < e^-20)


def check_sum_pairs(actual: Any, spec: dict) -> CheckResult:
    """(X, y): n_examples rows of n_numbers integers in [1, largest], y the row sums, not all equal."""
    n, k, largest = spec["n_examples"], spec["n_numbers"], spec["largest"]
    if not isinstance(actual, (tuple, list)) or len(actual) != 2:
        return CheckResult.fail(f"returned {type_name(actual)}, expected a tuple (X, y)")
    try:
        X = np.asarray(actual[0])
        y = np.asarray(actual[1]).reshape(-1)
    except (TypeError, ValueError):
        return CheckResult.fail("X and y must be lists or arrays of integers")
    if X.shape != (n, k):
        return CheckResult.fail(f"X has shape {X.shape}, expected ({n}, {k}): n_examples rows of n_numbers")
    if X.dtype.kind not in "iu" or y.dtype.kind not in "iu":
        return CheckResult.fail(f"X and y must hold integers, got {X.dtype} and {y.dtype}")
    if X.min() < 1 or X.max() > largest:
        return CheckResult.fail(f"numbers must lie in [1, {largest}], got values from {X.min()} to {X.max()}")
    if y.shape != (n,):
        return CheckResult.fail(f"y has {y.size} values, expected {n}: one sum per row")
    wrong = np.flatnonzero(X.sum(axis=1) != y)
    if wrong.size:
        i = int(wrong[0])
        return CheckResult.fail(f"y[{i}] is {y[i]} but X[{i}] = {preview(X[i])} sums to {X[i].sum()}")
    for end in (1, largest):  # every value of the range must be possible: enough draws show both ends
        if n * k >= ENDS_SEEN * largest and not np.any(end == X):
            return CheckResult.fail(f"no number equals {end} in {n * k} draws from [1, {largest}] (each value is "
                                    f"expected about {n * k // largest} times): every number of the range, both "
                                    "ends included, must be possible")
    if n >= 10 and len({tuple(r) for r in X}) == 1:
        return CheckResult.fail("every row is the same: draw the numbers at random (random.randint)")
    return CheckResult.passed()
