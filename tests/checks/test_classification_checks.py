"""check_split_scaled accepts any shuffled, training-fitted split and names each leak; check_label_accuracy
scores class labels in bands."""

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from grader.checks.bands import Band
from grader.checks.classification import check_split_scaled
from grader.checks.metrics import check_label_accuracy
from reference import classification as ref

X, y = ref.lab_data(40, seed=3)
SPEC = ref.split_spec(X, y, 0.25, 0)
BANDS = (Band(0.85, 1.0), Band(0.70, 0.5))


def split(seed=0, **kwargs):
    return train_test_split(X, y, test_size=0.25, random_state=seed, **kwargs)


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_any_shuffled_split_scaled_on_training_rows_passes(seed):
    X_train, X_test, y_train, y_test = split(seed, stratify=y if seed == 7 else None)
    scaler = StandardScaler().fit(X_train)
    assert check_split_scaled((scaler.transform(X_train), scaler.transform(X_test), y_train, y_test), SPEC).ok


def test_a_scaler_fitted_before_the_split_is_leakage():
    X_train, X_test, y_train, y_test = train_test_split(StandardScaler().fit_transform(X), y, test_size=0.25,
                                                        random_state=0)
    result = check_split_scaled((X_train, X_test, y_train, y_test), SPEC)
    assert not result.ok and "fitted on all rows before the split" in result.message


def test_a_scaler_fitted_again_on_the_test_rows_is_named():
    X_train, X_test, y_train, y_test = split()
    scaler = StandardScaler()
    result = check_split_scaled((scaler.fit_transform(X_train), scaler.fit_transform(X_test), y_train, y_test), SPEC)
    assert not result.ok and "only transform X_test" in result.message


def test_unscaled_unshuffled_and_misaligned_splits_fail():
    X_train, X_test, y_train, y_test = split()
    assert "not scaled" in check_split_scaled((X_train, X_test, y_train, y_test), SPEC).message
    scaler = StandardScaler().fit(X[:30])
    result = check_split_scaled((scaler.transform(X[:30]), scaler.transform(X[30:]), y[:30], y[30:]), SPEC)
    assert not result.ok and "shuffle" in result.message
    scaler = StandardScaler().fit(X_train)
    result = check_split_scaled((scaler.transform(X_train), scaler.transform(X_test), y_train[::-1], y_test), SPEC)
    assert not result.ok and "labels do not follow their rows" in result.message


def test_wrong_test_share_and_wrong_return_shape():
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0)
    scaler = StandardScaler().fit(X_train)
    result = check_split_scaled((scaler.transform(X_train), scaler.transform(X_test), y_train, y_test), SPEC)
    assert not result.ok and "test_size=0.25 of 40 rows" in result.message
    assert "expected a tuple" in check_split_scaled((X, y), SPEC).message


def test_label_accuracy_bands():
    labels = np.array([0, 1, 2, 0] * 25)
    assert check_label_accuracy(labels.copy(), labels, BANDS).ok
    wrong = labels.copy()
    wrong[:20] = (wrong[:20] + 1) % 3
    half = check_label_accuracy(wrong, labels, BANDS)
    assert not half.ok and half.credit == 0.5 and "0.800" in half.message
    assert check_label_accuracy(np.zeros(100), labels, BANDS).credit == 0
    assert check_label_accuracy(np.eye(3)[labels], labels, BANDS).ok  # probability rows count as their argmax
    assert "expected 100" in check_label_accuracy(labels[:10], labels, BANDS).message
