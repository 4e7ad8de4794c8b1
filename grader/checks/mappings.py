"""Checks for dicts (word counts, merged tallies): keys first, then each key's value."""

from __future__ import annotations

from typing import Any

from grader.checks.arrays import check_equal
from grader.checks.text import preview, type_name
from grader.results import CheckResult


def check_dict(actual: Any, expected: dict) -> CheckResult:
    """Same keys (missing and unexpected ones named, a few at most) and equal values per key."""
    if not isinstance(actual, dict):
        return CheckResult.fail(f"returned {type_name(actual)} {preview(actual)}, expected a dict")
    missing = [k for k in expected if k not in actual]
    extra = [k for k in actual if k not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing key(s) {preview(missing[:5])}")
        if extra:
            parts.append(f"unexpected key(s) {preview(extra[:5])}")
        return CheckResult.fail(f"{len(actual)} keys, expected {len(expected)}: " + "; ".join(parts))
    for key, want in expected.items():
        result = check_equal(actual[key], want)
        if not result.ok:
            return CheckResult.fail(f"key {key!r}: {result.message}")
    return CheckResult.passed()
