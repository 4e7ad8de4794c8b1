"""The reference solutions reproduce the printed outputs of the course notes."""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from reference import data_prep as ref

SERIES = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
STD_SERIES = [1.0, 5.5, 9.0, 2.6, 8.8, 3.0, 4.1, 7.9, 6.3]
LABELS = ["cold", "cold", "warm", "cold", "hot", "hot", "warm", "cold", "warm", "hot"]
SEQUENCES = [[1, 2, 3, 4], [1, 2, 3], [1]]


def test_min_max_normalization_prints_as_in_the_notes():
    normalized = ref.normalize(SERIES)
    assert normalized.shape == (10, 1)
    printed = [0.0, 0.11111111, 0.22222222, 0.33333333, 0.44444444, 0.55555556, 0.66666667,
               0.77777778, 0.88888889, 1.0]
    np.testing.assert_allclose(normalized.ravel(), printed, atol=5e-9)
    scaler = MinMaxScaler().fit(ref.as_column(SERIES))
    line = "Min: %f, Max: %f" % (scaler.data_min_[0], scaler.data_max_[0])  # noqa: UP031 - the notes' print
    assert line == "Min: 10.000000, Max: 100.000000"


def test_min_max_inverse_gives_back_the_series():
    inversed = ref.denormalize(ref.normalize(SERIES), 10.0, 100.0)
    np.testing.assert_allclose(inversed.ravel(), SERIES, rtol=1e-12)


def test_standardization_prints_as_in_the_notes():
    scaler = StandardScaler().fit(ref.as_column(STD_SERIES))
    line = "Mean: %f, StandardDeviation: %f" % (scaler.mean_[0], math.sqrt(scaler.var_[0]))  # noqa: UP031
    assert line == "Mean: 5.355556, StandardDeviation: 2.712568"
    printed = [-1.60569456, 0.05325007, 1.34354035, -1.01584758, 1.26980948, -0.86838584,
               -0.46286604, 0.93802055, 0.34817357]
    standardized = ref.standardize(STD_SERIES)
    assert standardized.shape == (9, 1)
    np.testing.assert_allclose(standardized.ravel(), printed, atol=5e-9)


def test_standardization_inverse_gives_back_the_series():
    back = ref.destandardize(ref.standardize(STD_SERIES), np.mean(STD_SERIES), np.std(STD_SERIES))
    np.testing.assert_allclose(back.ravel(), STD_SERIES)


def test_integer_and_one_hot_encoding_print_as_in_the_notes():
    assert ref.integer_encode(LABELS).tolist() == [0, 0, 2, 0, 1, 1, 2, 0, 2, 1]
    expected = np.array([[1, 0, 0], [1, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 1, 0],
                         [0, 0, 1], [1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=float)
    one_hot = ref.one_hot_encode(LABELS)
    assert one_hot.dtype == float
    np.testing.assert_array_equal(one_hot, expected)


def test_decoding_the_first_one_hot_row_gives_cold():
    assert ref.decode_one_hot(ref.one_hot_encode(LABELS)[0], LABELS) == "cold"
    assert ref.decode_one_hot([0.1, 0.7, 0.2], ["cold", "hot", "warm"]) == "hot"


@pytest.mark.parametrize(
    ("function", "args", "printed"),
    [
        (ref.pad_pre, (), [[1, 2, 3, 4], [0, 1, 2, 3], [0, 0, 0, 1]]),
        (ref.pad_post, (), [[1, 2, 3, 4], [1, 2, 3, 0], [1, 0, 0, 0]]),
        (ref.truncate_pre, (2,), [[3, 4], [2, 3], [0, 1]]),
        (ref.truncate_post, (2,), [[1, 2], [1, 2], [0, 1]]),
    ],
)
def test_padding_and_truncation_print_as_in_the_notes(function, args, printed):
    np.testing.assert_array_equal(function(SEQUENCES, *args), np.array(printed))


def test_shift_forward_frame_matches_the_notes():
    df = ref.shifted_frame(range(10), n_lags=1)
    assert list(df.columns) == ["t", "t-1"]
    assert df["t"].tolist() == list(range(10))
    assert math.isnan(df["t-1"][0])
    assert df["t-1"][1:].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]


def test_shift_backward_frame_matches_the_notes():
    df = ref.shifted_frame(range(10), n_lags=0, n_leads=1)
    assert list(df.columns) == ["t", "t+1"]
    assert df["t+1"][:9].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    assert math.isnan(df["t+1"][9])


def test_supervised_framing_drops_nan_rows_and_keeps_row_labels():
    df = ref.series_to_supervised(range(10), n_lags=2, n_leads=1)
    assert list(df.columns) == ["t", "t-1", "t-2", "t+1"]
    assert list(df.index) == list(range(2, 9))
    assert not df.isna().any(axis=None)
    pd.testing.assert_series_equal(df["t-2"], df["t"].astype(float) - 2, check_names=False)


@pytest.mark.slow
def test_numpy_padding_equals_keras_pad_sequences_on_random_inputs():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    for _ in range(200):
        seqs = [list(rng.integers(1, 50, size=rng.integers(0, 8))) for _ in range(rng.integers(1, 6))]
        if not any(seqs):
            continue
        maxlen = None if rng.random() < 0.3 else int(rng.integers(1, 10))
        padding, truncating = rng.choice(["pre", "post"], size=2)
        got = ref.pad(seqs, maxlen=maxlen, padding=padding, truncating=truncating)
        want = keras.utils.pad_sequences(seqs, maxlen=maxlen, padding=padding, truncating=truncating)
        np.testing.assert_array_equal(got, want)
        assert got.dtype == want.dtype
