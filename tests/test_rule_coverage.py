"""Every stated rule is exercised on every draw: for 50 hidden seeds per week, the reference's
own answer passes each task, and every known-mistake model (one per rule a statement states)
applies to that draw's cases and fails it. A rule that only some seeds exercise, a mistake
model that no longer applies, or a check that rejects the reference shows up here by seed."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import reference
from grader.catalog import available_weeks, load_week
from grader.evaluate import CaseRun, RunContext, evaluate_task
from grader.plan import plan_week
from grader.sandbox.runner import CallOutcome
from grader.spec import DoesNotApply, FunctionTask

SEEDS = range(50)
REFERENCE_MODULES = tuple(f"reference.{m.name}" for m in pkgutil.iter_modules(reference.__path__))


def _student_shaped(task: FunctionTask):
    """The reference function with the student's signature: `task.reference` itself when it returns
    the answer, else the function of the same name in a reference module (property-checked tasks,
    whose `reference` computes what the check needs rather than an answer)."""
    modules = [task.reference.__module__] if task.reference else []
    modules += REFERENCE_MODULES
    for name in modules:
        fn = getattr(importlib.import_module(name), task.function, None)
        if callable(fn):
            return fn
    return task.reference  # named differently: the reference returns the answer itself (or None)


@pytest.mark.parametrize("week", available_weeks())
def test_reference_passes_and_every_mistake_fails_on_every_seed(week: int) -> None:
    spec = load_week(week)
    problems: list[str] = []
    for seed in SEEDS:
        for planned in plan_week(spec, seed):
            task = planned.task
            pairs = list(zip(planned.cases, planned.expected, strict=True))
            own = _student_shaped(task) if task.mode == "call" else None
            for case, expected in pairs:
                if own is None or (task.reference is None and case.expected is None):
                    break
                answer = own(*case.args, **case.kwargs)
                result = task.check(answer, expected)
                if not result.ok:
                    problems.append(f"seed {seed} {task.name} {case.label}: the reference fails: {result.message}")
            for mistake in task.mistakes:
                applied = caught = False
                for case, expected in pairs:
                    try:
                        wrong = mistake.produce(*case.args, **case.kwargs)
                    except DoesNotApply:  # anything else is a spec bug and fails the test
                        continue
                    applied = True
                    if not task.check(wrong, expected).ok:
                        caught = True
                        break
                if not (applied and caught):
                    why = "applies to no case" if not applied else "passes every case"
                    problems.append(f"seed {seed} {task.name}: mistake {mistake.message[:70]!r} {why}")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("week", available_weeks())
def test_every_call_task_has_a_reference_with_the_students_signature(week: int) -> None:
    """The coverage test above can only vouch for tasks whose reference it can call: a task graded
    on held-out labels (reference None) needs a reference function named like the student's."""
    missing = [t.name for t in load_week(week).tasks if t.mode == "call" and _student_shaped(t) is None]
    assert not missing


@pytest.mark.parametrize("week", available_weeks())
def test_every_mistake_is_named_when_a_student_makes_it(week: int) -> None:
    """A student whose answer is exactly a known mistake's is told that mistake as the likely cause, on
    the first case the mistake fails (property-checked tasks included, where answers are compared by
    how they fail); naming it never makes the grader itself fail."""
    spec = load_week(week)
    unnamed: list[str] = []
    for seed in range(3):
        for planned in plan_week(spec, seed):
            task = planned.task
            for mistake in task.mistakes:
                for case, expected in zip(planned.cases, planned.expected, strict=True):
                    try:
                        wrong = mistake.produce(*case.args, **case.kwargs)
                    except DoesNotApply:  # anything else is a spec bug and fails the test
                        continue
                    if task.check(wrong, expected).ok:
                        continue
                    result = evaluate_task(task, 1.0, [CaseRun(case, expected, CallOutcome("returned", wrong))],
                                           RunContext())
                    if "Likely cause:" not in result.message:
                        unnamed.append(f"seed {seed} {task.name} {case.label}: {mistake.message[:60]!r}")
                    break
    assert not unnamed, "\n".join(unnamed)
