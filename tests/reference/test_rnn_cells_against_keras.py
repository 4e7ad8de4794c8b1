"""The NumPy reference cells equal keras.layers.LSTM/GRU given the same weights (1e-5)."""

import numpy as np
import pytest

from reference import rnn_cells as rc
from reference import sequence_framing as frame

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def random_sizes(rng):
    return tuple(int(v) for v in (rng.integers(1, 5), rng.integers(2, 7), rng.integers(1, 5), rng.integers(1, 6)))


def test_lstm_forward_matches_keras_outputs_and_final_states(keras):
    rng = np.random.default_rng(0)
    for _ in range(10):
        b, t, d, u = random_sizes(rng)
        x = rng.normal(size=(b, t, d)).astype("float32")
        layer = keras.layers.LSTM(u, return_sequences=True, return_state=True)
        layer.build((None, t, d))
        weights = [rng.normal(scale=0.5, size=w.shape) for w in layer.get_weights()]
        layer.set_weights(weights)
        want = [np.asarray(a) for a in layer(x)]
        got = rc.lstm_forward(x, *weights)
        for g, w in zip(got, want, strict=True):
            np.testing.assert_allclose(g, w, atol=1e-5)


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_forward_matches_keras_in_both_conventions(keras, reset_after):
    rng = np.random.default_rng(1)
    for _ in range(10):
        b, t, d, u = random_sizes(rng)
        x = rng.normal(size=(b, t, d)).astype("float32")
        layer = keras.layers.GRU(u, return_sequences=True, return_state=True, reset_after=reset_after)
        layer.build((None, t, d))
        weights = [rng.normal(scale=0.5, size=w.shape) for w in layer.get_weights()]
        layer.set_weights(weights)
        assert weights[2].shape == ((2, 3 * u) if reset_after else (3 * u,))
        want = [np.asarray(a) for a in layer(x)]
        got = rc.gru_forward(x, *weights, reset_after=reset_after)
        for g, w in zip(got, want, strict=True):
            np.testing.assert_allclose(g, w, atol=1e-5)


def test_framing_the_lectures_examples():
    X, y = frame.sequence_prediction([1, 2, 3, 4, 5, 6], 5)
    assert X.shape == (1, 5, 1) and y.tolist() == [[6.0]]
    X, y = frame.sequence_to_sequence(range(1, 11), 5, 5)
    assert X.ravel().tolist() == [1, 2, 3, 4, 5] and y.ravel().tolist() == [6, 7, 8, 9, 10]
    X, y = frame.sequence_generation([1, 3, 5, 7], 3)
    assert X.ravel().tolist() == [1, 3, 5] and y.ravel().tolist() == [3, 5, 7]
    X, y = frame.sequence_classification([[1, 2, 3, 4, 5]], ["good"])
    assert X.shape == (1, 5, 1) and y.tolist() == [0]
