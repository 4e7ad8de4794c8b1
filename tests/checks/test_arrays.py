import numpy as np
import pytest

from grader.checks import check_array, check_equal, check_shape


def test_matching_floats_pass_within_tolerance():
    assert check_array(np.array([30.000000000000004]), np.array([30.0])).ok


def test_a_flat_series_where_a_column_is_expected_says_to_reshape():
    result = check_array(np.zeros(10), np.zeros((10, 1)))
    assert not result.ok
    assert result.message.startswith("shape (10,) but expected (10, 1)")
    assert "reshape(-1, 1)" in result.message


def test_a_column_where_a_flat_array_is_expected_says_to_ravel():
    assert ".ravel()" in check_shape(np.zeros((4, 1)), (4,)).message


def test_transposed_arrays_are_named():
    assert "transpose" in check_array(np.zeros((3, 2)), np.zeros((2, 3))).message


def test_wrong_values_report_count_first_position_and_largest_difference():
    result = check_array(np.array([[1.0], [2.5], [3.0]]), np.array([[1.0], [2.0], [3.0]]))
    assert not result.ok
    assert "1 of 3 values differ" in result.message
    assert "[1, 0]" in result.message and "got 2.5, expected 2" in result.message


def test_nan_and_inf_fail_with_a_message_instead_of_crashing():
    nan = check_array(np.array([1.0, np.nan]), np.array([1.0, 2.0]))
    assert not nan.ok and "NaN" in nan.message
    inf = check_array(np.array([np.inf, 1.0]), np.array([1.0, 1.0]))
    assert not inf.ok and "inf" in inf.message


def test_expected_nan_is_matched_by_nan():
    assert check_array(np.array([np.nan, 1.0]), np.array([np.nan, 1.0])).ok


def test_integers_compare_exactly_and_accept_equal_floats():
    assert check_array(np.array([0, 1, 2]), np.array([0, 1, 2])).ok
    assert check_array(np.array([0.0, 1.0, 2.0]), np.array([0, 1, 2])).ok
    assert not check_array(np.array([0, 1, 3]), np.array([0, 1, 2])).ok


def test_lists_are_accepted_as_arrays():
    assert check_array([[1, 2], [3, 4]], np.array([[1, 2], [3, 4]])).ok


# float32 rounding grows with the answer's largest value, not each entry: a correct float32 gradient descent
# on the week-4 lab's hidden data ends 5.75e-8 off on an entry of -0.0316 (1.8e-6 of it); an entry of 1e-4
# beside one of 2 may be off by 2e-6 of the largest value
SINGLE_DRIFT = [
    (np.array([0.94245048, 2.07647424, -0.02016302]), np.array([0.0, 0.0, 5e-8])),
    (np.array([2.0, 1e-4]), np.array([0.0, 4e-6])),
]


@pytest.mark.parametrize(("expected", "drift"), SINGLE_DRIFT)
def test_a_float32_answer_to_a_float64_question_is_compared_at_single_precision(expected, drift):
    answer = (expected + drift).astype(np.float32)
    assert not np.allclose(answer, expected, rtol=1e-6, atol=1e-8)  # the float64 tolerance would fail it
    assert check_array(answer, expected).ok


@pytest.mark.parametrize(("expected", "drift"), SINGLE_DRIFT)
def test_a_float64_answer_keeps_the_tight_tolerance(expected, drift):
    assert not check_array(expected + drift, expected).ok


def test_a_float32_answer_with_a_real_mistake_still_fails():
    expected = np.array([0.94245048, 2.07647424, -0.02016302])
    result = check_array((expected * np.array([1.0, 1.0, 1.01])).astype(np.float32), expected)
    assert not result.ok
    assert "1 of 3 values differ beyond rtol=1e-05" in result.message


def test_a_float32_question_keeps_its_own_tolerance():
    expected = np.array([0.94245048, 2.07647424, -0.02016302], dtype=np.float32)
    assert not check_array(expected + np.float32(5e-8) * np.array([0, 0, 1], dtype=np.float32), expected).ok


@pytest.mark.parametrize("value", [None, "text", {"a": 1}, object()])
def test_wrong_types_fail_with_the_type_named(value):
    result = check_array(value, np.zeros(3))
    assert not result.ok and "expected a NumPy array" in result.message


def test_strings_against_numbers_are_a_kind_mismatch():
    result = check_array(np.array(["a", "b"]), np.array([1, 2]))
    assert not result.ok and "strings" in result.message


def test_string_arrays_compare_exactly():
    assert check_array(np.array(["cold", "hot"]), np.array(["cold", "hot"])).ok
    assert not check_array(np.array(["cold", "warm"]), np.array(["cold", "hot"])).ok


def test_check_equal_wants_a_string_not_a_one_element_array():
    assert check_equal("cold", "cold").ok
    assert check_equal(np.str_("cold"), "cold").ok
    one = check_equal(np.array(["cold"]), "cold")
    assert not one.ok and "take the single element as a str, e.g. str(result[0])" in one.message
    wrong = check_equal("hot", "cold")
    assert not wrong.ok and "got 'hot', expected 'cold'" in wrong.message


def test_check_equal_names_a_non_string_answer():
    result = check_equal(2, "warm")
    assert not result.ok and "expected the string 'warm'" in result.message


def test_check_equal_does_not_confuse_booleans_and_integers():
    assert not check_equal(True, 1).ok
    assert check_equal(np.int64(3), 3).ok


def test_a_stated_integer_kind_fails_floats_with_the_cast_to_use():
    result = check_array(np.array([1.0, 0.0]), np.array([1, 0]), kind="integer")
    assert not result.ok
    assert result.message == "returned floats (e.g. 1.0); the statement asks for integers: return .astype(int)"
    assert check_array(np.array([1, 0]), np.array([1, 0]), kind="integer").ok
    assert check_array(np.array([1.0, 0.0]), np.array([1, 0])).ok  # no stated kind: the values decide


def test_a_stated_float_kind_fails_an_integer_array():
    result = check_array(np.eye(2, dtype=int), np.eye(2), kind="float")
    assert not result.ok and "returned integers (e.g. 1)" in result.message and ".astype(float)" in result.message
    assert check_array(np.eye(2, dtype=np.float32), np.eye(2), kind="float").ok


def test_a_stated_scalar_kind_is_required_by_check_equal():
    result = check_equal(3.0, 3, kind="integer")
    assert not result.ok and "the statement asks for an int: return int(...)" in result.message
    assert check_equal(np.int64(3), 3, kind="integer").ok
    assert not check_equal(True, 1, kind="integer").ok
    assert not check_equal(np.float64(0.5), 0.5, kind="string").ok
    assert check_equal(0.5, 0.5, kind="float").ok


def test_a_number_where_the_answer_is_nan_fails_with_a_message_instead_of_crashing():
    result = check_array(np.array([60.0, 80.0, 0.0]), np.array([60.0, 80.0, np.nan]))
    assert not result.ok and "should be nan" in result.message and "not be filled in" in result.message
