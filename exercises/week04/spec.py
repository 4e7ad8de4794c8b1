"""Week 4 grading specification: regression models.

Least squares in closed form and by gradient descent, polynomial features and fits, ridge and
lasso, and the MSE/R^2 metrics are checked against `reference.regression` (which
tests/reference pins to scikit-learn) on a fixed example and on hidden data drawn per run.
The notebook's trained model is scored by R^2 on held-out rows of the lab's data set, drawn
with a fresh seed whose targets never leave the grader.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.authoring import trained_model
from grader.checks import check_array, check_tuple
from grader.checks.bands import Band
from grader.checks.metrics import check_r2
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import regression as ref

TOL = {"rtol": 1e-6, "atol": 1e-8}
LASSO_TOL = {"rtol": 1e-3, "atol": 1e-3}  # scikit-learn's Lasso stops at tol=1e-4 by default
HELD_OUT = 400
R2_BANDS = (Band(0.90, 1.0), Band(0.30, 0.5))
# The hint's degree-2 Ridge (reference/recipes.py, benchmarks/measure_bands.py week04-regression, 40 draws of
# 400 rows): R^2 0.974-0.982, mean 0.978; a straight line explains about half.
R2_MARGIN = 0.05  # the least the recipe must clear the full edge by (tests/test_band_margins.py)

PUBLIC_X = [[1.0, 2.0], [2.0, 0.0], [3.0, 1.0], [4.0, 3.0], [5.0, 2.0], [6.0, 5.0]]
PUBLIC_Y = [6.1, 5.0, 8.9, 13.2, 13.8, 19.1]


# -- hidden inputs -----------------------------------------------------------------------
def _linear_data(rng: np.random.Generator, sparse: bool = False) -> tuple[np.ndarray, np.ndarray, str]:
    n, d = int(rng.integers(20, 60)), int(rng.integers(1, 5)) + (2 if sparse else 0)
    X = rng.uniform(-2, 2, size=(n, d))
    w = rng.uniform(-3, 3, size=d)
    if sparse:
        w[rng.permutation(d)[: d // 2]] = 0.0
    y = float(rng.uniform(-5, 5)) + X @ w + rng.normal(scale=0.3, size=n)
    return X, y, f"{n} rows, {d} feature" + ("s" if d > 1 else "")


def _fit_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_Y), label="the 6-row example with 2 features", public=True)]
    for i in range(2):
        X, y, what = _linear_data(rng)
        cases.append(Case((X, y), label=f"hidden data {i + 1} ({what})"))
    return cases


def _gd_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_Y, 0.01, 50), label="the 6-row example, learning_rate=0.01, 50 iterations",
                  public=True)]
    for i in range(2):
        X, y, what = _linear_data(rng)
        lr, steps = float(np.round(rng.uniform(0.02, 0.1), 3)), int(rng.integers(20, 200))
        steps += steps == 50  # never the public 50 iterations
        cases.append(Case((X, y, lr, steps), label=f"hidden data {i + 1} ({what}, learning_rate={lr}, "
                                                   f"{steps} iterations)"))
    return cases


def _poly_feature_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([1.0, 2.0, 3.0], 3), label="x = [1, 2, 3], degree 3", public=True)]
    for i in range(2):
        # degrees never the public 3 nor PolynomialFeatures' default 2: an ignored degree shows on every draw
        x, degree = rng.uniform(-2, 2, size=int(rng.integers(4, 12))), int(rng.choice([4, 5]))
        cases.append(Case((x, degree), label=f"hidden x {i + 1} ({len(x)} values, degree {degree})"))
    return cases


def _poly_fit_cases(rng: np.random.Generator) -> list[Case]:
    x = np.linspace(-2, 2, 9)
    cases = [Case((x, 1 - x + 0.5 * x ** 2 + np.array([0.1, -0.1] * 4 + [0.0])), {"degree": 2},
                  label="9 points of 1 - x + 0.5 x^2 with a little noise, degree 2", public=True)]
    for i in range(2):
        n, degree = int(rng.integers(15, 40)), int(rng.choice([3, 4]))  # never the public/default degree 2
        x = rng.uniform(-2, 2, size=n)
        y = np.polyval(rng.uniform(-2, 2, size=degree + 1), x) + rng.normal(scale=0.2, size=n)
        cases.append(Case((x, y), {"degree": degree}, label=f"hidden data {i + 1} ({n} points, degree {degree})"))
    return cases


def _ridge_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_Y, 1.0), label="the 6-row example, alpha=1", public=True)]
    for i in range(2):
        X, y, what = _linear_data(rng)
        alpha = float(np.round(rng.uniform(0.5, 20), 2))
        alpha += 0.5 * (alpha == 1.0)  # never the public alpha, which is also Ridge's default
        cases.append(Case((X, y, alpha), label=f"hidden data {i + 1} ({what}, alpha={alpha})"))
    return cases


def _lasso_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_Y, 0.5), label="the 6-row example, alpha=0.5", public=True)]
    for i in range(2):
        X, y, what = _linear_data(rng, sparse=True)
        alpha = float(np.round(rng.uniform(0.1, 0.4), 2))  # never the public 0.5 nor Lasso's default 1.0
        cases.append(Case((X, y, alpha), label=f"hidden data {i + 1} ({what}, some irrelevant; alpha={alpha})"))
    return cases


def _metric_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]), label="y_true=[3, -0.5, 2, 7], "
                  "y_pred=[2.5, 0, 2, 8]", public=True)]
    for i in range(2):
        n = int(rng.integers(10, 50))
        y = rng.normal(scale=3, size=n)
        pred = 0.7 * y + rng.normal(scale=1.5, size=n) + 0.4
        cases.append(Case((y, pred), label=f"hidden targets and predictions {i + 1} ({n} values)"))
    return cases


def _holdout(rng: np.random.Generator) -> list[Case]:
    X, y = ref.make_regression_data(HELD_OUT, seed=int(rng.integers(2**31)))
    return [Case((X,), label=f"{HELD_OUT} held-out rows of make_regression_data", expected=y)]


# -- known mistakes ----------------------------------------------------------------------
def _through_origin(X, y, *rest):
    X = np.asarray(X, dtype=float)
    return np.linalg.lstsq(X.reshape(len(X), -1), np.asarray(y, dtype=float), rcond=None)[0]


def _gd_scaled(factor: float, mean: bool):
    def produce(X, y, learning_rate, n_iterations):
        A, y = ref.add_intercept(X), np.asarray(y, dtype=float)
        theta = np.zeros(A.shape[1])
        for _ in range(int(n_iterations)):
            theta = theta - learning_rate * factor / (len(y) if mean else 1) * A.T @ (A @ theta - y)
        return theta
    return produce


def _gd_one_coefficient_at_a_time(X, y, learning_rate, n_iterations):
    A, y = ref.add_intercept(X), np.asarray(y, dtype=float)
    theta = np.zeros(A.shape[1])
    for _ in range(int(n_iterations)):
        for j in range(A.shape[1]):  # each coefficient from a residual that already holds the earlier updates
            theta[j] -= learning_rate * 2 / len(y) * A[:, j] @ (A @ theta - y)
    return theta


def _powers_from_zero(x, degree):
    x = np.asarray(x, dtype=float).reshape(-1)
    return np.column_stack([x ** k for k in range(int(degree))])


def _with_bias_column(x, degree):
    return np.hstack([np.ones((len(np.asarray(x)), 1)), ref.polynomial_features(x, degree)])


def _highest_first(x, y, degree):
    return ref.polynomial_fit(x, y, degree)[::-1]


def _penalised_intercept(X, y, alpha):
    A, y = ref.add_intercept(X), np.asarray(y, dtype=float)
    return np.linalg.solve(A.T @ A + alpha * np.eye(A.shape[1]), A.T @ y)


def _rmse_r2(y_true, y_pred):
    m, r = ref.regression_metrics(y_true, y_pred)
    return np.sqrt(m), r


def _swapped_r2(y_true, y_pred):
    return ref.mse(y_true, y_pred), ref.r2(y_pred, y_true)


def _correlation_r2(y_true, y_pred):
    return ref.mse(y_true, y_pred), float(np.corrcoef(np.ravel(y_true), np.ravel(y_pred))[0, 1] ** 2)


COEF_FORM = "Return one vector [intercept, w_1, ..., w_d]."
TASKS = (
    FunctionTask(
        name="least_squares", weight=1, reference=ref.least_squares,
        forbidden=("sklearn.linear_model",),
        summary="(X, y) -> [b, w_1..w_d] solving the normal equations with a column of ones for the intercept",
        cases=_fit_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_through_origin, "there is no intercept: the line is forced through the origin; "
                                           "prepend a column of ones to X"),),
        hints=(COEF_FORM + " Prepend a column of ones: A = np.column_stack([np.ones(len(X)), X]).",
               "theta = np.linalg.solve(A.T @ A, A.T @ y), or np.linalg.lstsq(A, y, rcond=None)[0]; "
               "compare with LinearRegression().fit(X, y): [intercept_, *coef_]"),
    ),
    FunctionTask(
        name="gradient_descent", weight=1,
        forbidden=("sklearn.linear_model",),
        reference=ref.gradient_descent,
        summary="(X, y, learning_rate, n_iterations) -> [b, w] after full-batch gradient descent on the MSE "
                "from zeros",
        cases=_gd_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_gd_scaled(1.0, True), "your gradient lacks the factor 2: the gradient of "
                                                 "(1/n) * sum(e^2) is (2/n) * A.T @ e"),
                  Mistake(_gd_scaled(2.0, False), "your gradient is a sum over the rows, not a mean: divide by n"),
                  Mistake(_gd_one_coefficient_at_a_time, "the coefficients were updated one after another; each step "
                                                         "updates all of them at once from the same residual "
                                                         "A @ theta - y"),
                  Mistake(lambda X, y, learning_rate, n_iterations: ref.gradient_descent(X, y, 0.01, 50),
                          "the learning rate and number of steps are fixed at the example's 0.01 and 50: use the "
                          "learning_rate and n_iterations arguments")),
        hints=(COEF_FORM + " Start from zeros; each step: theta -= learning_rate * (2 / n) * A.T @ (A @ theta - y), "
               "with A = [1, X].",
               "Update every coefficient at once from the same residual e = A @ theta - y (no loop over the rows)."),
    ),
    FunctionTask(
        name="polynomial_features", weight=1,
        reference=ref.polynomial_features,
        summary="(x, degree) -> columns x, x^2, ..., x^degree (no column of ones)",
        cases=_poly_feature_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_with_bias_column, "there is a column of ones: use PolynomialFeatures(degree, "
                                             "include_bias=False); the intercept is fitted separately"),
                  Mistake(_powers_from_zero, "the powers run from 0 to degree - 1; the columns are x, x^2, ..., "
                                             "x^degree: range(1, degree + 1)"),
                  Mistake(lambda x, degree: ref.polynomial_features(x, 3),
                          "the degree is fixed at 3 (the example's): build the powers 1..degree of the argument"),
                  Mistake(lambda x, degree: ref.polynomial_features(x, 2),
                          "the degree is fixed at 2 (PolynomialFeatures' default): pass degree on, "
                          "PolynomialFeatures(degree, include_bias=False)")),
        hints=("np.column_stack([x ** k for k in range(1, degree + 1)])",
               "PolynomialFeatures(degree, include_bias=False).fit_transform(np.reshape(x, (-1, 1)))"),
    ),
    FunctionTask(
        name="polynomial_fit", weight=1, reference=ref.polynomial_fit,
        summary="(x, y, degree) -> [b, c_1, ..., c_degree]: least squares on the polynomial features",
        cases=_poly_fit_cases, check=partial(check_array, rtol=1e-5, atol=1e-6),
        mistakes=(Mistake(_highest_first, "the coefficients are highest power first (np.polyfit's order); "
                                          "return [b, c_1, ..., c_degree], lowest power first"),
                  Mistake(lambda x, y, degree: ref.polynomial_fit(x, y, 2),
                          "the degree is fixed at 2 (the example's and PolynomialFeatures' default): fit "
                          "polynomial_features(x, degree) with the degree argument")),
        hints=("least_squares(polynomial_features(x, degree), y)",
               "np.polyfit(x, y, degree) gives the same numbers highest power first: reverse it with [::-1]"),
    ),
    FunctionTask(
        name="ridge", weight=1, reference=ref.ridge,
        summary="(X, y, alpha) -> [b, w] of ridge regression, the intercept not penalised (sklearn's Ridge)",
        cases=_ridge_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_penalised_intercept, "the intercept is penalised too: centre X and y first (or leave "
                                                "the intercept out of alpha * I), as Ridge does"),
                  Mistake(lambda X, y, alpha: ref.ridge(X, y, 1.0),
                          "alpha is not passed on (Ridge's default and the example's is 1.0): Ridge(alpha=alpha)")),
        hints=("Centre: Xc = X - X.mean(0), yc = y - y.mean(); w = solve(Xc.T @ Xc + alpha * I, Xc.T @ yc); "
               "b = y.mean() - X.mean(0) @ w.",
               "Ridge(alpha=alpha).fit(X, y) gives the same: [intercept_, *coef_]"),
    ),
    FunctionTask(
        name="lasso", weight=1, reference=ref.lasso,
        summary="(X, y, alpha) -> [b, w] of the lasso, (1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1 (sklearn's Lasso)",
        cases=_lasso_cases, check=partial(check_array, **LASSO_TOL),
        mistakes=(Mistake(ref.ridge, "these are ridge coefficients (an L2 penalty); the lasso's L1 penalty sets "
                                     "some coefficients exactly to zero"),
                  Mistake(lambda X, y, alpha: ref.lasso(X, y, 0.5),
                          "alpha is fixed at 0.5 (the example's): use the alpha argument, Lasso(alpha=alpha)"),
                  Mistake(lambda X, y, alpha: ref.lasso(X, y, 1.0),
                          "alpha is not passed on (Lasso's default is 1.0): Lasso(alpha=alpha)")),
        hints=("Lasso(alpha=alpha).fit(X, y), then [intercept_, *coef_].",
               "By hand: coordinate descent on centred data with soft thresholding, "
               "w_j = S(x_j . r_j / n, alpha) / (x_j . x_j / n)."),
    ),
    FunctionTask(
        name="regression_metrics", weight=1,
        reference=ref.regression_metrics,
        summary="(y_true, y_pred) -> (MSE, R^2)",
        cases=_metric_cases, check=partial(check_tuple, names=("MSE", "R^2"), **TOL),
        mistakes=(Mistake(_rmse_r2, "the first value is the root mean squared error; return the MSE (no sqrt)"),
                  Mistake(_swapped_r2, "R^2 has its arguments swapped: r2_score(y_true, y_pred)"),
                  Mistake(_correlation_r2, "R^2 is the squared correlation here; R^2 = 1 - SS_res / SS_tot, "
                                           "which differs when the predictions are biased")),
        hints=("MSE = mean((y_true - y_pred) ** 2); R^2 = 1 - sum((y_true - y_pred) ** 2) / "
               "sum((y_true - mean(y_true)) ** 2)",
               "sklearn.metrics: mean_squared_error(y_true, y_pred), r2_score(y_true, y_pred)"),
    ),
    trained_model(
        "regression_model", weight=2, holdout=_holdout, metric=check_r2, bands=R2_BANDS, timeout=30,
        what="the notebook's trained regressor, scored by R^2 on held-out rows of make_regression_data",
        hints=("A straight line explains about half the variance; add degree-2 features: "
               "make_pipeline(PolynomialFeatures(2), Ridge(alpha=1.0)).fit(X_train, y_train)",
               "Train on make_regression_data(500, seed=1); any scikit-learn regressor with .predict() works."),
    ),
)

SPEC = WeekSpec(week=4, version="4.3", tasks=TASKS, template="week04/lab04_regression.ipynb", call_timeout=10.0)
