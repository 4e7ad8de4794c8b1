"""The week-3 references: hand-written metrics pinned equal to scikit-learn's, the lab's data
and pipelines behaving as the lab's bands assume."""

import numpy as np
import pytest
from sklearn import metrics

from grader.checks.classification import check_split_scaled
from reference import classification as ref

RNG = np.random.default_rng(5)
LABEL_SETS = [
    ([0, 1, 2, 2, 1, 0, 2, 1], [0, 2, 2, 2, 1, 0, 1, 0]),
    tuple(list(RNG.choice(["cat", "dog", "bird", "fish"], size=40)) for _ in range(2)),
    (list(RNG.integers(0, 5, size=60)), list(RNG.integers(0, 5, size=60))),
]


@pytest.mark.parametrize(("y_true", "y_pred"), LABEL_SETS)
def test_confusion_matrix_equals_sklearn_in_the_given_label_order(y_true, y_pred):
    labels = sorted(set(y_true) | set(y_pred))[::-1]
    assert np.array_equal(ref.compute_confusion_matrix(y_true, y_pred, labels),
                          metrics.confusion_matrix(y_true, y_pred, labels=labels))


@pytest.mark.parametrize(("y_true", "y_pred"), LABEL_SETS)
def test_precision_recall_f1_and_macro_f1_equal_sklearn(y_true, y_pred):
    for positive in sorted(set(y_true) | set(y_pred)):
        p, r, f = ref.compute_precision_recall_f1(y_true, y_pred, positive)
        kw = {"labels": [positive], "average": "macro", "zero_division": 0}
        assert p == pytest.approx(metrics.precision_score(y_true, y_pred, **kw))
        assert r == pytest.approx(metrics.recall_score(y_true, y_pred, **kw))
        assert f == pytest.approx(metrics.f1_score(y_true, y_pred, **kw))
    assert ref.compute_macro_f1(y_true, y_pred) == pytest.approx(metrics.f1_score(y_true, y_pred, average="macro"))


def test_nothing_predicted_positive_gives_zeros_like_sklearn():
    assert ref.compute_precision_recall_f1([1, 1, 0], [0, 0, 0], 1) == (0.0, 0.0, 0.0)


def test_the_reference_split_passes_its_own_check():
    X, y = ref.lab_data(50, seed=2)
    assert check_split_scaled(ref.split_and_scale(X, y, 0.3, 4), ref.split_spec(X, y, 0.3, 4)).ok


def test_classify_equals_the_pipeline_and_scaling_matters_on_this_data():
    X_train, y_train = ref.lab_data(300, seed=1)
    X_test, y_test = ref.lab_data(300, seed=2)
    for kind in ref.KINDS:
        pred = ref.classify(kind, X_train, y_train, X_test)
        assert np.mean(pred == y_test) > 0.85, kind
    from sklearn.neighbors import KNeighborsClassifier

    raw = KNeighborsClassifier().fit(X_train, y_train).predict(X_test)
    assert np.mean(raw == y_test) < 0.65  # the noise features dominate unscaled distances


def test_held_out_rows_leave_a_wide_margin_around_the_bands():
    """The correct example's model stays above full points and the unscaled k-NN of the mistakes
    example below half points on every held-out draw (the bands are 0.85 and 0.70)."""
    from sklearn.neighbors import KNeighborsClassifier

    good = ref.make_classifier("logreg").fit(*ref.lab_data(1000, seed=1))
    raw = KNeighborsClassifier().fit(*ref.lab_data(1000, seed=1))
    for seed in range(1000, 1020):
        X, y = ref.holdout(500, seed)
        assert np.mean(good.predict(X) == y) > 0.92
        assert np.mean(raw.predict(X) == y) < 0.60
