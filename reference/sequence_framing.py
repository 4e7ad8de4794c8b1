"""Week 10: the four sequence problem types of the lecture framed as supervised (X, y) arrays.

X is always (samples, timesteps, features); every function takes a 1-D series (or a list of
equal-length sequences) and returns (X, y).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.preprocessing import LabelEncoder


def _windows(series: Sequence[float], width: int) -> np.ndarray:
    values = np.asarray(series, dtype=float)
    return np.stack([values[i : i + width] for i in range(len(values) - width + 1)])


def sequence_prediction(series: Sequence[float], n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Predict the next value: X[i] = series[i:i+n], y[i] = series[i+n]; y (samples, 1)."""
    w = _windows(series, n_steps + 1)
    return w[:, :n_steps, np.newaxis], w[:, n_steps:]


def sequence_classification(sequences: Sequence[Sequence[float]], labels: Sequence[str]):
    """One label per sequence: X (samples, timesteps, 1), y the labels' integer codes (samples,)."""
    X = np.asarray(sequences, dtype=float)[:, :, np.newaxis]
    return X, LabelEncoder().fit_transform(np.asarray(labels))


def sequence_generation(series: Sequence[float], n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Generate the sequence one step ahead: y[i] = series[i+1:i+n+1]; y (samples, n_steps, 1)."""
    w = _windows(series, n_steps + 1)
    return w[:, :n_steps, np.newaxis], w[:, 1:, np.newaxis]


def sequence_to_sequence(series: Sequence[float], n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """n_in steps in, the next n_out steps out: X (samples, n_in, 1), y (samples, n_out, 1)."""
    w = _windows(series, n_in + n_out)
    return w[:, :n_in, np.newaxis], w[:, n_in:, np.newaxis]
