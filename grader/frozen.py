"""A week's public part frozen as data, for the student bundle (`grader release`).

Freezing runs in the course repository: the week's cases are drawn with the public seed, the
reference computes their answers and every known mistake its wrong answer, and all of it is
written as plain data (`exercises/weekNN/public.json` + `.npz`, the sandbox codec, no pickle).
Loading runs in the bundle, where neither `reference/` nor the specs' generators exist: the
same tasks, checks, hints and messages come back, but only the public seed's cases.

A check crosses as a name in `grader.checks` plus its keyword arguments, so specs must use
`grader.checks` functions (or `functools.partial` of one with plain-data keywords).
"""

from __future__ import annotations

import functools
import importlib
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

from grader.checks.bands import Band
from grader.sandbox import codec
from grader.spec import Case, DoesNotApply, FunctionTask, WeekSpec

FORMAT = 1
CHECKS_PACKAGE = "grader.checks"


class FreezeError(ValueError):
    """A week cannot be frozen for a release (e.g. a check that is not a grader.checks function)."""


def _plain(value: Any) -> Any:
    """Check keywords as codec data: Band becomes a tagged dict."""
    if isinstance(value, Band):
        return {"band": [value.threshold, value.credit]}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _unplain(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"band"}:
        threshold, credit = value["band"]
        return Band(float(threshold), float(credit))
    if isinstance(value, (list, tuple)):
        return type(value)(_unplain(v) for v in value)
    if isinstance(value, dict):
        return {k: _unplain(v) for k, v in value.items()}
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


def resolve_check(described: dict):
    """The check function a description names, with its keywords bound."""
    module, _, name = str(described["function"]).partition(":")
    if not module.startswith(CHECKS_PACKAGE):
        raise ValueError(f"a frozen check must come from {CHECKS_PACKAGE}, not {module}")
    fn = getattr(importlib.import_module(module), name)
    keywords = _unplain(described.get("keywords", {}))
    return functools.partial(fn, **keywords) if keywords else fn


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
    """The week's public part as one codec-encodable document."""
    from grader.grading import plan_week  # the same draws as `grader check --public`

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


def _folder(week: int):
    return resources.files("exercises").joinpath(f"week{week:02d}")


def has_frozen(week: int) -> bool:
    try:
        return _folder(week).joinpath("public.json").is_file()
    except ModuleNotFoundError:
        return False


def _cases(frozen_cases: tuple[Case, ...]):
    return lambda _rng: list(frozen_cases)


def load_frozen(week: int) -> WeekSpec:
    """The WeekSpec a student bundle grades with: public cases only, answers precomputed."""
    folder = Path(str(_folder(week)))
    doc, arrays = codec.read_doc(folder / "public")
    data = codec.decode(doc["value"], arrays)
    if data.get("format") != FORMAT:
        raise ValueError(f"week {week}: frozen format {data.get('format')} is not {FORMAT}; reinstall the bundle")
    tasks = []
    for t in data["tasks"]:
        cases = tuple(
            Case(tuple(c["args"]), dict(c["kwargs"]), c["label"], bool(c["public"]), c["expected"],
                 tuple((w["value"], w["message"]) for w in c["known_wrong"]))
            for c in t["cases"]
        )
        tasks.append(FunctionTask(
            name=t["name"], function=t["function"], weight=float(t["weight"]), reference=None,
            cases=_cases(cases), check=resolve_check(t["check"]), hints=tuple(t["hints"]),
            summary=t["summary"], timeout=t["timeout"], mode=t["mode"],
            forbidden=tuple(str(n) for n in t.get("forbidden", ())),
            checks_properties=bool(t.get("checks_properties", False)),
        ))
    return WeekSpec(week=int(data["week"]), version=str(data["version"]), tasks=tuple(tasks),
                    template=data["template"], call_timeout=float(data["call_timeout"]),
                    seed_keras=bool(data["seed_keras"]), public_only=True)
