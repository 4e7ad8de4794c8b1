"""Errors from APIs that changed since the course notes get a hint naming the replacement (grader/hints.py)."""

from __future__ import annotations

import pytest

from grader.hints import api_hint


@pytest.mark.parametrize(("error_type", "message", "hint"), [
    ("TypeError", "OneHotEncoder.__init__() got an unexpected keyword argument 'sparse'", "sparse_output=False"),
    ("ValueError", "Expected 2D array, got 1D array instead", "reshape(-1, 1)"),
    ("ModuleNotFoundError", "No module named 'keras.utils.np_utils'", "keras.utils.to_categorical"),
    ("ImportError", "cannot import name 'pad_sequences' from 'keras.preprocessing.sequence'",
     "from keras.utils import pad_sequences"),
    ("ValueError", "Argument(s) not recognized: {'lr': 0.01}", "learning_rate="),
    ("AttributeError", "'Sequential' object has no attribute 'predict_classes'", "np.argmax"),
    ("AttributeError", "'Dense' object has no attribute 'output_shape'", "layer.output.shape"),
    ("ValueError", "Input 0 of layer \"lstm_1\" is incompatible with the layer: expected ndim=3, found ndim=2",
     "return_sequences=True"),
])
def test_an_error_from_a_changed_api_gets_the_current_replacement(error_type, message, hint):
    assert hint in api_hint(error_type, message)


def test_an_ordinary_error_gets_no_hint():
    assert api_hint("ZeroDivisionError", "division by zero") == ""
    assert api_hint("TypeError", "f() got an unexpected keyword argument 'sparsity'") == ""
