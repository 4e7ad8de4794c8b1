"""Held-out metrics of trained models beyond week 11's: R^2 of regressors and accuracy of
multi-class classifiers (`check_class_accuracy` reads labels, probability rows or sigmoid outputs;
`check_softmax_accuracy` demands one row of class scores per example). Labels and targets never
leave the grader; bands give part credit."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.models import Band, _as_numbers, _bands_message, chance_evidence
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
    spread = float(np.sum((y - y.mean()) ** 2))
    r2 = float(1 - np.sum((y - pred) ** 2) / spread) if spread > 0 else float(np.all(pred == y))
    result = _bands_message(r2, "R^2", bands, higher_is_better=True, evidence=_r2_evidence(r2, pred, y),
                            part_advice="the model explains only part of the variance: compare models on a "
                                        "validation split", none_advice="is the model fitted on these features?")
    if result.ok:
        return result
    return CheckResult.fail(f"{result.message} (MSE {mse:.3g})", credit=result.credit)


def curvature_share(pred: np.ndarray, y: np.ndarray) -> float:
    """The share of the residuals' variance that a parabola in the predictions explains: near 0 for
    a model that captured the shape of the data, large when a straight fit meets curved data."""
    residual = y - pred
    if pred.size < 10 or np.ptp(pred) == 0 or np.var(residual) == 0:
        return 0.0
    z = (pred - pred.mean()) / pred.std()
    design = np.column_stack([np.ones_like(z), z, z**2])
    coef, *_ = np.linalg.lstsq(design, residual, rcond=None)
    return float(1 - np.var(residual - design @ coef) / np.var(residual))


def _r2_evidence(r2: float, pred: np.ndarray, y: np.ndarray) -> str:
    """The likely cause of a low R^2, from the predictions and targets alone."""
    if r2 < 0:
        return ("that is worse than predicting the mean of the targets for every row (R^2 0): the predictions do "
                "not follow the targets; predict the held-out rows given, in their order, with the fitted model")
    if curvature_share(pred, y) > 0.2:
        return ("the errors follow a curve in the predictions, so the model misses the data's curvature: add "
                "features (e.g. PolynomialFeatures for squares and interactions) or use a nonlinear model")
    return ""


def _labels_problem(pred: np.ndarray) -> CheckResult | None:
    """A failure when an answer that must be class labels holds other numbers (e.g. probabilities)."""
    if np.all(pred == np.round(pred)):
        return None
    if np.all((pred >= 0) & (pred <= 1)):
        return CheckResult.fail("returned probabilities (values strictly between 0 and 1); the statement asks for "
                                "0/1 labels: threshold at 0.5, e.g. (p > 0.5).astype(int)")
    first = float(pred[pred != np.round(pred)][0])
    return CheckResult.fail(f"returned non-integer values (e.g. {first:.4g}); the statement asks for class labels "
                            "(integers)")


def check_class_accuracy(actual: Any, labels: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Accuracy of class predictions: labels (n,) or (n, 1), or probability rows (n, classes) read
    by argmax. Labels must be whole numbers: probabilities where labels are asked for fail, with
    the threshold to apply, rather than being rounded here."""
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
    else:
        classes = pred.reshape(-1)
        problem = _labels_problem(classes)
        if problem is not None:
            return problem
    accuracy = float(np.mean(classes == y))
    n_classes = max(int(np.unique(y).size), pred.shape[1] if pred.ndim == 2 else 0, 2)
    return _bands_message(accuracy, "accuracy", bands, higher_is_better=True,
                          evidence=chance_evidence(accuracy, y.size, n_classes))


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
    return _bands_message(accuracy, "accuracy", bands, higher_is_better=True,
                          evidence=chance_evidence(accuracy, len(labels), scores.shape[1]))
