"""The week-9 references: NumPy convolution and max pooling pinned equal to keras.layers.Conv2D and
MaxPooling2D with the same weights, output sizes, and the digits CNN against its architecture."""

import numpy as np
import pytest

from reference import cnn as ref


def test_a_valid_convolution_by_hand():
    x = np.arange(16.0).reshape(1, 4, 4, 1)
    kernel = np.array([[1.0, 0.0], [0.0, -1.0]]).reshape(2, 2, 1, 1)
    out = ref.conv2d(x, kernel, np.array([0.5]))
    # every window: x[i, j] - x[i + 1, j + 1] = -5, plus the bias (no kernel flip)
    np.testing.assert_allclose(out, np.full((1, 3, 3, 1), -4.5))


def test_same_padding_puts_the_extra_row_after():
    assert ref._same_padding(6, 3, 2) == (0, 1)
    assert ref._same_padding(5, 3, 1) == (1, 1)
    assert ref._same_padding(4, 2, 1) == (0, 1)


def test_output_sizes():
    assert ref.conv_output_size(8, 3, 1, "valid") == 6
    assert ref.conv_output_size(8, 3, 2, "same") == 4
    assert ref.conv_output_size(9, 4, 2, "valid") == 3


def test_max_pooling_by_hand_and_same_padding_ignored():
    x = -np.arange(1.0, 10.0).reshape(1, 3, 3, 1)  # all negative: zero padding would win
    np.testing.assert_allclose(ref.max_pool2d(x, (2, 2), None, "same")[0, :, :, 0], [[-1, -3], [-7, -9]])


@pytest.mark.slow
def test_conv2d_and_max_pool2d_match_keras():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    for trial in range(20):
        b, h, w, c_in, c_out = (int(v) for v in (rng.integers(1, 4), rng.integers(4, 10), rng.integers(4, 10),
                                                 rng.integers(1, 4), rng.integers(1, 5)))
        kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        strides = (int(rng.integers(1, 3)), int(rng.integers(1, 4)))
        padding = ("valid", "same")[trial % 2]
        x = rng.normal(size=(b, h, w, c_in)).astype("float32")
        kernel = rng.normal(size=(kh, kw, c_in, c_out)).astype("float32")
        bias = rng.normal(size=c_out).astype("float32")
        conv = keras.layers.Conv2D(c_out, (kh, kw), strides=strides, padding=padding)
        conv.build(x.shape)
        conv.set_weights([kernel, bias])
        want = np.asarray(conv(x))
        np.testing.assert_allclose(ref.conv2d(x, kernel, bias, strides, padding), want, atol=1e-4)
        assert ref.conv_output_size(h, kh, strides[0], padding) == want.shape[1]
        pool = (max(kh, 2), kw)
        want = np.asarray(keras.layers.MaxPooling2D(pool, strides=strides, padding=padding)(x))
        np.testing.assert_allclose(ref.max_pool2d(x, pool, strides, padding), want, atol=1e-6)
    x = rng.normal(size=(2, 7, 5, 3)).astype("float32")
    np.testing.assert_allclose(ref.max_pool2d(x), np.asarray(keras.layers.MaxPooling2D()(x)), atol=1e-6)


@pytest.mark.slow
def test_digits_cnn_matches_its_architecture():
    pytest.importorskip("keras")
    from grader.checks.models import check_architecture
    from grader.sandbox.describe import describe_model

    for args in [(16, 3), (5, 4)]:
        result = check_architecture(describe_model(ref.build_digits_cnn(*args)), ref.digits_architecture(*args))
        assert result.ok, result.message


def test_digits_split_holds_out_the_last_500():
    X, _, Xh, yh = ref.digits_split()
    assert X.shape == (1297, 8, 8, 1) and Xh.shape == (500, 8, 8, 1)
    assert X.min() >= 0.0 and X.max() <= 1.0 and set(yh) == set(range(10))
