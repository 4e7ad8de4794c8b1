"""Plain-data codec for the sandbox channel: JSON plus one .npz of arrays, never pickle.

Shared by both sides. Inside the sandbox it encodes whatever the student returned; in the
grader it decodes with allow_pickle=False, refusing oversized files and unknown tags, so a
hostile payload can at worst fail to decode.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

TAG = "__grader__"
MAX_JSON_BYTES = 8 * 1024 * 1024
MAX_NPZ_BYTES = 256 * 1024 * 1024


class CodecError(ValueError):
    """A value cannot cross the boundary (unsupported type, too large, malformed)."""


class Encoder:
    """Turns values into JSON-able documents, collecting their arrays under unique keys."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, arr: np.ndarray) -> dict:
        if arr.dtype == object:
            try:
                arr = arr.astype(str) if all(isinstance(x, str) for x in arr.flat) else arr.astype(float)
            except (TypeError, ValueError):
                raise CodecError("a NumPy array of Python objects") from None
        if arr.dtype.kind not in "biufUS":
            raise CodecError(f"a NumPy array of dtype {arr.dtype}")
        key = f"a{len(self.arrays)}"
        # np.array(order="C"), not np.ascontiguousarray: that one makes a 0-d array (a NumPy scalar) 1-d
        self.arrays[key] = np.array(arr, order="C")
        return {TAG: "ndarray", "key": key}

    def value(self, v: Any, depth: int = 0) -> Any:
        if depth > 20:
            raise CodecError("a value nested more than 20 levels deep")
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, int):
            return v if abs(v) < 2**63 else {TAG: "bigint", "text": str(v)}
        if isinstance(v, float):
            return v if math.isfinite(v) else {TAG: "float", "text": repr(v)}
        if isinstance(v, np.ndarray):
            return self.array(v)
        if isinstance(v, np.generic):
            return {TAG: "scalar", "value": self.array(np.asarray(v))}
        if isinstance(v, (list, tuple)):
            items = [self.value(x, depth + 1) for x in v]
            return items if isinstance(v, list) else {TAG: "tuple", "items": items}
        if isinstance(v, dict):
            if not all(isinstance(k, str) for k in v):
                raise CodecError("a dict with non-string keys")
            return {TAG: "dict", "items": {k: self.value(x, depth + 1) for k, x in v.items()}}
        kind = type(v).__name__
        module = type(v).__module__.split(".")[0]
        if module == "pandas" and kind == "DataFrame":
            return {
                TAG: "dataframe",
                "columns": [str(c) for c in v.columns],
                "index": self.array(v.index.to_numpy()),
                "data": [self.array(v[c].to_numpy()) for c in v.columns],
            }
        if module == "pandas" and kind == "Series":
            return {
                TAG: "series",
                "name": None if v.name is None else str(v.name),
                "index": self.array(v.index.to_numpy()),
                "data": self.array(v.to_numpy()),
            }
        raise CodecError(f"a {module}.{kind} object")


def encode(value: Any) -> tuple[dict, dict[str, np.ndarray]]:
    """Split a value into a JSON-able document and the arrays it references."""
    enc = Encoder()
    return {"value": enc.value(value)}, enc.arrays


def write(path_stem: Path, value: Any, extra: dict | None = None) -> None:
    """Write `<stem>.json` (+ `<stem>.npz`) atomically: the .json appears last."""
    doc, arrays = encode(value)
    doc.update(extra or {})
    write_doc(path_stem, doc, arrays)


def write_doc(path_stem: Path, doc: dict, arrays: dict[str, np.ndarray] | None = None) -> None:
    """Write a ready document and its arrays; the .json is renamed into place last."""
    if arrays:
        np.savez(str(path_stem) + ".npz", **arrays)
    tmp = Path(str(path_stem) + ".json.tmp")
    tmp.write_text(json.dumps(doc, allow_nan=False))
    os.replace(tmp, str(path_stem) + ".json")


def _check_npz(path: Path) -> None:
    if path.stat().st_size > MAX_NPZ_BYTES:
        raise CodecError(f"arrays file is {path.stat().st_size} bytes (limit {MAX_NPZ_BYTES})")
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        raise CodecError("arrays file is not a valid .npz") from None
    if total > MAX_NPZ_BYTES:
        raise CodecError(f"arrays unpack to {total} bytes (limit {MAX_NPZ_BYTES})")


def read_doc(path_stem: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """Read a document and its arrays with size limits and allow_pickle=False."""
    json_path = Path(str(path_stem) + ".json")
    if json_path.stat().st_size > MAX_JSON_BYTES:
        raise CodecError(f"result document is larger than {MAX_JSON_BYTES} bytes")
    try:
        doc = json.loads(json_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodecError(f"result document is not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise CodecError("result document is not a JSON object")
    arrays: dict[str, np.ndarray] = {}
    npz_path = Path(str(path_stem) + ".npz")
    if npz_path.exists():
        _check_npz(npz_path)
        try:
            with np.load(npz_path, allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
        except (ValueError, OSError) as exc:
            raise CodecError(f"arrays could not be read safely ({exc})") from None
    return doc, arrays


def decode(doc_value: Any, arrays: dict[str, np.ndarray]) -> Any:
    """Rebuild a value from its JSON document and arrays; unknown tags are errors."""
    return _decode(doc_value, arrays, 0)


def _decode(v: Any, arrays: dict[str, np.ndarray], depth: int) -> Any:
    if depth > 25:
        raise CodecError("value nested too deeply")
    if isinstance(v, list):
        return [_decode(x, arrays, depth + 1) for x in v]
    if not isinstance(v, dict):
        return v
    tag = v.get(TAG)
    if tag == "ndarray":
        key = v.get("key")
        if key not in arrays:
            raise CodecError(f"missing array {key!r}")
        return arrays[key]
    if tag == "scalar":
        return _decode(v["value"], arrays, depth + 1)[()]
    if tag == "bigint":
        return int(v["text"])
    if tag == "float":
        return float(v["text"])
    if tag == "tuple":
        return tuple(_decode(x, arrays, depth + 1) for x in v["items"])
    if tag == "dict":
        return {str(k): _decode(x, arrays, depth + 1) for k, x in v["items"].items()}
    if tag == "dataframe":
        import pandas as pd

        data = [_decode(c, arrays, depth + 1) for c in v["data"]]
        columns = [str(c) for c in v["columns"]]
        if len(data) != len(columns):
            raise CodecError("dataframe columns and data disagree")
        index = _decode(v["index"], arrays, depth + 1)
        return pd.DataFrame(dict(zip(columns, data, strict=True)), index=index, columns=columns)
    if tag == "series":
        import pandas as pd

        return pd.Series(_decode(v["data"], arrays, depth + 1), index=_decode(v["index"], arrays, depth + 1),
                         name=v.get("name"))
    raise CodecError(f"unknown tag {tag!r}")
