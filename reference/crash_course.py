"""Week 2 reference: the crash course's NumPy (indexing, broadcasting, masks, reductions),
pandas (selection, missing values, groupby, merge, pivot) and a Matplotlib line plot.

The plot's reference is its description as plain data (`plot_lines_spec`), the form the
sandbox reports a student's Figure in; `plot_lines` draws that figure for the tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


# -- NumPy -------------------------------------------------------------------------------
def standardize_columns(X) -> np.ndarray:
    """Each column to mean 0 and (population) std 1, by broadcasting the column statistics."""
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0)


def row_distances(X, point) -> np.ndarray:
    """Euclidean distance of every row of X to `point`: shape (n_rows,)."""
    diff = np.asarray(X, dtype=float) - np.asarray(point, dtype=float)
    return np.sqrt((diff**2).sum(axis=1))


def count_above(X, threshold: float) -> np.ndarray:
    """Per column, how many values are strictly greater than `threshold` (a mask, then a sum)."""
    return (np.asarray(X) > threshold).sum(axis=0)


def submatrix(X, rows, cols) -> np.ndarray:
    """The block of X at the given rows and columns, shape (len(rows), len(cols))."""
    return np.asarray(X)[np.ix_(list(rows), list(cols))]


# -- pandas ------------------------------------------------------------------------------
def filter_rows(df: pd.DataFrame, column: str, threshold: float, columns: list[str]) -> pd.DataFrame:
    """The rows whose `column` is greater than `threshold`, only `columns`, original index kept."""
    return df.loc[df[column] > threshold, list(columns)]


def fill_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Missing values of each numeric column replaced by that column's mean; other columns as they are."""
    out = df.copy()
    numeric = out.select_dtypes("number").columns
    out[numeric] = out[numeric].fillna(out[numeric].mean())
    return out


def group_summary(df: pd.DataFrame, by: str, column: str) -> pd.DataFrame:
    """Per group of `by` (sorted): count, mean and max of `column`; the groups are the index."""
    return df.groupby(by)[column].agg(["count", "mean", "max"])


def merge_prices(orders: pd.DataFrame, prices: pd.DataFrame) -> pd.DataFrame:
    """Every order with its product's price (0 when the product has none) and total = quantity * price."""
    out = orders.merge(prices, on="product", how="left")
    out["price"] = out["price"].fillna(0.0)
    out["total"] = out["quantity"] * out["price"]
    return out


def pivot_sales(df: pd.DataFrame) -> pd.DataFrame:
    """Total sales per region (rows) and month (columns), 0 where a region sold nothing that month."""
    return df.pivot_table(index="region", columns="month", values="sales", aggfunc="sum", fill_value=0)


# -- Matplotlib --------------------------------------------------------------------------
def plot_lines_spec(x, series: dict, title: str, xlabel: str, ylabel: str) -> dict:
    """What `plot_lines` must draw, as the sandbox describes a Figure: one axes, one labelled
    line per series over x, the title, axis labels and a legend naming every series."""
    x = [float(v) for v in x]
    lines = [{"label": str(name), "x": x, "y": [float(v) for v in ys]} for name, ys in series.items()]
    return {"axes": [{"title": title, "xlabel": xlabel, "ylabel": ylabel, "lines": lines,
                      "legend": [str(name) for name in series]}]}


def plot_lines(x, series: dict, title: str, xlabel: str, ylabel: str):
    """The figure itself: one ax.plot per series, labelled, with a legend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    for name, ys in series.items():
        ax.plot(x, ys, label=name)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return fig
