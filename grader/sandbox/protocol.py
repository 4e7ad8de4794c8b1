"""The data the sandbox hands back, typed: what each word on the wire means, and the one parser for it.

The harness and the agent write plain JSON (manifest.json, progress.json, results/<id>.json) from a
process tree that runs student code, so every file is untrusted: the readers here check each field's
type and size, fall back to a safe default, and never raise. Past `runner.Sandbox.wait` the grader
sees only these typed values. The enums are StrEnums: their values are the strings on the wire.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from grader.sandbox import codec
from grader.sandbox.sanitize import clean_text, clean_value

MAX_PROGRESS_BYTES = 4096  # progress.json is a handful of numbers
MAX_MANIFEST_BYTES = 16 * 1024**2
MAX_MANIFEST_ITEMS = 10_000  # cells, problems, kills: more than any harness writes (Limits.max_cells is 2000)
MAX_DEFINES = 50  # names recorded per cell (messages only)
MAX_INFO_CHARS = 4000  # each info field of a call's outcome
MAX_TEXT_CHARS = 2000  # each string of the manifest
MAX_ERROR_CHARS = 500  # why a result could not be read
SANDBOX_FAILURE = "sandbox failure"  # starts a problem that is the grader's (outcome sandbox_failed), not the student's


class OutcomeKind(StrEnum):
    """How one call ended (the agent and the harness write it; evaluate turns it into a verdict)."""

    RETURNED = "returned"  # a value came back (for "describe"/"figure": its description)
    RAISED = "raised"  # the student's code raised; info: type, message, traceback
    NOT_IMPLEMENTED = "not_implemented"  # still the template's stub
    MISSING = "missing"  # no such name in the notebook's namespace
    NOT_CALLABLE = "not_callable"  # the name is bound to something that cannot be called; info: type
    FORBIDDEN = "forbidden"  # it used an API the task rules out; info: api
    MUTATED = "mutated"  # it changed an argument in place; info: argument, position, kind
    TIMEOUT = "timeout"  # it ran past its time limit; info: message
    DIED = "died"  # the kernel died or was killed during the call (harness); info: message
    UNREADABLE = "unreadable"  # its value or result file cannot be read; info: message
    SKIPPED = "skipped"  # not called: an earlier case of the task already ended without a value
    NO_RESULT = "no_result"  # no result file at all (the run stopped first; grader side only)


class Mode(StrEnum):
    """What the agent does with the named object (FunctionTask.mode, Call.mode)."""

    CALL = "call"  # call it, check the value
    DESCRIBE = "describe"  # call it, check the Keras model it returns, described as plain data
    FIGURE = "figure"  # call it, check the matplotlib Figure it returns, described as plain data
    PREDICT = "predict"  # the name is a trained model: check `name.predict(*args)`


class CellStatus(StrEnum):
    """How one of the student's cells ended (the harness's record)."""

    PENDING = "pending"
    OK = "ok"
    ERROR = "error"  # raised: ename, evalue
    TIMEOUT = "timeout"  # ran past the cell limit
    DIED = "died"  # the kernel died or was killed while it ran
    SKIPPED = "skipped"  # not run: time or kernel restarts ran out

    @property
    def failed(self) -> bool:
        return self in (CellStatus.ERROR, CellStatus.TIMEOUT, CellStatus.DIED)


class Phase(StrEnum):
    """What the harness is doing (progress.json, shown live by `grader check`)."""

    SANDBOX_STARTING = "sandbox_starting"  # grader side: no progress file yet
    KERNEL_STARTING = "kernel_starting"
    KERNEL_STARTED = "kernel_started"
    KERNEL_FAILED = "kernel_failed"
    CELL = "cell"  # with cell, done, cells
    CHECKING = "checking"  # with calls


PROGRESS_COUNTS = ("cell", "done", "cells", "calls")


@dataclass
class CellRecord:
    """One student cell as the harness ran it."""

    index: int
    defines: list[str] = field(default_factory=list)  # names after `def` or `=`, for messages only
    status: CellStatus = CellStatus.PENDING
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0  # wall time of the cell (training cells dominate a lab's grading time)


@dataclass
class Manifest:
    """What the harness reports about the whole run (manifest.json)."""

    problems: list[str] = field(default_factory=list)
    cells: list[CellRecord] = field(default_factory=list)
    killed_for: list[str] = field(default_factory=list)  # each resource limit that killed processes
    finished_at: float = 0.0  # wall clock when the last result was on disk (the grader times the teardown)
    out_of_time: bool = False  # the whole-submission time limit stopped cells or calls (outcome "timeout")

    @property
    def sandbox_failure(self) -> str:
        """The first problem that is the sandbox's own failure ('' if none)."""
        return next((p for p in self.problems if p.startswith(SANDBOX_FAILURE)), "")


@dataclass(frozen=True)
class CallOutcome:
    """What came back for one call: its kind, the value (RETURNED only) and string facts (`info`)."""

    outcome: OutcomeKind
    value: Any = None
    info: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", OutcomeKind(self.outcome))  # a plain wire string is accepted


# -- parsing ---------------------------------------------------------------------------------------

def _text(value: object, limit: int = MAX_TEXT_CHARS) -> str:
    return clean_text(str(value)[:limit]) if isinstance(value, (str, int, float)) else ""


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _items(doc: dict, key: str, dropped: list[str]) -> list:
    """doc[key] when it is a list (at most MAX_MANIFEST_ITEMS), else [] and the key noted as dropped."""
    value = doc.get(key, [])
    if not isinstance(value, list):
        dropped.append(key)
        return []
    if len(value) > MAX_MANIFEST_ITEMS:
        dropped.append(key)
    return value[:MAX_MANIFEST_ITEMS]


def _cell(doc: object) -> CellRecord | None:
    if not isinstance(doc, dict):
        return None
    index = doc.get("index")
    try:
        status = CellStatus(doc.get("status"))
    except ValueError:
        return None
    defines = doc.get("defines")
    names = [_text(n, 200) for n in defines[:MAX_DEFINES] if isinstance(n, str)] if isinstance(defines, list) else []
    return CellRecord(index=index if isinstance(index, int) and not isinstance(index, bool) else 0,
                      defines=names, status=status, ename=_text(doc.get("ename", "")),
                      evalue=_text(doc.get("evalue", "")), seconds=max(0.0, _number(doc.get("seconds"))))


def parse_manifest(doc: object) -> Manifest | None:
    """The manifest from its decoded JSON, or None when it is not a JSON object at all. Fields of the wrong
    type or size are left at their defaults, and a problem says so (the harness never writes them)."""
    if not isinstance(doc, dict):
        return None
    dropped: list[str] = []
    cells = [_cell(c) for c in _items(doc, "cells", dropped)]
    if None in cells:
        dropped.append("cells")
    manifest = Manifest(
        problems=[_text(p) for p in _items(doc, "problems", dropped) if isinstance(p, str)],
        cells=[c for c in cells if c is not None],
        killed_for=[_text(k) for k in _items(doc, "killed_for", dropped) if isinstance(k, str)],
        finished_at=max(0.0, _number(doc.get("finished_at"))),
        out_of_time=doc.get("out_of_time") is True,
    )
    if dropped:
        fields = ", ".join(sorted(set(dropped)))
        manifest.problems.append(f"{SANDBOX_FAILURE}: the sandbox's manifest was malformed ({fields}); "
                                 "what it said about those was ignored")
    return manifest


def read_manifest(workdir: Path) -> Manifest | None:
    """workdir/manifest.json, parsed; None when there is none or it is not a JSON object (the sandbox did
    not start, or it was overwritten with something else)."""
    path = workdir / "manifest.json"
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            return Manifest(problems=[f"{SANDBOX_FAILURE}: the sandbox's manifest is over {MAX_MANIFEST_BYTES} bytes"])
        return parse_manifest(json.loads(path.read_text(encoding="utf-8", errors="replace")))
    except (OSError, ValueError, RecursionError):
        return None


def parse_progress(doc: object) -> dict[str, Any]:
    """A progress document with its known fields only: `phase` (a Phase) and whole counts; {} for anything
    else (progress is a courtesy: nothing unreadable in it is news)."""
    if not isinstance(doc, dict):
        return {}
    try:
        phase = Phase(doc.get("phase"))
    except ValueError:
        return {}
    counts = {k: int(v) for k, v in doc.items()
              if k in PROGRESS_COUNTS and isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e9}
    return {"phase": phase, **counts}


def read_progress(workdir: Path) -> dict[str, Any]:
    """workdir/progress.json, parsed (see parse_progress); {} when absent, too big or unreadable."""
    path = workdir / "progress.json"
    try:
        if path.stat().st_size > MAX_PROGRESS_BYTES:
            return {}
        return parse_progress(json.loads(path.read_text(encoding="utf-8", errors="replace")))
    except (OSError, ValueError, RecursionError):
        return {}


def _info(doc: dict) -> dict[str, str]:
    return {clean_text(str(k)[:200]): clean_text(str(v)[:MAX_INFO_CHARS]) for k, v in doc.items()
            if k not in ("value", "outcome")}


def unreadable(message: str) -> CallOutcome:
    return CallOutcome(OutcomeKind.UNREADABLE, info={"message": clean_text(message[:MAX_ERROR_CHARS])})


def read_outcome(results: Path, call_id: str) -> CallOutcome:
    """results/<call_id>.json (and .npz), decoded without executing anything (see codec); NO_RESULT when
    there is no file, UNREADABLE with the reason when it cannot be read or names no known outcome."""
    stem = results / call_id
    if not Path(str(stem) + ".json").exists():
        return CallOutcome(OutcomeKind.NO_RESULT)
    try:
        doc, arrays = codec.read_doc(stem)
        if not isinstance(doc, dict):
            return unreadable("the result is not a JSON object")
        kind = doc.get("outcome", OutcomeKind.UNREADABLE)
        if kind not in OutcomeKind.__members__.values() or kind == OutcomeKind.NO_RESULT:
            return unreadable(f"the sandbox reported an unknown outcome {_text(kind, 50)!r}")
        kind = OutcomeKind(kind)
        value = clean_value(codec.decode(doc.get("value"), arrays)) if kind is OutcomeKind.RETURNED else None
        return CallOutcome(kind, value, _info(doc))
    except (codec.CodecError, OSError, KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        return unreadable(str(exc))
