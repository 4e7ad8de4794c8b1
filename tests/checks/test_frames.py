import numpy as np
import pandas as pd

from grader.checks import check_frame

EXPECTED = pd.DataFrame({"t": [1, 2, 3], "t-1": [0.0, 1.0, 2.0]}, index=[1, 2, 3])


def test_equal_frames_pass_even_when_int_and_float_columns_differ():
    actual = pd.DataFrame({"t": [1.0, 2.0, 3.0], "t-1": [0, 1, 2]}, index=[1, 2, 3])
    assert check_frame(actual, EXPECTED).ok


def test_every_row_is_compared_not_only_the_first():
    big = pd.DataFrame({"x": np.arange(500.0)})
    changed = big.copy()
    changed.loc[499, "x"] = -1
    result = check_frame(changed, big)
    assert not result.ok and "[499]" in result.message and "column 'x'" in result.message


def test_missing_and_extra_columns_are_named():
    result = check_frame(pd.DataFrame({"t": [1, 2, 3], "t+1": [2, 3, 4]}, index=[1, 2, 3]), EXPECTED)
    assert not result.ok
    assert "missing ['t-1']" in result.message and "unexpected ['t+1']" in result.message


def test_column_order_matters():
    result = check_frame(EXPECTED[["t-1", "t"]], EXPECTED)
    assert not result.ok and "another order" in result.message


def test_rows_with_nan_left_in_are_pointed_out():
    with_nan = pd.DataFrame({"t": [0, 1, 2, 3], "t-1": [np.nan, 0.0, 1.0, 2.0]})
    result = check_frame(with_nan, EXPECTED)
    assert not result.ok and ".dropna()" in result.message


def test_a_reset_index_is_reported():
    result = check_frame(EXPECTED.reset_index(drop=True), EXPECTED)
    assert not result.ok and "reset_index" in result.message


def test_a_non_frame_answer_fails_cleanly():
    result = check_frame(np.zeros((3, 2)), EXPECTED)
    assert not result.ok and "expected a pandas DataFrame" in result.message
