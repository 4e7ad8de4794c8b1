"""Week 16 grading specification: value iteration and Q-learning on a small deterministic grid world.

The grid world (`reference.gridworld`, shipped unchanged in the template) is plain data: a
list of strings turned into next-state, reward and terminal tables. Value iteration and the
Q-learning update are checked against the reference on the course grid and on hidden grids;
the greedy policy by the values of the actions it picks (ties are all right), also on a hidden
grid with unequal rewards, where gamma and r(s, a) change which action is best. The student's
Q-learning is run on hidden grids with hidden seeds, and the greedy policy of the table it
returns is rolled out here, in the grader's process, from every non-goal state, with bands.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.checks import check_array
from grader.checks.bands import Band
from grader.checks.policies import check_greedy_actions, check_policy_returns
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import gridworld as ref

TOL = {"rtol": 1e-6, "atol": 1e-6}
EPISODES = 500
POLICY_BANDS = (Band(0.9, 1.0), Band(0.6, 0.5))


# -- hidden inputs -----------------------------------------------------------------------
def _grid(rng: np.random.Generator) -> list[str]:
    return ref.random_grid(rng, int(rng.integers(4, 7)), int(rng.integers(5, 8)))


def _size(grid: list[str]) -> str:
    return f"{len(grid)}x{len(grid[0])}, {len(ref.cells(grid))} states"


def _value_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((*ref.make_tables(ref.GRID), 0.9), label="the lab's grid, gamma=0.9", public=True)]
    for i in range(2):
        grid, gamma = _grid(rng), float(rng.choice([0.8, 0.95]))  # never the public 0.9: an ignored gamma shows
        cases.append(Case((*ref.make_tables(grid), gamma), label=f"hidden grid {i + 1} ({_size(grid)}, gamma={gamma})"))
    return cases


def _costly_tables(rng: np.random.Generator) -> tuple[list[str], float, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """A hidden grid whose moves into some cells cost 3-5 instead of 1 and whose goal pays 10 or 20 on entry:
    with unequal rewards, which action is best depends on gamma (with every step at -1 it never does)."""
    grid = _grid(rng)
    next_states, _, terminal = ref.make_tables(grid)
    cost = np.where(rng.random(len(next_states)) < 0.3, -float(rng.choice([3.0, 4.0, 5.0])), -1.0)
    pays = float(rng.choice([10.0, 20.0]))
    cost[terminal] = pays
    return grid, pays, (next_states, np.where(terminal[:, None], 0.0, cost[next_states]), terminal)


def _gamma_case(rng: np.random.Generator) -> Case:
    """Unequal rewards and a small gamma (0.5 or 0.6), redrawn until a fixed gamma (the example's 0.9), no
    discount (gamma 1) and V(s') alone each pick a worse action in some state: "use the gamma argument" and
    "add r(s, a)" are exercised on every draw (about 1 draw in 3 qualifies)."""
    while True:
        grid, pays, (next_states, rewards, terminal) = _costly_tables(rng)
        gamma = float(rng.choice([0.5, 0.6]))
        V = ref.value_iteration(next_states, rewards, terminal, gamma)
        q = ref.action_values(V, next_states, rewards, terminal, gamma)
        worse = [q[np.arange(len(q)), wrong(V, next_states, rewards, terminal, gamma)] < q.max(axis=1) - 1e-6
                 for wrong in (_fixed_gamma, _undiscounted_policy, _next_value_only)]
        if all(w.any() for w in worse):
            return Case((V, next_states, rewards, terminal, gamma),
                        label=f"hidden grid 3 ({_size(grid)}) where some moves cost more and the goal pays "
                              f"{pays:g}, its optimal values, "
                              f"gamma={gamma}")


def _policy_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for i, grid in enumerate([list(ref.GRID), _grid(rng), _grid(rng)]):
        gamma = 0.9 if i == 0 else float(rng.choice([0.8, 0.95]))  # hidden: never the public 0.9
        tables = ref.make_tables(grid)
        V = ref.value_iteration(*tables, gamma)
        label = "the lab's grid and its optimal values" if i == 0 else f"hidden grid {i} ({_size(grid)})"
        cases.append(Case((V, *tables, gamma), label=f"{label}, gamma={gamma}", public=i == 0))
    return [*cases, _gamma_case(rng)]


def _update_cases(rng: np.random.Generator) -> list[Case]:
    Q = np.zeros((4, 4))
    Q[2] = [-1.0, -0.5, -2.0, -1.5]
    cases = [Case((Q, 1, 2, -1.0, 2, False, 0.5, 0.9), label="a 4-state table, s=1, a=2 -> s'=2, not done",
                  public=True)]
    for i, done in enumerate((False, True)):
        n = int(rng.integers(5, 30))
        s, s2, a = int(rng.integers(n)), int(rng.integers(n)), int(rng.integers(4))
        alpha, gamma = float(rng.uniform(0.1, 0.9)), float(rng.uniform(0.8, 0.99))
        reward = float(rng.choice([-1.0, 0.0, 1.0]))
        cases.append(Case((rng.normal(size=(n, 4)), s, a, reward, s2, done, alpha, gamma),
                          label=f"hidden update {i + 1} ({n} states, done={done})"))
    return cases


def _learning_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for i, grid in enumerate([list(ref.GRID), _grid(rng), _grid(rng)]):
        seed = 0 if i == 0 else int(rng.integers(2**31))
        free = np.flatnonzero(~ref.make_tables(grid)[2])
        # every case starts everywhere: a verdict never hangs on which few starts were drawn (with 10 drawn
        # starts one miss was already the 90% edge). The template's recipe, run on 200 hidden draws (600 grids
        # and seeds), earned full points on every draw: mean share 0.999, lowest share of a case 0.9 of 10 starts.
        starts = free
        label = "the lab's grid, seed 0" if i == 0 else f"hidden grid {i} ({_size(grid)}) and a hidden seed"
        cases.append(Case((grid, EPISODES, seed), label=f"{label}, {EPISODES} episodes, rolled out from "
                          f"all {len(starts)} non-goal states", public=i == 0,
                          expected=ref.rollout_spec(grid, starts)))
    return cases


# -- known mistakes ----------------------------------------------------------------------
def _mean_backup(next_states, rewards, terminal, gamma):
    V = np.zeros(len(next_states))
    for _ in range(10_000):
        new = (np.asarray(rewards) + gamma * V[np.asarray(next_states)]).mean(axis=1)
        new[np.asarray(terminal, dtype=bool)] = 0.0
        if np.max(np.abs(new - V)) < 1e-12:
            break
        V = new
    return new


def _undiscounted(next_states, rewards, terminal, gamma):
    return ref.value_iteration(next_states, rewards, terminal, 1.0)


def _worst_action(V, next_states, rewards, terminal, gamma):
    return np.argmin(ref.action_values(V, next_states, rewards, terminal, gamma), axis=1)


def _fixed_gamma(V, next_states, rewards, terminal, gamma):
    return ref.greedy_policy(V, next_states, rewards, terminal, 0.9)


def _undiscounted_policy(V, next_states, rewards, terminal, gamma):
    return ref.greedy_policy(V, next_states, rewards, terminal, 1.0)


def _next_value_only(V, next_states, rewards, terminal, gamma):
    return np.argmax(np.asarray(V, dtype=float)[np.asarray(next_states)], axis=1)


def _bootstrap_past_goal(Q, state, action, reward, next_state, done, alpha, gamma):
    return ref.q_learning_update(Q, state, action, reward, next_state, False, alpha, gamma)


def _no_step_size(Q, state, action, reward, next_state, done, alpha, gamma):
    return ref.q_learning_update(Q, state, action, reward, next_state, done, 1.0, gamma)


def _mean_target(Q, state, action, reward, next_state, done, alpha, gamma):
    Q = np.array(Q, dtype=float, copy=True)
    target = reward + (0.0 if done else gamma * Q[next_state].mean())
    Q[state, action] += alpha * (target - Q[state, action])
    return Q


TASKS = (
    FunctionTask(
        name="value_iteration", weight=2, reference=ref.value_iteration,
        summary="(next_states, rewards, terminal, gamma) -> optimal state values V (goal 0), swept until no value "
                "changes by more than 1e-10",
        cases=_value_cases, check=partial(check_array, **TOL),
        mistakes=(
            Mistake(_mean_backup, "you averaged over the actions (the value of the random policy); value iteration "
                                  "takes the best action: V(s) = max_a [r(s, a) + gamma * V(s')]"),
            Mistake(_undiscounted, "the values are not discounted: multiply V(s') by gamma"),
            Mistake(lambda next_states, rewards, terminal, gamma: ref.value_iteration(next_states, rewards, terminal,
                                                                                       0.9),
                    "gamma is fixed at 0.9 (the example's): use the gamma argument"),
        ),
        hints=("V = zeros(n); repeat: Q = rewards + gamma * V[next_states]; new = Q.max(axis=1); new[terminal] = 0; "
               "stop when np.max(np.abs(new - V)) < 1e-10.",
               "V[next_states] has the shape of next_states (n, 4): one backed-up value per state and action."),
    ),
    FunctionTask(
        name="greedy_policy", weight=1, reference=ref.action_values,
        summary="(V, next_states, rewards, terminal, gamma) -> the best action in each state (0 up, 1 right, "
                "2 down, 3 left)",
        cases=_policy_cases, check=partial(check_greedy_actions, kind="integer"), checks_properties=True,
        # the mistakes return actions (what a student returns): the check compares how they fail
        mistakes=(Mistake(_worst_action, "you picked the worst action in each state (argmin); take the argmax"),
                  Mistake(_fixed_gamma, "gamma is fixed at 0.9 (the example's): use the gamma argument in "
                                        "r(s, a) + gamma * V(s')"),
                  Mistake(_undiscounted_policy, "V(s') is not discounted: the best action maximises "
                                                "r(s, a) + gamma * V(s'), with the gamma argument"),
                  Mistake(_next_value_only, "you chose by V(s') alone: the best action maximises "
                                            "r(s, a) + gamma * V(s'), and moves can cost different amounts")),
        hints=("np.argmax(rewards + gamma * V[next_states], axis=1)",),
    ),
    FunctionTask(
        name="q_learning_update", weight=1,
        reference=ref.q_learning_update,
        summary="(Q, state, action, reward, next_state, done, alpha, gamma) -> a new Q table after one update",
        cases=_update_cases, check=partial(check_array, **TOL),
        mistakes=(
            Mistake(_bootstrap_past_goal, "you bootstrapped from the state after the goal: when done, the target "
                                          "is just the reward"),
            Mistake(_no_step_size, "you replaced Q(s, a) with the target; move it only alpha of the way: "
                                   "Q(s, a) += alpha * (target - Q(s, a))"),
            Mistake(_mean_target, "your target averages Q(s', .); Q-learning uses the best next action: "
                                  "max_a' Q(s', a')"),
        ),
        hints=("Q = Q.copy(); target = reward if done else reward + gamma * Q[next_state].max(); "
               "Q[state, action] += alpha * (target - Q[state, action])",),
    ),
    FunctionTask(
        name="q_learning", weight=3, reference=None, timeout=60,
        cases=_learning_cases, check=partial(check_policy_returns, bands=POLICY_BANDS),
        summary=f"(grid, episodes, seed) -> a learned Q table; its greedy policy is rolled out from every non-goal "
                f"state (full points when >= {POLICY_BANDS[0].threshold:.0%} of them reach the goal within 2 steps of "
                f"the shortest path, half at >= {POLICY_BANDS[1].threshold:.0%})",
        hints=("Start each episode in a random non-goal state; act epsilon-greedily (epsilon=0.2); update with "
               "q_learning_update(alpha=0.5, gamma=0.95); stop at the goal or after 100 steps.",
               "Seed one generator, rng = np.random.default_rng(seed), and draw every random choice from it."),
    ),
)

# Tabular work runs in milliseconds: 10 s per call only catches endless loops sooner.
SPEC = WeekSpec(week=16, version="16.4", tasks=TASKS, template="week16/lab16_gridworld.ipynb", call_timeout=10.0)
