"""Strip what a student's text must not carry out of the sandbox: terminal escape sequences,
control characters (\\n and \\t kept), lone surrogates and the XML non-characters U+FFFE/U+FFFF.

Applied once, where the runner reads results back, so every later view (terminal table, JUnit
XML, HTML, JSON) gets text that parses and cannot drive a terminal.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

# ANSI/VT escape sequences as a whole: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \),
# the 8-bit CSI (\x9b ...), and two-character escapes (ESC + one byte).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
)
# C0 controls except \t and \n, DEL, C1 controls, lone surrogates, U+FFFE and U+FFFF.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` without escape sequences and control characters (newlines and tabs kept)."""
    if not isinstance(text, str):
        text = str(text)
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


def _clean_array(arr: np.ndarray) -> np.ndarray:
    if arr.dtype.kind == "U" and arr.size:
        return np.vectorize(clean_text, otypes=[arr.dtype])(arr)
    if arr.dtype.kind == "O":
        return np.array([clean_value(v) for v in arr.reshape(-1)], dtype=object).reshape(arr.shape)
    return arr


def clean_value(value: Any, depth: int = 0) -> Any:
    """A decoded sandbox value with every string in it cleaned: nested lists, tuples, dict keys
    and values, string arrays, DataFrame/Series labels and cells. Other values come back as-is."""
    if depth > 40:
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, np.ndarray):
        return _clean_array(value)
    if isinstance(value, list):
        return [clean_value(v, depth + 1) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_value(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return {clean_value(k, depth + 1): clean_value(v, depth + 1) for k, v in value.items()}
    if type(value).__module__.split(".")[0] == "pandas":
        return _clean_pandas(value, depth)
    return value


def _clean_pandas(value: Any, depth: int) -> Any:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        out = value.copy()
        out.columns = _clean_index(out.columns, depth)
        out.index = _clean_index(out.index, depth)
        for j in range(out.shape[1]):
            if _textual(out.dtypes.iloc[j]):
                out.isetitem(j, _clean_series(out.iloc[:, j], depth))
        return out
    if isinstance(value, pd.Series):
        out = value.copy()
        out.name = clean_value(out.name, depth + 1)
        out.index = _clean_index(out.index, depth)
        return _clean_series(out, depth) if _textual(out.dtype) else out
    return value


def _textual(dtype: Any) -> bool:
    """Object or string columns (pandas 3 has a `str` dtype), not numbers, booleans or dates."""
    return getattr(dtype, "kind", "O") not in "biufcmM"


def _clean_index(index: Any, depth: int) -> Any:
    """A pandas index with its text labels cleaned (numeric indexes unchanged)."""
    import pandas as pd

    if not _textual(index.dtype):
        return index
    labels = [clean_value(i, depth + 1) for i in index]
    name = clean_value(index.name, depth + 1)
    pairs = zip([name, *labels], [index.name, *index], strict=True)
    if all(a is b or (isinstance(a, str) and a == b) for a, b in pairs):
        return index  # nothing to clean: keep the index (and its dtype) as it came
    return pd.Index(labels, dtype=index.dtype, name=name)


def _clean_series(series: Any, depth: int) -> Any:
    """A text column with its cells cleaned, in its own dtype."""
    cleaned = series.map(lambda v: clean_value(v, depth + 1))
    try:
        return cleaned.astype(series.dtype)
    except (TypeError, ValueError):
        return cleaned
