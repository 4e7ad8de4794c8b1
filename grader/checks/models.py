"""Checks for Keras models as described inside the sandbox: their architecture and attention wiring.

Architectures are compared layer by layer after aligning the class sequences, so an extra or
a missing layer is reported as such, never silently zipped away. The description's keys are
`grader.sandbox.model_keys`, the same names the describer writes.
"""

from __future__ import annotations

import difflib
from typing import Any

import numpy as np

from grader.checks.text import type_name
from grader.results import CheckResult
from grader.sandbox import model_keys as K

ATTRIBUTES = K.COMPARED


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
        return {K.CLASS: f"<{type_name(layer)}>"}
    out = {str(k): _plain(v) for k, v in layer.items() if k != K.INNER}
    out[K.CLASS] = str(out.get(K.CLASS))
    if isinstance(layer.get(K.INNER), dict) and depth < 5:
        out[K.INNER] = _normalise(layer[K.INNER], depth + 1)
    return out


def _activation_of(layer: dict) -> Any:
    """The activation an activation-only layer applies (its class for ReLU/Softmax/...)."""
    return layer.get(K.ACTIVATION) or ACTIVATION_LAYERS.get(layer.get(K.CLASS))


def _fold(layers: list[dict]) -> list[dict]:
    """What the model computes, not its spelling: drop input layers, and fold an activation-only
    layer (Activation('sigmoid'), ReLU(), Softmax()) into a linear layer before it, so
    Dense(1) -> Activation('sigmoid') reads as Dense(1, activation='sigmoid')."""
    folded: list[dict] = []
    for layer in layers:
        if layer.get(K.CLASS) in SKIPPED_LAYERS:
            continue
        if layer.get(K.CLASS) in ACTIVATION_LAYERS and folded:
            previous = folded[-1]
            target = previous.get(K.INNER) if isinstance(previous.get(K.INNER), dict) else previous
            if K.ACTIVATION in target and target.get(K.ACTIVATION) in LINEAR:
                target = {**target, K.ACTIVATION: _activation_of(layer)}
                previous = {**previous, K.INNER: target} if previous.get(K.INNER) is not None else target
                if layer.get(K.OUTPUT_SHAPE) is not None:
                    previous[K.OUTPUT_SHAPE] = layer.get(K.OUTPUT_SHAPE)
                folded[-1] = previous
                continue
        folded.append(layer)
    return folded


def _label(layer: dict) -> str:
    """A layer as a student would write it: 'LSTM(16)', 'Dense(1, sigmoid)', 'Bidirectional(LSTM(8))'."""
    inner = layer.get(K.INNER)
    if isinstance(inner, dict):
        return f"{layer.get('class')}({_label(inner)})"
    args = [str(layer[k]) for k in ("units", "n", "filters") if layer.get(k) is not None]
    activation = layer.get(K.ACTIVATION)
    if activation not in LINEAR and activation != DEFAULT_ACTIVATION.get(layer.get(K.CLASS)):
        args.append(str(activation))
    return f"{layer.get('class')}({', '.join(args)})"


def _activation_problem(position: int, last: bool, got: dict, want: dict, hint: str) -> str:
    """The activation difference in words; the output layer's named as behaviour ("no sigmoid")."""
    mine, wanted, cls = got.get(K.ACTIVATION), want.get(K.ACTIVATION), want.get(K.CLASS)
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
    if got.get(K.CLASS) != want[K.CLASS]:
        return f"layer {position} is {_label(got)} but expected {_label(want)}"
    for key in ATTRIBUTES:
        if key in want and got.get(key) != want[key]:
            hint = hints.get(key, "")
            if key == K.ACTIVATION:
                return _activation_problem(position, last, got, want, hint)
            return (f"layer {position} ({_label(got)}) has {key}={got.get(key)!r}, expected {want[key]!r}"
                    + (f": {hint}" if hint else ""))
    if K.INNER in want:
        problem = _compare_layer(position, got.get(K.INNER) or {}, want[K.INNER], hints, last)
        if problem:
            return problem.replace(f"layer {position}", f"layer {position}'s wrapped layer", 1)
    if K.OUTPUT_SHAPE in want and got.get(K.OUTPUT_SHAPE) != want[K.OUTPUT_SHAPE]:
        shape, wanted = got.get(K.OUTPUT_SHAPE), want[K.OUTPUT_SHAPE]
        return f"layer {position} ({_label(got)}) outputs shape {shape}, expected {wanted}"
    if K.PARAMS in want and got.get(K.PARAMS) != want[K.PARAMS]:
        return f"layer {position} ({_label(got)}) has {got.get('params')} parameters, expected {want['params']}"
    return ""


def check_architecture(actual: Any, expected: dict, hints: dict[str, str] | None = None) -> CheckResult:
    """What the model computes, layer by layer: classes in order (after folding activation-only
    layers into the layer before them and dropping input layers), then units, return_sequences,
    merge mode, activations, output shapes and parameter counts, then the model's input shape where
    `expected` names one (an LSTM's time steps show nowhere else); extra and missing layers are named."""
    hints = hints or {}
    if not isinstance(actual, dict) or not isinstance(actual.get(K.LAYERS), list):
        return CheckResult.fail(f"the function returned {type_name(actual)}, expected a Keras model")
    got = _fold([_normalise(g) for g in actual[K.LAYERS]])
    want = _fold([_normalise(w) for w in expected[K.LAYERS]])
    got_cls, want_cls = [g[K.CLASS] for g in got], [w[K.CLASS] for w in want]
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
    if not actual.get(K.BUILT, True) or any(g.get(K.PARAMS) is None for g in got):
        return CheckResult.fail("the model is not built: start it with keras.Input(shape=(n_steps, n_features))")
    for i, (g, w) in enumerate(zip(got, want, strict=True), start=1):
        problem = _compare_layer(i, g, w, hints, last=i == len(want))
        if problem:
            return CheckResult.fail(f"{problem}. Expected {expected_layout}")
    if K.INPUT_SHAPE in expected and _plain(actual.get(K.INPUT_SHAPE)) != expected[K.INPUT_SHAPE]:
        return CheckResult.fail(_input_problem(_plain(actual.get(K.INPUT_SHAPE)), expected[K.INPUT_SHAPE]))
    total = _plain(actual.get(K.TOTAL_PARAMS))
    if K.TOTAL_PARAMS in expected and total != expected[K.TOTAL_PARAMS]:
        return CheckResult.fail(f"{total} parameters in all, expected {expected[K.TOTAL_PARAMS]}")
    return CheckResult.passed()


def _input_problem(got: Any, want: list) -> str:
    """The model's input shape against the expected one, in words: a sequence model's (n_steps, n_features)."""
    if not isinstance(got, list):
        return (f"the model's input shape cannot be read (got {got!r}), expected {want}: start it with "
                f"keras.Input(shape={tuple(want[1:])})")
    if len(want) == 3 and len(got) == 3 and got[2] == want[2]:
        return (f"the model's input is {got[1]} time steps, expected {want[1]} (n_steps): start it with "
                f"keras.Input(shape=(n_steps, n_features)) = {tuple(want[1:])}")
    return f"the model's input has shape {got}, expected {want}: start it with keras.Input(shape={tuple(want[1:])})"


ATTENTION_LAYERS = ("Attention", "AdditiveAttention", "MultiHeadAttention")


def check_attends_to_encoder(actual: Any, expected: dict) -> CheckResult:
    """An encoder LSTM returning its whole sequence, an attention layer reading those encoder
    outputs, and a softmax output of shape (None, n_out, n_chars). Structure, not layer order:
    functional models may be wired in several right ways."""
    if not isinstance(actual, dict) or not isinstance(actual.get(K.LAYERS), list):
        return CheckResult.fail(f"the function returned {type_name(actual)}, expected a Keras model")
    layers, model_inputs = actual[K.LAYERS], set(actual.get(K.INPUT_LAYERS, []))
    encoders = [g for g in layers if g.get(K.CLASS) == "LSTM" and g.get("return_sequences")
                and model_inputs & set(g.get(K.INPUTS, []))]
    if not encoders:
        return CheckResult.fail("no encoder LSTM with return_sequences=True reads the model's input: attention "
                                "needs the encoder's output at every step")
    encoder_names = {g.get(K.NAME) for g in encoders}
    attention = [g for g in layers if g.get(K.CLASS) in ATTENTION_LAYERS]
    if not attention:
        return CheckResult.fail("the model has no attention layer (keras.layers.Attention, AdditiveAttention or "
                                "MultiHeadAttention)")
    if not any(encoder_names & set(a.get(K.INPUTS, [])) for a in attention):
        return CheckResult.fail("the attention layer does not read the encoder's outputs: call it as "
                                "Attention()([decoder_outputs, encoder_outputs])")
    want = [None, expected["n_out"], expected["n_chars"]]
    if _plain(actual.get(K.OUTPUT_SHAPE)) != want:
        return CheckResult.fail(f"the model outputs shape {_plain(actual.get('output_shape'))}, expected {want}")
    last = _fold([_normalise(g) for g in layers])[-1]  # a separate Activation('softmax') counts
    activation = (last.get(K.INNER) or last).get(K.ACTIVATION)
    if activation != "softmax":
        return CheckResult.fail(f"the output layer's activation is {activation!r}, expected 'softmax'")
    return CheckResult.passed()
