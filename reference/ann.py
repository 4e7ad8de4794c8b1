"""Week 8 reference: activations, losses, a dense layer's forward and backward pass and a
numerical gradient in NumPy; a small NumPy MLP; the Keras digits MLP's architecture and data.

tests/reference pins the activations and losses to Keras's, the backward pass to TensorFlow's
gradients and to central differences, and the architecture to the Keras model it describes.
"""

from __future__ import annotations

import numpy as np

DIGITS_HOLDOUT_EVERY = 5  # rows 0, 5, 10, ... of load_digits() are the held-out pool


def relu(x) -> np.ndarray:
    return np.maximum(np.asarray(x, dtype=float), 0.0)


def sigmoid(x) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def softmax(z) -> np.ndarray:
    """Row-wise softmax (over the last axis), shifted by the row maximum so large logits do
    not overflow."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def mse_loss(y_true, y_pred) -> float:
    """Mean of the squared errors over every element."""
    return float(np.mean((np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2))


def binary_cross_entropy(y_true, p) -> float:
    """-mean(y log p + (1 - y) log(1 - p))."""
    y, p = np.asarray(y_true, dtype=float), np.asarray(p, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def categorical_cross_entropy(y_true, probs) -> float:
    """Mean over the rows of -sum(y log p) over the classes (Keras's categorical_crossentropy)."""
    y, p = np.asarray(y_true, dtype=float), np.asarray(probs, dtype=float)
    return float(np.mean(-np.sum(y * np.log(p), axis=-1)))


def dense_forward(X, W, b) -> np.ndarray:
    """X @ W + b for a batch X (n, d_in), W (d_in, d_out), b (d_out,)."""
    return np.asarray(X, dtype=float) @ np.asarray(W, dtype=float) + np.asarray(b, dtype=float)


def dense_backward(X, W, grad_out) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a loss through Z = X @ W + b given dL/dZ = grad_out:
    (dL/dX, dL/dW, dL/db) = (grad_out @ W^T, X^T @ grad_out, grad_out summed over the batch)."""
    X, W, G = (np.asarray(a, dtype=float) for a in (X, W, grad_out))
    return G @ W.T, X.T @ G, G.sum(axis=0)


def dense_mse(X, W, b, Y) -> float:
    """The loss the numerical gradient differentiates: mse_loss(Y, X @ W + b)."""
    return mse_loss(Y, dense_forward(X, W, b))


def numerical_gradient(X, W, b, Y, eps) -> np.ndarray:
    """Central differences (L(W + eps e_ij) - L(W - eps e_ij)) / (2 eps) of dense_mse in W."""
    W = np.asarray(W, dtype=float)
    grad = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[idx] = eps
        grad[idx] = (dense_mse(X, W + step, b, Y) - dense_mse(X, W - step, b, Y)) / (2 * eps)
    return grad


def train_mlp(X_train, y_train, X_test, hidden=16, epochs=3000, learning_rate=1.0, seed=0) -> np.ndarray:
    """A binary classifier: Dense(hidden, tanh) -> Dense(1, sigmoid), full-batch gradient
    descent on the cross-entropy; returns 0/1 labels for X_test."""
    X, y = np.asarray(X_train, dtype=float), np.asarray(y_train, dtype=float).reshape(-1, 1)
    rng = np.random.default_rng(seed)
    W1, b1 = rng.normal(scale=1.0, size=(X.shape[1], hidden)), np.zeros(hidden)
    W2, b2 = rng.normal(scale=1.0 / np.sqrt(hidden), size=(hidden, 1)), np.zeros(1)
    for _ in range(int(epochs)):
        H = np.tanh(X @ W1 + b1)
        p = sigmoid(H @ W2 + b2)
        G2 = (p - y) / len(X)  # dL/dz of sigmoid + cross-entropy
        dH, dW2, db2 = dense_backward(H, W2, G2)
        _, dW1, db1 = dense_backward(X, W1, dH * (1 - H ** 2))
        W1, b1, W2, b2 = W1 - learning_rate * dW1, b1 - learning_rate * db1, W2 - learning_rate * dW2, \
            b2 - learning_rate * db2
    scores = np.tanh(np.asarray(X_test, dtype=float) @ W1 + b1) @ W2 + b2
    return (scores.reshape(-1) > 0).astype(int)


def circles(n, seed) -> tuple[np.ndarray, np.ndarray]:
    """Two noisy concentric circles (not linearly separable): the NumPy MLP's data."""
    from sklearn.datasets import make_circles

    return make_circles(int(n), noise=0.1, factor=0.5, random_state=int(seed))


def _dense(units: int, inputs: int, activation: str) -> dict:
    return {"class": "Dense", "units": units, "activation": activation, "output_shape": [None, units],
            "params": units * inputs + units}


def mlp_architecture(n_inputs, hidden_units, n_classes) -> dict:
    """Dense(u, relu) for each u in hidden_units, then Dense(n_classes, softmax)."""
    layers, width = [], int(n_inputs)
    for units in hidden_units:
        layers.append(_dense(int(units), width, "relu"))
        width = int(units)
    layers.append(_dense(int(n_classes), width, "softmax"))
    return {"layers": layers, "total_params": sum(layer["params"] for layer in layers)}


def build_mlp(n_inputs, hidden_units, n_classes):
    import keras

    hidden = [keras.layers.Dense(u, activation="relu") for u in hidden_units]
    return keras.Sequential([keras.Input((n_inputs,)), *hidden, keras.layers.Dense(n_classes, activation="softmax")])


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """load_digits() scaled to [0, 1] (pixels / 16): (X_train, y_train, X_pool, y_pool), the pool
    being every fifth row. The notebook trains on the rest; the grader draws from the pool."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, y = digits.data / 16.0, digits.target
    pool = np.arange(len(X)) % DIGITS_HOLDOUT_EVERY == 0
    return X[~pool], y[~pool], X[pool], y[pool]


def digits_holdout(n, seed) -> tuple[np.ndarray, np.ndarray]:
    """n held-out digits no notebook can load: blends of two held-back images of the same digit
    with pixel noise (reference.digits), drawn per run from the hidden seed."""
    from reference.digits import blended_holdout

    _, _, X, y = digits_split()
    return blended_holdout(X, y, n, seed)
