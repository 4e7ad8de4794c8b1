"""The week-16 references: the grid world's tables, value iteration against the closed form from
shortest-path distances, the Q-learning update by hand, and Q-learning reaching the optimal policy."""

import numpy as np
import pytest

from reference import gridworld as ref

CORRIDOR = ["..G"]  # states 0, 1, 2 (the goal)


def test_tables_of_a_corridor():
    next_states, rewards, terminal = ref.make_tables(CORRIDOR)
    # up and down hit the border and stay; right moves toward the goal; left at the wall stays
    assert next_states.tolist() == [[0, 1, 0, 0], [1, 2, 1, 0], [2, 2, 2, 2]]
    assert rewards.tolist() == [[-1, -1, -1, -1], [-1, -1, -1, -1], [0, 0, 0, 0]]
    assert terminal.tolist() == [False, False, True]


def test_walls_are_not_states_and_block_moves():
    next_states, _, _ = ref.make_tables([".#G", "..."])
    assert len(next_states) == 5
    assert next_states[0].tolist() == [0, 0, 2, 0]  # right is a wall: stay


def test_value_iteration_is_the_discounted_shortest_path_cost():
    for gamma in (0.8, 0.9, 0.95):
        d = ref.distances_to_goal(ref.GRID)
        V = ref.value_iteration(*ref.make_tables(ref.GRID), gamma)
        np.testing.assert_allclose(V, -(1 - gamma ** d) / (1 - gamma), atol=1e-9)


def test_greedy_policy_moves_one_step_closer_everywhere():
    tables = ref.make_tables(ref.GRID)
    d = ref.distances_to_goal(ref.GRID)
    policy = ref.greedy_policy(ref.value_iteration(*tables, 0.9), *tables, 0.9)
    moved = tables[0][np.arange(len(d)), policy]
    assert all(d[moved[s]] == d[s] - 1 for s in range(len(d)) if d[s] > 0)


def test_q_learning_update_by_hand():
    Q = np.zeros((3, 4))
    Q[2] = [-1.0, -0.5, -2.0, -1.5]
    new = ref.q_learning_update(Q, 1, 2, -1.0, 2, False, 0.5, 0.9)
    assert new[1, 2] == pytest.approx(0.5 * (-1.0 + 0.9 * -0.5))
    assert Q[1, 2] == 0.0, "the input table is not changed"
    assert ref.q_learning_update(Q, 1, 2, -1.0, 2, True, 0.5, 0.9)[1, 2] == pytest.approx(-0.5)


@pytest.mark.parametrize("seed", range(5))
def test_q_learning_finds_shortest_paths_on_random_grids(seed):
    rng = np.random.default_rng(seed)
    grid = ref.random_grid(rng, 5, 6)
    next_states, _, terminal = ref.make_tables(grid)
    d = ref.distances_to_goal(grid)
    Q = ref.q_learning(grid, 500, seed)
    for start in np.flatnonzero(~terminal):
        s, steps = start, 0
        while not terminal[s] and steps < 100:
            s, steps = next_states[s, np.argmax(Q[s])], steps + 1
        assert terminal[s] and steps == d[start]


def test_random_grids_are_connected_and_have_one_goal():
    rng = np.random.default_rng(3)
    for _ in range(20):
        grid = ref.random_grid(rng, 4, 5)
        assert "".join(grid).count("G") == 1
        assert (ref.distances_to_goal(grid) >= 0).all()
