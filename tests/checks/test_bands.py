"""Band scoring of a held-out metric and reading a model's predictions (grader/checks/bands.py)."""

from __future__ import annotations

import numpy as np

from grader.checks.bands import Band, band_result, chance_evidence, one_per_example

ACCURACY = (Band(0.9, 1.0), Band(0.8, 0.5))
LOSS = (Band(0.1, 1.0), Band(0.3, 0.5))


def test_reaching_the_first_band_earns_full_points():
    assert band_result(0.95, "accuracy", ACCURACY, True).ok
    assert band_result(0.9, "accuracy", ACCURACY, True).ok  # the edge counts


def test_a_lower_band_earns_its_part_and_says_where_full_points_start():
    result = band_result(0.85, "accuracy", ACCURACY, True)
    assert not result.ok and result.credit == 0.5
    assert "accuracy is 0.850: 50% of the points (full points at >= 0.9)" in result.message
    assert "train longer" in result.message


def test_below_every_band_earns_nothing_and_says_where_points_start():
    result = band_result(0.5, "accuracy", ACCURACY, True)
    assert not result.ok and result.credit == 0.0
    assert "points start at >= 0.8" in result.message and "is the model trained?" in result.message


def test_lower_is_better_bands_compare_the_other_way():
    assert band_result(0.05, "loss", LOSS, False).ok
    part = band_result(0.2, "loss", LOSS, False)
    assert part.credit == 0.5 and "full points at <= 0.1" in part.message
    assert band_result(0.5, "loss", LOSS, False).credit == 0.0


def test_evidence_replaces_the_advice():
    result = band_result(0.5, "accuracy", ACCURACY, True, evidence="below chance")
    assert result.message.endswith(": below chance") and "is the model trained" not in result.message


def test_an_accuracy_far_below_chance_points_at_the_label_order():
    assert "below chance (0.50 for 2 classes)" in chance_evidence(0.2, 400, 2)


def test_an_accuracy_near_chance_says_the_model_learned_nothing():
    assert "no better than guessing (0.33 for 3 classes)" in chance_evidence(0.34, 300, 3)


def test_an_accuracy_clearly_above_chance_or_without_examples_needs_no_evidence():
    assert chance_evidence(0.9, 400, 2) == ""
    assert chance_evidence(0.1, 0, 2) == "" and chance_evidence(0.1, 100, 1) == ""


def test_one_prediction_per_example_is_flattened():
    pred = one_per_example([[1.0], [2.0], [3.0]], 3)
    assert isinstance(pred, np.ndarray) and pred.tolist() == [1.0, 2.0, 3.0]


def test_predictions_of_the_wrong_shape_not_numbers_or_not_finite_are_refused():
    assert "shape (3, 2), expected (3, 1)" in one_per_example(np.zeros((3, 2)), 3).message
    assert "shape (2,), expected (3, 1)" in one_per_example([1, 2], 3).message
    assert "expected an array of numbers" in one_per_example(["a", "b", "c"], 3).message
    assert "NaN or inf: training diverged" in one_per_example([1.0, np.nan, 2.0], 3).message
