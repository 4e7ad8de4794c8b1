"""Checks for generated samples: how far their distribution is from a target sample, by the 1-D
Wasserstein distance (the mean gap between the sorted values), scored with bands."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.describe import type_name
from grader.checks.models import Band
from grader.results import CheckResult


def wasserstein_1d(a: np.ndarray, b: np.ndarray) -> float:
    """Earth mover's distance of two 1-D samples of the same size."""
    return float(np.mean(np.abs(np.sort(np.ravel(a)) - np.sort(np.ravel(b)))))


def check_distribution(actual: Any, target: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Samples (one value per noise row) against a target sample of the same size: lower is better."""
    target = np.asarray(target, dtype=float).reshape(-1)
    try:
        samples = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return CheckResult.fail(f"predict() returned {type_name(actual)}, expected an array of numbers")
    if samples.shape[:1] != target.shape or samples.size != target.size:
        return CheckResult.fail(f"predict() returned shape {samples.shape}, expected ({target.size}, 1): one value "
                                "per row of noise")
    samples = samples.reshape(-1)
    if not np.all(np.isfinite(samples)):
        return CheckResult.fail("predict() returned NaN or inf: training diverged")
    distance = wasserstein_1d(samples, target)
    if distance <= bands[0].threshold:
        return CheckResult.passed()
    detail = (f"the samples are {distance:.3f} from the target (Wasserstein distance; your samples: mean "
              f"{samples.mean():.2f}, std {samples.std():.2f}; target: mean {target.mean():.2f}, std "
              f"{target.std():.2f})")
    for band in bands[1:]:
        if distance <= band.threshold:
            return CheckResult.fail(f"{detail}: {band.credit:.0%} of the points (full points at <= "
                                    f"{bands[0].threshold:g}); train longer, and check both modes appear",
                                    credit=band.credit)
    return CheckResult.fail(f"{detail}; points start at <= {bands[-1].threshold:g}: is the generator trained? "
                            "A generator stuck on one mode (mode collapse) lands near 2")
