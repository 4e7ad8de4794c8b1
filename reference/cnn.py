"""Week 9: 2-D convolution and max pooling in NumPy, and a small Keras CNN on scikit-learn's digits.

Conventions are Keras's (tests/reference pins them equal to keras.layers.Conv2D and
MaxPooling2D with the same weights): channels last, x (batch, height, width, channels),
kernel (kh, kw, in, out); a Conv2D is a cross-correlation (the kernel is not flipped);
'same' padding adds max((out - 1) * stride + k - n, 0) rows, the extra one at the bottom
(columns: at the right), with out = ceil(n / stride); max pooling ignores that padding.
"""

from __future__ import annotations

from math import ceil

import numpy as np

N_CLASSES = 10
HOLDOUT = 500  # the last rows of the fixed shuffle; the template trains on the others


def _pair(value) -> tuple[int, int]:
    if isinstance(value, (int, np.integer)):
        return int(value), int(value)
    a, b = value
    return int(a), int(b)


def conv_output_size(n: int, kernel: int, stride: int, padding: str) -> int:
    """Output length along one axis: floor((n - k) / s) + 1 for 'valid', ceil(n / s) for 'same'."""
    if padding == "same":
        return ceil(n / stride)
    return (n - kernel) // stride + 1


def _same_padding(n: int, k: int, s: int) -> tuple[int, int]:
    total = max((ceil(n / s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _pad(x: np.ndarray, kh: int, kw: int, sh: int, sw: int, padding: str, value: float) -> np.ndarray:
    if padding == "valid":
        return x
    top, bottom = _same_padding(x.shape[1], kh, sh)
    left, right = _same_padding(x.shape[2], kw, sw)
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)


def _windows(x: np.ndarray, kh: int, kw: int, sh: int, sw: int) -> np.ndarray:
    """(batch, out_h, out_w, kh, kw, channels) views of every window."""
    oh, ow = (x.shape[1] - kh) // sh + 1, (x.shape[2] - kw) // sw + 1
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))  # (b, H', W', c, kh, kw)
    return win[:, : (oh - 1) * sh + 1 : sh, : (ow - 1) * sw + 1 : sw].transpose(0, 1, 2, 4, 5, 3)


def conv2d(x, kernel, bias, strides=(1, 1), padding: str = "valid") -> np.ndarray:
    """keras.layers.Conv2D's output (no activation): cross-correlation of x with kernel, plus bias."""
    x, kernel, bias = np.asarray(x, dtype=float), np.asarray(kernel, dtype=float), np.asarray(bias, dtype=float)
    kh, kw = kernel.shape[:2]
    sh, sw = _pair(strides)
    win = _windows(_pad(x, kh, kw, sh, sw, padding, 0.0), kh, kw, sh, sw)
    return np.einsum("bhwijc,ijco->bhwo", win, kernel) + bias


def max_pool2d(x, pool_size=(2, 2), strides=None, padding: str = "valid") -> np.ndarray:
    """keras.layers.MaxPooling2D's output; strides default to the pool size."""
    x = np.asarray(x, dtype=float)
    ph, pw = _pair(pool_size)
    sh, sw = _pair(strides if strides is not None else (ph, pw))
    win = _windows(_pad(x, ph, pw, sh, sw, padding, -np.inf), ph, pw, sh, sw)
    return win.max(axis=(3, 4))


# -- the digits CNN ------------------------------------------------------------------------------
def digits_architecture(filters: int, kernel_size: int) -> dict:
    """Conv2D(filters, kernel_size, 'same', relu) -> MaxPooling2D(2) -> Flatten -> Dense(10, softmax)
    on 8x8x1 images, as plain data (no TensorFlow needed in the grader)."""
    conv_params = kernel_size * kernel_size * filters + filters
    flat = 4 * 4 * filters
    layers = [
        {"class": "Conv2D", "filters": filters, "kernel_size": [kernel_size, kernel_size], "strides": [1, 1],
         "padding": "same", "activation": "relu", "output_shape": [None, 8, 8, filters], "params": conv_params},
        {"class": "MaxPooling2D", "pool_size": [2, 2], "strides": [2, 2], "padding": "valid",
         "output_shape": [None, 4, 4, filters], "params": 0},
        {"class": "Flatten", "output_shape": [None, flat], "params": 0},
        {"class": "Dense", "units": N_CLASSES, "activation": "softmax", "output_shape": [None, N_CLASSES],
         "params": flat * N_CLASSES + N_CLASSES},
    ]
    return {"layers": layers, "total_params": sum(layer["params"] for layer in layers)}


def build_digits_cnn(filters: int, kernel_size: int):
    import keras

    return keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(filters, kernel_size, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(N_CLASSES, activation="softmax"),
    ])


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 digits as (n, 8, 8, 1) images scaled to [0, 1], shuffled once with a fixed
    seed: (X_train, y_train, X_holdout, y_holdout). The template ships the same split."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    order = np.random.default_rng(0).permutation(len(digits.target))
    X = (digits.images[order] / 16.0).astype("float32")[..., np.newaxis]
    y = digits.target[order].astype("int64")
    return X[:-HOLDOUT], y[:-HOLDOUT], X[-HOLDOUT:], y[-HOLDOUT:]
