"""Planning: a (seed, week) always draws the same cases and reference answers, whatever else is graded."""

from __future__ import annotations

import pytest

from grader import plan, scheme
from grader.catalog import load_week
from grader.plan import PLANS_KEPT, PUBLIC_SEED, plan_week, planned_week
from grader.sandbox.arguments import same


def _values(planned: list[plan.PlannedTask]) -> list:
    return [(p.task.name, p.points, p.call_ids, [(c.args, c.kwargs) for c in p.cases], p.expected) for p in planned]


def test_a_plan_is_the_same_for_the_same_seed_and_week():
    first, second = plan_week(load_week(1), 7), plan_week(load_week(1), 7)
    assert same(_values(first), _values(second))


def test_another_seed_draws_other_hidden_inputs():
    assert not same(_values(plan_week(load_week(1), 7)), _values(plan_week(load_week(1), 8)))


def test_a_weeks_plan_does_not_depend_on_which_weeks_were_planned_before_it():
    alone = plan_week(load_week(1), 7)
    for week in (3, 4):
        plan_week(load_week(week), 7)
    assert same(_values(alone), _values(plan_week(load_week(1), 7)))


def test_each_task_gets_its_share_of_the_weeks_points_and_one_call_id_per_case():
    planned = plan_week(load_week(1), PUBLIC_SEED)
    assert [p.task.name for p in planned] == [t.name for t in load_week(1).tasks]
    assert sum(p.points for p in planned) == pytest.approx(scheme.week(1).points)
    ids = [cid for p in planned for cid in p.call_ids]
    assert len(ids) == len(set(ids)) and all(cid.startswith("w1-") for cid in ids)
    assert all(len(p.cases) == len(p.expected) == len(p.call_ids) > 0 for p in planned)


@pytest.fixture
def empty_cache(monkeypatch):
    monkeypatch.setattr(plan, "_PLANS", {})
    return plan._PLANS


def test_the_cache_plans_a_week_and_seed_once_and_returns_that_plan(empty_cache):
    first = planned_week(1, 7)
    assert planned_week(1, 7) is first
    assert planned_week(1, 8) is not first
    assert same(_values(first), _values(plan_week(load_week(1), 7)))


def test_the_cache_keeps_a_bounded_number_of_plans_dropping_the_oldest(empty_cache):
    for seed in range(PLANS_KEPT + 1):
        planned_week(1, seed)
    assert len(empty_cache) == PLANS_KEPT
    assert (1, 0) not in empty_cache and (1, PLANS_KEPT) in empty_cache
