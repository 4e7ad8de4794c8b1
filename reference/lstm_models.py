"""Week 11: Vanilla, Stacked and Bidirectional LSTMs, and the sequence tasks they are trained on.

`*_architecture()` give the expected model as plain data (layer classes, units,
return_sequences, activations, output shapes, parameter counts from the LSTM formula
4 * units * (units + features + 1)), so the grader needs no TensorFlow; `build_*()` are the
Keras models the lecture describes, and tests pin that they match their architectures.
"""

from __future__ import annotations

import numpy as np

from grader.sandbox import model_keys as K


def lstm_params(units: int, features: int) -> int:
    return 4 * units * (units + features + 1)


def _lstm(units: int, features: int, steps: int, return_sequences: bool) -> dict:
    shape = [None, steps, units] if return_sequences else [None, units]
    return {"class": "LSTM", "units": units, "return_sequences": return_sequences, "activation": "tanh",
            "output_shape": shape, "params": lstm_params(units, features)}


def _dense(units: int, inputs: int, activation: str) -> dict:
    return {"class": "Dense", "units": units, "activation": activation, "output_shape": [None, units],
            "params": units * inputs + units}


def _model(layers: list[dict], n_steps: int, n_features: int) -> dict:
    """The description of a sequence model: its layers, parameters and input shape (the time steps show only
    there when the last LSTM returns one vector)."""
    return {K.LAYERS: layers, K.TOTAL_PARAMS: sum(layer[K.PARAMS] for layer in layers),
            K.INPUT_SHAPE: [None, n_steps, n_features]}


def vanilla_architecture(n_steps: int, n_features: int, units: int) -> dict:
    """LSTM(units) -> Dense(1): one value predicted from a sequence."""
    return _model([_lstm(units, n_features, n_steps, False), _dense(1, units, "linear")], n_steps, n_features)


def stacked_architecture(n_steps: int, n_features: int, units: int, n_layers: int) -> dict:
    """n_layers LSTM(units), return_sequences on all but the last -> Dense(1)."""
    layers = [_lstm(units, n_features if i == 0 else units, n_steps, i < n_layers - 1) for i in range(n_layers)]
    return _model([*layers, _dense(1, units, "linear")], n_steps, n_features)


def bidirectional_architecture(n_steps: int, n_features: int, units: int) -> dict:
    """Bidirectional(LSTM(units), merge_mode='concat') -> Dense(1)."""
    inner = {k: v for k, v in _lstm(units, n_features, n_steps, False).items() if k != "output_shape"}
    bidi = {"class": "Bidirectional", "merge_mode": "concat", "inner": inner, "output_shape": [None, 2 * units],
            "params": 2 * lstm_params(units, n_features)}
    return _model([bidi, _dense(1, 2 * units, "linear")], n_steps, n_features)


def classifier_architecture(n_steps: int, n_features: int, units: int) -> dict:
    """LSTM(units) -> Dense(1, sigmoid): binary sequence classification."""
    return _model([_lstm(units, n_features, n_steps, False), _dense(1, units, "sigmoid")], n_steps, n_features)


def build_vanilla(n_steps: int, n_features: int, units: int):
    import keras

    return keras.Sequential([keras.Input((n_steps, n_features)), keras.layers.LSTM(units), keras.layers.Dense(1)])


def build_stacked(n_steps: int, n_features: int, units: int, n_layers: int):
    import keras

    layers = [keras.layers.LSTM(units, return_sequences=i < n_layers - 1) for i in range(n_layers)]
    return keras.Sequential([keras.Input((n_steps, n_features)), *layers, keras.layers.Dense(1)])


def build_bidirectional(n_steps: int, n_features: int, units: int):
    import keras

    return keras.Sequential([keras.Input((n_steps, n_features)),
                             keras.layers.Bidirectional(keras.layers.LSTM(units), merge_mode="concat"),
                             keras.layers.Dense(1)])


def build_classifier(n_steps: int, n_features: int, units: int):
    import keras

    return keras.Sequential([keras.Input((n_steps, n_features)), keras.layers.LSTM(units),
                             keras.layers.Dense(1, activation="sigmoid")])


# -- sequence tasks (the template ships the same generators to students) ---------------------
def sine_next_value(n: int, n_steps: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Windows of sine waves (random phase and frequency, a little noise) -> the next value."""
    rng = np.random.default_rng(seed)
    t = np.arange(n_steps + 1)
    freq = rng.uniform(0.1, 0.3, size=(n, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(n, 1))
    waves = np.sin(freq * t + phase) + rng.normal(scale=0.02, size=(n, n_steps + 1))
    return waves[:, :n_steps, np.newaxis].astype("float32"), waves[:, n_steps:].astype("float32")


def sum_classification(n: int, n_steps: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Sequences of uniform [0, 1) values -> 1 when their sum exceeds half their length."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n, n_steps, 1)).astype("float32")
    return X, (X.sum(axis=(1, 2)) > n_steps / 2).astype("int64")
