"""The one parser for what the sandbox hands back: good documents become typed values, hostile ones (wrong
types, missing keys, huge lists, unknown words) a safe default or a clear sandbox failure, never a traceback."""

import json
from dataclasses import asdict

import numpy as np
import pytest

from grader.sandbox import codec
from grader.sandbox.protocol import (
    MAX_MANIFEST_BYTES,
    MAX_MANIFEST_ITEMS,
    CallOutcome,
    CellRecord,
    CellStatus,
    Manifest,
    OutcomeKind,
    Phase,
    parse_manifest,
    parse_progress,
    read_manifest,
    read_outcome,
    read_progress,
)

GOOD = Manifest(problems=["could not seed the kernel: X"],
                cells=[CellRecord(1, ["f", "g"], CellStatus.OK, seconds=0.5),
                       CellRecord(2, [], CellStatus.ERROR, "KeyError", "'a'")],
                killed_for=["memory: 5000 MB resident, limit 4096 MB"], finished_at=1.5e9, out_of_time=True)


def test_a_manifest_as_the_harness_writes_it_reads_back_equal(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps(asdict(GOOD)))
    assert read_manifest(tmp_path) == GOOD
    assert read_manifest(tmp_path).cells[1].status is CellStatus.ERROR


def test_no_manifest_or_one_that_is_not_an_object_is_none(tmp_path):
    assert read_manifest(tmp_path) is None
    for text in ("[1, 2]", "not json", '"text"', "null"):
        (tmp_path / "manifest.json").write_text(text)
        assert read_manifest(tmp_path) is None


def test_missing_keys_take_their_defaults_without_a_problem():
    assert parse_manifest({}) == Manifest()
    assert parse_manifest({"cells": [{"status": "ok"}]}).cells == [CellRecord(0, [], CellStatus.OK)]


@pytest.mark.parametrize("doc, field", [
    ({"cells": "many"}, "cells"),
    ({"cells": [{"status": "exploded"}]}, "cells"),
    ({"cells": [7]}, "cells"),
    ({"problems": {"a": 1}}, "problems"),
    ({"killed_for": 3}, "killed_for"),
    ({"problems": ["x"] * (MAX_MANIFEST_ITEMS + 1)}, "problems"),
])
def test_a_malformed_field_is_ignored_and_reported_as_a_sandbox_failure(doc, field):
    manifest = parse_manifest(doc)
    assert manifest.sandbox_failure.startswith("sandbox failure: the sandbox's manifest was malformed")
    assert f"({field})" in manifest.sandbox_failure
    assert len(manifest.problems) <= MAX_MANIFEST_ITEMS + 1


def test_wrong_types_inside_a_cell_fall_back_to_safe_values():
    cell = {"index": "one", "status": "error", "defines": ["f", 3, None, "g" * 500] + ["h"] * 100,
            "ename": ["list"], "evalue": "x" * 10_000, "seconds": "slow"}
    manifest = parse_manifest({"cells": [cell], "finished_at": "late", "out_of_time": "yes"})
    rec = manifest.cells[0]
    assert (rec.index, rec.status, rec.ename, rec.seconds) == (0, CellStatus.ERROR, "", 0.0)
    assert rec.defines[0] == "f" and len(rec.defines) <= 50 and all(len(n) <= 200 for n in rec.defines)
    assert len(rec.evalue) <= 2000
    assert manifest.finished_at == 0.0 and manifest.out_of_time is False  # only a real true counts
    assert not manifest.problems


def test_an_oversized_manifest_is_a_sandbox_failure_not_a_memory_blowup(tmp_path):
    with (tmp_path / "manifest.json").open("w") as f:
        f.write('{"problems": ["' + "x" * (MAX_MANIFEST_BYTES + 1) + '"]}')
    assert read_manifest(tmp_path).sandbox_failure.endswith(f"is over {MAX_MANIFEST_BYTES} bytes")


def test_a_deeply_nested_manifest_is_none_not_a_recursion_error(tmp_path):
    (tmp_path / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    assert read_manifest(tmp_path) is None


def test_progress_keeps_known_phases_and_whole_counts_only(tmp_path):
    doc = {"phase": "cell", "cell": 3, "done": 2.0, "cells": True, "calls": "9", "secret": "\x1b[2J"}
    assert parse_progress(doc) == {"phase": Phase.CELL, "cell": 3, "done": 2}
    for bad in ({"phase": "pwned"}, [], {"cell": 1}, {"phase": ["cell"]}):
        assert parse_progress(bad) == {}
    (tmp_path / "progress.json").write_text(json.dumps({"phase": "checking", "calls": 12}))
    assert read_progress(tmp_path) == {"phase": "checking", "calls": 12}
    (tmp_path / "progress.json").write_text(json.dumps({"phase": "cell", "pad": "x" * 5000}))
    assert read_progress(tmp_path) == {}


def test_a_returned_value_and_the_info_of_other_outcomes_read_back_typed(tmp_path):
    codec.write(tmp_path / "a", np.arange(3.0), {"outcome": "returned"})
    codec.write_doc(tmp_path / "b", {"outcome": "raised", "type": "ValueError", "message": "bad", "line": 3})
    returned, raised = read_outcome(tmp_path, "a"), read_outcome(tmp_path, "b")
    assert returned.outcome is OutcomeKind.RETURNED and returned.value.tolist() == [0.0, 1.0, 2.0]
    assert raised == CallOutcome(OutcomeKind.RAISED, None, {"type": "ValueError", "message": "bad", "line": "3"})
    assert read_outcome(tmp_path, "never-written").outcome is OutcomeKind.NO_RESULT


@pytest.mark.parametrize("text", [
    '{"outcome": "passed_with_full_marks"}',  # a word no part of the grader writes
    '{"outcome": "no_result"}',  # the grader's own word for "no file"
    '{"outcome": ["returned"]}',
    '["returned", 1]',
    '{"outcome": "returned", "value": {"__grader__": "pickle", "data": "gASV"}}',
    "{not json",
])
def test_a_forged_or_broken_result_is_unreadable_with_its_reason(tmp_path, text):
    (tmp_path / "c.json").write_text(text)
    out = read_outcome(tmp_path, "c")
    assert out.outcome is OutcomeKind.UNREADABLE and out.value is None
    assert out.info["message"]


def test_call_outcome_accepts_wire_strings_and_refuses_unknown_ones():
    assert CallOutcome("mutated").outcome is OutcomeKind.MUTATED
    with pytest.raises(ValueError):
        CallOutcome("passed")


def test_cell_status_failed_is_error_timeout_and_died():
    assert {s for s in CellStatus if s.failed} == {CellStatus.ERROR, CellStatus.TIMEOUT, CellStatus.DIED}
