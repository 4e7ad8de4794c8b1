"""Held-out metrics of trained models, scored in bands (grader.checks.bands). Labels and targets never
leave the grader. By the form of what the model returns:

- check_sigmoid_accuracy: one sigmoid output per example (n,) or (n, 1), thresholded at 0.5;
- check_softmax_accuracy: one row of class scores per example (n, classes), read by argmax, nothing else;
- check_class_accuracy: integer labels (n,), or probability rows read by argmax; probabilities where
  labels are asked for fail (never rounded here);
- check_label_accuracy: what a scikit-learn pipeline's predict() gives: labels of any type (strings too);
- check_mae, check_r2: regression outputs; check_exact_match: decoded character sequences."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.bands import Band, as_numbers, band_result, chance_evidence, one_per_example
from grader.checks.text import type_name
from grader.results import CheckResult


def check_r2(actual: Any, targets: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """R^2 of regression predictions on held-out targets (bands on R^2; the MSE is quoted)."""
    pred = as_numbers(actual)
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
    result = band_result(r2, "R^2", bands, higher_is_better=True, evidence=_r2_evidence(r2, pred, y),
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
    pred = as_numbers(actual)
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
    return band_result(accuracy, "accuracy", bands, higher_is_better=True,
                          evidence=chance_evidence(accuracy, y.size, n_classes))


def check_softmax_accuracy(actual: Any, labels: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Accuracy of a Keras classifier's outputs: one row of class scores per example (read by argmax),
    nothing else accepted, against held-out labels."""
    scores = as_numbers(actual)
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
    return band_result(accuracy, "accuracy", bands, higher_is_better=True,
                          evidence=chance_evidence(accuracy, len(labels), scores.shape[1]))


def check_sigmoid_accuracy(actual: Any, labels: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Binary accuracy of sigmoid outputs (threshold 0.5) against labels the sandbox never saw."""
    pred = one_per_example(actual, len(labels))
    if isinstance(pred, CheckResult):
        return pred
    accuracy = float(np.mean((pred > 0.5).astype(int) == np.asarray(labels).reshape(-1)))
    return band_result(accuracy, "accuracy", bands, higher_is_better=True,
                          evidence=chance_evidence(accuracy, len(labels), 2))


def check_mae(actual: Any, targets: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Mean absolute error of regression outputs against held-out targets."""
    pred = one_per_example(actual, len(targets))
    if isinstance(pred, CheckResult):
        return pred
    y = np.asarray(targets, dtype=float).reshape(-1)
    mae = float(np.mean(np.abs(pred - y)))
    baseline = float(np.mean(np.abs(y - np.median(y))))
    evidence = (f"that is no better than predicting the same value for every window (MAE {baseline:.3f}): the "
                "predictions do not follow the targets; predict the held-out windows given, in order, with the "
                "model trained on windows scaled like them") if mae >= baseline else ""
    return band_result(mae, "mean absolute error", bands, higher_is_better=False, evidence=evidence)


def check_exact_match(actual: Any, answers: list[str], alphabet: str, bands: tuple[Band, ...]) -> CheckResult:
    """Share of sequences whose decoded prediction (argmax per step) equals the answer exactly."""
    probs = as_numbers(actual)
    if isinstance(probs, CheckResult):
        return probs
    want = (len(answers), len(answers[0]), len(alphabet))
    if probs.shape != want:
        return CheckResult.fail(f"predict() returned shape {probs.shape}, expected {want}: "
                                "(sequences, output steps, characters)")
    decoded = ["".join(alphabet[i] for i in row) for row in probs.argmax(axis=-1)]
    accuracy = float(np.mean([d == a for d, a in zip(decoded, answers, strict=True)]))
    return band_result(accuracy, "exact-match accuracy", bands, higher_is_better=True)


def check_label_accuracy(actual: Any, labels: Any, bands: tuple[Band, ...]) -> CheckResult:
    """Share of predicted class labels equal to held-out labels the sandbox never saw, in bands.
    Rows of class probabilities (n, k) count as their argmax; numbers that are not labels (e.g.
    probabilities) fail with what to do instead."""
    labels = np.asarray(labels).reshape(-1)
    try:
        pred = np.asarray(actual) if isinstance(actual, (np.ndarray, list, tuple, int, float, str)) else None
    except (TypeError, ValueError):
        pred = None
    if pred is None or pred.dtype.kind not in "biufUS":
        return CheckResult.fail(f"predict() returned {type_name(actual)}, expected an array of labels")
    if pred.ndim == 2 and pred.shape[1] > 1 and pred.dtype.kind in "biuf":
        pred = pred.argmax(axis=1)
    pred = pred.reshape(-1)
    if pred.shape != labels.shape:
        return CheckResult.fail(f"predict() returned {pred.size} labels, expected {labels.size}: one per row")
    if pred.dtype.kind in "iufb" and labels.dtype.kind in "iufb":
        if pred.dtype.kind == "f" and labels.dtype.kind in "iub" and not np.all(pred == np.round(pred)):
            return CheckResult.fail("predict() returned numbers that are not class labels (e.g. "
                                    f"{pred[pred != np.round(pred)][0]:.4g}): return the labels predict() gives, "
                                    "not probabilities or scores")
        same = pred.astype(float) == labels.astype(float)
    else:
        same = pred.astype(str) == labels.astype(str)
    accuracy = float(np.mean(same)) if same.size else 0.0
    return band_result(accuracy, "accuracy", bands, higher_is_better=True,
                          evidence=chance_evidence(accuracy, labels.size, int(np.unique(labels).size)),
                          part_advice="scale the features inside the pipeline and compare classifiers on a "
                                      "validation split",
                          none_advice="is the model fitted, and were the features scaled (StandardScaler in the "
                                      "pipeline)?")
