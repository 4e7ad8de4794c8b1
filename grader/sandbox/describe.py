"""Describe a Keras model as plain data, inside the sandbox, without changing it.

Reads only public, Keras-3-safe attributes (no compile(), no `layer.output_shape`, which
Keras 3 removed): class names, units, return_sequences, activations, merge modes, wrapped
layers, convolution and pooling windows (filters, kernel_size, strides, padding, pool_size),
the model's input shape, output shapes and parameter counts. Its keys are those of `model_keys`.
"""

from __future__ import annotations

from typing import Any

from grader.sandbox import model_keys as K


def _activation(layer: Any) -> str | None:
    """The activation a layer applies: its `activation`, or what an activation-only layer (ReLU,
    Softmax) is, so Dense(1) -> ReLU() can be read like Dense(1, activation='relu')."""
    kind = type(layer).__name__
    if kind == "ReLU":
        plain = (getattr(layer, "max_value", None) is None and not getattr(layer, "negative_slope", 0)
                 and not getattr(layer, "threshold", 0))
        return "relu" if plain else "relu (capped or leaky)"
    if kind == "Softmax":
        return "softmax" if getattr(layer, "axis", -1) in (-1, [-1], (-1,)) else "softmax (not over the last axis)"
    act = getattr(layer, "activation", None)
    if act is None:
        return None
    return getattr(act, "__name__", None) or str(act)


def _dims(shape: Any) -> list | None:
    try:
        return [None if d is None else int(d) for d in shape]
    except Exception:  # not a shape
        return None


def _shape(layer: Any) -> list | None:
    try:
        return _dims(layer.output.shape)
    except Exception:  # not built, or several outputs
        return None


def _input_shape(model: Any) -> list | None:
    """[None, ...] of the model's one input (None when it has several or is not built)."""
    try:
        inputs = model.inputs
    except Exception:  # a Sequential model without an Input is not built
        return None
    if not isinstance(inputs, (list, tuple)) or len(inputs) != 1:
        return None
    return _dims(getattr(inputs[0], "shape", None))


def _sources(layer: Any) -> list[str]:
    """Names of the layers whose outputs feed this one (functional models), best effort."""
    try:
        inputs = layer.input
    except Exception:  # not connected, or a nested model
        return []
    names = []
    for tensor in inputs if isinstance(inputs, (list, tuple)) else [inputs]:
        history = getattr(tensor, "_keras_history", None)
        operation = getattr(history, "operation", None)
        if operation is not None:
            names.append(str(getattr(operation, "name", "")))
    return names


def describe_layer(layer: Any) -> dict:
    info: dict[str, Any] = {K.CLASS: type(layer).__name__, K.NAME: str(getattr(layer, "name", "")),
                            K.INPUTS: _sources(layer)}
    for attr in K.SCALAR_ATTRIBUTES:
        value = getattr(layer, attr, None)
        if isinstance(value, (bool, int, float, str)):
            info[attr] = value
    for attr in K.WINDOW_ATTRIBUTES:
        value = getattr(layer, attr, None)
        if isinstance(value, (tuple, list)) and all(isinstance(v, int) for v in value):
            info[attr] = [int(v) for v in value]
    info[K.ACTIVATION] = _activation(layer)
    inner = getattr(layer, "forward_layer", None) or getattr(layer, "layer", None)
    if inner is not None and inner is not layer:
        info[K.INNER] = describe_layer(inner)
    info[K.OUTPUT_SHAPE] = _shape(layer)
    try:
        info[K.PARAMS] = int(layer.count_params())
    except Exception:  # an unbuilt layer cannot count its weights
        info[K.PARAMS] = None
    return info


def describe_model(model: Any) -> dict:
    """The model as plain data under the `model_keys` names: its class, layers (input layers left
    out), total parameters, whether it is built, its output shape, input layers and input shape."""
    layers = getattr(model, "layers", None)
    if layers is None:
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    described = [describe_layer(layer) for layer in layers if type(layer).__name__ != "InputLayer"]
    try:
        total = int(model.count_params())
    except Exception:
        total = None
    try:
        output_shape = _dims(model.output.shape)
    except Exception:  # several outputs, or not built
        output_shape = None
    return {K.MODEL_CLASS: type(model).__name__, K.LAYERS: described, K.TOTAL_PARAMS: total,
            K.BUILT: bool(getattr(model, "built", False)), K.MODEL_OUTPUT_SHAPE: output_shape,
            K.INPUT_LAYERS: [str(layer.name) for layer in layers if type(layer).__name__ == "InputLayer"],
            K.INPUT_SHAPE: _input_shape(model)}


MAX_POINTS = 10_000  # per line: a lab's plot needs far fewer; more is cut, not refused


def _text(artist: Any) -> str:
    try:
        return str(artist.get_text())
    except Exception:
        return ""


def _numbers(values: Any) -> list:
    """Line data as a list of floats (dates and categories become NaN rather than failing)."""
    import numpy as np

    try:
        arr = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        arr = np.full(len(values), np.nan)
    return [float(v) for v in arr[:MAX_POINTS]]


def _describe_axes(ax: Any) -> dict:
    legend = ax.get_legend()
    lines = []
    for line in ax.get_lines():
        label = str(line.get_label())
        lines.append({"label": "" if label.startswith("_") else label,
                      "x": _numbers(line.get_xdata()), "y": _numbers(line.get_ydata())})
    return {"title": str(ax.get_title()), "xlabel": str(ax.get_xlabel()), "ylabel": str(ax.get_ylabel()),
            "lines": lines, "legend": None if legend is None else [_text(t) for t in legend.get_texts()],
            "collections": len(ax.collections), "patches": len(ax.patches)}


def describe_figure(value: Any) -> dict:
    """A matplotlib Figure (or one Axes) as plain data: per axes the title, axis labels, lines
    (label, x, y) and legend entries, the figure's suptitle. Reads only; never draws or saves.
    Anything else is described by its class so the check can say what came back instead."""
    figure = value if hasattr(value, "get_axes") else getattr(value, "figure", None)
    if figure is None or not hasattr(figure, "get_axes"):
        return {"class": type(value).__name__, "axes": None}
    suptitle = getattr(figure, "_suptitle", None)
    return {"class": type(figure).__name__, "suptitle": _text(suptitle) if suptitle is not None else "",
            "axes": [_describe_axes(ax) for ax in figure.get_axes()]}
