"""Planning a week's grading: seed -> each task's cases -> the reference's answers, in the grader's process.

The grading pipeline, the self-check and the release's freezing all draw from here, so a seed means
the same inputs and answers everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grader import scheme
from grader.catalog import load_week
from grader.spec import Case, FunctionTask, WeekSpec

PUBLIC_SEED = 20260226  # the published seed students' self-checks use (first class day)


@dataclass(frozen=True)
class PlannedTask:
    task: FunctionTask
    points: float
    cases: tuple[Case, ...]
    expected: tuple
    call_ids: tuple[str, ...]


def plan_week(spec: WeekSpec, seed: int) -> list[PlannedTask]:
    """Draw each task's cases and compute the reference's answers, in the grader's process.

    Each week draws from its own generator (seed, week): a week's inputs do not depend on
    which other weeks are graded in the same run."""
    rng = np.random.default_rng([seed, spec.week])
    points = scheme.task_points(scheme.week(spec.week).points, spec.weights())
    planned = []
    for task in spec.tasks:
        cases = tuple(task.cases(rng))
        expected = tuple(task.expected(c) for c in cases)
        ids = tuple(f"w{spec.week}-{task.name}-{i}" for i in range(len(cases)))
        planned.append(PlannedTask(task, points[task.name], cases, expected, ids))
    return planned


_PLANS: dict[tuple[int, int], list[PlannedTask]] = {}
PLANS_KEPT = 16


def planned_week(week: int, seed: int) -> list[PlannedTask]:
    """plan_week, done once per (week, seed) in this process: a batch worker grading a class on one seed
    draws the cases and computes the reference answers once, not once per submission. Plans are plain
    data the pipeline only reads (inputs go to the sandbox encoded, checks are pure)."""
    key = (week, seed)
    if key not in _PLANS:
        if len(_PLANS) >= PLANS_KEPT:
            _PLANS.pop(next(iter(_PLANS)))
        _PLANS[key] = plan_week(load_week(week), seed)
    return _PLANS[key]
