"""Loading a week's public part frozen as data, in the student bundle (`grader release`).

`grader.freeze` writes it in the course repository; here, where neither `reference/` nor the specs'
generators exist, the same tasks, checks, hints and messages come back, but only the public seed's
cases, with their answers and each known mistake's wrong answer precomputed.
"""

from __future__ import annotations

import functools
import importlib
from importlib import resources
from pathlib import Path
from typing import Any

from grader.checks.bands import Band
from grader.sandbox import codec
from grader.spec import Case, FunctionTask, WeekSpec

FORMAT = 1
CHECKS_PACKAGE = "grader.checks"  # the only module tree a frozen check may name


def _unplain(value: Any) -> Any:
    """Check keywords back from codec data: the tagged dict grader.freeze writes becomes a Band."""
    if isinstance(value, dict) and set(value) == {"band"}:
        threshold, credit = value["band"]
        return Band(float(threshold), float(credit))
    if isinstance(value, (list, tuple)):
        return type(value)(_unplain(v) for v in value)
    if isinstance(value, dict):
        return {k: _unplain(v) for k, v in value.items()}
    return value


def resolve_check(described: dict):
    """The check function a description names, with its keywords bound."""
    module, _, name = str(described["function"]).partition(":")
    if not module.startswith(CHECKS_PACKAGE):
        raise ValueError(f"a frozen check must come from {CHECKS_PACKAGE}, not {module}")
    fn = getattr(importlib.import_module(module), name)
    keywords = _unplain(described.get("keywords", {}))
    return functools.partial(fn, **keywords) if keywords else fn


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
