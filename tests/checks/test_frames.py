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


def test_column_order_matters_only_where_the_statement_fixes_it():
    assert check_frame(EXPECTED[["t-1", "t"]], EXPECTED).ok
    result = check_frame(EXPECTED[["t-1", "t"]], EXPECTED, column_order="fixed")
    assert not result.ok and "another order" in result.message and "the statement fixes the column order" \
        in result.message


def test_rows_in_another_order_with_their_labels_kept_pass_when_the_order_is_free():
    shuffled = EXPECTED.iloc[[2, 0, 1]]
    assert check_frame(shuffled, EXPECTED).ok
    both = EXPECTED.iloc[[1, 2, 0]][["t-1", "t"]]
    assert check_frame(both, EXPECTED).ok
    wrong_value = shuffled.copy()
    wrong_value.loc[2, "t"] = 9
    result = check_frame(wrong_value, EXPECTED)
    assert not result.ok and "column 't'" in result.message and "reset_index" not in result.message


def test_a_reordered_answer_never_gets_the_reset_index_advice_when_the_order_is_fixed():
    result = check_frame(EXPECTED.iloc[[2, 0, 1]], EXPECTED, row_order="fixed", order_rule="sorted by group")
    assert not result.ok and "reset_index" not in result.message
    assert "rows must be sorted by group, as the statement says" in result.message


def test_fixed_row_order_names_the_rule_when_sorted_labels_were_reset_too():
    expected = pd.DataFrame({"x": [1.0, 2.0, 3.0]})
    result = check_frame(pd.DataFrame({"x": [3.0, 1.0, 2.0]}), expected, row_order="fixed",
                         order_rule="in the original order")
    assert not result.ok and "rows must be in the original order" in result.message


def test_other_labels_that_are_not_a_reset_index_get_no_reset_index_advice():
    result = check_frame(EXPECTED.set_axis([7, 8, 9]), EXPECTED)
    assert not result.ok and "reset_index" not in result.message and "row labels differ" in result.message


def test_repeated_column_names_fail_cleanly():
    twice = pd.DataFrame([[1, 0.0], [2, 1.0], [3, 2.0]], columns=["t", "t"], index=[1, 2, 3])
    result = check_frame(twice, EXPECTED)
    assert not result.ok and "more than once" in result.message


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
