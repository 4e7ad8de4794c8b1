"""Checks for generated samples: how far their distribution is from a target sample, by the 1-D
Wasserstein distance (the mean gap between the sorted values), scored with bands."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.bands import Band, band_result, one_per_example
from grader.results import CheckResult


def wasserstein_1d(a: np.ndarray, b: np.ndarray) -> float:
    """Earth mover's distance of two 1-D samples of the same size."""
    return float(np.mean(np.abs(np.sort(np.ravel(a)) - np.sort(np.ravel(b)))))


def check_distribution(actual: Any, target: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Samples (one value per noise row) against a target sample of the same size: lower is better."""
    target = np.asarray(target, dtype=float).reshape(-1)
    samples = one_per_example(actual, target.size, one="one value per row of noise")
    if isinstance(samples, CheckResult):
        return samples
    distance = wasserstein_1d(samples, target)
    detail = (f"the samples are {distance:.3f} from the target (Wasserstein distance; your samples: mean "
              f"{samples.mean():.2f}, std {samples.std():.2f}; target: mean {target.mean():.2f}, std "
              f"{target.std():.2f})")
    evidence = ""
    if samples.std() < 0.25 * target.std():
        evidence = (f"your samples spread over only std {samples.std():.2f} where the target has {target.std():.2f}: "
                    "the generator collapsed onto one narrow region (mode collapse); train the discriminator and "
                    "generator in turn, and keep the best checkpoint")
    return band_result(distance, "distance", bands, higher_is_better=False, detail=detail, evidence=evidence,
                          part_advice="train longer, and check both modes appear",
                          none_advice="is the generator trained? A generator stuck on one mode (mode collapse) "
                                      "lands near 2")
