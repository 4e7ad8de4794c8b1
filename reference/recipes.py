"""The templates' recommended training recipes (their hints), run outside the sandbox to measure where a
trained-model task's band edges must sit: `benchmarks/measure_bands.py` over many training seeds and
held-out draws, and `tests/test_band_margins.py` (slow) over a few, failing when an edge comes within
the margin the spec states. Only tests and benchmarks import this (it needs TensorFlow)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reference import lstm_models as m


def _fitted(model, X: np.ndarray, y: np.ndarray, loss: str) -> Callable[[np.ndarray], np.ndarray]:
    """The templates' common recipe: Adam, `loss`, 20 epochs; returns the model's predict (large batches)."""
    model.compile(optimizer="adam", loss=loss)
    model.fit(X, y, epochs=20, verbose=0)
    return lambda inputs: model.predict(inputs, verbose=0, batch_size=1024)


def week11_classifier(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """build_sequence_classifier(10, 1, 16) on sum_classification(1000), binary cross-entropy, Adam, 20 epochs;
    returns predict (sequences -> probabilities)."""
    import keras

    keras.utils.set_random_seed(seed)
    X, y = m.sum_classification(1000)
    return _fitted(m.build_classifier(10, 1, 16), X, y, "binary_crossentropy")


def week11_series(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """build_vanilla_lstm(10, 1, 16) on sine_next_value(1000), MSE, Adam, 20 epochs; returns predict."""
    import keras

    keras.utils.set_random_seed(seed)
    X, y = m.sine_next_value(1000)
    return _fitted(m.build_vanilla(10, 1, 16), X, y, "mse")


def week09_digits(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """build_digits_cnn(16, 3) on the template's training split, sparse categorical cross-entropy, Adam,
    20 epochs; returns predict (images -> class probabilities)."""
    import keras

    from reference import cnn

    keras.utils.set_random_seed(seed)
    X, y, _, _ = cnn.digits_split()
    return _fitted(cnn.build_digits_cnn(16, 3), X, y, "sparse_categorical_crossentropy")


WEEK08_MLP_VARIANTS = {  # the hint's recipe and the choices students commonly make around it
    "hint (16 tanh, lr 1, 3000 epochs)": {},
    "lr 0.5": {"learning_rate": 0.5},
    "1500 epochs": {"epochs": 1500},
    "8 hidden units": {"hidden": 8},
    "another init seed": {"seed": 1},
}


def week08_mlp(variant: str) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """The hint's NumPy MLP for train_mlp (reference.ann.train_mlp) with one of WEEK08_MLP_VARIANTS's
    settings; trained on each case's own points, so it takes (X_train, y_train, X_test)."""
    from reference import ann

    settings = WEEK08_MLP_VARIANTS[variant]
    return lambda X_train, y_train, X_test: ann.train_mlp(X_train, y_train, X_test, **settings)


def week03_best_model(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)) on lab_data(1000, seed=1); predict
    (scikit-learn's lbfgs is deterministic: `seed` changes nothing, kept for the common signature)."""
    from reference import classification

    X, y = classification.lab_data(1000, seed=1)
    return classification.make_classifier("logreg").fit(X, y).predict


def week04_regression(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """make_pipeline(PolynomialFeatures(2), Ridge(alpha=1.0)) on make_regression_data(500, seed=1); predict."""
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures

    from reference import regression

    X, y = regression.make_regression_data(500, seed=1)
    return make_pipeline(PolynomialFeatures(2), Ridge(alpha=1.0)).fit(X, y).predict


def week08_digits(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """build_mlp(64, [64], 10) on the template's training digits (pixels / 16), sparse categorical
    cross-entropy, Adam, 20 epochs; returns predict (images -> class probabilities)."""
    import keras

    from reference import ann

    keras.utils.set_random_seed(seed)
    X, y, _, _ = ann.digits_split()
    return _fitted(ann.build_mlp(64, [64], 10), X, y, "sparse_categorical_crossentropy")


def week13_addition(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """build_encoder_decoder(5, 12, 3, 64) on 4000 one-hot pairs of numbers up to 50, categorical
    cross-entropy, Adam, 70 epochs, batch 32 (the template's hint); returns predict (one-hot sums)."""
    import keras

    from reference import seq2seq as s

    keras.utils.set_random_seed(seed)
    xs, ys = s.to_padded_strings(*s.random_sum_pairs(4000, 2, 50, seed=seed), 2, 50)
    X, Y = (s.one_hot_encode_sequences(s.integer_encode_strings(t)) for t in (xs, ys))
    model = s.build_encoder_decoder(5, 12, 3, 64)
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(X, Y, epochs=70, batch_size=32, verbose=0)
    return lambda inputs: model.predict(inputs, verbose=0, batch_size=1024)
