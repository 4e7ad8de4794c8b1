"""Freezing a week's public part as data, for the student bundle (`grader release`).

Runs in the course repository: the week's cases are drawn with the public seed, the reference
computes their answers and every known mistake its wrong answer, and all of it is written as plain
data (`exercises/weekNN/public.json` + `.npz`, the sandbox codec, no pickle). `grader.frozen` reads
it back in the bundle, where neither `reference/` nor the specs' generators exist.

A check crosses as a name in `grader.checks` plus its keyword arguments, so specs must use
`grader.checks` functions (or `functools.partial` of one with plain-data keywords).
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path
from typing import Any

from grader.checks.bands import Band
from grader.frozen import CHECKS_PACKAGE, FORMAT
from grader.plan import plan_week
from grader.sandbox import codec
from grader.spec import Case, DoesNotApply, FunctionTask, WeekSpec


class FreezeError(ValueError):
    """A week cannot be frozen for a release (e.g. a check that is not a grader.checks function)."""


def _plain(value: Any) -> Any:
    """Check keywords as codec data: Band becomes a tagged dict (grader.frozen turns it back)."""
    if isinstance(value, Band):
        return {"band": [value.threshold, value.credit]}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def describe_check(check: Any, task: str) -> dict:
    """{"function": "grader.checks.module:name", "keywords": {...}} for a check or a partial of one."""
    keywords: dict = {}
    fn = check
    if isinstance(check, functools.partial):
        if check.args:
            raise FreezeError(f"task {task}: its check binds positional arguments; use keywords")
        fn, keywords = check.func, dict(check.keywords)
    module = getattr(fn, "__module__", "") or ""
    if not module.startswith(CHECKS_PACKAGE) or "<" in getattr(fn, "__qualname__", "<"):
        raise FreezeError(f"task {task}: its check {getattr(fn, '__qualname__', fn)!r} is not a function of "
                          f"{CHECKS_PACKAGE}; move it there so the student bundle can run it")
    return {"function": f"{module}:{fn.__qualname__}", "keywords": _plain(keywords)}


def _known_wrong(task: FunctionTask, case: Case, expected: Any) -> list[dict]:
    """Each mistake's answer on this case, where it differs from the right one. A mistake model that
    raises anything but DoesNotApply is a bug in the spec: the release stops on it."""
    found = []
    for mistake in task.mistakes:
        try:
            with warnings.catch_warnings():  # mistake models are wrong on purpose (e.g. unscaled fits)
                warnings.simplefilter("ignore")
                wrong = mistake.produce(*case.args, **case.kwargs)
        except DoesNotApply:
            continue
        except Exception as exc:
            raise FreezeError(f"task {task.name}: the mistake model {mistake.message[:60]!r} raised "
                              f"{type(exc).__name__}: {exc} on {case.label or 'a hidden case'}; raise "
                              "grader.spec.DoesNotApply where a mistake does not apply") from exc
        if not task.check(wrong, expected).ok:
            found.append({"value": wrong, "message": mistake.message})
    return found


def freeze_week(spec: WeekSpec, seed: int) -> dict:
    """The week's public part as one codec-encodable document (the same draws as `grader check --public`)."""
    tasks = []
    for planned in plan_week(spec, seed):
        task = planned.task
        tasks.append({
            "name": task.name, "function": task.function, "weight": task.weight, "mode": task.mode,
            "summary": task.summary, "hints": list(task.hints), "timeout": task.timeout,
            "forbidden": list(task.forbidden), "checks_properties": task.checks_properties,
            "check": describe_check(task.check, task.name),
            "cases": [
                {"args": list(c.args), "kwargs": dict(c.kwargs), "label": c.label, "public": c.public,
                 "expected": expected, "known_wrong": _known_wrong(task, c, expected)}
                for c, expected in zip(planned.cases, planned.expected, strict=True)
            ],
        })
    return {"format": FORMAT, "week": spec.week, "version": spec.version, "seed": seed,
            "template": spec.template, "call_timeout": spec.call_timeout, "seed_keras": spec.seed_keras,
            "tasks": tasks}


def write_frozen(spec: WeekSpec, seed: int, folder: Path) -> Path:
    """Write public.json (+ public.npz) into `folder`; returns the JSON's path."""
    try:
        codec.write(folder / "public", freeze_week(spec, seed))
    except codec.CodecError as exc:
        raise FreezeError(f"week {spec.week}: a case or expected value is not plain data ({exc})") from None
    return folder / "public.json"
