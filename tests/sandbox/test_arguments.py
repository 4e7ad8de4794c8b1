"""Rule 1 on its own: an argument is snapshotted before a call and compared exactly after it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from grader.sandbox import arguments
from grader.sandbox.arguments import changed_argument, fresh_arguments, same, snapshot_arguments


@pytest.mark.parametrize("before, after", [
    (np.array([1.0, np.nan]), np.array([1.0, np.nan])),
    (pd.DataFrame({"a": [1.0, np.nan]}, index=[3, 4]), pd.DataFrame({"a": [1.0, np.nan]}, index=[3, 4])),
    ({"x": [1, 2], "y": (3.0, float("nan"))}, {"x": [1, 2], "y": (3.0, float("nan"))}),
    (np.array(["a", "b"], dtype=object), np.array(["a", "b"], dtype=object)),
])
def test_equal_values_with_nan_count_as_unchanged(before, after):
    assert same(before, after)


@pytest.mark.parametrize("before, after", [
    (np.array([1.0, 2.0]), np.array([1.0, 2.5])),
    (np.array([1.0, 2.0]), np.array([1, 2])),  # dtype
    (np.array([1.0, 2.0]), np.array([[1.0, 2.0]])),  # shape
    (pd.DataFrame({"a": [1.0]}, index=[3]), pd.DataFrame({"a": [1.0]}, index=[0])),  # index
    (pd.DataFrame({"a": [1.0]}), pd.DataFrame({"a": [1.0], "b": [2.0]})),  # a column added
    (pd.Series([1.0, np.nan]), pd.Series([1.0, 0.0])),  # NaN filled
    ({"x": 1}, {"x": 1, "y": 2}),
    ([3, 1, 2], [1, 2, 3]),
])
def test_any_change_of_values_dtype_shape_or_labels_counts_as_changed(before, after):
    assert not same(before, after)


def scale(values, factor=2.0):
    values *= factor
    return values


def test_the_first_argument_changed_in_place_is_named_with_its_position_and_kind():
    args, kwargs = [np.arange(3.0), np.arange(2.0)], {"factor": 2.0}
    before = snapshot_arguments(args, kwargs)
    assert changed_argument(scale, args, kwargs, before) is None
    scale(args[0])
    assert changed_argument(scale, args, kwargs, before) == {"argument": "values", "position": "1", "kind": "array"}
    frame = pd.DataFrame({"a": [1.0]})
    before = snapshot_arguments([], {"values": frame})
    frame.loc[0, "a"] = 5.0
    assert changed_argument(scale, [], {"values": frame}, before) == {"argument": "values", "position": "",
                                                                      "kind": "frame"}


def test_fresh_arguments_are_copies_of_the_arguments_as_they_were_before_the_call():
    args = [np.arange(3.0)]
    before = snapshot_arguments(args, {})
    scale(args[0])
    fresh, _ = fresh_arguments(args, {}, before)
    np.testing.assert_array_equal(fresh[0], np.arange(3.0))
    assert fresh[0] is not before[0][0]  # a second try cannot spoil the snapshot either


def test_an_argument_over_the_size_limit_is_not_compared(monkeypatch):
    monkeypatch.setattr(arguments, "SNAPSHOT_LIMIT_BYTES", 8)
    args = [np.arange(3.0)]
    before = snapshot_arguments(args, {})
    scale(args[0])
    assert changed_argument(scale, args, {}, before) is None
    assert fresh_arguments(args, {}, before)[0][0] is args[0]  # passed as it is now
