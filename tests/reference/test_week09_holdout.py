"""Week 9's digits model is scored on images no notebook can load: none of the held-out images the spec
draws equals (or nearly equals) an image scikit-learn's load_digits() returns, and the labels are those
of the held-back digits the blends come from."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_digits

from exercises.week09 import spec


def test_no_scored_digit_is_a_loadable_one() -> None:
    (case,) = spec._digits_holdout(np.random.default_rng(7))
    scored = np.asarray(case.args[0]).reshape(len(case.expected), -1)
    loadable = load_digits().images.reshape(-1, 64) / 16.0
    squared = (scored**2).sum(1)[:, None] + (loadable**2).sum(1)[None, :] - 2 * scored @ loadable.T
    nearest = squared.min(axis=1)
    assert scored.shape == (spec.HELD_OUT, 64)
    assert nearest.min() > 0.05  # no scored image is a copy of a loadable one


def test_the_scored_labels_cover_every_digit() -> None:
    (case,) = spec._digits_holdout(np.random.default_rng(8))
    assert set(np.unique(case.expected)) == set(range(10))
