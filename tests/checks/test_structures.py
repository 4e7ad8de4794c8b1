"""Answers made of several arrays are compared part by part (grader/checks/structures.py)."""

from __future__ import annotations

import numpy as np

from grader.checks.structures import check_tuple

EXPECTED = (np.arange(6.0).reshape(2, 3), np.ones(3), np.zeros(3))
NAMES = ("outputs", "h", "c")


def test_equal_parts_within_tolerance_pass_as_tuple_or_list():
    assert check_tuple(EXPECTED, EXPECTED, NAMES).ok
    assert check_tuple([p + 1e-9 for p in EXPECTED], EXPECTED, NAMES).ok


def test_a_wrong_part_is_named():
    result = check_tuple((EXPECTED[0], EXPECTED[1], np.ones(3)), EXPECTED, NAMES)
    assert not result.ok and result.message.startswith("c: ")


def test_not_a_tuple_or_the_wrong_count_says_what_was_expected():
    assert "expected a tuple (outputs, h, c)" in check_tuple(EXPECTED[0], EXPECTED, NAMES).message
    assert "returned 2 values, expected 3" in check_tuple(EXPECTED[:2], EXPECTED, NAMES).message
