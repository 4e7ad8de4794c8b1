"""Runs inside the student's kernel: calls the student's functions on the grader's inputs.

A call's mode says what to do with the named object: "call" it, "describe" the Keras model
the call returns, "figure": describe the matplotlib Figure the call returns, or "predict" with
the model the notebook left in that variable.

The harness executes one constant cell, `from grader.sandbox.agent import serve; serve()`.
Which functions to call, and with what, arrives as data (request.json/npz in the channel
folder named by $GRADER_CHANNEL); each call's outcome leaves as data (results/<id>.json).
Nothing here is trusted by the grader: it only decodes and compares what lands in files.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import json
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from grader.sandbox import codec
from grader.sandbox.arguments import changed_argument, fresh_arguments, snapshot_arguments
from grader.sandbox.describe import describe_figure, describe_model
from grader.sandbox.forbidden import ForbiddenCall, Guard
from grader.sandbox.protocol import Mode, OutcomeKind

_MISSING = object()
DEFAULT_CALL_TIMEOUT_S = 30.0  # a call the request gives no limit (the grader always gives one)
DESCRIBE_TIMEOUT_S = 30.0  # describing a returned model or figure
MAX_MESSAGE = 2000  # characters of the student's exception message
MAX_RECURSION_MESSAGE = 500
MAX_TRACEBACK = 4000  # characters of the traceback lines kept
TRACEBACK_FRAMES = 5  # the innermost frames in the student's own cells


class _CallTimeout(BaseException):
    """Raised by the alarm when one call runs past its limit (BaseException: hard to swallow)."""


def _user_namespace() -> dict[str, Any]:
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            return shell.user_ns
    except ImportError:
        pass
    import __main__

    return vars(__main__)


def _is_notebook_frame(filename: str) -> bool:
    return "ipykernel_" in filename or filename.startswith("<ipython")


def _short_traceback(exc: BaseException, limit: int = MAX_TRACEBACK) -> str:
    """The traceback lines inside the student's own cells (library internals left out)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if _is_notebook_frame(f.filename)] or frames[-1:]
    lines = [f"line {f.lineno}, in {f.name}: {(f.line or '').strip()}" for f in own[-TRACEBACK_FRAMES:]]
    return "\n".join(lines)[-limit:]


def _on_alarm(signum: int, frame: Any) -> None:
    raise _CallTimeout()


def _call(fn: Any, args: list, kwargs: dict, seconds: float) -> tuple[OutcomeKind, Any, dict]:
    previous = None
    try:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    except ValueError:  # not the main thread: rely on the harness's cell timeout
        previous = None
    try:
        return OutcomeKind.RETURNED, fn(*args, **kwargs), {}
    except _CallTimeout:
        return OutcomeKind.TIMEOUT, None, {"message": f"did not return within {seconds:g} s"}
    except ForbiddenCall as exc:
        return OutcomeKind.FORBIDDEN, None, {"api": str(exc)}
    except NotImplementedError as exc:
        return OutcomeKind.NOT_IMPLEMENTED, None, {"message": str(exc)}
    except RecursionError as exc:
        return OutcomeKind.RAISED, None, {"type": "RecursionError", "message": str(exc)[:MAX_RECURSION_MESSAGE],
                                          "traceback": ""}
    except Exception as exc:  # the student's exception is an outcome, not a crash
        return OutcomeKind.RAISED, None, {
            "type": type(exc).__name__,
            "message": str(exc)[:MAX_MESSAGE],
            "traceback": _short_traceback(exc),
        }
    finally:
        if previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def prelude(channel: str | None = None) -> None:
    """Seed Python, NumPy and (when the lab trains models) Keras before any student cell runs,
    so a notebook trains the same way on every run and on the instructor's machine."""
    import random

    import numpy as np

    random.seed(0)
    np.random.seed(0)
    request = json.loads((Path(channel or os.environ["GRADER_CHANNEL"]) / "request.json").read_text())
    if request.get("seed_keras"):
        # seed when the notebook imports Keras or TensorFlow, not before: importing them here
        # would cost every notebook seconds, even those that never use them
        sys.meta_path.insert(0, _SeedOnImport())


class _SeedOnImport(importlib.abc.MetaPathFinder):
    """Seeds Keras/TensorFlow right after their first import, then steps aside."""

    SEEDERS: ClassVar[dict[str, Callable[[Any], None]]] = {
        "keras": lambda module: module.utils.set_random_seed(0),
        "tensorflow": lambda module: module.random.set_seed(0),
    }

    def find_spec(self, name, path, target=None):
        if name not in self.SEEDERS:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            if any(n not in sys.modules for n in self.SEEDERS if n != name):
                sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        load, seed = spec.loader.exec_module, self.SEEDERS[name]

        def exec_and_seed(module) -> None:
            load(module)
            with contextlib.suppress(Exception):
                seed(module)

        spec.loader.exec_module = exec_and_seed
        return spec


def _stopped_tasks(calls: list[dict], results: Path) -> set:
    """Tasks with a call that ended without a value (in an earlier run of the agent)."""
    stopped = set()
    for call in calls:
        path = results / (call["id"] + ".json")
        if path.exists():
            try:
                if json.loads(path.read_text()).get("outcome") != OutcomeKind.RETURNED:
                    stopped.add(call.get("task"))
            except (OSError, ValueError):
                stopped.add(call.get("task"))
    return stopped


def run_call(namespace: dict, name: str, mode: str, args: list, kwargs: dict,
             timeout: float, forbidden: tuple[str, ...] | list[str] = ()) -> tuple[OutcomeKind, Any, dict]:
    """One call as the grader asked it: (outcome, value, info). Shared with the self-check.

    The task's rules hold for every call: the `forbidden` APIs are disabled during it (a use is
    the outcome "forbidden"), and an argument it changed in place makes the outcome "mutated"."""
    target = namespace.get(name, _MISSING)
    if target is _MISSING:
        return OutcomeKind.MISSING, None, {}
    fn = getattr(target, "predict", None) if mode == Mode.PREDICT else target
    if not callable(fn):
        return OutcomeKind.NOT_CALLABLE, None, {"type": type(target).__name__}
    if mode == Mode.PREDICT and type(target).__module__.partition(".")[0] in ("keras", "tf_keras", "tensorflow"):
        kwargs.setdefault("verbose", 0)  # Keras prints a progress bar per predict(); scikit-learn has no verbose
    before = snapshot_arguments(args, kwargs)
    with Guard(tuple(forbidden), namespace) as guard:
        loaded = len(sys.modules)
        outcome, value, info = _call(fn, args, kwargs, timeout)
        if outcome == OutcomeKind.TIMEOUT and len(sys.modules) > loaded:
            # the limit fell while the call was importing libraries (a first `import sklearn` inside the
            # function on a loaded machine): import time is not the function's time, so one more try
            # with the libraries loaded and the arguments as they were
            args, kwargs = fresh_arguments(args, kwargs, before)
            outcome, value, info = _call(fn, args, kwargs, timeout)
    if guard.used:  # even when the student's code caught the guard's exception and went on
        return OutcomeKind.FORBIDDEN, None, {"api": guard.used[0]}
    if outcome == OutcomeKind.RETURNED:
        changed = changed_argument(fn, args, kwargs, before)
        if changed is not None:
            return OutcomeKind.MUTATED, None, changed
    if outcome == OutcomeKind.RETURNED and mode == Mode.DESCRIBE:
        outcome, value, info = _call(describe_model, [value], {}, DESCRIBE_TIMEOUT_S)
    if outcome == OutcomeKind.RETURNED and mode == Mode.FIGURE:  # a matplotlib Figure, described as plain data
        outcome, value, info = _call(describe_figure, [value], {}, DESCRIBE_TIMEOUT_S)
    return outcome, value, info


def serve(channel: str | None = None) -> None:
    """Answer every call in the request that has no outcome yet, one file per call."""
    root = Path(channel or os.environ["GRADER_CHANNEL"])
    request, arrays = codec.read_doc(root / "request")
    results = root / "results"
    results.mkdir(exist_ok=True)
    namespace = _user_namespace()
    stopped = _stopped_tasks(request["calls"], results)
    for call in request["calls"]:
        stem = results / call["id"]
        started = results / (call["id"] + ".started")
        if started.exists() or Path(str(stem) + ".json").exists():
            continue
        started.touch()
        if call.get("task") in stopped:  # an earlier case already decided this task
            codec.write_doc(stem, {"outcome": OutcomeKind.SKIPPED})
            continue
        stopped.add(call.get("task"))  # until it returns: covers a kernel death mid-call
        outcome, value, info = run_call(namespace, call["function"], call.get("mode", Mode.CALL),
                                        codec.decode(call["args"], arrays), codec.decode(call["kwargs"], arrays),
                                        float(call.get("timeout", DEFAULT_CALL_TIMEOUT_S)),
                                        tuple(call.get("forbidden", ())))
        if outcome != OutcomeKind.RETURNED:
            codec.write_doc(stem, {"outcome": outcome, **info})
            continue
        stopped.discard(call.get("task"))
        try:
            codec.write(stem, value, {"outcome": OutcomeKind.RETURNED})
        except codec.CodecError as exc:
            codec.write_doc(stem, {"outcome": OutcomeKind.UNREADABLE, "message": str(exc)})
        except (OSError, ValueError, TypeError) as exc:
            codec.write_doc(stem, {"outcome": OutcomeKind.UNREADABLE, "message": f"{type(exc).__name__}: {exc}"})
