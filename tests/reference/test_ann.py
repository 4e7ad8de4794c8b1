"""Week 8 references: activations and losses against Keras, the dense layer's gradients against
TensorFlow and central differences, the MLP architecture against the Keras model it describes,
the NumPy MLP's accuracy on the circles, and the spec's mistakes."""

import numpy as np
import pytest

from exercises.week08 import spec
from grader.checks.models import check_architecture
from grader.plan import plan_week
from reference import ann as ref


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.mark.slow
def test_activations_and_losses_equal_keras(keras):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3, size=(5, 4)).astype("float32")
    np.testing.assert_allclose(ref.softmax(z), keras.ops.convert_to_numpy(keras.activations.softmax(z)), atol=1e-6)
    np.testing.assert_allclose(ref.relu(z), keras.ops.convert_to_numpy(keras.activations.relu(z)), atol=1e-6)
    np.testing.assert_allclose(ref.sigmoid(z), keras.ops.convert_to_numpy(keras.activations.sigmoid(z)), atol=1e-6)
    y, p = np.eye(4)[[0, 2, 1, 3, 3]], ref.softmax(z)
    assert ref.categorical_cross_entropy(y, p) == pytest.approx(
        float(keras.losses.CategoricalCrossentropy()(y, p)), rel=1e-5)
    yb, pb = np.array([[1.0], [0.0], [1.0]]), np.array([[0.8], [0.3], [0.4]])
    assert ref.binary_cross_entropy(yb, pb) == pytest.approx(float(keras.losses.BinaryCrossentropy()(yb, pb)),
                                                             rel=1e-5)
    assert ref.mse_loss(z, 2 * z) == pytest.approx(float(keras.losses.MeanSquaredError()(z, 2 * z)), rel=1e-5)


@pytest.mark.slow
def test_dense_backward_equals_tensorflows_gradients(keras):
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(1)
    X, W, b, G = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(5, 4))
    tX, tW, tb = (tf.Variable(a) for a in (X, W, b))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(G * (tX @ tW + tb))
    want = [g.numpy() for g in tape.gradient(loss, [tX, tW, tb])]
    for got, w in zip(ref.dense_backward(X, W, G), want, strict=True):
        np.testing.assert_allclose(got, w, atol=1e-10)


def test_softmax_is_stable_and_the_losses_by_hand():
    assert np.allclose(ref.softmax([[1000.0, 1000.0]]), [[0.5, 0.5]])
    assert ref.mse_loss([[1, 2], [3, 4]], [[1.5, 2], [2, 5]]) == pytest.approx(0.5625)
    assert ref.binary_cross_entropy([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2))
    assert ref.categorical_cross_entropy([[0, 1]], [[0.5, 0.5]]) == pytest.approx(np.log(2))


def test_numerical_gradient_equals_the_exact_mse_gradient():
    X, W, b, Y = spec.PUBLIC_X, spec.PUBLIC_W, spec.PUBLIC_B, spec.PUBLIC_Y
    exact = 2 / Y.size * X.T @ (X @ W + b - Y)
    np.testing.assert_allclose(ref.numerical_gradient(X, W, b, Y, 1e-3), exact, atol=1e-9)
    np.testing.assert_allclose(ref.dense_backward(X, W, 2 / Y.size * (X @ W + b - Y))[1], exact, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_numerical_gradient_eps_cannot_change_the_graded_answer(seed):
    """README's one exception to "arguments are never ignorable": the loss is quadratic in W, so the central
    difference is exact for every eps and a student who hard-codes eps passes. Should the statement's loss stop
    being quadratic, this fails: then give eps a hidden case and an 'eps ignored' mistake."""
    task = next(t for t in spec.TASKS if t.name == "numerical_gradient")
    for case in spec._numerical_cases(np.random.default_rng(seed)):
        X, W, b, Y, eps = case.args
        want = ref.numerical_gradient(X, W, b, Y, eps)
        for hard_coded in (1e-5, 1e-4, 1e-2, 0.5, 10.0):
            assert task.check(ref.numerical_gradient(X, W, b, Y, hard_coded), want).ok


@pytest.mark.parametrize("seed", range(6))
def test_numpy_mlp_clears_the_full_band_and_a_linear_model_does_not(seed):
    from sklearn.linear_model import LogisticRegression

    (case,) = spec._mlp_cases(np.random.default_rng(seed))
    X_train, y_train, X_test = case.args
    accuracy = np.mean(ref.train_mlp(X_train, y_train, X_test) == case.expected)
    assert accuracy >= spec.MLP_BANDS[0].threshold + 0.05
    linear = np.mean(LogisticRegression().fit(X_train, y_train).predict(X_test) == case.expected)
    assert linear < spec.MLP_BANDS[1].threshold - 0.1


@pytest.mark.slow
@pytest.mark.parametrize("hidden", [[64], [32, 16], [8, 8, 8]])
def test_the_keras_mlp_matches_its_architecture(keras, hidden):
    from grader.sandbox.describe import describe_model

    model = ref.build_mlp(64, hidden, 10)
    assert check_architecture(describe_model(model), ref.mlp_architecture(64, hidden, 10)).ok


def test_digit_holdouts_come_from_the_pool_not_the_training_rows():
    X_train, _, X_pool, _ = ref.digits_split()
    assert len(X_train) + len(X_pool) == 1797 and X_train.max() <= 1.0
    X, y = ref.digits_holdout(300, seed=1)
    assert X.shape == (300, 64) and set(np.unique(y)) <= set(range(10)) and X.min() >= 0 and X.max() <= 1
    assert not np.array_equal(X, ref.digits_holdout(300, seed=2)[0])


@pytest.mark.parametrize("seed", range(5))
def test_every_known_mistake_fails_the_public_case(seed):
    """Each mistake fails the task's first case (the lab's example, or the one hidden case), except an
    unshifted softmax, which only the hidden large logits (around 800) expose, and a softmax shifted by the
    batch's maximum, which only the batch mixing a large row with small ones exposes, and an argument fixed
    at the example's value, which only the hidden cases (never that value) expose."""
    for plan in plan_week(spec.SPEC, seed):
        for mistake in plan.task.mistakes:
            pairs = list(zip(plan.cases, plan.expected, strict=True))
            if mistake.message.startswith("exp() overflows"):
                pairs = [p for p in pairs if "large logits" in p[0].label]
            if mistake.message.startswith("the whole batch's maximum"):
                pairs = [p for p in pairs if "one row around 800" in p[0].label]
            if "the example's" in mistake.message:
                pairs = [p for p in pairs if not p[0].public]
            case, want = pairs[0]
            assert plan.task.check(want, want).ok
            assert not plan.task.check(mistake.produce(*case.args, **case.kwargs), want).ok, mistake.message


FIXED_RULES = {
    "always 0": lambda X: np.zeros(len(X), int),
    "always 1": lambda X: np.ones(len(X), int),
    **{f"inside radius {r} of the origin is {c}": (lambda X, r=r, c=c: np.where(np.hypot(*X.T) < r, c, 1 - c))
       for r in (0.5, 0.75, 1.0, 1.5, 2.0, 3.0) for c in (0, 1)},
    **{f"x{j} > {t} is 1": (lambda X, j=j, t=t: (X[:, j] > t).astype(int)) for j in (0, 1) for t in (-1.0, 0.0, 1.0)},
}


@pytest.mark.parametrize("rule", sorted(FIXED_RULES))
def test_no_fixed_rule_earns_the_mlp_band_on_any_of_400_draws(rule):
    """The circles' centre, size and class labels are drawn per run: a rule that learns nothing from
    the training points stays below the half band (0.8) on every draw (the best of them peaks near 0.77)."""
    accuracies = []
    for seed in range(400):
        X, y = spec.circles_data(np.random.default_rng(seed))
        accuracies.append(float(np.mean(FIXED_RULES[rule](X[300:]) == y[300:])))
    assert max(accuracies) < spec.MLP_BANDS[1].threshold, accuracies


@pytest.mark.parametrize("seed", range(3))
def test_the_reference_mlp_learns_every_drawn_geometry(seed):
    X, y = spec.circles_data(np.random.default_rng(100 + seed))
    assert np.mean(ref.train_mlp(X[:300], y[:300], X[300:]) == y[300:]) >= 0.95
