"""Week 8 grading specification: ANN labs.

Activations, losses, a dense layer's forward and backward pass and a numerical gradient are
checked against `reference.ann` (pinned to Keras/TensorFlow in tests/reference) on fixed
examples and hidden inputs. The NumPy MLP is called on hidden training data and scored by the
accuracy of its predictions on hidden test points, whose labels stay in the grader; the Keras
MLP builder is checked by architecture, and the digits model the notebook trained by accuracy
on held-out digits no notebook can load (blends of two held-back images of the same digit with
pixel noise, reference.digits), drawn per run, with bands.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.authoring import architecture, trained_model
from grader.checks import check_array, check_tuple
from grader.checks.bands import Band
from grader.checks.metrics import check_class_accuracy
from grader.checks.models import check_architecture
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import ann as ref

TOL = {"rtol": 1e-6, "atol": 1e-8}
GRAD_TOL = {"rtol": 1e-5, "atol": 1e-7}
MLP_BANDS = (Band(0.90, 1.0), Band(0.80, 0.5))  # no fixed rule reaches 0.77 (tests/reference/test_ann.py)
DIGITS_BANDS = (Band(0.90, 1.0), Band(0.70, 0.5))
# The hint's MLP (reference/recipes.py, benchmarks/measure_bands.py week08-digits, 5 training seeds x 20 draws):
# accuracy 0.980-0.998, seed means 0.990-0.991.
DIGITS_MARGIN = 0.05  # the least the recipe must clear the full edge by (tests/test_band_margins.py)
DIGITS_HELD_OUT = 1000  # new images, cheap to predict: the accuracy's sampling std is about 0.005


# -- hidden inputs -----------------------------------------------------------------------
def _matrix(rng: np.random.Generator, scale: float = 2.0) -> np.ndarray:
    return rng.normal(scale=scale, size=(int(rng.integers(2, 7)), int(rng.integers(2, 6))))


def _activation_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([[-2.0, -0.5, 0.0, 0.5, 2.0]],), label="[[-2, -0.5, 0, 0.5, 2]]", public=True)]
    for i in range(2):
        z = _matrix(rng)
        cases.append(Case((z,), label=f"hidden matrix {i + 1} (shape {z.shape})"))
    return cases


def _softmax_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]],), label="[[1, 2, 3], [1, 1, 1]]", public=True)]
    z = _matrix(rng)
    cases.append(Case((z,), label=f"hidden logits (shape {z.shape})"))
    big = _matrix(rng) + 800.0
    cases.append(Case((big,), label=f"hidden large logits around 800 (shape {big.shape})"))
    mixed = _matrix(rng)  # rows of very different size in one batch: each row needs its OWN maximum
    mixed[int(rng.integers(len(mixed)))] += 800.0
    cases.append(Case((mixed,), label=f"hidden logits, one row around 800 and the others small (shape {mixed.shape})"))
    return cases


def _probabilities(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    return ref.softmax(rng.normal(size=(n, k)))


def _mse_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([[1.0, 2.0], [3.0, 4.0]], [[1.5, 2.0], [2.0, 5.0]]), label="[[1, 2], [3, 4]] vs "
                  "[[1.5, 2], [2, 5]]", public=True)]
    for i in range(2):
        y = _matrix(rng)
        cases.append(Case((y, y + rng.normal(size=y.shape)), label=f"hidden targets {i + 1} (shape {y.shape})"))
    return cases


def _bce_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([1.0, 0.0, 1.0, 0.0], [0.9, 0.2, 0.6, 0.4]), label="y=[1, 0, 1, 0], p=[0.9, 0.2, 0.6, 0.4]",
                  public=True)]
    for i in range(2):
        n = int(rng.integers(5, 20))
        cases.append(Case((rng.integers(0, 2, size=n).astype(float), rng.uniform(0.05, 0.95, size=n)),
                          label=f"hidden labels and probabilities {i + 1} ({n} values)"))
    return cases


def _cce_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], [[0.05, 0.9, 0.05], [0.1, 0.2, 0.7]]),
                  label="two one-hot rows and their probabilities", public=True)]
    for i in range(2):
        n, k = int(rng.integers(3, 12)), int(rng.integers(3, 8))
        cases.append(Case((np.eye(k)[rng.integers(0, k, size=n)], _probabilities(rng, n, k)),
                          label=f"hidden one-hot rows {i + 1} ({n} rows, {k} classes)"))
    return cases


def _layer(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, d, u = (int(v) for v in (rng.integers(2, 8), rng.integers(2, 6), rng.integers(2, 6)))
    while d == u:  # a square W would hide a transposed gradient behind a matching shape
        u = int(rng.integers(2, 6))
    return rng.normal(size=(n, d)), rng.normal(size=(d, u)), rng.normal(size=u)


FIXED = np.random.default_rng(8)
PUBLIC_X, PUBLIC_W, PUBLIC_B = FIXED.normal(size=(4, 3)), FIXED.normal(size=(3, 2)), FIXED.normal(size=2)
PUBLIC_G, PUBLIC_Y = FIXED.normal(size=(4, 2)), FIXED.normal(size=(4, 2))


def _forward_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_W, PUBLIC_B), label="a fixed layer (4 rows, 3 inputs, 2 units)", public=True)]
    for i in range(2):
        X, W, b = _layer(rng)
        cases.append(Case((X, W, b), label=f"hidden layer {i + 1} ({X.shape[0]} rows, {W.shape[0]} inputs, "
                                           f"{W.shape[1]} units)"))
    return cases


def _backward_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_W, PUBLIC_G), label="a fixed layer (4 rows, 3 inputs, 2 units)", public=True)]
    for i in range(2):
        X, W, _ = _layer(rng)
        G = rng.normal(size=(X.shape[0], W.shape[1]))
        cases.append(Case((X, W, G), label=f"hidden layer {i + 1} ({X.shape[0]} rows, {W.shape[0]} inputs, "
                                           f"{W.shape[1]} units)"))
    return cases


def _numerical_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_W, PUBLIC_B, PUBLIC_Y, 1e-3), label="a fixed layer and targets, eps=1e-3",
                  public=True)]
    for i in range(2):
        X, W, b = _layer(rng)
        Y = rng.normal(size=(X.shape[0], W.shape[1]))
        cases.append(Case((X, W, b, Y, 1e-3), label=f"hidden layer {i + 1} (W {W.shape}), eps=1e-3"))
    return cases


def circles_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two noisy concentric circles with a drawn scale (0.7-1.0), a centre 0.9-1.3 away from the
    origin and a drawn label for the inner circle, so no fixed rule (a radius threshold around the
    origin, a constant) earns a band: only a model fitted to this draw's training points does. The
    inputs stay within about 2.5 of the origin, where the hint's tanh layer trains on every draw
    (benchmarks/measure_bands.py: 400 draws, the hint's recipe and its common variants >= 0.955)."""
    X, y = ref.circles(500, int(rng.integers(2**31)))
    scale, angle, distance = rng.uniform(0.7, 1.0), rng.uniform(0, 2 * np.pi), rng.uniform(0.9, 1.3)
    X = X * scale + distance * np.array([np.cos(angle), np.sin(angle)])
    return X, (1 - y if rng.random() < 0.5 else y)


def _mlp_cases(rng: np.random.Generator) -> list[Case]:
    X, y = circles_data(rng)
    return [Case((X[:300], y[:300], X[300:]), label="300 hidden training points of two circles (centre, size and "
                                                    "which circle is class 1 drawn per run), 200 test points",
                 expected=y[300:])]


def _builder_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((64, [64], 10), label="n_inputs=64, hidden_units=[64], n_classes=10", public=True)]
    for i in range(2):
        hidden = [int(u) for u in rng.integers(4, 129, size=int(rng.integers(1, 4)))]
        # never the public n_inputs 64 nor n_classes 10: an ignored argument shows on every draw
        args = (int(rng.choice([*range(2, 64), *range(65, 100)])), hidden, int(rng.choice([*range(2, 10), 11])))
        cases.append(Case(args, label=f"hidden shape {i + 1} (n_inputs={args[0]}, hidden_units={hidden}, "
                                      f"n_classes={args[2]})"))
    return cases


def _digits_holdout(rng: np.random.Generator) -> list[Case]:
    X, y = ref.digits_holdout(DIGITS_HELD_OUT, int(rng.integers(2**31)))
    return [Case((X,), label=f"{DIGITS_HELD_OUT} held-out digits (blends of two held-back images of one digit, "
                             "pixel noise)", expected=y)]


# -- known mistakes ----------------------------------------------------------------------
def _softmax_columns(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _softmax_global_shift(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    with np.errstate(invalid="ignore"):  # 0/0 in the rows far below the maximum is the mistake
        return e / e.sum(axis=1, keepdims=True)


def _softmax_unshifted(z):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=float))
        return e / e.sum(axis=-1, keepdims=True)


def _bce_half(y_true, p):
    y, p = np.asarray(y_true, float), np.asarray(p, float)
    return float(-np.mean(y * np.log(p)))


def _cce_over_all(y_true, probs):
    return float(-np.mean(np.asarray(y_true, float) * np.log(np.asarray(probs, float))))


def _batch_mean_backward(X, W, grad_out):
    dX, dW, db = ref.dense_backward(X, W, grad_out)
    return dX, dW / len(np.asarray(X)), db / len(np.asarray(X))


def _forward_difference(X, W, b, Y, eps):
    W = np.asarray(W, dtype=float)
    grad = np.zeros_like(W)
    base = ref.dense_mse(X, W, b, Y)
    for idx in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[idx] = eps
        grad[idx] = (ref.dense_mse(X, W + step, b, Y) - base) / eps
    return grad


def _linear_classifier(X_train, y_train, X_test):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression().fit(X_train, y_train).predict(X_test)


def _sum_loss_gradient(X, W, b, Y, eps):
    n = np.asarray(Y).size
    return ref.numerical_gradient(X, W, b, Y, eps) * n


TASKS = (
    FunctionTask(
        name="relu", weight=0.5, reference=ref.relu,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        summary="element-wise max(x, 0)", cases=_activation_cases, check=partial(check_array, **TOL),
        hints=("np.maximum(x, 0)",),
    ),
    FunctionTask(
        name="sigmoid", weight=0.5, reference=ref.sigmoid,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        summary="element-wise 1 / (1 + exp(-x))", cases=_activation_cases, check=partial(check_array, **TOL),
        hints=("1 / (1 + np.exp(-x))",),
    ),
    FunctionTask(
        name="softmax", weight=1, reference=ref.softmax,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        summary="row-wise softmax of a (n, classes) array, stable for large logits",
        cases=_softmax_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_softmax_global_shift, "the whole batch's maximum was subtracted: a row far below it "
                                                 "underflows to 0/0 (NaN); subtract each ROW's maximum "
                                                 "(z.max(axis=1, keepdims=True))"),
                  Mistake(_softmax_columns, "the softmax runs down the columns; each ROW must sum to 1 "
                                            "(axis=-1, keepdims=True)"),
                  Mistake(_softmax_unshifted, "exp() overflows on large logits (around 800) and gives NaN: subtract "
                                              "each row's maximum first, z - z.max(axis=-1, keepdims=True)")),
        hints=("Subtract each row's maximum first (z - z.max(axis=-1, keepdims=True)) so exp() cannot overflow; "
               "then e / e.sum(axis=-1, keepdims=True).",),
    ),
    FunctionTask(
        name="mse_loss", weight=0.5, reference=ref.mse_loss,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        summary="(y_true, y_pred) -> mean squared error over every element",
        cases=_mse_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(lambda y, p: float(np.sum((np.asarray(y) - np.asarray(p)) ** 2)),
                          "that is the sum of squared errors; take the mean"),),
        hints=("np.mean((y_true - y_pred) ** 2)",),
    ),
    FunctionTask(
        name="binary_cross_entropy", weight=0.5,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        reference=ref.binary_cross_entropy,
        summary="(y_true, p) -> -mean(y log p + (1 - y) log(1 - p))",
        cases=_bce_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_bce_half, "the (1 - y) * log(1 - p) term is missing: the negatives count too"),),
        hints=("-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",),
    ),
    FunctionTask(
        name="categorical_cross_entropy", weight=1,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        reference=ref.categorical_cross_entropy,
        summary="(one-hot y_true, probabilities) -> mean over rows of -sum over classes of y log p",
        cases=_cce_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_cce_over_all, "you averaged over the classes too; sum over the classes, then average "
                                         "over the rows (Keras's categorical_crossentropy)"),),
        hints=("np.mean(-np.sum(y_true * np.log(probs), axis=1))",),
    ),
    FunctionTask(
        name="dense_forward", weight=1, reference=ref.dense_forward,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        summary="(X, W, b) -> X @ W + b", cases=_forward_cases, check=partial(check_array, **TOL),
        hints=("X (n, d_in) @ W (d_in, d_out) + b (d_out,): broadcasting adds b to every row.",),
    ),
    FunctionTask(
        name="dense_backward", weight=2, reference=ref.dense_backward,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        summary="(X, W, grad_out) -> (dX, dW, db) for Z = X @ W + b given dL/dZ = grad_out",
        cases=_backward_cases, check=partial(check_tuple, names=("dX", "dW", "db"), **TOL),
        mistakes=(Mistake(_batch_mean_backward, "dW and db are divided by the batch size; grad_out already "
                                                "holds dL/dZ, so sum over the batch (any 1/n is in the loss)"),),
        hints=("dX = grad_out @ W.T (n, d_in); dW = X.T @ grad_out (d_in, d_out); db = grad_out.sum(axis=0).",
               "Check each shape against the array it is the gradient of: dW.shape == W.shape."),
    ),
    FunctionTask(
        name="numerical_gradient", weight=1,
        forbidden=("keras.activations", "keras.ops", "keras.losses", "keras.layers.ReLU", "keras.layers.Softmax",
                   "keras.layers.Activation", "keras.layers.Dense", "tensorflow.nn", "scipy.special.softmax",
                   "scipy.special.expit", "scipy.special.log_softmax", "sklearn.metrics"),
        reference=ref.numerical_gradient,
        summary="(X, W, b, Y, eps) -> central-difference dL/dW of L = mse_loss(Y, X @ W + b)",
        cases=_numerical_cases, check=partial(check_array, **GRAD_TOL),
        mistakes=(Mistake(_forward_difference, "that is a forward difference (L(W + eps) - L(W)) / eps; use the "
                                               "central one, (L(W + eps) - L(W - eps)) / (2 eps)"),
                  Mistake(_sum_loss_gradient, "the loss is summed; L is the MEAN squared error over every element")),
        hints=("For every index (i, j): copy W, add eps at [i, j], evaluate the loss, subtract eps instead, and "
               "take (L_plus - L_minus) / (2 * eps).",
               "Compare with the exact gradient 2 / Y.size * X.T @ (X @ W + b - Y): they agree to about 1e-9."),
    ),
    FunctionTask(
        name="train_mlp", weight=2, reference=None,
        forbidden=("keras.Sequential", "keras.Model", "keras.layers.Dense", "sklearn.neural_network",
                   "sklearn.linear_model", "sklearn.svm", "sklearn.neighbors", "sklearn.tree", "sklearn.ensemble"),
        cases=_mlp_cases, check=partial(check_class_accuracy, bands=MLP_BANDS), timeout=60,
        mistakes=(Mistake(_linear_classifier, "a straight line cannot separate two concentric circles: train a "
                                              "hidden layer (Dense(16, tanh)) before the sigmoid output"),),
        summary="(X_train, y_train, X_test) -> 0/1 labels for X_test from an MLP trained in NumPy; scored by "
                f"accuracy (full points at >= {MLP_BANDS[0].threshold}, half at >= {MLP_BANDS[1].threshold})",
        hints=("The circles are not linearly separable: a hidden layer is needed. Dense(16, tanh) -> Dense(1, "
               "sigmoid), full-batch gradient descent on the cross-entropy, learning rate about 1, 3000 epochs.",
               "With sigmoid + cross-entropy, dL/dz at the output is (p - y) / n; pass it back with dense_backward."),
    ),
    architecture(
        "build_mlp", weight=1, reference=ref.mlp_architecture,
        cases=_builder_cases, check=partial(check_architecture, hints={
            "activation": "hidden layers use activation='relu'; the output layer activation='softmax'",
            "units": "one Dense(u) per entry of hidden_units, then Dense(n_classes)",
        }),
        mistakes=(Mistake(lambda n_inputs, hidden_units, n_classes: ref.mlp_architecture(64, hidden_units, n_classes),
                          "the input has 64 features (the example's n_inputs): keras.Input((n_inputs,))"),
                  Mistake(lambda n_inputs, hidden_units, n_classes: ref.mlp_architecture(n_inputs, hidden_units, 10),
                          "the output has 10 units (the example's n_classes): Dense(n_classes, activation='softmax')")),
        summary="(n_inputs, hidden_units, n_classes) -> Sequential: Input, Dense(u, relu) per hidden layer, "
                "Dense(n_classes, softmax)",
        hints=("keras.Sequential([keras.Input((n_inputs,)), *[keras.layers.Dense(u, activation='relu') for u in "
               "hidden_units], keras.layers.Dense(n_classes, activation='softmax')])",),
    ),
    trained_model(
        "digits_model", weight=2, holdout=_digits_holdout, metric=check_class_accuracy, bands=DIGITS_BANDS, timeout=60,
        what="the notebook's trained digits MLP, scored by accuracy on held-out digits",
        hints=("Train build_mlp(64, [64], 10) on the training digits (pixels / 16) with "
               "loss='sparse_categorical_crossentropy' for about 20 epochs.",),
    ),
)

SPEC = WeekSpec(week=8, version="8.4", tasks=TASKS, template="week08/lab08_ann.ipynb", call_timeout=10.0,
                seed_keras=True)
