"""The digits a trained model is scored on cannot be loaded by the notebook: no scored image is one
of scikit-learn's 1,797 digits, each keeps its digit, and training on the held-back images too
(what a notebook could do with load_digits) buys no band."""

from __future__ import annotations

import numpy as np
import pytest

from reference import ann, cnn
from reference.digits import blended_holdout


def _all_digits() -> np.ndarray:
    from sklearn.datasets import load_digits

    return load_digits().data / 16.0


@pytest.mark.parametrize("seed", range(3))
def test_no_scored_digit_is_an_image_load_digits_returns(seed):
    X, y = ann.digits_holdout(1000, seed)
    nearest = np.sqrt(((X[:, None, :] - _all_digits()[None]) ** 2).sum(axis=2)).min(axis=1)
    assert X.shape == (1000, 64) and X.min() >= 0 and X.max() <= 1 and set(np.unique(y)) == set(range(10))
    assert nearest.min() > 0.5  # every pixel noisy and blended: far from each bundled image


def test_each_scored_digit_blends_two_held_back_images_of_its_own_digit():
    _, _, X_pool, y_pool = ann.digits_split()
    X, y = blended_holdout(X_pool, y_pool, 200, seed=4)
    X_same, _ = blended_holdout(X_pool, y_pool, 200, seed=4)
    centroids = np.stack([X_pool[y_pool == d].mean(axis=0) for d in range(10)])
    nearest_centroid = ((X[:, None] - centroids[None]) ** 2).sum(axis=2).argmin(axis=1)
    assert np.array_equal(X, X_same) and np.mean(nearest_centroid == y) > 0.85


def test_the_blend_keeps_the_shape_and_dtype_of_image_pools():
    """Week 9's pool is (n, 8, 8, 1) float32 images: the same builder serves it."""
    _, _, X_pool, y_pool = cnn.digits_split()
    X, y = blended_holdout(X_pool, y_pool, 50, seed=0)
    assert X.shape == (50, 8, 8, 1) and X.dtype == np.float32 and y.shape == (50,)


def test_training_on_the_held_back_images_too_gains_no_band():
    """A 1-nearest-neighbour memoriser of every bundled digit against the same model fitted on the
    training split alone: within two points (measured 1.00 against 0.99), so no band edge
    (0.9, 0.7) lies between them."""
    from sklearn.neighbors import KNeighborsClassifier

    X_train, y_train, X_pool, y_pool = ann.digits_split()
    honest = KNeighborsClassifier(1).fit(X_train, y_train)
    memoriser = KNeighborsClassifier(1).fit(np.vstack([X_train, X_pool]), np.concatenate([y_train, y_pool]))
    for seed in range(3):
        X, y = ann.digits_holdout(1000, seed)
        gain = np.mean(memoriser.predict(X) == y) - np.mean(honest.predict(X) == y)
        assert gain < 0.02 and np.mean(honest.predict(X) == y) > 0.95
