"""Turning what came back from the sandbox into task results. Pure: no I/O, no printing."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.hints import api_hint
from grader.results import Status, TaskResult
from grader.sandbox.runner import CallOutcome
from grader.spec import Case, DoesNotApply, FunctionTask, MistakeModelWarning


@dataclass(frozen=True)
class CaseRun:
    """One case of a task: its inputs, the reference's answer, and what the student's code did."""

    case: Case
    expected: Any
    outcome: CallOutcome


@dataclass(frozen=True)
class RunContext:
    """Facts about the whole run that explain missing results."""

    timed_out: bool = False
    failed_cells: tuple[str, ...] = ()
    failed_definitions: dict[str, str] = field(default_factory=dict)  # function -> its failed cell
    defined: frozenset[str] = frozenset()  # every name some cell `def`ines
    killed_for: tuple[str, ...] = ()
    sandbox_problem: str = ""


QUOTE_LIMIT = 80  # characters of a public case's inputs quoted in a message when it has no label


def _where(case: Case) -> str:
    """How a message names a case: by its label; unlabelled, a public case by its inputs (the student
    has them), a hidden one only as the grader's input (its values stay back)."""
    if case.label:
        return f"on {case.label}"
    if case.public:
        inputs = ", ".join([*map(repr, case.args), *(f"{k}={v!r}" for k, v in case.kwargs.items())])
        return f"on ({inputs[:QUOTE_LIMIT]}{'...' if len(inputs) > QUOTE_LIMIT else ''})"
    return "on the grader's input"


def _result(task: FunctionTask, points: float, status: Status, message: str, hint: str = "",
            credit: float = 0.0) -> TaskResult:
    score = points if status is Status.PASSED else points * credit
    return TaskResult(task.name, score, points, status, message, hint)


def evaluate_task(task: FunctionTask, points: float, runs: Sequence[CaseRun], ctx: RunContext) -> TaskResult:
    """All cases must pass for the points; the first problem found is the message. A check may
    grant part of the points for a failed case (metric bands); errors earn nothing."""
    fn = f"{task.function}.predict()" if task.mode == "predict" else f"{task.function}()"
    first_hint = task.hints[0] if task.hints else ""
    for run in runs:
        out = run.outcome
        where = _where(run.case)
        if out.outcome == "returned":
            # a check that raises is the grader's failure, not the student's: grading.py reports it as such
            check = task.check(out.value, run.expected)
            diagnosis = "" if check.ok else _diagnose(task, runs, run, check.message)
            if check.ok:
                continue
            message = f"{fn} {where}: {check.message}"
            if diagnosis:
                message += f". Likely cause: {diagnosis}"
            return _result(task, points, Status.FAILED, message, first_hint, credit=check.credit)
        if out.outcome == "not_implemented":
            return _result(task, points, Status.NOT_ATTEMPTED,
                           f"{fn} still raises NotImplementedError: not attempted yet", first_hint)
        if task.mode == "predict" and out.outcome in ("missing", "not_callable"):
            if out.outcome == "not_callable" and out.info.get("type") == "NoneType":
                return _result(task, points, Status.NOT_ATTEMPTED,
                               f"{task.function} is still None: not trained yet", first_hint)
            what = "is not defined" if out.outcome == "missing" else f"is a {out.info.get('type')}, not a Keras model"
            return _result(task, points, Status.ERROR,
                           f"{task.function} {what}: train your model and assign it to `{task.function}`", first_hint)
        if out.outcome == "missing":
            name = task.function
            if name in ctx.failed_definitions:
                message = f"{name} is not defined because its cell failed: {ctx.failed_definitions[name]}"
            elif name not in ctx.defined:
                message = f"{name} is not defined: no code cell has `def {name}(...)`; check the spelling"
            else:
                message = f"{name} is not defined after the notebook ran (was it deleted or renamed later?)"
            return _result(task, points, Status.ERROR, message, first_hint)
        if out.outcome == "not_callable":
            return _result(task, points, Status.ERROR,
                           f"{task.function} is a {out.info.get('type', 'value')}, not a function", first_hint)
        if out.outcome == "forbidden":
            return _result(task, points, Status.FAILED, _forbidden_message(task, fn, where, out.info), first_hint)
        if out.outcome == "mutated":
            return _result(task, points, Status.FAILED, _mutated_message(fn, where, out.info), first_hint)
        if out.outcome == "raised":
            etype, emsg = out.info.get("type", "Exception"), out.info.get("message", "")
            message = f"{fn} {where} raised {etype}: {emsg}".rstrip(": ")
            tb = out.info.get("traceback", "").strip().splitlines()
            if tb:
                message += f" [{tb[-1].strip()}]"
            return _result(task, points, Status.ERROR, message, api_hint(etype, emsg) or first_hint)
        if out.outcome == "timeout":
            return _result(task, points, Status.TIMEOUT,
                           f"{fn} {where} {out.info.get('message', 'ran past its time limit')}: "
                           "look for a loop that never ends", first_hint)
        if out.outcome == "died":
            return _result(task, points, Status.ERROR,
                           f"{fn} {where} stopped the kernel ({out.info.get('message', 'it exited')})", first_hint)
        if out.outcome == "unreadable":
            return _result(task, points, Status.ERROR,
                           f"{fn} {where} returned something the grader cannot read: "
                           f"{out.info.get('message', '')}. Return NumPy arrays, lists, numbers, strings "
                           "or DataFrames", first_hint)
        # no result at all
        if ctx.timed_out:
            return _result(task, points, Status.TIMEOUT,
                           "the submission ran out of time before this task could be checked")
        reason = ctx.sandbox_problem or (ctx.killed_for[-1] if ctx.killed_for else "")
        return _result(task, points, Status.ERROR,
                       "the notebook stopped before this task could be checked"
                       + (f": {reason}" if reason else ""))
    return _result(task, points, Status.PASSED, "")


def _diagnose(task: FunctionTask, runs: Sequence[CaseRun], failing: CaseRun, failure: str) -> str:
    """Name the known mistakes whose answer is the student's on the failing case (`failure`: the check's
    message there), keeping those that also reproduce the student's other answers: on one case two
    mistakes can coincide (reversed ties vs insertion order), the other cases tell them apart."""
    candidates = [message for message, wrong in _mistake_answers(task, failing.case).items()
                  if _is_that_mistake(task, failing, failure, wrong)]
    if len(candidates) < 2:
        return "; or: ".join(candidates)
    explaining = set(candidates)
    for run in runs:  # each other answer computed once, every candidate tested against it
        if run is failing or run.outcome.outcome != "returned":
            continue
        answers = _mistake_answers(task, run.case)
        message = task.check(run.outcome.value, run.expected).message
        # a mistake whose answer here is unknown (it does not apply) is not ruled out
        explaining -= {m for m in explaining if m in answers and not _is_that_mistake(task, run, message, answers[m])}
    return "; or: ".join([m for m in candidates if m in explaining] or candidates)


def _mistake_answers(task: FunctionTask, case: Case) -> dict[str, Any]:
    """Each known mistake's answer on `case`, by its message (frozen in a student bundle). A mistake
    that does not apply here is left out; one that raises anything else is a bug in the spec: left out
    too, so the student is graded all the same, with a MistakeModelWarning the report records."""
    if case.known_wrong:
        return {message: wrong for wrong, message in case.known_wrong}
    answers = {}
    for mistake in task.mistakes:
        try:
            answers[mistake.message] = mistake.produce(*case.args, **case.kwargs)
        except DoesNotApply:
            continue
        except Exception as exc:
            warnings.warn(MistakeModelWarning(
                f"task {task.name}: the mistake model {mistake.message[:60]!r} raised {type(exc).__name__}: {exc} "
                f"on {case.label or 'a hidden case'} (raise spec.DoesNotApply where a mistake does not apply)"),
                stacklevel=2)
    return answers


def _is_that_mistake(task: FunctionTask, run: CaseRun, failure: str, wrong: Any) -> bool:
    """The answer equals the mistake's answer; where answers are not comparable (a property-checked
    task: any shuffled split passes), the mistake's answer fails the check the same way."""
    if task.checks_properties:
        return task.check(wrong, run.expected).message == failure
    return task.check(run.outcome.value, wrong).ok


_COPY_ADVICE = {
    "array": "work on a copy (np.array({name}, dtype=float) or {name}.copy())",
    "frame": "work on a copy ({name}.copy()) and return a new object",
    "list": "build a new list (list({name}) or copy.deepcopy({name})) instead of changing it",
    "dict": "build a new dict (dict({name}) or copy.deepcopy({name})) instead of changing it",
}


def _mutated_message(fn: str, where: str, info: dict) -> str:
    """The rule "inputs must not be changed", naming the argument the call changed in place."""
    name = str(info.get("argument", "?"))
    position = str(info.get("position", ""))
    which = f"its argument `{name}` (position {position})" if position else f"its keyword argument `{name}`"
    advice = _COPY_ADVICE.get(str(info.get("kind", "")), "work on a copy (copy.deepcopy({name}))")
    return f"{fn} {where} changed {which} in place: {advice.format(name=name)}; the caller's data must stay as it was"


def _forbidden_message(task: FunctionTask, fn: str, where: str, info: dict) -> str:
    """The rule "write it by hand", naming the off-limits API the call used."""
    api = str(info.get("api", "an off-limits API"))
    return (f"{fn} {where}: this task asks you to write it with NumPy: {api} was called "
            f"(off-limits inside {fn}: {', '.join(task.forbidden) or api}; use them outside it to check your answer)")
