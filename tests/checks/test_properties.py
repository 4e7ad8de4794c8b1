"""Answers random by design are checked for their properties (grader/checks/properties.py)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from grader.checks.properties import check_sum_pairs

SPEC = {"n_examples": 200, "n_numbers": 2, "largest": 10}


def _draw(n: int = 200, k: int = 2, largest: int = 10, seed: int = 0) -> tuple[list[list[int]], list[int]]:
    rng = random.Random(seed)
    X = [[rng.randint(1, largest) for _ in range(k)] for _ in range(n)]
    return X, [sum(row) for row in X]


def test_random_rows_with_their_sums_pass():
    assert check_sum_pairs(_draw(), SPEC).ok


@pytest.mark.parametrize(("answer", "words"), [
    ([1, 2, 3], "expected a tuple (X, y)"),
    ((np.ones((200, 3), dtype=int), np.full(200, 3)), "X has shape (200, 3), expected (200, 2)"),
    ((np.ones((200, 2)), np.full(200, 2.0)), "must hold integers"),
    ((np.zeros((200, 2), dtype=int), np.zeros(200, dtype=int)), "must lie in [1, 10]"),
])
def test_answers_of_the_wrong_form_say_what_is_wrong(answer, words):
    result = check_sum_pairs(answer, SPEC)
    assert not result.ok and words in result.message


def test_a_wrong_sum_names_the_row():
    X, y = _draw()
    y[7] += 1
    assert f"y[7] is {y[7]} but X[7]" in check_sum_pairs((X, y), SPEC).message


def test_a_range_that_misses_an_end_is_refused():
    X, _ = _draw(largest=9)  # randint(1, 9): 10 never drawn
    message = check_sum_pairs((X, [sum(r) for r in X]), SPEC).message
    assert "no number equals 10 in 400 draws" in message


def test_identical_rows_are_not_random():
    X = [[1, 10]] * 200
    assert "every row is the same" in check_sum_pairs((X, [11] * 200), {**SPEC, "n_examples": 200}).message
