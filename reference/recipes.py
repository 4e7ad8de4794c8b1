"""The templates' recommended training recipes (their hints), run outside the sandbox to measure where a
trained-model task's band edges must sit: `benchmarks/measure_bands.py` over many training seeds and
held-out draws, and `tests/test_band_margins.py` (slow) over a few, failing when an edge comes within
the margin the spec states. Only tests and benchmarks import this (it needs TensorFlow)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


def week15_generator(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """The template's GAN recipe: generator and discriminator Dense(32) x 2, one discriminator and one generator
    step per batch of 128 real samples, Adam(1e-3, beta_1=0.5) each, instance noise 0.5, 2000 steps, keeping
    the generator closest to the data (measured every 250 steps); returns predict (noise -> samples)."""
    import keras
    import tensorflow as tf

    from reference import gan

    keras.utils.set_random_seed(seed)
    generator, discriminator = gan.build_generator(gan.LATENT_DIM, 32), gan.build_discriminator(32)
    bce = keras.losses.BinaryCrossentropy()
    g_opt, d_opt = keras.optimizers.Adam(1e-3, beta_1=0.5), keras.optimizers.Adam(1e-3, beta_1=0.5)

    @tf.function
    def train_step(real):
        noise = tf.random.normal((128, gan.LATENT_DIM))
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = generator(noise, training=True)
            real_out = discriminator(real + 0.5 * tf.random.normal(tf.shape(real)), training=True)
            fake_out = discriminator(fake + 0.5 * tf.random.normal(tf.shape(fake)), training=True)
            g_loss = bce(tf.ones_like(fake_out), fake_out)
            d_loss = bce(tf.ones_like(real_out), real_out) + bce(tf.zeros_like(fake_out), fake_out)
        g_opt.apply_gradients(zip(g_tape.gradient(g_loss, generator.trainable_variables),
                                  generator.trainable_variables, strict=True))
        d_opt.apply_gradients(zip(d_tape.gradient(d_loss, discriminator.trainable_variables),
                                  discriminator.trainable_variables, strict=True))

    data = gan.sample_mixture(10000, seed=seed).astype("float32").reshape(-1, 1)
    rng = np.random.default_rng(seed)
    check_noise = rng.normal(size=(2000, gan.LATENT_DIM)).astype("float32")
    check_target = gan.sample_mixture(2000, seed=seed + 1)
    best = (np.inf, generator.get_weights())
    for step in range(2000):
        train_step(data[rng.integers(len(data), size=128)])
        if (step + 1) % 250 == 0:
            d = gan.wasserstein_1d(generator(check_noise).numpy(), check_target)
            if d < best[0]:
                best = (d, generator.get_weights())
    generator.set_weights(best[1])
    return lambda noise: generator.predict(noise, verbose=0, batch_size=4096)


# -- how each recipe is scored: the grader's metric, re-stated on plain predictions ----------------------
def sigmoid_accuracy(pred, labels) -> float:
    return float(np.mean((np.ravel(pred) > 0.5) == np.ravel(labels)))


def label_accuracy(pred, labels) -> float:
    return float(np.mean(np.ravel(pred) == np.ravel(labels)))


def class_accuracy(probs, labels) -> float:
    return float(np.mean(np.asarray(probs).argmax(axis=-1) == np.ravel(labels)))


def mae(pred, targets) -> float:
    return float(np.mean(np.abs(np.ravel(pred) - np.ravel(targets))))


def r2(pred, targets) -> float:
    y = np.ravel(targets)
    return float(1 - np.sum((y - np.ravel(pred)) ** 2) / np.sum((y - y.mean()) ** 2))


def exact_match(probs, answers) -> float:
    from reference.seq2seq import decode_sequences

    return float(np.mean(np.array(decode_sequences(probs)) == np.array(answers)))


def wasserstein(samples, target) -> float:
    from reference.gan import wasserstein_1d

    return wasserstein_1d(samples, target)


@dataclass(frozen=True)
class Measured:
    """A trained-model task, its template's recipe, the metric its band is on, and the spec constant
    holding the margin the recipe must clear the full edge by."""

    week: int
    task: str
    recipe: Callable[[int], Callable[[np.ndarray], np.ndarray]]
    metric: Callable[[Any, Any], float]
    higher_is_better: bool
    margin_name: str


MEASURED = {  # benchmarks/measure_bands.py measures these in full; tests/test_band_margins.py on 3 seeds
    "week03-best-model": Measured(3, "best_model", week03_best_model, label_accuracy, True, "ACCURACY_MARGIN"),
    "week04-regression": Measured(4, "regression_model", week04_regression, r2, True, "R2_MARGIN"),
    "week08-digits": Measured(8, "digits_model", week08_digits, class_accuracy, True, "DIGITS_MARGIN"),
    "week09-digits": Measured(9, "digits_model", week09_digits, class_accuracy, True, "ACCURACY_MARGIN"),
    "week11-classifier": Measured(11, "sequence_classifier", week11_classifier, sigmoid_accuracy, True,
                                  "ACCURACY_MARGIN"),
    "week11-series": Measured(11, "series_model", week11_series, mae, False, "MAE_MARGIN"),
    "week13-addition": Measured(13, "addition_model", week13_addition, exact_match, True, "ACCURACY_MARGIN"),
    "week15-generator": Measured(15, "generator", week15_generator, wasserstein, False, "DISTANCE_MARGIN"),
}
