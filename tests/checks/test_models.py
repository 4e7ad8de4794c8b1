"""Architecture and trained-model checks on model descriptions (as the sandbox produces them)."""

import numpy as np
import pytest

from grader.checks.bands import Band
from grader.checks.metrics import check_mae, check_sigmoid_accuracy
from grader.checks.models import check_architecture
from reference import lstm_models as models


def described(architecture: dict) -> dict:
    """What describe_model() reports for a model with this architecture."""
    return {"class": "Sequential", "built": True, **architecture}


def test_the_expected_architecture_passes():
    assert check_architecture(described(models.stacked_architecture(10, 1, 16, 3)),
                              models.stacked_architecture(10, 1, 16, 3)).ok


def test_an_extra_layer_is_named_not_zipped_away():
    arch = models.vanilla_architecture(10, 1, 16)
    got = described({"layers": [arch["layers"][0], {"class": "Dropout", "rate": 0.2, "params": 0},
                                arch["layers"][1]]})
    result = check_architecture(got, arch)
    assert not result.ok and "extra Dropout() at position 2" in result.message


def test_a_missing_layer_is_named():
    arch = models.stacked_architecture(10, 1, 16, 3)
    got = described({"layers": arch["layers"][1:]})
    result = check_architecture(got, arch)
    assert not result.ok and "missing LSTM(16)" in result.message


def test_a_forgotten_return_sequences_gets_the_hint():
    arch = models.stacked_architecture(10, 1, 8, 2)
    wrong = [dict(layer) for layer in arch["layers"]]
    wrong[0]["return_sequences"] = False
    result = check_architecture(described({"layers": wrong}), arch, {"return_sequences": "needs True"})
    assert not result.ok and "layer 1" in result.message and "needs True" in result.message


def test_bidirectional_wrapped_layer_is_compared():
    arch = models.bidirectional_architecture(5, 2, 4)
    wrong = [dict(layer) for layer in arch["layers"]]
    wrong[0] = {**wrong[0], "inner": {**wrong[0]["inner"], "units": 8}}
    result = check_architecture(described({"layers": wrong}), arch)
    assert not result.ok and "wrapped layer" in result.message


def test_an_unbuilt_model_is_told_to_add_an_input():
    arch = models.vanilla_architecture(10, 1, 16)
    got = {"built": False, "layers": [{**layer, "params": None} for layer in arch["layers"]]}
    assert "keras.Input" in check_architecture(got, arch).message


def test_parameter_counts_follow_the_lstm_formula():
    assert models.lstm_params(16, 1) == 4 * 16 * (16 + 1 + 1)
    assert models.vanilla_architecture(10, 1, 16)["total_params"] == 1152 + 17


def test_a_non_model_answer_fails_cleanly():
    assert not check_architecture([1, 2], models.vanilla_architecture(3, 1, 2)).ok


BANDS = (Band(0.85, 1.0), Band(0.70, 0.5))


@pytest.mark.parametrize(("correct", "ok", "credit"), [(90, True, 1.0), (80, False, 0.5), (60, False, 0.0)])
def test_accuracy_bands_give_full_half_or_no_credit(correct, ok, credit):
    labels = np.array([1] * 100)
    predictions = np.array([0.9] * correct + [0.1] * (100 - correct)).reshape(-1, 1)
    result = check_sigmoid_accuracy(predictions, labels, BANDS)
    assert result.ok is ok and result.credit == credit


def test_mae_bands_and_bad_predictions():
    targets = np.zeros(10)
    assert check_mae(np.full((10, 1), 0.05), targets, (Band(0.08, 1), Band(0.15, 0.5))).ok
    assert check_mae(np.full((10, 1), 0.1), targets, (Band(0.08, 1), Band(0.15, 0.5))).credit == 0.5
    assert "shape" in check_mae(np.zeros((5, 1)), targets, (Band(0.08, 1),)).message
    assert "NaN" in check_mae(np.full((10, 1), np.nan), targets, (Band(0.08, 1),)).message


@pytest.mark.slow
def test_reference_keras_models_match_their_architectures():
    pytest.importorskip("keras")
    from grader.sandbox.describe import describe_model

    for build, arch, args in [
        (models.build_vanilla, models.vanilla_architecture, (10, 1, 16)),
        (models.build_stacked, models.stacked_architecture, (7, 2, 5, 3)),
        (models.build_bidirectional, models.bidirectional_architecture, (7, 2, 5)),
        (models.build_classifier, models.classifier_architecture, (5, 3, 4)),
    ]:
        result = check_architecture(describe_model(build(*args)), arch(*args))
        assert result.ok, result.message


def attention_model(attention_inputs=("lstm_1", "lstm"), activation="softmax", encoder_sequences=True):
    """A description like describe_model() gives for the reference attention encoder-decoder."""
    return {"built": True, "input_layers": ["input_layer"], "output_shape": [None, 3, 12], "layers": [
        {"class": "LSTM", "name": "lstm", "inputs": ["input_layer"], "return_sequences": encoder_sequences},
        {"class": "RepeatVector", "name": "repeat_vector", "inputs": ["lstm"]},
        {"class": "LSTM", "name": "lstm_1", "inputs": ["repeat_vector", "lstm", "lstm"], "return_sequences": True},
        {"class": "Attention", "name": "attention", "inputs": list(attention_inputs)},
        {"class": "Concatenate", "name": "concatenate", "inputs": ["lstm_1", "attention"]},
        {"class": "TimeDistributed", "name": "td", "inputs": ["concatenate"],
         "inner": {"class": "Dense", "activation": activation}},
    ]}


SPEC = {"n_in": 5, "n_chars": 12, "n_out": 3, "units": 16}


def test_attention_over_the_encoder_outputs_passes():
    from grader.checks.models import check_attends_to_encoder

    assert check_attends_to_encoder(attention_model(), SPEC).ok


@pytest.mark.parametrize(("model", "words"), [
    (attention_model(attention_inputs=("lstm_1", "lstm_1")), "does not read the encoder's outputs"),
    (attention_model(encoder_sequences=False), "return_sequences=True"),
    (attention_model(activation="linear"), "'softmax'"),
    ({**attention_model(), "layers": [g for g in attention_model()["layers"] if g["class"] != "Attention"]},
     "no attention layer"),
])
def test_attention_structure_mistakes_are_named(model, words):
    from grader.checks.models import check_attends_to_encoder

    result = check_attends_to_encoder(model, SPEC)
    assert not result.ok and words in result.message


@pytest.mark.slow
def test_reference_attention_model_passes_its_structure_check():
    pytest.importorskip("keras")
    from grader.checks.models import check_attends_to_encoder
    from grader.sandbox.describe import describe_model
    from reference.seq2seq import attention_seq2seq_spec, build_attention_encoder_decoder

    for args in [(5, 12, 3, 16), (7, 12, 2, 8)]:
        result = check_attends_to_encoder(describe_model(build_attention_encoder_decoder(*args)),
                                          attention_seq2seq_spec(*args))
        assert result.ok, result.message


def test_convolution_attributes_are_compared_and_named():
    from reference import cnn

    arch = cnn.digits_architecture(8, 3)
    wrong = [dict(layer) for layer in arch["layers"]]
    wrong[0]["padding"] = "valid"
    result = check_architecture(described({"layers": wrong}), arch)
    assert not result.ok and "layer 1 (Conv2D(8, relu)) has padding='valid', expected 'same'" in result.message


def test_a_model_with_other_time_steps_fails_and_names_n_steps():
    """An LSTM that returns one vector has the same layers, shapes and parameters whatever its time
    steps: only the model's input shape tells n_steps apart."""
    arch = models.vanilla_architecture(7, 2, 5)
    result = check_architecture(described(models.vanilla_architecture(10, 2, 5)), arch)
    assert not result.ok
    assert "the model's input is 10 time steps, expected 7 (n_steps)" in result.message


def test_an_unreadable_input_shape_fails_with_the_input_to_write():
    arch = models.classifier_architecture(7, 2, 5)
    result = check_architecture({**described(arch), "input_shape": "(7, 2)"}, arch)
    assert not result.ok and "keras.Input(shape=(7, 2))" in result.message


def test_the_describer_and_the_check_share_one_set_of_keys():
    """Every key the architecture check compares is one the describer writes (grader.sandbox.model_keys)."""
    from grader.sandbox import model_keys as keys

    assert set(keys.COMPARED) <= {*keys.SCALAR_ATTRIBUTES, *keys.WINDOW_ATTRIBUTES, keys.ACTIVATION}
    assert keys.INPUT_SHAPE in models.vanilla_architecture(7, 2, 5)


@pytest.mark.slow
def test_real_keras_input_shape_is_described_and_a_fixed_n_steps_fails():
    pytest.importorskip("keras")
    from grader.sandbox import model_keys as keys
    from grader.sandbox.describe import describe_model

    described_model = describe_model(models.build_vanilla(7, 2, 5))
    assert described_model[keys.INPUT_SHAPE] == [None, 7, 2]
    assert check_architecture(described_model, models.vanilla_architecture(7, 2, 5)).ok
    result = check_architecture(describe_model(models.build_vanilla(10, 2, 5)), models.vanilla_architecture(7, 2, 5))
    assert not result.ok and "n_steps" in result.message
