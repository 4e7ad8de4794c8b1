"""How a lab is specified (grader/spec.py): a task's notebook name defaults to its own, the right answer comes
from the reference or from the case, and a week's weights are its tasks'."""

from __future__ import annotations

import numpy as np

from grader.checks import check_array
from grader.spec import Case, FunctionTask, WeekSpec


def _double(values):
    return [2 * v for v in values]


def _task(name: str = "double", **kwargs) -> FunctionTask:
    return FunctionTask(name=name, weight=kwargs.pop("weight", 1), reference=kwargs.pop("reference", _double),
                        cases=lambda _rng: [Case(([1.0, 2.0],))], check=check_array, **kwargs)


def test_function_defaults_to_the_tasks_name_and_can_differ() -> None:
    assert _task().function == "double"
    assert _task("double_v2", function="double").function == "double"


def test_the_expected_answer_is_computed_by_the_reference_from_the_cases_inputs() -> None:
    task = _task(reference=lambda values, scale=1: [scale * v for v in values])
    assert task.expected(Case(([1.0, 2.0],), {"scale": 3})) == [3.0, 6.0]
    assert task.expected(task.cases(np.random.default_rng(0))[0]) == [1.0, 2.0]


def test_without_a_reference_the_expected_answer_is_the_cases_own() -> None:
    labels = np.array([0, 1, 1])
    assert _task(reference=None).expected(Case((np.zeros((3, 2)),), expected=labels)) is labels


def test_a_weeks_weights_are_its_tasks_by_name() -> None:
    week = WeekSpec(week=99, version="1", tasks=(_task("a", weight=2), _task("b", weight=0.5)))
    assert week.weights() == {"a": 2, "b": 0.5}
