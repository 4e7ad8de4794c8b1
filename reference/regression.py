"""Week 4 reference: linear regression in closed form and by gradient descent, polynomial
features, ridge and lasso, and the metrics, in NumPy (tests pin them to scikit-learn).

Coefficients are returned as one vector [intercept, w_1, ..., w_d], so a forgotten
intercept shows as a wrong shape rather than as slightly different numbers.
"""

from __future__ import annotations

import numpy as np


def _xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    return (X.reshape(-1, 1) if X.ndim == 1 else X), np.asarray(y, dtype=float).reshape(-1)


def add_intercept(X) -> np.ndarray:
    """X with a first column of ones, so the intercept is fitted like any other weight."""
    X = np.asarray(X, dtype=float)
    X = X.reshape(-1, 1) if X.ndim == 1 else X
    return np.hstack([np.ones((X.shape[0], 1)), X])


def least_squares(X, y) -> np.ndarray:
    """[b, w] minimising the squared error: the normal equations solved by lstsq (stable)."""
    X, y = _xy(X, y)
    coef, *_ = np.linalg.lstsq(add_intercept(X), y, rcond=None)
    return coef


def gradient_descent(X, y, learning_rate, n_iterations) -> np.ndarray:
    """[b, w] after n_iterations full-batch steps on the MSE, (1/n) * sum (Xw + b - y)^2,
    from zeros: gradient (2/n) * A^T (A @ theta - y) with A = [1, X]."""
    X, y = _xy(X, y)
    A = add_intercept(X)
    theta = np.zeros(A.shape[1])
    for _ in range(int(n_iterations)):
        theta = theta - learning_rate * (2.0 / len(y)) * A.T @ (A @ theta - y)
    return theta


def polynomial_features(x, degree) -> np.ndarray:
    """Columns x, x^2, ..., x^degree of a 1-D input (PolynomialFeatures(include_bias=False))."""
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    return np.hstack([x ** k for k in range(1, int(degree) + 1)])


def polynomial_fit(x, y, degree) -> np.ndarray:
    """[b, c_1, ..., c_degree]: least squares on the polynomial features of x."""
    return least_squares(polynomial_features(x, degree), y)


def ridge(X, y, alpha) -> np.ndarray:
    """[b, w] of ridge regression with an unpenalised intercept (scikit-learn's Ridge):
    centre X and y, w = (Xc^T Xc + alpha I)^-1 Xc^T yc, b = mean(y) - mean(X) @ w."""
    X, y = _xy(X, y)
    mx, my = X.mean(axis=0), y.mean()
    Xc, yc = X - mx, y - my
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ yc)
    return np.concatenate([[my - mx @ w], w])


def lasso(X, y, alpha, n_sweeps=5000, tol=1e-12) -> np.ndarray:
    """[b, w] minimising (1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1 (scikit-learn's Lasso) by
    cyclic coordinate descent with soft thresholding, on centred data."""
    X, y = _xy(X, y)
    n = len(y)
    mx, my = X.mean(axis=0), y.mean()
    Xc, yc = X - mx, y - my
    w = np.zeros(X.shape[1])
    norms = (Xc ** 2).sum(axis=0) / n
    residual = yc.copy()
    for _ in range(n_sweeps):
        largest = 0.0
        for j in range(X.shape[1]):
            if norms[j] == 0:
                continue
            rho = Xc[:, j] @ residual / n + norms[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - alpha, 0.0) / norms[j]
            residual += Xc[:, j] * (w[j] - new)
            largest = max(largest, abs(new - w[j]))
            w[j] = new
        if largest < tol:
            break
    return np.concatenate([[my - mx @ w], w])


def mse(y_true, y_pred) -> float:
    """Mean squared error."""
    y_true, y_pred = np.asarray(y_true, dtype=float).ravel(), np.asarray(y_pred, dtype=float).ravel()
    return float(np.mean((y_true - y_pred) ** 2))


def r2(y_true, y_pred) -> float:
    """Coefficient of determination: 1 - SS_res / SS_tot."""
    y_true, y_pred = np.asarray(y_true, dtype=float).ravel(), np.asarray(y_pred, dtype=float).ravel()
    return float(1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2))


def regression_metrics(y_true, y_pred) -> tuple[float, float]:
    """(MSE, R^2) of predictions."""
    return mse(y_true, y_pred), r2(y_true, y_pred)


def make_regression_data(n, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """The lab's data set: 4 features in [-2, 2]; the target is quadratic in two of them plus
    an interaction and noise, so a straight line explains part of it and degree-2 features
    nearly all of it. The notebook holds the same function; held-out sets use fresh seeds."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(int(n), 4))
    y = (3 + 2 * X[:, 0] - 1.5 * X[:, 1] ** 2 + 1.2 * X[:, 0] * X[:, 2] + 0.5 * X[:, 3]
         + rng.normal(scale=0.5, size=int(n)))
    return X, y
