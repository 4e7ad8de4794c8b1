"""Week 13: the lecture's addition problem, an encoder-decoder LSTM, and dot-product attention.

The addition problem, step by step (as in the lecture's demo): generate pairs of random
integers and their sums; turn them into right-aligned strings ('  7+12' -> ' 19'); encode the
characters as integers over the alphabet '0123456789+ '; one-hot encode those; decode
predicted rows back to strings. The encoder-decoder reads the one-hot sum and writes the
one-hot answer: LSTM -> RepeatVector -> LSTM(return_sequences) -> TimeDistributed(Dense softmax).

Problem size: two numbers from 1 to 50 (2,500 pairs, so held-out pairs are mostly unseen),
LSTM(64), 4,000 training pairs: 70 epochs (~40 s on 2 cores) reach about 0.9 exact match
(0.77-0.86 after 60), where the lecture's sums below 100 need 60-100 epochs and 70-95 s for
0.9. Full points from 0.7, half from 0.4: an untrained or barely trained model scores ~0.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil, log10

import numpy as np

ALPHABET = "0123456789+ "
N_NUMBERS, LARGEST = 2, 50


def sum_pairs_spec(n_examples: int, n_numbers: int, largest: int) -> dict:
    """What a correct generator's output must satisfy (its values are random)."""
    return {"n_examples": n_examples, "n_numbers": n_numbers, "largest": largest}


def random_sum_pairs(n_examples: int, n_numbers: int, largest: int, seed: int = 0):
    """n_examples lists of n_numbers integers in [1, largest], and their sums."""
    rng = np.random.default_rng(seed)
    X = rng.integers(1, largest + 1, size=(n_examples, n_numbers))
    return [[int(v) for v in row] for row in X], [int(v) for v in X.sum(axis=1)]


def input_length(n_numbers: int, largest: int) -> int:
    return n_numbers * ceil(log10(largest + 1)) + n_numbers - 1


def output_length(n_numbers: int, largest: int) -> int:
    return ceil(log10(n_numbers * (largest + 1)))


def to_padded_strings(X: Sequence[Sequence[int]], y: Sequence[int], n_numbers: int, largest: int):
    """'7+12' right-aligned to the longest possible input, sums right-aligned likewise."""
    x_len, y_len = input_length(n_numbers, largest), output_length(n_numbers, largest)
    return ["+".join(str(v) for v in row).rjust(x_len) for row in X], [str(v).rjust(y_len) for v in y]


def integer_encode_strings(strings: Sequence[str], alphabet: str = ALPHABET) -> np.ndarray:
    """Each character as its index in the alphabet: (n, length) integers."""
    index = {c: i for i, c in enumerate(alphabet)}
    return np.array([[index[c] for c in s] for s in strings], dtype="int64")


def one_hot_encode_sequences(encoded: np.ndarray, n_chars: int = len(ALPHABET)) -> np.ndarray:
    """(n, length) integers -> (n, length, n_chars) one-hot floats."""
    return np.eye(n_chars)[np.asarray(encoded, dtype="int64")]


def decode_sequences(rows: np.ndarray, alphabet: str = ALPHABET) -> list[str]:
    """(n, length, n_chars) one-hot or probability rows -> strings, by argmax per step."""
    return ["".join(alphabet[i] for i in r) for r in np.asarray(rows).argmax(axis=-1)]


def encoder_decoder_architecture(n_in: int, n_chars: int, n_out: int, units: int) -> dict:
    """LSTM(units) -> RepeatVector(n_out) -> LSTM(units, seq) -> TimeDistributed(Dense(n_chars, softmax))."""
    lstm = 4 * units * (units + n_chars + 1)
    lstm2 = 4 * units * (units + units + 1)
    dense = units * n_chars + n_chars
    layers = [
        {"class": "LSTM", "units": units, "return_sequences": False, "output_shape": [None, units], "params": lstm},
        {"class": "RepeatVector", "n": n_out, "output_shape": [None, n_out, units], "params": 0},
        {"class": "LSTM", "units": units, "return_sequences": True, "output_shape": [None, n_out, units],
         "params": lstm2},
        {"class": "TimeDistributed", "inner": {"class": "Dense", "units": n_chars, "activation": "softmax"},
         "output_shape": [None, n_out, n_chars], "params": dense},
    ]
    # the input shape is compared too: with it an ignored n_in shows (no weight depends on n_in)
    return {"layers": layers, "total_params": lstm + lstm2 + dense, "input_shape": [None, n_in, n_chars]}


def build_encoder_decoder(n_in: int, n_chars: int, n_out: int, units: int):
    import keras

    return keras.Sequential([
        keras.Input((n_in, n_chars)), keras.layers.LSTM(units), keras.layers.RepeatVector(n_out),
        keras.layers.LSTM(units, return_sequences=True),
        keras.layers.TimeDistributed(keras.layers.Dense(n_chars, activation="softmax")),
    ])


def attention_seq2seq_spec(n_in: int, n_chars: int, n_out: int, units: int) -> dict:
    """What the attention variant must produce (checked by structure, see check_attends_to_encoder)."""
    return {"n_in": n_in, "n_chars": n_chars, "n_out": n_out, "units": units}


def build_attention_encoder_decoder(n_in: int, n_chars: int, n_out: int, units: int):
    """The encoder-decoder with dot-product attention of each decoder step over the encoder's outputs."""
    import keras

    inputs = keras.Input((n_in, n_chars))
    encoded, h, c = keras.layers.LSTM(units, return_sequences=True, return_state=True)(inputs)
    decoded = keras.layers.LSTM(units, return_sequences=True)(keras.layers.RepeatVector(n_out)(h),
                                                              initial_state=[h, c])
    context = keras.layers.Attention()([decoded, encoded])
    merged = keras.layers.Concatenate()([decoded, context])
    outputs = keras.layers.TimeDistributed(keras.layers.Dense(n_chars, activation="softmax"))(merged)
    return keras.Model(inputs, outputs)


def addition_holdout(n: int, seed: int) -> tuple[np.ndarray, list[str]]:
    """Held-out one-hot inputs and the answers as strings (the answers stay in the grader)."""
    X, y = random_sum_pairs(n, N_NUMBERS, LARGEST, seed)
    xs, ys = to_padded_strings(X, y, N_NUMBERS, LARGEST)
    return one_hot_encode_sequences(integer_encode_strings(xs)).astype("float32"), ys


def scaled_dot_product_attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """softmax(Q K^T / sqrt(d)) V over the last two axes -> (outputs, attention weights)."""
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    scores -= scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ V, weights
