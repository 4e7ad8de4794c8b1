"""A known-mistake model returns what a student making that mistake would return. Where the check
compares properties (any shuffled split, any tied best action), a mistake is recognised by failing the
check the same way as the student's answer, so a mistake that returned something else (a Q table where
a student returns actions) could never be named for a real student."""

from __future__ import annotations

import numpy as np
import pytest

from grader.catalog import available_weeks, load_week
from grader.plan import plan_week
from tests.test_rule_coverage import _student_shaped


def _form(value) -> tuple:
    """The kind and number of dimensions of an answer (its sizes may differ: a mistake's rows can be shorter)."""
    if isinstance(value, tuple):
        return ("tuple", *(_form(v) for v in value))
    try:
        ndim = np.ndim(value)
    except ValueError:  # ragged
        ndim = -1
    return ("ndarray" if isinstance(value, np.ndarray) else type(value).__name__, ndim)


@pytest.mark.parametrize("week", available_weeks())
def test_property_checked_mistakes_return_answers_of_the_students_form(week: int) -> None:
    wrong_form = []
    for planned in plan_week(load_week(week), 0):
        task = planned.task
        if not task.checks_properties or not task.mistakes:
            continue
        own = _student_shaped(task)
        for case in planned.cases:
            answer = own(*case.args, **case.kwargs)
            for mistake in task.mistakes:
                try:
                    wrong = mistake.produce(*case.args, **case.kwargs)
                except Exception:  # does not apply to this case
                    continue
                if _form(wrong) != _form(answer):
                    wrong_form.append(f"{task.name} {case.label}: {mistake.message[:50]!r} returns {_form(wrong)}, "
                                      f"a student {_form(answer)} (kind, dimensions)")
    assert not wrong_form, "\n".join(wrong_form)
