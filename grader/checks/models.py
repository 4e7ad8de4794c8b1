"""Checks for Keras models as described inside the sandbox: their architecture and attention wiring.

Architectures are compared layer by layer after aligning the class sequences, so an extra or
a missing layer is reported as such, never silently zipped away.
"""

from __future__ import annotations

import difflib
from typing import Any

import numpy as np

from grader.checks.text import type_name
from grader.results import CheckResult

ATTRIBUTES = ("units", "return_sequences", "merge_mode", "activation", "n", "filters", "kernel_size", "strides",
              "padding", "pool_size")


# Layers that only apply an activation: folded into the layer before them before comparing.
ACTIVATION_LAYERS = {"Activation": None, "ReLU": "relu", "Softmax": "softmax", "LeakyReLU": "leaky_relu",
                     "ELU": "elu", "PReLU": "prelu"}
SKIPPED_LAYERS = ("InputLayer",)
# An activation a layer class has by default is not shown in the expected layout ("LSTM(16)").
DEFAULT_ACTIVATION = {"LSTM": "tanh", "GRU": "tanh", "SimpleRNN": "tanh"}
LINEAR = (None, "linear")


def _plain(value: Any) -> Any:
    """A described attribute as a comparable plain value; anything odd becomes its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item() if value.dtype.kind in "biuf" else str(value)
    if isinstance(value, (list, tuple)) and len(value) <= 10:
        items = [_plain(v) for v in value]
        return items if all(v is None or isinstance(v, (bool, int, float, str)) for v in items) else str(items)
    return f"<{type_name(value)}>"


def _normalise(layer: Any, depth: int = 0) -> dict:
    """One described layer with plain attribute values (untrusted data: any shape may come back)."""
    if not isinstance(layer, dict):
        return {"class": f"<{type_name(layer)}>"}
    out = {str(k): _plain(v) for k, v in layer.items() if k != "inner"}
    out["class"] = str(out.get("class"))
    if isinstance(layer.get("inner"), dict) and depth < 5:
        out["inner"] = _normalise(layer["inner"], depth + 1)
    return out


def _activation_of(layer: dict) -> Any:
    """The activation an activation-only layer applies (its class for ReLU/Softmax/...)."""
    return layer.get("activation") or ACTIVATION_LAYERS.get(layer.get("class"))


def _fold(layers: list[dict]) -> list[dict]:
    """What the model computes, not its spelling: drop input layers, and fold an activation-only
    layer (Activation('sigmoid'), ReLU(), Softmax()) into a linear layer before it, so
    Dense(1) -> Activation('sigmoid') reads as Dense(1, activation='sigmoid')."""
    folded: list[dict] = []
    for layer in layers:
        if layer.get("class") in SKIPPED_LAYERS:
            continue
        if layer.get("class") in ACTIVATION_LAYERS and folded:
            previous = folded[-1]
            target = previous.get("inner") if isinstance(previous.get("inner"), dict) else previous
            if "activation" in target and target.get("activation") in LINEAR:
                target = {**target, "activation": _activation_of(layer)}
                previous = {**previous, "inner": target} if previous.get("inner") is not None else target
                if layer.get("output_shape") is not None:
                    previous["output_shape"] = layer.get("output_shape")
                folded[-1] = previous
                continue
        folded.append(layer)
    return folded


def _label(layer: dict) -> str:
    """A layer as a student would write it: 'LSTM(16)', 'Dense(1, sigmoid)', 'Bidirectional(LSTM(8))'."""
    inner = layer.get("inner")
    if isinstance(inner, dict):
        return f"{layer.get('class')}({_label(inner)})"
    args = [str(layer[k]) for k in ("units", "n", "filters") if layer.get(k) is not None]
    activation = layer.get("activation")
    if activation not in LINEAR and activation != DEFAULT_ACTIVATION.get(layer.get("class")):
        args.append(str(activation))
    return f"{layer.get('class')}({', '.join(args)})"


def _activation_problem(position: int, last: bool, got: dict, want: dict, hint: str) -> str:
    """The activation difference in words; the output layer's named as behaviour ("no sigmoid")."""
    mine, wanted, cls = got.get("activation"), want.get("activation"), want.get("class")
    if last and mine in LINEAR and wanted not in LINEAR:
        return (f"the output has no {wanted} (its activation is 'linear'): add activation='{wanted}' to the last "
                f"{cls} layer")
    if last and wanted in LINEAR:
        return (f"the output applies {mine!r} but should be linear (a regression output): remove activation="
                f"'{mine}' (or the Activation layer) from the last {cls} layer")
    if last:
        return (f"the output's activation is {mine!r}, expected {wanted!r}: use activation='{wanted}' on the last "
                f"{cls} layer")
    return (f"layer {position} ({_label(got)}) has activation={mine!r}, expected {wanted!r}"
            + (f": {hint}" if hint else ""))


def _compare_layer(position: int, got: dict, want: dict, hints: dict[str, str], last: bool = False) -> str:
    if got.get("class") != want["class"]:
        return f"layer {position} is {_label(got)} but expected {_label(want)}"
    for key in ATTRIBUTES:
        if key in want and got.get(key) != want[key]:
            hint = hints.get(key, "")
            if key == "activation":
                return _activation_problem(position, last, got, want, hint)
            return (f"layer {position} ({_label(got)}) has {key}={got.get(key)!r}, expected {want[key]!r}"
                    + (f": {hint}" if hint else ""))
    if "inner" in want:
        problem = _compare_layer(position, got.get("inner") or {}, want["inner"], hints, last)
        if problem:
            return problem.replace(f"layer {position}", f"layer {position}'s wrapped layer", 1)
    if "output_shape" in want and got.get("output_shape") != want["output_shape"]:
        shape, wanted = got.get("output_shape"), want["output_shape"]
        return f"layer {position} ({_label(got)}) outputs shape {shape}, expected {wanted}"
    if "params" in want and got.get("params") != want["params"]:
        return f"layer {position} ({_label(got)}) has {got.get('params')} parameters, expected {want['params']}"
    return ""


def check_architecture(actual: Any, expected: dict, hints: dict[str, str] | None = None) -> CheckResult:
    """What the model computes, layer by layer: classes in order (after folding activation-only
    layers into the layer before them and dropping input layers), then units, return_sequences,
    merge mode, activations, output shapes and parameter counts; extra and missing layers are named."""
    hints = hints or {}
    if not isinstance(actual, dict) or not isinstance(actual.get("layers"), list):
        return CheckResult.fail(f"the function returned {type_name(actual)}, expected a Keras model")
    got = _fold([_normalise(g) for g in actual["layers"]])
    want = _fold([_normalise(w) for w in expected["layers"]])
    got_cls, want_cls = [g["class"] for g in got], [w["class"] for w in want]
    expected_layout = " -> ".join(_label(w) for w in want)
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
        return CheckResult.fail(f"layers {layout}: {'; '.join(problems)}. Expected {expected_layout}")
    if not actual.get("built", True) or any(g.get("params") is None for g in got):
        return CheckResult.fail("the model is not built: start it with keras.Input(shape=(n_steps, n_features))")
    for i, (g, w) in enumerate(zip(got, want, strict=True), start=1):
        problem = _compare_layer(i, g, w, hints, last=i == len(want))
        if problem:
            return CheckResult.fail(f"{problem}. Expected {expected_layout}")
    total = _plain(actual.get("total_params"))
    if "total_params" in expected and total != expected["total_params"]:
        return CheckResult.fail(f"{total} parameters in all, expected {expected['total_params']}")
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
    if _plain(actual.get("output_shape")) != want:
        return CheckResult.fail(f"the model outputs shape {_plain(actual.get('output_shape'))}, expected {want}")
    last = _fold([_normalise(g) for g in layers])[-1]  # a separate Activation('softmax') counts
    activation = (last.get("inner") or last).get("activation")
    if activation != "softmax":
        return CheckResult.fail(f"the output layer's activation is {activation!r}, expected 'softmax'")
    return CheckResult.passed()
