"""The week-2 references against values worked out by hand (and NumPy/pandas one-liners)."""

import numpy as np
import pandas as pd

from reference import crash_course as ref

X = np.array([[1.0, 200.0, 3.0], [2.0, 100.0, 5.0], [3.0, 300.0, 4.0], [6.0, 400.0, 0.0]])


def test_standardized_columns_have_mean_0_and_std_1():
    Z = ref.standardize_columns(X)
    assert np.allclose(Z.mean(axis=0), 0) and np.allclose(Z.std(axis=0), 1)
    assert np.isclose(Z[0, 0], (1 - 3) / np.sqrt(3.5))  # mean 3, population variance 3.5


def test_distances_counts_and_blocks_by_hand():
    assert np.allclose(ref.row_distances(X, X[0]), [0, np.sqrt(1 + 100**2 + 4), np.sqrt(4 + 100**2 + 1),
                                                    np.sqrt(25 + 200**2 + 9)])
    assert ref.count_above(X, 3.0).tolist() == [1, 4, 2]
    assert ref.submatrix(X, [0, 2], [0, 2]).tolist() == [[1.0, 3.0], [3.0, 4.0]]


def test_filter_and_fill_keep_the_index():
    df = pd.DataFrame({"name": list("abcd"), "age": [20.0, np.nan, 40.0, 60.0]}, index=[7, 8, 9, 10])
    assert ref.filter_rows(df, "age", 20.0, ["name"]).index.tolist() == [9, 10]
    filled = ref.fill_missing(df)
    assert filled.loc[8, "age"] == 40.0 and filled["name"].tolist() == list("abcd")
    assert df["age"].isna().sum() == 1  # the input is unchanged


def test_groupby_merge_and_pivot_by_hand():
    colors = pd.DataFrame({"color": ["red", "blue", "red"], "value": [3.0, 5.0, 4.0]})
    summary = ref.group_summary(colors, "color", "value")
    assert summary.index.tolist() == ["blue", "red"] and summary.loc["red"].tolist() == [2, 3.5, 4.0]
    orders = pd.DataFrame({"order_id": [1, 2], "product": ["pen", "tape"], "quantity": [3, 5]})
    prices = pd.DataFrame({"product": ["pen"], "price": [1.5]})
    merged = ref.merge_prices(orders, prices)
    assert merged.columns.tolist() == ["order_id", "product", "quantity", "price", "total"]
    assert merged["total"].tolist() == [4.5, 0.0]
    sales = pd.DataFrame({"region": ["n", "n", "s"], "month": ["Jan", "Jan", "Feb"], "sales": [1, 2, 5]})
    table = ref.pivot_sales(sales)
    assert table.loc["n", "Jan"] == 3 and table.loc["n", "Feb"] == 0 and table.loc["s", "Feb"] == 5


def test_plot_spec_names_every_series_in_the_legend():
    spec = ref.plot_lines_spec([0, 1], {"a": [1, 2], "b": [2, 1]}, "t", "x", "y")
    axes = spec["axes"][0]
    assert [line["label"] for line in axes["lines"]] == ["a", "b"] and axes["legend"] == ["a", "b"]
