"""Checks for reinforcement-learning answers: greedy actions judged by their values (ties are
all right), and learned Q tables rolled out in the grader's own process on the grader's grid."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.arrays import _kind_problem
from grader.checks.bands import Band
from grader.checks.text import type_name
from grader.results import CheckResult

ACTION_NAMES = ("up", "right", "down", "left")


def _table(actual: Any, shape: tuple[int, ...], what: str) -> np.ndarray | CheckResult:
    try:
        arr = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return CheckResult.fail(f"returned {type_name(actual)}, expected {what} of shape {shape}")
    if arr.shape != shape:
        fix = ": return the Q table itself, not its greedy actions" if arr.shape == shape[:1] else ""
        return CheckResult.fail(f"returned shape {arr.shape}, expected {what} of shape {shape}{fix}")
    if not np.all(np.isfinite(arr)):
        return CheckResult.fail(f"{what} holds NaN or inf")
    return arr


def check_greedy_actions(actual: Any, q_values: np.ndarray, atol: float = 1e-6, *,
                         kind: str | None = None) -> CheckResult:
    """One action per state, each with the highest Q(s, a) of its state (any of several tied);
    `kind="integer"` where the statement asks for an integer array."""
    q = np.asarray(q_values, dtype=float)
    if kind is not None and isinstance(actual, np.ndarray) and actual.shape == q.shape[:1]:
        wrong_kind = _kind_problem(actual, kind)
        if wrong_kind is not None:
            return wrong_kind
    actions = _table(actual, q.shape[:1], "one action per state")
    if isinstance(actions, CheckResult):
        return actions
    if not np.all(actions == np.round(actions)) or actions.min() < 0 or actions.max() >= q.shape[1]:
        return CheckResult.fail(f"actions must be integers 0..{q.shape[1] - 1} (0 up, 1 right, 2 down, 3 left)")
    chosen = q[np.arange(len(q)), actions.astype(int)]
    best = q.max(axis=1)
    wrong = np.flatnonzero(chosen < best - atol)
    if wrong.size == 0:
        return CheckResult.passed()
    s = int(wrong[0])
    a, b = int(actions[s]), int(np.argmax(q[s]))
    return CheckResult.fail(f"{wrong.size} of {len(q)} states get a worse action than the best; first state {s}: "
                            f"action {a} ({ACTION_NAMES[a]}) is worth {chosen[s]:.4g}, action {b} "
                            f"({ACTION_NAMES[b]}) {best[s]:.4g}")


def rollout(q: np.ndarray, next_states: np.ndarray, rewards: np.ndarray, terminal: np.ndarray, start: int,
            max_steps: int) -> tuple[bool, float]:
    """Follow argmax Q from `start`: (reached the goal, undiscounted return)."""
    s, total = int(start), 0.0
    for _ in range(max_steps):
        a = int(np.argmax(q[s]))
        total += float(rewards[s, a])
        s = int(next_states[s, a])
        if terminal[s]:
            return True, total
    return False, total


def check_policy_returns(actual: Any, spec: dict, bands: tuple[Band, ...]) -> CheckResult:
    """The greedy policy of a learned Q table, rolled out from hidden start states: the share of
    starts that reach the goal with a return within `slack` of the best, scored by bands."""
    next_states = np.asarray(spec["next_states"])
    q = _table(actual, (len(next_states), next_states.shape[1]), "a Q table (states, actions)")
    if isinstance(q, CheckResult):
        return q
    outcomes = [rollout(q, next_states, np.asarray(spec["rewards"]), np.asarray(spec["terminal"]), s,
                        spec["max_steps"]) for s in spec["starts"]]
    good = [reached and ret >= best - spec["slack"]
            for (reached, ret), best in zip(outcomes, spec["optimal"], strict=True)]
    share = float(np.mean(good))
    if share >= bands[0].threshold:
        return CheckResult.passed()
    lost = sum(not reached for reached, _ in outcomes)
    detail = (f"{sum(good)} of {len(good)} hidden start states reach the goal within {spec['slack']} steps of "
              f"the shortest path ({lost} never reach it in {spec['max_steps']} steps)")
    for band in bands[1:]:
        if share >= band.threshold:
            return CheckResult.fail(f"{detail}: {band.credit:.0%} of the points (full points at "
                                    f"{bands[0].threshold:.0%}); train for more episodes or explore more",
                                    credit=band.credit)
    return CheckResult.fail(f"{detail}; points start at {bands[-1].threshold:.0%}: does every episode update Q "
                            "and start from a random state?")
