import json
import pickle
import zipfile

import numpy as np
import pandas as pd
import pytest

from grader.sandbox import codec


def roundtrip(tmp_path, value):
    codec.write(tmp_path / "r", value)
    doc, arrays = codec.read_doc(tmp_path / "r")
    return codec.decode(doc["value"], arrays)


@pytest.mark.parametrize("value", [None, True, 3, 2**70, 1.5, float("nan"), float("inf"), "cold", [1, "a", None]])
def test_plain_values_roundtrip(tmp_path, value):
    got = roundtrip(tmp_path, value)
    if isinstance(value, float) and np.isnan(value):
        assert np.isnan(got)
    else:
        assert got == value


def test_arrays_tuples_dicts_and_scalars_roundtrip(tmp_path):
    value = {"a": np.arange(6).reshape(2, 3), "b": (np.float32(1.5), np.array(["x", "yz"])), "c": [np.int64(7)]}
    got = roundtrip(tmp_path, value)
    np.testing.assert_array_equal(got["a"], value["a"])
    assert isinstance(got["b"], tuple) and got["b"][0] == 1.5
    assert got["b"][1].tolist() == ["x", "yz"]
    assert got["c"][0] == 7


@pytest.mark.parametrize("value", [np.float32(0.25), np.int64(7), np.int32(-2), np.bool_(True), np.float16(1.5)])
def test_numpy_scalars_come_back_as_scalars_of_their_type(tmp_path, value):
    got = roundtrip(tmp_path, value)
    assert np.shape(got) == () and type(got) is type(value) and got == value


def test_zero_dimensional_arrays_keep_their_shape(tmp_path):
    got = roundtrip(tmp_path, (np.asarray(2.5), np.asarray([[1]])))
    assert got[0].shape == () and got[0] == 2.5
    assert got[1].shape == (1, 1)


def test_dataframes_and_series_roundtrip_with_index(tmp_path):
    df = pd.DataFrame({"t": [1, 2], "t-1": [0.0, 1.0]}, index=[5, 6])
    got = roundtrip(tmp_path, df)
    pd.testing.assert_frame_equal(got, df)
    s = pd.Series([1.0, 2.0], index=[3, 4], name="x")
    pd.testing.assert_series_equal(roundtrip(tmp_path, s), s)


def test_object_arrays_of_strings_become_string_arrays(tmp_path):
    got = roundtrip(tmp_path, np.array(["a", "b"], dtype=object))
    assert got.dtype.kind == "U"


@pytest.mark.parametrize("value", [object(), np.array([object()], dtype=object), {1: "a"}, lambda: 1])
def test_unsupported_values_are_refused_when_encoding(value):
    with pytest.raises(codec.CodecError):
        codec.encode(value)


def test_pickled_object_arrays_are_never_loaded(tmp_path):
    (tmp_path / "r.json").write_text(json.dumps({"value": {codec.TAG: "ndarray", "key": "a0"}}))
    np.savez(tmp_path / "r.npz", a0=np.array([{"x": 1}], dtype=object))
    with pytest.raises(codec.CodecError):
        codec.read_doc(tmp_path / "r")


def test_a_raw_pickle_disguised_as_npz_is_refused(tmp_path):
    (tmp_path / "r.json").write_text("{}")
    (tmp_path / "r.npz").write_bytes(pickle.dumps([1, 2, 3]))
    with pytest.raises(codec.CodecError):
        codec.read_doc(tmp_path / "r")


def test_arrays_that_unpack_beyond_the_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(codec, "MAX_NPZ_BYTES", 1000)
    (tmp_path / "r.json").write_text("{}")
    with zipfile.ZipFile(tmp_path / "r.npz", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a0.npy", b"\0" * 100_000)
    with pytest.raises(codec.CodecError, match="unpack"):
        codec.read_doc(tmp_path / "r")


def test_unknown_tags_and_missing_arrays_are_errors():
    with pytest.raises(codec.CodecError):
        codec.decode({codec.TAG: "pickle", "data": "..."}, {})
    with pytest.raises(codec.CodecError):
        codec.decode({codec.TAG: "ndarray", "key": "nope"}, {})


def test_invalid_json_is_a_codec_error(tmp_path):
    (tmp_path / "r.json").write_bytes(b"\xff{not json")
    with pytest.raises(codec.CodecError):
        codec.read_doc(tmp_path / "r")
