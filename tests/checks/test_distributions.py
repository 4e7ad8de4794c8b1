"""Generated samples against a target sample: the distance, the bands, and the shape checks."""

import numpy as np

from grader.checks.bands import Band
from grader.checks.distributions import check_distribution, wasserstein_1d

BANDS = (Band(0.45, 1.0), Band(0.9, 0.5))


def _mixture(rng, n):
    return np.where(rng.random(n) < 0.5, -2.0, 2.0) + 0.5 * rng.normal(size=n)


def test_distance_is_the_mean_gap_of_sorted_values():
    assert wasserstein_1d(np.array([3.0, 1.0]), np.array([0.0, 2.0])) == 1.0
    assert wasserstein_1d(np.arange(5.0), np.arange(5.0) + 0.5) == 0.5


def test_a_sample_of_the_target_passes_and_mode_collapse_earns_nothing():
    rng = np.random.default_rng(0)
    target = _mixture(rng, 4000)
    assert check_distribution(_mixture(rng, 4000)[:, None], target, BANDS).ok
    collapsed = check_distribution(2 + 0.5 * rng.normal(size=(4000, 1)), target, BANDS)
    assert not collapsed.ok and collapsed.credit == 0 and "mode collapse" in collapsed.message


def test_one_gaussian_with_the_right_spread_earns_half():
    rng = np.random.default_rng(1)
    result = check_distribution(rng.normal(scale=2.06, size=(4000, 1)), _mixture(rng, 4000), BANDS)
    assert not result.ok and result.credit == 0.5 and "std" in result.message


def test_wrong_shapes_and_nan_are_named():
    target = np.zeros(10)
    assert "expected (10, 1)" in check_distribution(np.zeros((10, 2)), target, BANDS).message
    assert "NaN" in check_distribution(np.full((10, 1), np.nan), target, BANDS).message
