"""Short, student-readable descriptions of values for check messages."""

from __future__ import annotations

from typing import Any

import numpy as np


def type_name(value: Any) -> str:
    """A name a student recognises: 'NumPy array of shape (3,)', 'list', 'pandas DataFrame'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"NumPy array of shape {value.shape}"
    name = type(value).__name__
    return {"DataFrame": "pandas DataFrame", "Series": "pandas Series"}.get(name, name)


def preview(value: Any, limit: int = 80) -> str:
    """A one-line preview of a value, cut to `limit` characters."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        text = f"{value:.8g}"
    elif isinstance(value, np.ndarray):
        with np.printoptions(threshold=8, edgeitems=3, precision=6, linewidth=10_000):
            text = np.array2string(value, separator=", ").replace("\n", "")
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def position(index: tuple[int, ...]) -> str:
    """An index tuple as a NumPy subscript, e.g. '[3, 0]'."""
    return "[" + ", ".join(str(int(i)) for i in index) + "]"
