"""Held-out digits the notebook cannot load: scikit-learn's digits are in every student's
environment, so a scored image is never one that `load_digits()` returns. Each is a blend of two
held-back images of the same digit (weights drawn in [0.5, 0.7] and the rest) with a little pixel
noise, drawn per run from the hidden seed: a new image of a known class. Shared by the digits
models of weeks 8 (flat rows of 64) and 9 (8 x 8 x 1 images): the blend works on any shape.

Measured (tests/reference/test_digits_holdout.py): training on the held-back images too gains about
one point of accuracy over training on the training split alone (a 1-nearest-neighbour memoriser
of all 1,797 images, 1.00, against 0.99), so the band a model earns does not depend on it."""

from __future__ import annotations

import numpy as np

BLEND = (0.5, 0.7)  # weight of the first image; its same-digit partner gets the rest
NOISE = 0.1  # pixel noise (std) on the [0, 1] scale, clipped back to [0, 1]


def blended_holdout(X_pool, y_pool, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n new images from a held-back pool: each blends a pool image with another pool image of
    the same digit and adds pixel noise; returns (images in X_pool's shape and dtype, labels)."""
    X_pool, y_pool = np.asarray(X_pool), np.asarray(y_pool)
    rng = np.random.default_rng(seed)
    first = rng.choice(len(y_pool), size=int(n), replace=int(n) > len(y_pool))
    partner = np.empty_like(first)
    for i, row in enumerate(first):
        same = np.flatnonzero((y_pool == y_pool[row]) & (np.arange(len(y_pool)) != row))
        partner[i] = rng.choice(same)
    w = rng.uniform(*BLEND, size=(int(n),) + (1,) * (X_pool.ndim - 1))
    images = w * X_pool[first] + (1 - w) * X_pool[partner]
    images = np.clip(images + rng.normal(scale=NOISE, size=images.shape), 0.0, 1.0)
    return images.astype(X_pool.dtype), y_pool[first]
