"""Hints for errors caused by APIs that changed since the course notes were written, and for a
few errors whose message alone does not say what to fix."""

from __future__ import annotations

import re

# (pattern in "ExceptionType: message", hint naming the current replacement)
API_CHANGES: tuple[tuple[str, str], ...] = (
    (r"unexpected keyword argument 'sparse'",
     "scikit-learn 1.2 renamed it: OneHotEncoder(sparse_output=False)"),
    (r"Expected 2D array|Expected a 2-dimensional container|Expected 2D input",
     "scikit-learn scalers and encoders need a column: values.reshape(-1, 1)"),
    (r"keras\.utils\.np_utils|No module named 'keras\.utils\.np_utils'",
     "keras.utils.np_utils is gone: use keras.utils.to_categorical"),
    (r"cannot import name 'pad_sequences'|No module named 'keras\.preprocessing",
     "use `from keras.utils import pad_sequences`"),
    (r"Argument\(s\) not recognized: \{'lr'|unexpected keyword argument 'lr'",
     "optimizers take learning_rate= now: Adam(learning_rate=0.001)"),
    (r"has no attribute 'predict_classes'",
     "predict_classes was removed: use np.argmax(model.predict(x), axis=-1)"),
    (r"has no attribute 'output_shape'|has no attribute 'input_shape'",
     "Keras 3 layers have no output_shape attribute: use layer.output.shape or model.summary()"),
    # not API changes, but the error message alone rarely tells a student what to fix
    (r"expected ndim=3, found ndim=2",
     "an LSTM that feeds another LSTM needs return_sequences=True (it must pass on the whole sequence)"),
)


def api_hint(error_type: str, message: str) -> str:
    """A hint for an error an old API causes, or '' when none applies."""
    text = f"{error_type}: {message}"
    for pattern, hint in API_CHANGES:
        if re.search(pattern, text):
            return hint
    return ""
