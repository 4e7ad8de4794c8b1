"""check_frame on frames with text columns (names, products), as pandas holds them: object dtype."""

import pandas as pd

from grader.checks import check_frame

EXPECTED = pd.DataFrame({"name": ["Ann", "Bob"], "age": [23.0, 31.0]})


def test_equal_text_columns_pass():
    assert check_frame(EXPECTED.copy(), EXPECTED).ok


def test_a_different_text_value_is_shown():
    result = check_frame(pd.DataFrame({"name": ["Ann", "Rob"], "age": [23.0, 31.0]}), EXPECTED)
    assert not result.ok and "column 'name'" in result.message and "'Rob'" in result.message


def test_numbers_where_text_is_expected_fail():
    result = check_frame(pd.DataFrame({"name": [1.0, 2.0], "age": [23.0, 31.0]}), EXPECTED)
    assert not result.ok and "column 'name'" in result.message


def test_an_empty_selection_with_a_text_column_passes():
    from grader.sandbox import codec

    empty = EXPECTED[EXPECTED["age"] > 100]
    doc, arrays = codec.encode(empty)
    assert check_frame(codec.decode(doc["value"], arrays), empty).ok
