"""Student-controlled text is cleaned once, where the runner reads results back: no escape
sequence reaches a terminal and every report format (JUnit XML included) parses."""

import json
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from grader.evaluate import CaseRun, RunContext, evaluate_task
from grader.report.junit import to_junit
from grader.results import Report, WeekResult
from grader.sandbox import codec
from grader.sandbox.protocol import CellRecord, CellStatus, read_manifest, read_outcome
from grader.sandbox.runner import _log_tail
from grader.sandbox.sanitize import clean_text, clean_value
from grader.spec import Case, FunctionTask

HOSTILE = "\x1b[31mred\x1b[0m\x00 bell\x07 \x1b]0;title\x07osc\x9b2Jc1 \ud800\ufffe\uffff\r\nnext\tcol"


def test_clean_text_drops_escape_sequences_whole_and_keeps_newlines_and_tabs():
    assert clean_text(HOSTILE) == "red bell oscc1 \nnext\tcol"
    assert clean_text("plain text, é ü 中") == "plain text, é ü 中"


def test_clean_value_reaches_nested_strings_dict_keys_arrays_and_frames():
    frame = pd.DataFrame({"co\x00l": ["a\x00", "b"], "n": [1, 2]}, index=["r\x07", "s"])
    value = {"k\x1b[1m": [("x\x00", np.array(["\x1b[2Jy", "z"])), frame, pd.Series(["q\x08"], name="s\x00")]}
    got = clean_value(value)
    key = next(iter(got))
    assert key == "k"
    (text, arr), df, series = got[key]
    assert text == "x" and arr.tolist() == ["y", "z"]
    assert list(df.columns) == ["col", "n"] and df["col"].tolist() == ["a", "b"] and list(df.index) == ["r", "s"]
    assert df["n"].tolist() == [1, 2]
    assert series.tolist() == ["q"] and series.name == "s"


def test_numbers_and_numeric_frames_come_back_unchanged():
    arr = np.arange(6.0).reshape(2, 3)
    assert clean_value(arr) is arr
    df = pd.DataFrame({"a": [1.5, np.nan]}, index=[3, 4])
    pd.testing.assert_frame_equal(clean_value(df), df)


def test_outcome_info_and_returned_strings_are_cleaned_at_read_back(tmp_path):
    codec.write(tmp_path / "c1", None, {"outcome": "raised", "type": "Value\x1b[31mError",
                                        "message": "bad\x00 input\x1b[0m", "traceback": "line\x07 1\nline 2"})
    out = read_outcome(tmp_path, "c1")
    assert out.info == {"type": "ValueError", "message": "bad input", "traceback": "line 1\nline 2"}
    codec.write(tmp_path / "c2", {"wo\x1b[1mrd": "x\x00y"}, {"outcome": "returned"})
    assert read_outcome(tmp_path, "c2").value == {"word": "xy"}


def test_manifest_and_log_tail_are_cleaned(tmp_path):
    cell = {"index": 3, "status": "error", "ename": "Key\x1b[31mError", "evalue": "'a\x00'",
            "defines": ["f\x1b[2J"]}
    (tmp_path / "manifest.json").write_text(json.dumps({"cells": [cell], "problems": ["\x1b[2Jcleared"]}))
    manifest = read_manifest(tmp_path)
    assert manifest.cells == [CellRecord(3, ["f"], CellStatus.ERROR, "KeyError", "'a'")]
    assert manifest.problems == ["cleared"]
    (tmp_path / "harness.log").write_bytes(b"start\x1b[31m\x00 ok\n")
    assert _log_tail(tmp_path / "harness.log") == "start ok\n"


def test_junit_from_a_hostile_exception_message_parses(tmp_path):
    codec.write(tmp_path / "c", None, {"outcome": "raised", "type": "ValueError",
                                       "message": "\x1b[31mboom\x00\x1b[0m", "traceback": "\x00"})
    task = FunctionTask(name="f", weight=1.0, reference=None, cases=lambda rng: [Case()], check=lambda a, e: None)
    result = evaluate_task(task, 1.0, [CaseRun(Case(), None, read_outcome(tmp_path, "c"))], RunContext())
    xml = to_junit(Report("s.ipynb", "0" * 64, "0", (WeekResult(1, "w", (result,)),)))
    root = ET.fromstring(xml.split("\n", 1)[1])
    error = root.find("testsuite/testcase/error")
    assert error.get("message") == "f() on the grader's input raised ValueError: boom"
    assert "\x1b" not in xml and "\x00" not in xml
