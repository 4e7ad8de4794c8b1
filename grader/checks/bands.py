"""Scoring a trained model's metric in bands (full points at the first edge, part credit below it) and
reading the predictions a model returned; shared by every held-out metric check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks.text import type_name
from grader.results import CheckResult


@dataclass(frozen=True)
class Band:
    """At or beyond `threshold`, the task earns `credit` of its points."""

    threshold: float
    credit: float


def band_result(value: float, name: str, bands: tuple[Band, ...], higher_is_better: bool, *,
                   detail: str = "", part_advice: str = "train longer or with more units",
                   none_advice: str = "is the model trained?", evidence: str = "") -> CheckResult:
    """The first band `value` reaches decides the credit; `detail` (default: "<name> is <value>")
    and the advice for part and for no credit make the message. `evidence`, a cause read from
    what was measured (below chance, worse than the mean), replaces both pieces of advice."""
    detail = detail or f"{name} is {value:.3f}"
    sign = ">=" if higher_is_better else "<="
    for band in bands:
        if (value >= band.threshold) if higher_is_better else (value <= band.threshold):
            if band.credit >= 1:
                return CheckResult.passed()
            return CheckResult.fail(f"{detail}: {band.credit:.0%} of the points (full points at {sign} "
                                    f"{bands[0].threshold:g}); {evidence or part_advice}", credit=band.credit)
    return CheckResult.fail(f"{detail}; points start at {sign} {bands[-1].threshold:g}: {evidence or none_advice}")


def chance_evidence(accuracy: float, n: int, n_classes: int) -> str:
    """What an accuracy says by itself against guessing among `n_classes` on `n` examples: below
    chance by more than 3 standard errors means predictions unrelated to the labels; within 3 of
    chance, a model that learned nothing. Empty when it is clearly above chance."""
    if n <= 0 or n_classes < 2:
        return ""
    chance = 1.0 / n_classes
    se = float(np.sqrt(chance * (1 - chance) / n))
    if accuracy < chance - 3 * se:
        return (f"that is below chance ({chance:.2f} for {n_classes} classes), so your predictions look unrelated "
                "to these labels: check the label order (predicted class i must mean label i), that you predict "
                "the held-out inputs given, one row each, in their order, and that the model can draw the "
                "boundary these classes need (a linear model cannot separate nested classes)")
    if accuracy <= chance + 3 * se:
        return (f"that is no better than guessing ({chance:.2f} for {n_classes} classes): the model has learned "
                "nothing about these labels; is it trained, on inputs shaped and scaled like the held-out ones?")
    return ""


def as_numbers(actual: Any) -> np.ndarray | CheckResult:
    """What predict() returned as a float array, or the failure saying it was not one."""
    try:
        return np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return CheckResult.fail(f"predict() returned {type_name(actual)}, expected an array of numbers")


def one_per_example(actual: Any, n: int, one: str = "one output per sequence") -> np.ndarray | CheckResult:
    """One finite number per held-out example, as a flat array, or the failure saying why not."""
    pred = as_numbers(actual)
    if isinstance(pred, CheckResult):
        return pred
    if pred.shape[:1] != (n,) or pred.size != n:
        return CheckResult.fail(f"predict() returned shape {pred.shape}, expected ({n}, 1): {one}")
    pred = pred.reshape(n)
    if not np.all(np.isfinite(pred)):
        return CheckResult.fail("predict() returned NaN or inf: training diverged")
    return pred
