"""Greedy actions judged by their values, and Q tables rolled out from start states."""

import numpy as np

from grader.checks.bands import Band
from grader.checks.policies import check_greedy_actions, check_policy_returns
from reference import gridworld as ref

BANDS = (Band(0.9, 1.0), Band(0.6, 0.5))


def test_any_tied_best_action_passes_and_a_worse_one_is_named():
    q = np.array([[-1.0, -1.0, -3.0, -2.0], [0.0, 0.0, 0.0, 0.0]])
    assert check_greedy_actions([1, 3], q).ok
    assert check_greedy_actions(np.array([0, 2]), q).ok
    result = check_greedy_actions([2, 0], q)
    assert not result.ok and "first state 0: action 2 (down)" in result.message


def test_actions_outside_the_four_moves_fail():
    q = np.zeros((2, 4))
    assert "integers 0..3" in check_greedy_actions([0, 4], q).message
    assert "shape" in check_greedy_actions([0, 1, 2], q).message


def _spec(starts=None):
    tables = ref.make_tables(ref.GRID)
    return ref.rollout_spec(ref.GRID, starts if starts is not None else np.flatnonzero(~tables[2]))


def test_the_optimal_q_table_reaches_the_goal_from_everywhere():
    tables = ref.make_tables(ref.GRID)
    q = ref.action_values(ref.value_iteration(*tables, 0.9), *tables, 0.9)
    assert check_policy_returns(q, _spec(), BANDS).ok


def test_a_table_of_zeros_never_reaches_the_goal_and_earns_nothing():
    spec = _spec()
    result = check_policy_returns(np.zeros((len(spec["next_states"]), 4)), spec, BANDS)
    assert not result.ok and result.credit == 0 and "never reach it" in result.message


def test_a_partly_right_table_earns_the_half_band():
    tables = ref.make_tables(ref.GRID)
    q = ref.action_values(ref.value_iteration(*tables, 0.9), *tables, 0.9)
    spec = _spec()
    bad = spec["starts"][:3]  # three starts that only ever move up: 19 of 22 still right
    q_bad = q.copy()
    q_bad[bad] = [1.0, 0.0, 0.0, 0.0]
    blocked = [s for s in bad if tables[0][s, 0] == s]
    result = check_policy_returns(q_bad, spec, BANDS)
    assert blocked and not result.ok and result.credit == 0.5


def test_the_greedy_actions_instead_of_the_table_get_a_fix():
    spec = _spec()
    result = check_policy_returns(np.zeros(len(spec["next_states"])), spec, BANDS)
    assert "not its greedy actions" in result.message


def test_greedy_actions_as_floats_fail_where_the_statement_asks_for_integers():
    q = np.array([[0.0, 1.0, 0.0, 0.0], [2.0, 0.0, 0.0, 0.0]])
    result = check_greedy_actions(np.array([1.0, 0.0]), q, kind="integer")
    assert not result.ok and "the statement asks for integers: return .astype(int)" in result.message
    assert check_greedy_actions(np.array([1, 0]), q, kind="integer").ok
