"""Checks for answers made of several parts, e.g. (outputs, h, c) or (X, y)."""

from __future__ import annotations

from typing import Any

from grader.checks.arrays import check_array
from grader.checks.text import type_name
from grader.results import CheckResult


def check_tuple(actual: Any, expected: tuple, names: tuple[str, ...], *, rtol: float = 1e-6,
                atol: float = 1e-8) -> CheckResult:
    """A tuple (or list) of arrays, each compared in full; the message names the part."""
    wanted = f"a tuple ({', '.join(names)})"
    if not isinstance(actual, (tuple, list)):
        return CheckResult.fail(f"returned {type_name(actual)}, expected {wanted}")
    if len(actual) != len(expected):
        return CheckResult.fail(f"returned {len(actual)} values, expected {len(expected)}: {wanted}")
    for name, got, exp in zip(names, actual, expected, strict=True):
        result = check_array(got, exp, rtol=rtol, atol=atol)
        if not result.ok:
            return CheckResult.fail(f"{name}: {result.message}")
    return CheckResult.passed()
