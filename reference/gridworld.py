"""Week 16: a small deterministic grid world, value iteration and tabular Q-learning.

The grid is a list of strings: '.' a free cell, '#' a wall, 'G' the goal (terminal). States
are the non-wall cells in row-major order; actions are 0 up, 1 right, 2 down, 3 left. A move
into a wall or off the grid leaves the agent where it is. Every step costs -1 (the step into
the goal too), so an episode's undiscounted return is minus its number of steps, and the best
return from a cell is minus its shortest-path distance to the goal. The template ships
`make_tables` and `step` unchanged: the student and the grader use the same environment.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np

ACTIONS = ((-1, 0), (0, 1), (1, 0), (0, -1))  # up, right, down, left
STEP_REWARD = -1.0
GRID = (
    "......",
    ".##.#.",
    "...#..",
    ".#...#",
    "...#.G",
)


def cells(grid: Sequence[str]) -> list[tuple[int, int]]:
    """(row, col) of every state, in state order (row-major, walls left out)."""
    return [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch != "#"]


def make_tables(grid: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(next_states (n, 4) int, rewards (n, 4) float, terminal (n,) bool) of the grid world.

    The goal is absorbing: every action keeps it there with reward 0."""
    index = {cell: i for i, cell in enumerate(cells(grid))}
    n = len(index)
    next_states = np.zeros((n, 4), dtype=np.int64)
    rewards = np.full((n, 4), STEP_REWARD)
    terminal = np.zeros(n, dtype=bool)
    for (r, c), s in index.items():
        if grid[r][c] == "G":
            terminal[s] = True
            next_states[s] = s
            rewards[s] = 0.0
            continue
        for a, (dr, dc) in enumerate(ACTIONS):
            next_states[s, a] = index.get((r + dr, c + dc), s)
    return next_states, rewards, terminal


def step(next_states: np.ndarray, rewards: np.ndarray, terminal: np.ndarray, state: int,
         action: int) -> tuple[int, float, bool]:
    """One move: (next_state, reward, done)."""
    s2 = int(next_states[state, action])
    return s2, float(rewards[state, action]), bool(terminal[s2])


def value_iteration(next_states, rewards, terminal, gamma: float, theta: float = 1e-10) -> np.ndarray:
    """Optimal state values: V(s) = max_a [r(s, a) + gamma * V(s')], V(goal) = 0, synchronous
    sweeps until no value changes by more than theta."""
    next_states, rewards = np.asarray(next_states), np.asarray(rewards, dtype=float)
    terminal = np.asarray(terminal, dtype=bool)
    V = np.zeros(len(next_states))
    while True:
        new = (rewards + gamma * V[next_states]).max(axis=1)
        new[terminal] = 0.0
        if np.max(np.abs(new - V)) < theta:
            return new
        V = new


def action_values(V, next_states, rewards, terminal, gamma: float) -> np.ndarray:
    """Q(s, a) = r(s, a) + gamma * V(s') for every state and action (0 in the goal)."""
    q = np.asarray(rewards, dtype=float) + gamma * np.asarray(V, dtype=float)[np.asarray(next_states)]
    q[np.asarray(terminal, dtype=bool)] = 0.0
    return q


def greedy_policy(V, next_states, rewards, terminal, gamma: float) -> np.ndarray:
    """The action with the highest Q(s, a) in each state (ties: the lowest action index)."""
    return np.argmax(action_values(V, next_states, rewards, terminal, gamma), axis=1)


def q_learning_update(Q, state: int, action: int, reward: float, next_state: int, done: bool,
                      alpha: float, gamma: float) -> np.ndarray:
    """A new table with Q(s, a) moved by alpha toward r + gamma * max_a' Q(s', a') (just r when done)."""
    Q = np.array(Q, dtype=float, copy=True)
    target = reward + (0.0 if done else gamma * Q[next_state].max())
    Q[state, action] += alpha * (target - Q[state, action])
    return Q


def q_learning(grid: Sequence[str], episodes: int, seed: int, alpha: float = 0.5, gamma: float = 0.95,
               epsilon: float = 0.2, max_steps: int = 100) -> np.ndarray:
    """Tabular Q-learning with epsilon-greedy exploration; each episode starts in a random
    non-goal state (exploring starts), so every state's actions get learned."""
    next_states, rewards, terminal = make_tables(grid)
    rng = np.random.default_rng(seed)
    Q = np.zeros((len(next_states), 4))
    starts = np.flatnonzero(~terminal)
    for _ in range(episodes):
        s = int(rng.choice(starts))
        for _ in range(max_steps):
            a = int(rng.integers(4)) if rng.random() < epsilon else int(np.argmax(Q[s]))
            s2, r, done = step(next_states, rewards, terminal, s, a)
            Q = q_learning_update(Q, s, a, r, s2, done, alpha, gamma)
            s = s2
            if done:
                break
    return Q


# -- grading helpers -------------------------------------------------------------------------
def distances_to_goal(grid: Sequence[str]) -> np.ndarray:
    """Shortest number of steps from each state to the goal (-1 where it cannot be reached)."""
    next_states, _, terminal = make_tables(grid)
    n = len(next_states)
    reverse: list[set[int]] = [set() for _ in range(n)]
    for s in range(n):
        for s2 in next_states[s]:
            if s2 != s:
                reverse[int(s2)].add(s)
    dist = np.full(n, -1)
    queue = deque(int(g) for g in np.flatnonzero(terminal))
    for g in queue:
        dist[g] = 0
    while queue:
        s = queue.popleft()
        for p in reverse[s]:
            if dist[p] < 0 and not terminal[p]:
                dist[p] = dist[s] + 1
                queue.append(p)
    return dist


def random_grid(rng: np.random.Generator, rows: int, cols: int, wall_share: float = 0.2) -> list[str]:
    """A grid with one goal and random walls where every free cell can reach the goal."""
    while True:
        cells_ = rng.random((rows, cols)) < wall_share
        goal = (int(rng.integers(rows)), int(rng.integers(cols)))
        cells_[goal] = False
        grid = ["".join("#" if cells_[r, c] else "." for c in range(cols)) for r in range(rows)]
        grid[goal[0]] = grid[goal[0]][: goal[1]] + "G" + grid[goal[0]][goal[1] + 1:]
        dist = distances_to_goal(grid)
        if (dist >= 0).all() and len(dist) >= rows * cols // 2:
            return grid


def rollout_spec(grid: Sequence[str], starts: Sequence[int], slack: int = 2, max_steps: int = 100) -> dict:
    """What the grader needs to roll a learned Q table out on `grid` from `starts`: the tables,
    and the best return from each start (minus its distance to the goal)."""
    next_states, rewards, terminal = make_tables(grid)
    dist = distances_to_goal(grid)
    return {"next_states": next_states, "rewards": rewards, "terminal": terminal,
            "starts": [int(s) for s in starts], "optimal": [-float(dist[s]) for s in starts],
            "slack": slack, "max_steps": max_steps}
