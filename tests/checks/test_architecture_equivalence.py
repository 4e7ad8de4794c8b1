"""Architectures are compared by what the model computes, not how it is spelt: a separate
activation layer is the same as the activation argument, and Sequential, functional and tf.keras
models describe alike."""

import pytest

from grader.checks.models import check_architecture
from reference import gan
from reference import lstm_models as models


def described(layers: list[dict], total: int, input_shape: list | None = None) -> dict:
    """What describe_model() reports for a model with these layers (and this input shape)."""
    return {"class": "Sequential", "built": True, "layers": layers, "total_params": total, "input_shape": input_shape}


def split_output_activation(arch: dict) -> list[dict]:
    """The layers of `arch` with the last layer's activation moved into an Activation layer."""
    *body, last = arch["layers"]
    return [*body, {**last, "activation": "linear"},
                {"class": "Activation", "activation": last["activation"], "output_shape": last["output_shape"],
                 "params": 0}]


def test_dense_then_activation_sigmoid_passes_where_dense_sigmoid_is_expected():
    arch = models.classifier_architecture(5, 3, 4)
    layers = split_output_activation(arch)
    assert check_architecture(described(layers, arch["total_params"], arch.get("input_shape")), arch).ok


def test_dense_sigmoid_passes_where_dense_then_activation_is_expected():
    arch = models.classifier_architecture(5, 3, 4)
    spelled = {**arch, "layers": split_output_activation(arch)}
    assert check_architecture(described(arch["layers"], arch["total_params"], arch.get("input_shape")), spelled).ok


def test_relu_and_softmax_layers_fold_like_activation_arguments_and_input_layers_are_ignored():
    arch = gan.discriminator_architecture(16)
    first, second, last = arch["layers"]
    layers = [{"class": "InputLayer"}, {**first, "activation": "linear"}, {"class": "ReLU", "params": 0},
              {**second, "activation": None}, {"class": "Activation", "activation": "relu", "params": 0},
              {**last, "activation": "linear"}, {"class": "Activation", "activation": "sigmoid", "params": 0}]
    assert check_architecture(described(layers, arch["total_params"], arch.get("input_shape")), arch).ok


def test_a_missing_output_sigmoid_is_named_as_behaviour_and_the_layout_shows_activations():
    arch = models.classifier_architecture(5, 3, 4)
    layers = [*arch["layers"][:-1], {**arch["layers"][-1], "activation": "linear"}]
    result = check_architecture(described(layers, arch["total_params"], arch.get("input_shape")), arch)
    assert not result.ok
    assert "the output has no sigmoid (its activation is 'linear'): add activation='sigmoid' to the last Dense" \
        in result.message
    assert "Expected LSTM(4) -> Dense(1, sigmoid)" in result.message


def test_an_activation_after_a_nonlinear_layer_is_an_extra_layer_not_folded():
    arch = models.classifier_architecture(5, 3, 4)
    layers = [*arch["layers"], {"class": "Activation", "activation": "sigmoid", "params": 0}]
    result = check_architecture(described(layers, arch["total_params"], arch.get("input_shape")), arch)
    assert not result.ok and "extra Activation(sigmoid)" in result.message


def test_a_sigmoid_on_a_regression_output_is_named():
    arch = models.vanilla_architecture(10, 1, 16)
    layers = [*arch["layers"][:-1], {**arch["layers"][-1], "activation": "sigmoid"}]
    result = check_architecture(described(layers, arch["total_params"], arch.get("input_shape")), arch)
    assert not result.ok and "should be linear" in result.message


@pytest.mark.slow
@pytest.mark.parametrize("style", ["sequential", "sequential_split", "functional", "functional_split", "tf_keras"])
def test_real_keras_models_in_every_style_describe_the_same(style):
    keras = pytest.importorskip("keras")
    from grader.sandbox.describe import describe_model

    n_steps, n_features, units = 5, 3, 4

    def layers(split: bool, api):
        if split:
            return [api.layers.LSTM(units), api.layers.Dense(1), api.layers.Activation("sigmoid")]
        return [api.layers.LSTM(units), api.layers.Dense(1, activation="sigmoid")]

    api = keras
    if style == "tf_keras":
        tf = pytest.importorskip("tensorflow")
        api = tf.keras
    if style.startswith("functional"):
        inputs = api.Input((n_steps, n_features))
        x = inputs
        for layer in layers(style.endswith("split"), api):
            x = layer(x)
        model = api.Model(inputs, x)
    else:
        model = api.Sequential([api.Input((n_steps, n_features)), *layers(style.endswith("split"), api)])
    result = check_architecture(describe_model(model), models.classifier_architecture(n_steps, n_features, units))
    assert result.ok, result.message


@pytest.mark.slow
def test_real_keras_relu_layer_folds_into_the_dense_before_it():
    keras = pytest.importorskip("keras")
    from grader.sandbox.describe import describe_model
    from reference import ann

    spelled = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.ReLU(),
                                keras.layers.Dense(3), keras.layers.Softmax()])
    result = check_architecture(describe_model(spelled), ann.mlp_architecture(4, [8], 3))
    assert result.ok, result.message
    capped = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.ReLU(max_value=6.0),
                               keras.layers.Dense(3, activation="softmax")])
    assert not check_architecture(describe_model(capped), ann.mlp_architecture(4, [8], 3)).ok


def test_attention_model_with_a_separate_softmax_layer_passes_the_structure_check():
    from grader.checks.models import check_attends_to_encoder
    from tests.checks.test_models import SPEC, attention_model

    model = attention_model(activation="linear")
    model["layers"].append({"class": "Activation", "name": "softmax", "inputs": ["td"], "activation": "softmax"})
    assert check_attends_to_encoder(model, SPEC).ok
    assert not check_attends_to_encoder(attention_model(activation="linear"), SPEC).ok
