"""Checks for Keras models (as described inside the sandbox) and for trained models' metrics.

Architectures are compared layer by layer after aligning the class sequences, so an extra or
a missing layer is reported as such, never silently zipped away.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks.describe import type_name
from grader.results import CheckResult

ATTRIBUTES = ("units", "return_sequences", "merge_mode", "activation", "n", "filters", "kernel_size", "strides",
              "padding", "pool_size")


@dataclass(frozen=True)
class Band:
    """At or beyond `threshold`, the task earns `credit` of its points."""

    threshold: float
    credit: float


def _label(layer: dict) -> str:
    inner = layer.get("inner")
    args = [str(layer[k]) for k in ("units", "n", "filters") if layer.get(k) is not None]
    text = f"{layer.get('class')}({', '.join(args)})"
    return f"{layer.get('class')}({_label(inner)})" if inner else text


def _compare_layer(position: int, got: dict, want: dict, hints: dict[str, str]) -> str:
    if got.get("class") != want["class"]:
        return f"layer {position} is {_label(got)} but expected {_label(want)}"
    for key in ATTRIBUTES:
        if key in want and got.get(key) != want[key]:
            hint = hints.get(key, "")
            return (f"layer {position} ({_label(got)}) has {key}={got.get(key)!r}, expected {want[key]!r}"
                    + (f": {hint}" if hint else ""))
    if "inner" in want:
        problem = _compare_layer(position, got.get("inner") or {}, want["inner"], hints)
        if problem:
            return problem.replace(f"layer {position}", f"layer {position}'s wrapped layer", 1)
    if "output_shape" in want and got.get("output_shape") != want["output_shape"]:
        shape, wanted = got.get("output_shape"), want["output_shape"]
        return f"layer {position} ({_label(got)}) outputs shape {shape}, expected {wanted}"
    if "params" in want and got.get("params") != want["params"]:
        return f"layer {position} ({_label(got)}) has {got.get('params')} parameters, expected {want['params']}"
    return ""


def check_architecture(actual: Any, expected: dict, hints: dict[str, str] | None = None) -> CheckResult:
    """Layer classes in order, then units, return_sequences, merge mode, activations, output
    shapes and parameter counts; extra and missing layers are named."""
    hints = hints or {}
    if not isinstance(actual, dict) or not isinstance(actual.get("layers"), list):
        return CheckResult.fail(f"the function returned {type_name(actual)}, expected a Keras model")
    got, want = actual["layers"], expected["layers"]
    got_cls, want_cls = [g.get("class") for g in got], [w["class"] for w in want]
    if got_cls != want_cls:
        problems = []
        matcher = difflib.SequenceMatcher(a=got_cls, b=want_cls, autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op in ("delete", "replace"):
                problems.append("extra " + ", ".join(f"{_label(g)} at position {a0 + i + 1}"
                                                     for i, g in enumerate(got[a0:a1])))
            if op in ("insert", "replace"):
                problems.append("missing " + ", ".join(_label(w) for w in want[b0:b1])
                                + f" (expected at position {b0 + 1})")
        layout = " -> ".join(_label(g) for g in got) or "no layers"
        return CheckResult.fail(f"layers {layout}: {'; '.join(problems)}. Expected "
                                + " -> ".join(_label(w) for w in want))
    if not actual.get("built", True) or any(g.get("params") is None for g in got):
        return CheckResult.fail("the model is not built: start it with keras.Input(shape=(n_steps, n_features))")
    for i, (g, w) in enumerate(zip(got, want, strict=True), start=1):
        problem = _compare_layer(i, g, w, hints)
        if problem:
            return CheckResult.fail(problem)
    if "total_params" in expected and actual.get("total_params") != expected["total_params"]:
        return CheckResult.fail(f"{actual.get('total_params')} parameters in all, expected {expected['total_params']}")
    return CheckResult.passed()


ATTENTION_LAYERS = ("Attention", "AdditiveAttention", "MultiHeadAttention")


def check_attends_to_encoder(actual: Any, expected: dict) -> CheckResult:
    """An encoder LSTM returning its whole sequence, an attention layer reading those encoder
    outputs, and a softmax output of shape (None, n_out, n_chars). Structure, not layer order:
    functional models may be wired in several right ways."""
    if not isinstance(actual, dict) or not isinstance(actual.get("layers"), list):
        return CheckResult.fail(f"the function returned {type_name(actual)}, expected a Keras model")
    layers, model_inputs = actual["layers"], set(actual.get("input_layers", []))
    encoders = [g for g in layers if g.get("class") == "LSTM" and g.get("return_sequences")
                and model_inputs & set(g.get("inputs", []))]
    if not encoders:
        return CheckResult.fail("no encoder LSTM with return_sequences=True reads the model's input: attention "
                                "needs the encoder's output at every step")
    encoder_names = {g.get("name") for g in encoders}
    attention = [g for g in layers if g.get("class") in ATTENTION_LAYERS]
    if not attention:
        return CheckResult.fail("the model has no attention layer (keras.layers.Attention, AdditiveAttention or "
                                "MultiHeadAttention)")
    if not any(encoder_names & set(a.get("inputs", [])) for a in attention):
        return CheckResult.fail("the attention layer does not read the encoder's outputs: call it as "
                                "Attention()([decoder_outputs, encoder_outputs])")
    want = [None, expected["n_out"], expected["n_chars"]]
    if actual.get("output_shape") != want:
        return CheckResult.fail(f"the model outputs shape {actual.get('output_shape')}, expected {want}")
    last = layers[-1]
    activation = (last.get("inner") or last).get("activation")
    if activation != "softmax":
        return CheckResult.fail(f"the output layer's activation is {activation!r}, expected 'softmax'")
    return CheckResult.passed()


def _bands_message(value: float, name: str, bands: tuple[Band, ...], higher_is_better: bool, *,
                   detail: str = "", part_advice: str = "train longer or with more units",
                   none_advice: str = "is the model trained?") -> CheckResult:
    """The first band `value` reaches decides the credit; `detail` (default: "<name> is <value>")
    and the advice for part and for no credit make the message."""
    detail = detail or f"{name} is {value:.3f}"
    sign = ">=" if higher_is_better else "<="
    for band in bands:
        if (value >= band.threshold) if higher_is_better else (value <= band.threshold):
            if band.credit >= 1:
                return CheckResult.passed()
            return CheckResult.fail(f"{detail}: {band.credit:.0%} of the points (full points at {sign} "
                                    f"{bands[0].threshold:g}); {part_advice}", credit=band.credit)
    return CheckResult.fail(f"{detail}; points start at {sign} {bands[-1].threshold:g}: {none_advice}")


def _as_numbers(actual: Any) -> np.ndarray | CheckResult:
    """What predict() returned as a float array, or the failure saying it was not one."""
    try:
        return np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return CheckResult.fail(f"predict() returned {type_name(actual)}, expected an array of numbers")


def _predictions(actual: Any, n: int, one: str = "one output per sequence") -> np.ndarray | CheckResult:
    """One finite number per held-out example, as a flat array, or the failure saying why not."""
    pred = _as_numbers(actual)
    if isinstance(pred, CheckResult):
        return pred
    if pred.shape[:1] != (n,) or pred.size != n:
        return CheckResult.fail(f"predict() returned shape {pred.shape}, expected ({n}, 1): {one}")
    pred = pred.reshape(n)
    if not np.all(np.isfinite(pred)):
        return CheckResult.fail("predict() returned NaN or inf: training diverged")
    return pred


def check_accuracy(actual: Any, labels: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Binary accuracy of sigmoid outputs (threshold 0.5) against labels the sandbox never saw."""
    pred = _predictions(actual, len(labels))
    if isinstance(pred, CheckResult):
        return pred
    accuracy = float(np.mean((pred > 0.5).astype(int) == np.asarray(labels).reshape(-1)))
    return _bands_message(accuracy, "accuracy", bands, higher_is_better=True)


def check_mae(actual: Any, targets: np.ndarray, bands: tuple[Band, ...]) -> CheckResult:
    """Mean absolute error of regression outputs against held-out targets."""
    pred = _predictions(actual, len(targets))
    if isinstance(pred, CheckResult):
        return pred
    mae = float(np.mean(np.abs(pred - np.asarray(targets, dtype=float).reshape(-1))))
    return _bands_message(mae, "mean absolute error", bands, higher_is_better=False)


def check_exact_match(actual: Any, answers: list[str], alphabet: str, bands: tuple[Band, ...]) -> CheckResult:
    """Share of sequences whose decoded prediction (argmax per step) equals the answer exactly."""
    probs = _as_numbers(actual)
    if isinstance(probs, CheckResult):
        return probs
    want = (len(answers), len(answers[0]), len(alphabet))
    if probs.shape != want:
        return CheckResult.fail(f"predict() returned shape {probs.shape}, expected {want}: "
                                "(sequences, output steps, characters)")
    decoded = ["".join(alphabet[i] for i in row) for row in probs.argmax(axis=-1)]
    accuracy = float(np.mean([d == a for d, a in zip(decoded, answers, strict=True)]))
    return _bands_message(accuracy, "exact-match accuracy", bands, higher_is_better=True)
