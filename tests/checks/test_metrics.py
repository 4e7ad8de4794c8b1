"""R^2 and multi-class accuracy checks on held-out predictions, with bands."""

import numpy as np

from grader.checks.bands import Band
from grader.checks.metrics import check_class_accuracy, check_r2, check_softmax_accuracy

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


def test_class_accuracy_reads_labels_label_columns_and_probability_rows():
    labels = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 1])
    assert check_class_accuracy(labels, labels, BANDS).ok
    assert check_class_accuracy(np.eye(3)[labels] * 0.8 + 0.05, labels, BANDS).ok
    binary = np.array([0, 1, 1, 0])
    assert check_class_accuracy(binary.reshape(-1, 1).astype(float), binary, BANDS).ok
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


def test_probabilities_where_labels_are_asked_for_fail_with_the_threshold_instead_of_being_rounded():
    binary = np.array([0, 1, 1, 0])
    for probabilities in (np.array([[0.2], [0.9], [0.7], [0.1]]), np.array([0.2, 0.9, 0.7, 0.1])):
        result = check_class_accuracy(probabilities, binary, BANDS)
        assert not result.ok and result.credit == 0
        assert result.message == ("returned probabilities (values strictly between 0 and 1); the statement asks "
                                  "for 0/1 labels: threshold at 0.5, e.g. (p > 0.5).astype(int)")


def test_accuracy_far_below_chance_says_the_predictions_are_unrelated_to_the_labels():
    labels = np.tile([0, 1], 200)
    result = check_class_accuracy(1 - labels[:, None] * np.ones((1, 1)), labels, BANDS)  # every label flipped
    assert not result.ok and "below chance (0.50 for 2 classes)" in result.message
    assert "label order" in result.message and "train longer" not in result.message
    scores = np.eye(10)[(np.arange(500) + 1) % 10]  # always the next class
    result = check_softmax_accuracy(scores, np.arange(500) % 10, BANDS)
    assert "below chance (0.10 for 10 classes)" in result.message


def test_accuracy_at_chance_says_nothing_was_learned_and_between_chance_and_the_band_says_train_more():
    labels = np.tile([0, 1], 200)
    guessing = np.tile([0, 0, 1, 1], 100)
    assert "no better than guessing" in check_class_accuracy(guessing, labels, BANDS).message
    from grader.checks.metrics import check_sigmoid_accuracy

    part = np.where(np.arange(400) < 300, labels, 1 - labels).reshape(-1, 1).astype(float) * 0.8 + 0.1
    result = check_sigmoid_accuracy(part, labels, (Band(0.9, 1.0), Band(0.7, 0.5)))
    assert result.credit == 0.5 and "train longer" in result.message


def test_negative_r2_says_worse_than_the_mean_and_a_straight_fit_to_a_curve_says_features():
    y = np.linspace(-3, 3, 200)
    worse = check_r2(-y, y, BANDS)
    assert "worse than predicting the mean" in worse.message and "train longer" not in worse.message
    x = np.linspace(-1, 2, 200)
    curved = x + x**2
    straight = np.polyval(np.polyfit(x, curved, 1), x)  # the least-squares line through a parabola
    result = check_r2(straight, curved, (Band(0.99, 1.0), Band(0.5, 0.5)))
    assert "curvature" in result.message and "PolynomialFeatures" in result.message
