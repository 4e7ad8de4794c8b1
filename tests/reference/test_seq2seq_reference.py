"""The week-13 references: the addition problem's steps, the encoder-decoder, attention vs Keras."""

import numpy as np
import pytest

from reference import seq2seq as ref


def test_addition_strings_are_right_aligned_as_in_the_lecture():
    xs, ys = ref.to_padded_strings([[7, 12], [50, 50]], [19, 100], 2, 50)
    assert xs == [" 7+12", "50+50"] and ys == [" 19", "100"]
    assert ref.input_length(2, 10) == 5 and ref.output_length(2, 10) == 2


def test_encoding_roundtrips_through_one_hot_and_decoding():
    strings = [" 7+12", " 40+3"]
    encoded = ref.integer_encode_strings(strings)
    assert encoded[0].tolist() == [11, 7, 10, 1, 2]
    one_hot = ref.one_hot_encode_sequences(encoded)
    assert one_hot.shape == (2, 5, 12) and one_hot.sum() == 10
    assert ref.decode_sequences(one_hot) == strings


def test_generated_pairs_sum_and_stay_in_range():
    X, y = ref.random_sum_pairs(200, 3, 20, seed=4)
    assert all(1 <= v <= 20 for row in X for v in row)
    assert [sum(r) for r in X] == y


def test_attention_weights_are_a_distribution_over_keys():
    rng = np.random.default_rng(0)
    out, w = ref.scaled_dot_product_attention(rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)),
                                              rng.normal(size=(2, 5, 6)))
    assert out.shape == (2, 3, 6) and w.shape == (2, 3, 5)
    np.testing.assert_allclose(w.sum(axis=-1), 1.0)


@pytest.mark.slow
def test_attention_matches_keras_attention_layer():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(1)
    for _ in range(5):
        b, tq, tk, d, dv = (int(v) for v in rng.integers(1, 6, size=5))
        Q, K, V = (rng.normal(size=s).astype("float32") for s in ((b, tq, d), (b, tk, d), (b, tk, dv)))
        out, weights = keras.layers.Attention()([Q / np.sqrt(d), V, K], return_attention_scores=True)
        got_out, got_w = ref.scaled_dot_product_attention(Q, K, V)
        np.testing.assert_allclose(got_out, np.asarray(out), atol=1e-5)
        np.testing.assert_allclose(got_w, np.asarray(weights), atol=1e-5)


@pytest.mark.slow
def test_encoder_decoder_matches_its_architecture():
    pytest.importorskip("keras")
    from grader.checks.models import check_architecture
    from grader.sandbox.describe import describe_model

    for args in [(5, 12, 3, 64), (7, 12, 2, 8)]:
        result = check_architecture(describe_model(ref.build_encoder_decoder(*args)),
                                    ref.encoder_decoder_architecture(*args))
        assert result.ok, result.message
