"""R^2 and multi-class accuracy checks on held-out predictions, with bands."""

import numpy as np

from grader.checks.metrics import check_class_accuracy, check_r2, check_softmax_accuracy
from grader.checks.models import Band

BANDS = (Band(0.9, 1.0), Band(0.5, 0.5))


def test_r2_bands_give_full_half_or_no_credit_and_quote_the_mse():
    y = np.linspace(-3, 3, 50)
    assert check_r2(y + 0.01, y, BANDS).ok
    half = check_r2(0.5 * y, y, BANDS)
    assert not half.ok and half.credit == 0.5 and "R^2 is 0.750" in half.message and "MSE" in half.message
    none = check_r2(np.zeros(50), y, BANDS)
    assert none.credit == 0 and "points start at >= 0.5" in none.message


def test_r2_refuses_wrong_shapes_and_nan():
    y = np.arange(5.0)
    assert "expected (5,)" in check_r2(np.zeros(4), y, BANDS).message
    assert "NaN" in check_r2(np.full(5, np.nan), y, BANDS).message
    assert check_r2(y.reshape(-1, 1), y, BANDS).ok


def test_class_accuracy_reads_labels_probability_rows_and_sigmoid_columns():
    labels = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 1])
    assert check_class_accuracy(labels, labels, BANDS).ok
    assert check_class_accuracy(np.eye(3)[labels] * 0.8 + 0.05, labels, BANDS).ok
    binary = np.array([0, 1, 1, 0])
    assert check_class_accuracy(np.array([[0.2], [0.9], [0.7], [0.1]]), binary, BANDS).ok
    wrong = labels.copy()
    wrong[:4] = (wrong[:4] + 1) % 3
    result = check_class_accuracy(wrong, labels, BANDS)
    assert not result.ok and result.credit == 0.5 and "accuracy is 0.600" in result.message


def test_class_accuracy_refuses_a_row_count_mismatch():
    result = check_class_accuracy(np.zeros((3, 10)), np.zeros(4), BANDS)
    assert not result.ok and "one row per example" in result.message


def test_softmax_accuracy_takes_the_argmax_of_each_row_and_demands_rows():
    labels = np.array([0, 1, 2, 1])
    bands = (Band(0.9, 1.0), Band(0.7, 0.5))
    right = np.eye(3)[labels] * 0.8 + 0.05
    assert check_softmax_accuracy(right, labels, bands).ok
    three_of_four = right.copy()
    three_of_four[0] = [0.1, 0.2, 0.7]
    result = check_softmax_accuracy(three_of_four, labels, bands)
    assert not result.ok and result.credit == 0.5 and "accuracy is 0.750" in result.message
    assert "expected (4, 3)" in check_softmax_accuracy(labels.astype(float), labels, bands).message
