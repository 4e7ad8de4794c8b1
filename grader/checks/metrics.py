"""Held-out metrics of trained models beyond week 11's: R^2 of regressors and accuracy of
multi-class classifiers (`check_class_accuracy` reads labels, probability rows or sigmoid outputs;
`check_softmax_accuracy` demands one row of class scores per example). Labels and targets never
leave the grader; bands give part credit."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.models import Band, _as_numbers, _bands_message
from grader.results import CheckResult


def check_r2(actual: Any, targets: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """R^2 of regression predictions on held-out targets (bands on R^2; the MSE is quoted)."""
    pred = _as_numbers(actual)
    if isinstance(pred, CheckResult):
        return pred
    y = np.asarray(targets, dtype=float).reshape(-1)
    if pred.size != y.size or pred.shape[:1] != y.shape:
        return CheckResult.fail(f"predict() returned shape {pred.shape}, expected ({y.size},): one value per row")
    pred = pred.reshape(-1)
    if not np.all(np.isfinite(pred)):
        return CheckResult.fail("predict() returned NaN or inf")
    mse = float(np.mean((y - pred) ** 2))
    r2 = float(1 - np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2))
    result = _bands_message(r2, "R^2", bands, higher_is_better=True)
    if result.ok:
        return result
    return CheckResult.fail(f"{result.message} (MSE {mse:.3g})", credit=result.credit)


def check_class_accuracy(actual: Any, labels: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Accuracy of class predictions: integer labels (n,), or probability rows (n, classes)
    read by argmax, or (n, 1) sigmoid outputs read at 0.5."""
    pred = _as_numbers(actual)
    if isinstance(pred, CheckResult):
        return pred
    y = np.asarray(labels).reshape(-1)
    if pred.shape[:1] != y.shape or pred.ndim > 2:
        return CheckResult.fail(f"the predictions have shape {pred.shape}, expected ({y.size},) labels or "
                                f"({y.size}, classes) probabilities: one row per example")
    if not np.all(np.isfinite(pred)):
        return CheckResult.fail("the predictions contain NaN or inf: training diverged")
    if pred.ndim == 2 and pred.shape[1] > 1:
        classes = pred.argmax(axis=1)
    elif pred.ndim == 2:
        classes = (pred[:, 0] > 0.5).astype(int)
    else:
        classes = np.rint(pred).astype(int)
    accuracy = float(np.mean(classes == y))
    return _bands_message(accuracy, "accuracy", bands, higher_is_better=True)


def check_softmax_accuracy(actual: Any, labels: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Accuracy of a Keras classifier's outputs: one row of class scores per example (read by argmax),
    nothing else accepted, against held-out labels."""
    scores = _as_numbers(actual)
    if isinstance(scores, CheckResult):
        return scores
    labels = np.asarray(labels).reshape(-1)
    n_classes = int(labels.max()) + 1
    if scores.ndim != 2 or scores.shape[0] != len(labels) or scores.shape[1] < n_classes:
        return CheckResult.fail(f"predict() returned shape {scores.shape}, expected ({len(labels)}, {n_classes}): "
                                "one row of class scores per example (a softmax over the classes)")
    if not np.all(np.isfinite(scores)):
        return CheckResult.fail("predict() returned NaN or inf: training diverged")
    accuracy = float(np.mean(scores.argmax(axis=1) == labels))
    return _bands_message(accuracy, "accuracy", bands, higher_is_better=True)
