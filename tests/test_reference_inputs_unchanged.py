"""The grader's own reference solutions obey the rule they enforce: inputs are never changed in place."""

from __future__ import annotations

import pytest

from grader.catalog import available_weeks, load_week
from grader.plan import PUBLIC_SEED, plan_week
from grader.sandbox import arguments


@pytest.mark.parametrize("week", available_weeks())
def test_every_reference_leaves_its_arguments_unchanged(week: int) -> None:
    changed = []
    for seed in (PUBLIC_SEED, 7):
        for planned in plan_week(load_week(week), seed):
            task = planned.task
            if task.reference is None:
                continue
            reference = task.reference
            for case in planned.cases:
                args, kwargs = list(case.args), dict(case.kwargs)
                before = arguments.snapshot_arguments(args, kwargs)
                reference(*args, **kwargs)
                found = arguments.changed_argument(reference, args, kwargs, before)
                if found is not None:
                    changed.append(f"{reference.__name__} changed `{found['argument']}` on "
                                   f"{case.label or 'a hidden case'}")
    assert not changed, changed
