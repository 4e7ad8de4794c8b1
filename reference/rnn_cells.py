"""Week 10: LSTM and GRU cells in NumPy, from the gate equations of the RNN lecture.

Weights use Keras's layouts so a student's cell can be checked against keras.layers.LSTM/GRU
given the same weights (tests/reference pins equality with Keras to 1e-5):

- LSTM: kernel (D, 4U), recurrent_kernel (U, 4U), bias (4U,), gate order i, f, c, o.
    i = s(x Wi + h Ui + bi), f = s(x Wf + h Uf + bf), g = tanh(x Wc + h Uc + bc),
    c' = f*c + i*g, o = s(x Wo + h Uo + bo), h' = o * tanh(c')
- GRU: kernel (D, 3U), recurrent_kernel (U, 3U), gate order z, r, h.
    reset_after=True (Keras's default): bias (2, 3U) = input and recurrent biases,
        h~ = tanh(x Wh + b_in + r * (h Uh + b_rec))        (r applied after the matmul)
    reset_after=False (the lecture's textbook form): bias (3U,),
        h~ = tanh(x Wh + (r * h) Uh + b)                     (r applied before the matmul)
    both: h' = z * h + (1 - z) * h~   (Keras: z keeps the old state; the lecture writes
          h' = (1 - z) * h + z * h~, the same cell with z and 1 - z swapped)
"""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """One LSTM time step for a batch: x (B, D), h_prev/c_prev (B, U) -> (h, c)."""
    z = np.asarray(x) @ kernel + np.asarray(h_prev) @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    c = sigmoid(f) * c_prev + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def lstm_forward(X, kernel, recurrent_kernel, bias):
    """Run an LSTM over X (B, T, D) from zero states -> (outputs (B, T, U), h_T, c_T)."""
    X = np.asarray(X, dtype=float)
    units = np.asarray(recurrent_kernel).shape[0]
    h = np.zeros((X.shape[0], units))
    c = np.zeros((X.shape[0], units))
    outputs = []
    for t in range(X.shape[1]):
        h, c = lstm_step(X[:, t, :], h, c, kernel, recurrent_kernel, bias)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c


def gru_step(x, h_prev, kernel, recurrent_kernel, bias, reset_after=True):
    """One GRU time step for a batch: x (B, D), h_prev (B, U) -> h, in Keras's conventions."""
    x, h_prev = np.asarray(x), np.asarray(h_prev)
    units = np.asarray(recurrent_kernel).shape[0]
    bias = np.asarray(bias)
    b_in, b_rec = (bias[0], bias[1]) if reset_after else (bias, np.zeros(3 * units))
    xw = x @ kernel + b_in
    xz, xr, xh = np.split(xw, 3, axis=-1)
    uz, ur, uh = np.split(np.asarray(recurrent_kernel), 3, axis=-1)
    bz, br, bh = np.split(b_rec, 3)
    z = sigmoid(xz + h_prev @ uz + bz)
    r = sigmoid(xr + h_prev @ ur + br)
    candidate = np.tanh(xh + r * (h_prev @ uh + bh)) if reset_after else np.tanh(xh + (r * h_prev) @ uh)
    return z * h_prev + (1 - z) * candidate


def gru_forward(X, kernel, recurrent_kernel, bias, reset_after=True):
    """Run a GRU over X (B, T, D) from a zero state -> (outputs (B, T, U), h_T)."""
    X = np.asarray(X, dtype=float)
    h = np.zeros((X.shape[0], np.asarray(recurrent_kernel).shape[0]))
    outputs = []
    for t in range(X.shape[1]):
        h = gru_step(X[:, t, :], h, kernel, recurrent_kernel, bias, reset_after)
        outputs.append(h)
    return np.stack(outputs, axis=1), h
