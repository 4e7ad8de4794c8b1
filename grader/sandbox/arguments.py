"""Rule 1 of every graded call, inside the sandbox (and the self-check): inputs must not change.

Each argument is snapshotted before the call and compared after it (exactly: NaN-aware, dtype,
shape, index and columns included); the first one changed in place is reported by name.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import math
from typing import Any

SNAPSHOT_LIMIT_BYTES = 64 * 1024 * 1024  # larger arguments are not compared (held-out sets are far smaller)
_UNCHECKED = object()


def _nbytes(value: Any) -> int:
    size = getattr(value, "nbytes", None)
    if isinstance(size, int):
        return size
    usage = getattr(value, "memory_usage", None)
    if callable(usage) and type(value).__module__.startswith("pandas"):
        with contextlib.suppress(Exception):
            total = usage(deep=False)
            return int(total.sum()) if hasattr(total, "sum") else int(total)
    return 0


def snapshot(value: Any) -> Any:
    """A deep copy to compare against after the call, or _UNCHECKED when too big or uncopyable."""
    if _nbytes(value) > SNAPSHOT_LIMIT_BYTES:
        return _UNCHECKED
    try:
        if type(value).__module__.startswith("pandas") and hasattr(value, "copy"):
            return value.copy(deep=True)
        return copy.deepcopy(value)
    except Exception:
        return _UNCHECKED


def same(before: Any, after: Any) -> bool:
    """Exactly equal, NaN equal to NaN, types, dtypes, shapes, index and columns included."""
    if type(before) is not type(after):
        return False
    module = type(before).__module__
    if module == "numpy" and hasattr(before, "dtype") and hasattr(before, "shape"):
        if before.shape != after.shape or before.dtype != after.dtype:
            return False
        import numpy as np

        if before.dtype == object:
            return all(same(b, a) for b, a in zip(before.ravel().tolist(), after.ravel().tolist(), strict=True))
        try:
            return bool(np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
        except TypeError:
            return bool(np.array_equal(before, after))
    if module.startswith("pandas"):
        import pandas.testing as pdt

        try:
            if hasattr(before, "columns"):
                pdt.assert_frame_equal(before, after, check_exact=True, check_freq=False)
            elif hasattr(before, "index"):
                pdt.assert_series_equal(before, after, check_exact=True, check_freq=False)
            else:
                pdt.assert_index_equal(before, after, exact=True, check_exact=True)
        except (AssertionError, TypeError, ValueError):
            return False
        return True
    if isinstance(before, dict):
        return list(before) == list(after) and all(same(before[k], after[k]) for k in before)
    if isinstance(before, (list, tuple)):
        return len(before) == len(after) and all(same(b, a) for b, a in zip(before, after, strict=True))
    if isinstance(before, float) and math.isnan(before):
        return math.isnan(after)
    try:
        return bool(before == after)
    except Exception:  # an object without a usable ==: nothing to compare
        return True


def _parameter_names(fn: Any, n_args: int) -> list[str | None]:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return [None] * n_args
    names: list[str | None] = []
    for p in params:
        if p.kind is p.VAR_POSITIONAL:
            names.extend([None] * (n_args - len(names)))
            break
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            names.append(p.name)
    return (names + [None] * n_args)[:n_args]


def snapshot_arguments(args: list, kwargs: dict) -> tuple[list, dict]:
    return [snapshot(a) for a in args], {k: snapshot(v) for k, v in kwargs.items()}


def fresh_arguments(args: list, kwargs: dict, before: tuple[list, dict]) -> tuple[list, dict]:
    """Copies of the arguments as they were before a call (for a second try of it); an argument
    too big to have been copied is passed as it is now."""
    def fresh(now: Any, then: Any) -> Any:
        copied = _UNCHECKED if then is _UNCHECKED else snapshot(then)
        return now if copied is _UNCHECKED else copied

    return ([fresh(a, b) for a, b in zip(args, before[0], strict=True)],
            {k: fresh(v, before[1][k]) for k, v in kwargs.items()})


def changed_argument(fn: Any, args: list, kwargs: dict, before: tuple[list, dict]) -> dict | None:
    """The first argument the call changed in place, as outcome info; None when all are unchanged."""
    before_args, before_kwargs = before
    names = _parameter_names(fn, len(args))
    for i, (old, new) in enumerate(zip(before_args, args, strict=True)):
        if old is not _UNCHECKED and not same(old, new):
            return {"argument": names[i] or f"#{i + 1}", "position": str(i + 1), "kind": _kind(old)}
    for key, old in before_kwargs.items():
        if old is not _UNCHECKED and not same(old, kwargs[key]):
            return {"argument": key, "position": "", "kind": _kind(old)}
    return None


def _kind(value: Any) -> str:
    module = type(value).__module__
    if module.startswith("pandas"):
        return "frame"
    if module == "numpy":
        return "array"
    return type(value).__name__
