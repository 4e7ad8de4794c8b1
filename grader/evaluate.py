"""Turning what came back from the sandbox into task results. Pure: no I/O, no printing."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.hints import api_hint
from grader.results import Status, TaskResult
from grader.sandbox.protocol import CallOutcome, Mode, OutcomeKind
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


@dataclass(frozen=True)
class _Call:
    """One case's call as the handlers see it: the task, its points, every case, this case, how to name it."""

    task: FunctionTask
    points: float
    runs: Sequence[CaseRun]
    run: CaseRun
    ctx: RunContext

    @property
    def fn(self) -> str:
        return f"{self.task.function}.predict()" if self.task.mode == Mode.PREDICT else f"{self.task.function}()"

    @property
    def where(self) -> str:
        return _where(self.run.case)

    @property
    def info(self) -> dict[str, str]:
        return self.run.outcome.info

    @property
    def hint(self) -> str:
        return self.task.hints[0] if self.task.hints else ""

    def result(self, status: Status, message: str, hint: str | None = None, credit: float = 0.0) -> TaskResult:
        return _result(self.task, self.points, status, message, self.hint if hint is None else hint, credit)


def _returned(c: _Call) -> TaskResult | None:
    """None when the check passes (on to the next case)."""
    # a check that raises is the grader's failure, not the student's: grading.py reports it as such
    check = c.task.check(c.run.outcome.value, c.run.expected)
    if check.ok:
        return None
    message = f"{c.fn} {c.where}: {check.message}"
    diagnosis = _diagnose(c.task, c.runs, c.run, check.message)
    if diagnosis:
        message += f". Likely cause: {diagnosis}"
    return c.result(Status.FAILED, message, credit=check.credit)


def _not_implemented(c: _Call) -> TaskResult:
    return c.result(Status.NOT_ATTEMPTED, f"{c.fn} still raises NotImplementedError: not attempted yet")


def _no_model(c: _Call) -> TaskResult:
    """A predict task whose variable is unbound or not a model."""
    kind, name = c.run.outcome.outcome, c.task.function
    if kind is OutcomeKind.NOT_CALLABLE and c.info.get("type") == "NoneType":
        return c.result(Status.NOT_ATTEMPTED, f"{name} is still None: not trained yet")
    what = "is not defined" if kind is OutcomeKind.MISSING else f"is a {c.info.get('type')}, not a Keras model"
    return c.result(Status.ERROR, f"{name} {what}: train your model and assign it to `{name}`")


def _missing(c: _Call) -> TaskResult:
    if c.task.mode == Mode.PREDICT:
        return _no_model(c)
    name = c.task.function
    if name in c.ctx.failed_definitions:
        message = f"{name} is not defined because its cell failed: {c.ctx.failed_definitions[name]}"
    elif name not in c.ctx.defined:
        message = f"{name} is not defined: no code cell has `def {name}(...)`; check the spelling"
    else:
        message = f"{name} is not defined after the notebook ran (was it deleted or renamed later?)"
    return c.result(Status.ERROR, message)


def _not_callable(c: _Call) -> TaskResult:
    if c.task.mode == Mode.PREDICT:
        return _no_model(c)
    return c.result(Status.ERROR, f"{c.task.function} is a {c.info.get('type', 'value')}, not a function")


def _forbidden(c: _Call) -> TaskResult:
    return c.result(Status.FAILED, _forbidden_message(c.task, c.fn, c.where, c.info))


def _mutated(c: _Call) -> TaskResult:
    return c.result(Status.FAILED, _mutated_message(c.fn, c.where, c.info))


def _raised(c: _Call) -> TaskResult:
    etype, emsg = c.info.get("type", "Exception"), c.info.get("message", "")
    message = f"{c.fn} {c.where} raised {etype}: {emsg}".rstrip(": ")
    tb = c.info.get("traceback", "").strip().splitlines()
    if tb:
        message += f" [{tb[-1].strip()}]"
    return c.result(Status.ERROR, message, api_hint(etype, emsg) or c.hint)


def _timeout(c: _Call) -> TaskResult:
    return c.result(Status.TIMEOUT, f"{c.fn} {c.where} {c.info.get('message', 'ran past its time limit')}: "
                                    "look for a loop that never ends")


def _died(c: _Call) -> TaskResult:
    return c.result(Status.ERROR, f"{c.fn} {c.where} stopped the kernel ({c.info.get('message', 'it exited')})")


def _unreadable(c: _Call) -> TaskResult:
    return c.result(Status.ERROR, f"{c.fn} {c.where} returned something the grader cannot read: "
                                  f"{c.info.get('message', '')}. Return NumPy arrays, lists, numbers, strings "
                                  "or DataFrames")


def _no_result(c: _Call) -> TaskResult:
    """No result at all: the run stopped before the call (or the task's calls were skipped)."""
    if c.ctx.timed_out:
        return c.result(Status.TIMEOUT, "the submission ran out of time before this task could be checked", "")
    reason = c.ctx.sandbox_problem or (c.ctx.killed_for[-1] if c.ctx.killed_for else "")
    return c.result(Status.ERROR, "the notebook stopped before this task could be checked"
                    + (f": {reason}" if reason else ""), "")


HANDLERS: dict[OutcomeKind, Callable[[_Call], TaskResult | None]] = {
    OutcomeKind.RETURNED: _returned,
    OutcomeKind.NOT_IMPLEMENTED: _not_implemented,
    OutcomeKind.MISSING: _missing,
    OutcomeKind.NOT_CALLABLE: _not_callable,
    OutcomeKind.FORBIDDEN: _forbidden,
    OutcomeKind.MUTATED: _mutated,
    OutcomeKind.RAISED: _raised,
    OutcomeKind.TIMEOUT: _timeout,
    OutcomeKind.DIED: _died,
    OutcomeKind.UNREADABLE: _unreadable,
    OutcomeKind.SKIPPED: _no_result,
    OutcomeKind.NO_RESULT: _no_result,
}


def evaluate_task(task: FunctionTask, points: float, runs: Sequence[CaseRun], ctx: RunContext) -> TaskResult:
    """All cases must pass for the points; the first problem found is the message. A check may
    grant part of the points for a failed case (metric bands); errors earn nothing."""
    for run in runs:
        verdict = HANDLERS[run.outcome.outcome](_Call(task, points, runs, run, ctx))
        if verdict is not None:
            return verdict
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
