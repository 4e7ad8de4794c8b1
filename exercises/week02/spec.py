"""Week 2 grading specification: the crash course's NumPy, pandas and Matplotlib.

NumPy and pandas functions are called on the lab's example and on hidden arrays and frames
drawn per run, and compared in full with `reference.crash_course`. The plot is checked as
data: the Figure the student's function returns is described inside the sandbox (axes,
title, axis labels, lines with their data, legend) and compared with what it must show.
Known slips (the wrong axis, the sample std, `>=` for `>`, pair-wise instead of block
indexing, the default mean in a pivot table, an inner merge) are named.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from grader.checks import check_array, check_frame
from grader.checks.figures import check_figure
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import crash_course as ref

TOL = {"rtol": 1e-6, "atol": 1e-8}
GROUPS = ("red", "green", "blue", "amber", "violet")
REGIONS = ("north", "south", "east", "west")
MONTHS = ("Jan", "Feb", "Mar", "Apr")
PRODUCTS = ("pen", "ink", "pad", "clip", "tape", "glue")
NOTES_X = np.array([[1.0, 200.0, 3.0], [2.0, 100.0, 5.0], [3.0, 300.0, 4.0], [6.0, 400.0, 0.0]])


# -- hidden inputs -----------------------------------------------------------------------
def _matrix(rng: np.random.Generator) -> np.ndarray:
    n, d = int(rng.integers(5, 12)), int(rng.integers(2, 6))
    if n == d:
        n += 1
    return np.round(rng.normal(size=(n, d)) * rng.choice([1.0, 10.0, 100.0], size=d) + rng.normal(size=d) * 5, 3)


def _standardize_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((NOTES_X,), label="the lab's 4 x 3 array", public=True)]
    for i in range(2):
        X = _matrix(rng)
        cases.append(Case((X,), label=f"hidden array {i + 1} (shape {X.shape})"))
    return cases


def _distance_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((NOTES_X, np.array([1.0, 200.0, 3.0])), label="the lab's array and its first row", public=True)]
    for i in range(2):
        X = _matrix(rng)
        cases.append(Case((X, np.round(rng.normal(size=X.shape[1]), 3)), label=f"hidden array {i + 1} "
                                                                              f"(shape {X.shape})"))
    return cases


def _count_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((NOTES_X, 3.0), label="the lab's array with threshold 3", public=True)]
    for i in range(2):
        X = np.round(_matrix(rng))
        cases.append(Case((X, float(X[0, 0])), label=f"hidden array {i + 1} (shape {X.shape}; some values equal "
                                                     "the threshold)"))
    return cases


def _submatrix_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((NOTES_X, [0, 2], [0, 2]), label="the lab's array, rows [0, 2] and columns [0, 2]", public=True)]
    for i in range(2):
        X = _matrix(rng)
        k = int(rng.integers(2, min(X.shape) + 1))
        rows = [int(v) for v in rng.choice(X.shape[0], size=k, replace=False)]
        cols = [int(v) for v in rng.choice(X.shape[1], size=k, replace=False)]
        cases.append(Case((X, rows, cols), label=f"hidden array {i + 1} (shape {X.shape}, {k} rows and columns)"))
    return cases


NOTES_PEOPLE = pd.DataFrame({"name": ["Ann", "Bob", "Cid", "Dee", "Eve"], "age": [23.0, np.nan, 31.0, 40.0, 35.0],
                             "score": [88.0, 92.0, np.nan, 75.0, np.nan]})


def _people(rng: np.random.Generator) -> pd.DataFrame:
    n = int(rng.integers(6, 15))
    df = pd.DataFrame({"name": [f"p{i}" for i in range(n)],
                       "age": np.round(rng.uniform(18, 70, size=n)),
                       "score": np.round(rng.uniform(40, 100, size=n), 1),
                       "height": np.round(rng.uniform(150, 200, size=n), 1)})
    for col in ("age", "score", "height"):
        df.loc[rng.choice(n, size=int(rng.integers(1, 3)), replace=False), col] = np.nan
    df.index = rng.choice(1000, size=n, replace=False)  # not 0..n-1: the index must be kept
    return df


def _filter_cases(rng: np.random.Generator) -> list[Case]:
    people = NOTES_PEOPLE.fillna(0.0)
    cases = [Case((people, "age", 30.0, ["name", "age"]), label="the lab's people, age > 30, columns name and age",
                  public=True)]
    for i in range(2):
        df = _people(rng).fillna(50.0)
        # the first hidden column is never the public 'age': a column that is ignored shows on every draw
        col = str(rng.choice(["score", "height"] if i == 0 else ["age", "score", "height"]))
        threshold = float(np.sort(df[col].to_numpy())[int(rng.integers(1, len(df) - 2))])  # rows on both sides
        others = [c for c in ("height", "age", "score") if c != col][: int(rng.integers(1, 3))]
        keep = [col, "name", *others]  # never the frame's own order: "only columns (in that order)"
        cases.append(Case((df, col, threshold, keep), label=f"hidden frame {i + 1} ({len(df)} rows, {col} > a value "
                                                            "it holds)"))
    return cases


def _fill_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((NOTES_PEOPLE,), label="the lab's people (NaN in age and score)", public=True)]
    for i in range(2):
        df = _people(rng)
        cases.append(Case((df,), label=f"hidden frame {i + 1} ({len(df)} rows with NaN)"))
    return cases


NOTES_COLORS = pd.DataFrame({"color": ["red", "blue", "red", "green", "blue", "red"],
                             "value": [3.0, 5.0, 4.0, 10.0, 7.0, 8.0]})


def _group_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((NOTES_COLORS, "color", "value"), label="the lab's colors and values", public=True)]
    for i in range(2):
        n = int(rng.integers(8, 25))
        df = pd.DataFrame({"kind": rng.choice(GROUPS, size=n), "size": np.round(rng.uniform(0, 50, size=n), 2),
                           "weight": np.round(rng.normal(10, 3, size=n), 2)})
        column = str(rng.choice(["size", "weight"]))
        cases.append(Case((df, "kind", column), label=f"hidden frame {i + 1} ({n} rows, {column} by kind)"))
    return cases


NOTES_ORDERS = pd.DataFrame({"order_id": [1, 2, 3, 4], "product": ["pen", "ink", "pen", "tape"],
                             "quantity": [3, 1, 2, 5]})
NOTES_PRICES = pd.DataFrame({"product": ["pen", "ink", "pad"], "price": [1.5, 4.0, 2.25]})


def _merge_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((NOTES_ORDERS, NOTES_PRICES), label="the lab's orders and prices (tape has no price)", public=True)]
    for i in range(2):
        n = int(rng.integers(5, 15))
        priced = [str(p) for p in rng.choice(PRODUCTS, size=4, replace=False)]
        unpriced = [p for p in PRODUCTS if p not in priced]
        products = [str(p) for p in rng.choice(PRODUCTS, size=n)]
        products[int(rng.integers(n))] = unpriced[0]  # at least one order without a price
        orders = pd.DataFrame({"order_id": rng.permutation(np.arange(100, 100 + n)), "product": products,
                               "quantity": rng.integers(1, 10, size=n)})
        prices = pd.DataFrame({"product": priced, "price": np.round(rng.uniform(0.5, 20, size=4), 2)})
        cases.append(Case((orders, prices), label=f"hidden orders {i + 1} ({n} orders, some without a price)"))
    return cases


NOTES_SALES = pd.DataFrame({"region": ["north", "north", "south", "south", "north", "east"],
                            "month": ["Jan", "Feb", "Jan", "Jan", "Jan", "Feb"],
                            "sales": [100, 80, 50, 70, 20, 60]})


def _pivot_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((NOTES_SALES,), label="the lab's sales (two north/Jan rows, no east/Jan row)", public=True)]
    for i in range(2):
        n = int(rng.integers(8, 20))
        df = pd.DataFrame({"region": rng.choice(REGIONS[:3], size=n), "month": rng.choice(MONTHS, size=n),
                           "sales": rng.integers(10, 200, size=n)})
        df.loc[n] = [REGIONS[3], MONTHS[0], 5]  # one region that sold in one month only
        df.loc[n + 1] = [REGIONS[3], MONTHS[0], 7]  # ... twice: sum and mean differ
        df.loc[int(rng.integers(n)), "month"] = MONTHS[int(rng.integers(1, len(MONTHS)))]  # a month west has none
        cases.append(Case((df,), label=f"hidden sales {i + 1} ({n + 2} rows)"))
    return cases


WORDS = ("alpha", "beta", "gamma", "delta", "signal", "noise", "trend", "model")


def _plot_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([1, 2, 3, 4, 5], {"train": [0.9, 0.6, 0.45, 0.38, 0.35], "validation": [0.95, 0.7, 0.6, 0.58, 0.6]},
                   "Loss per epoch", "epoch", "loss"), label="the lab's loss curves", public=True)]
    for i in range(2):
        n, k = int(rng.integers(5, 20)), int(rng.integers(1, 4))
        x = [float(v) for v in np.round(np.sort(rng.uniform(0, 10, size=n)), 3)]
        names = [str(w) for w in rng.choice(WORDS, size=k, replace=False)]
        series = {name: [float(v) for v in np.round(rng.normal(size=n).cumsum(), 3)] for name in names}
        title, xlabel, ylabel = (f"{w} {int(rng.integers(100))}" for w in rng.choice(WORDS, size=3, replace=False))
        cases.append(Case((x, series, title, xlabel, ylabel), label=f"hidden data {i + 1} ({k} series of {n} "
                                                                    "points)"))
    return cases


# -- known mistakes ----------------------------------------------------------------------
def _rows_standardized(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


def _sample_std(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)


def _swapped_labels(x, series, title, xlabel, ylabel):
    return ref.plot_lines_spec(x, series, title, ylabel, xlabel)


def _inner_merge(orders, prices):
    out = orders.merge(prices, on="product", how="inner")
    out["total"] = out["quantity"] * out["price"]
    return out


def _unfilled_merge(orders, prices):
    out = orders.merge(prices, on="product", how="left")
    out["total"] = out["quantity"] * out["price"]
    return out


FRAME = partial(check_frame, **TOL)

NUMPY_TASKS = (
    FunctionTask(
        name="standardize_columns", weight=1,
        forbidden=("sklearn.preprocessing", "scipy.stats.zscore"),
        reference=ref.standardize_columns,
        summary="X (n, d) -> every column scaled to mean 0 and std 1, by broadcasting",
        cases=_standardize_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_rows_standardized, "you standardized each row; the statistics are per column: "
                                              "X.mean(axis=0), X.std(axis=0)"),
                  Mistake(_sample_std, "you divided by the sample std (ddof=1); use NumPy's default X.std(axis=0) "
                                       "(ddof=0)")),
        hints=("(X - X.mean(axis=0)) / X.std(axis=0): the (d,) statistics broadcast over the rows.",
               "axis=0 reduces over the rows, leaving one value per column."),
    ),
    FunctionTask(
        name="row_distances", weight=1, reference=ref.row_distances,
        summary="(X (n, d), point (d,)) -> the Euclidean distance of each row to point, shape (n,)",
        cases=_distance_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(lambda X, p: ((np.asarray(X) - np.asarray(p)) ** 2).sum(axis=1),
                          "these are squared distances: take np.sqrt of the sum"),),
        hints=("X - point broadcasts the point over every row; square, sum over axis=1, then np.sqrt.",
               "np.linalg.norm(X - point, axis=1) does it in one call."),
    ),
    FunctionTask(
        name="count_above", weight=1, reference=ref.count_above,
        summary="(X, threshold) -> per column, how many values are strictly greater than threshold",
        cases=_count_cases, check=check_array,
        mistakes=(Mistake(lambda X, t: (np.asarray(X) >= t).sum(axis=0),
                          "values equal to the threshold were counted: use > (strictly greater), not >="),),
        hints=("X > threshold is a boolean mask; .sum(axis=0) counts the True values per column.",
               "Return one count per column: shape (d,)."),
    ),
    FunctionTask(
        name="submatrix", weight=1, reference=ref.submatrix,
        summary="(X, rows, cols) -> the block at those rows and columns, shape (len(rows), len(cols))",
        cases=_submatrix_cases, check=check_array,
        mistakes=(Mistake(lambda X, r, c: np.asarray(X)[list(r), list(c)],
                          "X[rows, cols] pairs the indices up (one value per pair); the block needs "
                          "X[np.ix_(rows, cols)] or X[rows][:, cols]"),),
        hints=("X[np.ix_(rows, cols)] selects every combination of the rows and columns.",
               "Or in two steps: X[rows] keeps the rows, then [:, cols] the columns."),
    ),
)

PANDAS_TASKS = (
    FunctionTask(
        name="filter_rows", weight=1, reference=ref.filter_rows,
        summary="(df, column, threshold, columns) -> rows with df[column] > threshold, only `columns`, index kept",
        cases=_filter_cases, check=partial(FRAME, column_order="fixed"),
        mistakes=(Mistake(lambda df, col, t, cols: df.loc[df[col] >= t, list(cols)],
                          "rows equal to the threshold were kept: use > (strictly greater)"),
                  Mistake(lambda df, col, t, cols: df.loc[df[col] > t, list(cols)].reset_index(drop=True),
                          "the rows were renumbered from 0 (reset_index): keep the original index labels"),
                  Mistake(lambda df, col, t, cols: df.loc[df[col] > t, [c for c in df.columns if c in cols]],
                          "the columns are in the frame's order; return them in the order `columns` lists them "
                          "(df.loc[mask, columns])"),
                  Mistake(lambda df, col, t, cols: df.loc[df["age"] > t, list(cols)],
                          "the rows were filtered on 'age' (the example's column): use df[column] > threshold")),
        hints=("df.loc[mask, columns] with mask = df[column] > threshold.",
               "Keep the original index (no reset_index) and the columns in the order given."),
    ),
    FunctionTask(
        name="fill_missing", weight=1, reference=ref.fill_missing,
        summary="df -> NaN in each numeric column replaced by that column's mean; text columns unchanged",
        cases=_fill_cases, check=FRAME,
        mistakes=(Mistake(lambda df: df.fillna(0), "missing values became 0; they should become their column's mean"),
                  Mistake(lambda df: df.fillna(df.median(numeric_only=True)),
                          "missing values became the column's median; use the mean"),
                  Mistake(lambda df: df.dropna(), "rows with a missing value were dropped; keep every row and fill "
                                                  "the gaps with the column's mean")),
        hints=("numeric = df.select_dtypes('number').columns; out[numeric] = out[numeric].fillna(out[numeric].mean())",
               "Work on a copy (df.copy()) and keep every row: fill, do not drop."),
    ),
    FunctionTask(
        name="group_summary", weight=1, reference=ref.group_summary,
        summary="(df, by, column) -> per group: count, mean and max of column, groups (sorted) as the index",
        cases=_group_cases, check=partial(FRAME, column_order="fixed", row_order="fixed", order_rule="sorted by group"),
        hints=("df.groupby(by)[column].agg(['count', 'mean', 'max'])",
               "The groups must be the index (groupby's default as_index=True), sorted (the default too)."),
    ),
    FunctionTask(
        name="merge_prices", weight=1, reference=ref.merge_prices,
        summary="(orders, prices) -> every order with its price (0 if none) and total = quantity * price",
        cases=_merge_cases,
        check=partial(FRAME, column_order="fixed", row_order="fixed", order_rule="in the orders' original order"),
        mistakes=(Mistake(_inner_merge, "orders without a price were dropped (an inner merge): use how='left' to "
                                        "keep every order"),
                  Mistake(_unfilled_merge, "orders without a price have NaN price and total: fill the price with 0 "
                                           "before computing the total")),
        hints=("orders.merge(prices, on='product', how='left'), then out['price'].fillna(0.0) and "
               "out['total'] = out['quantity'] * out['price'].",
               "Columns in the order order_id, product, quantity, price, total (what merge then the new column give)."),
    ),
    FunctionTask(
        name="pivot_sales", weight=1, reference=ref.pivot_sales,
        summary="df (region, month, sales) -> total sales, regions as rows, months as columns, 0 where none",
        cases=_pivot_cases, check=FRAME,
        mistakes=(Mistake(lambda df: df.pivot_table(index="region", columns="month", values="sales", fill_value=0),
                          "these are mean sales (pivot_table's default aggfunc); the task asks for totals: "
                          "aggfunc='sum'"),
                  Mistake(lambda df: df.pivot_table(index="region", columns="month", values="sales", aggfunc="sum"),
                          "a region with no sales in a month shows NaN: pass fill_value=0")),
        hints=("df.pivot_table(index='region', columns='month', values='sales', aggfunc='sum', fill_value=0)",
               "df.pivot() fails when a region has two rows for a month; pivot_table aggregates them."),
    ),
)

PLOT_TASK = FunctionTask(
    name="plot_lines", weight=2, mode="figure",
    reference=ref.plot_lines_spec,
    summary="(x, {name: ys}, title, xlabel, ylabel) -> a Figure: one labelled line per series, title, axis labels, "
            "legend",
    cases=_plot_cases, check=check_figure,
    mistakes=(Mistake(_swapped_labels, "the x and y axis labels are swapped: set_xlabel is the horizontal axis"),),
    hints=("fig, ax = plt.subplots(); for name, ys in series.items(): ax.plot(x, ys, label=name); then "
           "ax.set_title, ax.set_xlabel, ax.set_ylabel, ax.legend(); return fig",
           "Return the Figure (fig), draw every series on the same axes, and call ax.legend() after plotting."),
)

SPEC = WeekSpec(week=2, version="2.3", tasks=(*NUMPY_TASKS, *PANDAS_TASKS, PLOT_TASK),
                template="week02/lab02_crash_course.ipynb", call_timeout=10.0)
