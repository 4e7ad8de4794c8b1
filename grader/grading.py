"""The grading pipeline for one submission:

spec + seed -> cases -> expected values (reference, here) -> sandbox (student code, there)
-> outcomes (plain data) -> checks -> task scores -> Report.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from grader import __version__, integrity, scheme
from grader.evaluate import CaseRun, RunContext, evaluate_task
from grader.fingerprint import spec_fingerprint
from grader.results import GRADER_PROBLEMS, Outcome, Report, Status, TaskResult, WeekResult
from grader.sandbox.limits import Limits
from grader.sandbox.runner import Call, Sandbox, SandboxRun
from grader.spec import Case, FunctionTask, MistakeModelWarning, WeekSpec, load_week

PUBLIC_SEED = 20260226  # the published seed students' self-checks use (first class day)
GRADER_FAILED_TASK = "not graded: the grader itself failed here, not your code; grading again retries it"


@dataclass(frozen=True)
class PlannedTask:
    task: FunctionTask
    points: float
    cases: tuple[Case, ...]
    expected: tuple
    call_ids: tuple[str, ...]


def plan_week(spec: WeekSpec, seed: int) -> list[PlannedTask]:
    """Draw each task's cases and compute the reference's answers, in the grader's process.

    Each week draws from its own generator (seed, week): a week's inputs do not depend on
    which other weeks are graded in the same run."""
    rng = np.random.default_rng([seed, spec.week])
    points = scheme.task_points(scheme.week(spec.week).points, spec.weights())
    planned = []
    for task in spec.tasks:
        cases = tuple(task.cases(rng))
        expected = tuple(task.expected(c) for c in cases)
        ids = tuple(f"w{spec.week}-{task.name}-{i}" for i in range(len(cases)))
        planned.append(PlannedTask(task, points[task.name], cases, expected, ids))
    return planned


_PLANS: dict[tuple[int, int], list[PlannedTask]] = {}
PLANS_KEPT = 16


def planned_week(week: int, seed: int) -> list[PlannedTask]:
    """plan_week, done once per (week, seed) in this process: a batch worker grading a class on one seed
    draws the cases and computes the reference answers once, not once per submission. Plans are plain
    data the pipeline only reads (inputs go to the sandbox encoded, checks are pure)."""
    key = (week, seed)
    if key not in _PLANS:
        if len(_PLANS) >= PLANS_KEPT:
            _PLANS.pop(next(iter(_PLANS)))
        _PLANS[key] = plan_week(load_week(week), seed)
    return _PLANS[key]


def _context(run: SandboxRun) -> RunContext:
    """What the manifest says about cells and limits, phrased for messages."""
    failed, failed_definitions, defined = [], {}, set()
    for cell in run.manifest.get("cells", []):
        if not isinstance(cell, dict):
            continue
        names = [str(n) for n in cell.get("defines", [])]
        defined.update(names)
        status = cell.get("status")
        if status == "skipped":
            failed.append(f"cell {cell.get('index')} was not run ({cell.get('evalue', '')})")
            failed_definitions.update(dict.fromkeys(names, failed[-1]))
        elif status in ("error", "timeout", "died"):
            index, evalue = cell.get("index"), cell.get("evalue", "")
            if status == "error":
                failed.append(f"cell {index} raised {cell.get('ename') or 'an error'}: {evalue}".rstrip(": "))
            else:
                verb = "timed out" if status == "timeout" else "killed the kernel"
                failed.append(f"cell {index} {verb} ({evalue})")
            failed_definitions.update(dict.fromkeys(names, failed[-1]))
    problems = [str(p) for p in run.manifest.get("problems", [])]
    sandbox_problem = next((p for p in problems if p.startswith("sandbox failure")), "")
    if not run.manifest:
        last = run.log_tail.strip().splitlines()
        sandbox_problem = "the sandbox did not start" + (f": {last[-1]}" if last else "")
    return RunContext(timed_out=run.timed_out, failed_cells=tuple(failed),
                      failed_definitions=failed_definitions, defined=frozenset(defined),
                      killed_for=tuple(str(k) for k in run.manifest.get("killed_for", [])),
                      sandbox_problem=sandbox_problem)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class GraderFailure(Exception):
    """A part of grading that is the grader's, not the submission's, failed (see Outcome)."""

    def __init__(self, outcome: Outcome, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


def _what_failed(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _evaluate(task: FunctionTask, points: float, runs: list[CaseRun], ctx: RunContext) -> tuple[TaskResult, str]:
    """The task's result (with its summary) and "", or, when the grader's own checking of it raised (not
    the submission's doing), a "not graded" result and what raised."""
    try:
        return replace(evaluate_task(task, points, runs, ctx), summary=task.summary), ""
    except Exception as exc:
        return TaskResult(task.name, 0.0, points, Status.ERROR, GRADER_FAILED_TASK, summary=task.summary), \
            _what_failed(exc)


def grade(
    submission: Path,
    weeks: list[int],
    *,
    seed: int | None = None,
    limits: Limits | None = None,
    public: bool = False,
    isolation: str = "auto",
    progress: Callable[[dict], None] | None = None,
    warm: bool = False,
) -> Report:
    """Grade one submission for the given weeks. Never raises: a bad submission is graded as such,
    and a failure of the grader itself (a reference or check raising, a sandbox that does not start)
    gives a report with outcome grader_failed / sandbox_failed, its reason in `errors`.

    `progress` receives the sandbox's progress while it runs (see Sandbox.wait). `warm` forks the kernel
    from this process's warm parent where it can serve (sandbox/warm.py; the report says which kernel ran)."""
    started = time.monotonic()
    try:
        return _grade(submission, weeks, seed=seed, limits=limits or Limits(), public=public, isolation=isolation,
                      started=started, progress=progress, warm=warm)
    except GraderFailure as exc:
        return error_report(str(submission), _sha256_or_empty(submission), weeks, str(exc), seed,
                            outcome=exc.outcome, duration_s=time.monotonic() - started)
    except Exception as exc:  # anything else here is the grader's pipeline: student code runs in the sandbox
        return error_report(str(submission), _sha256_or_empty(submission), weeks,
                            f"the grader failed ({_what_failed(exc)})", seed, outcome=Outcome.GRADER_FAILED,
                            duration_s=time.monotonic() - started)


def _grade(submission: Path, weeks: list[int], *, seed: int | None, limits: Limits, public: bool, isolation: str,
           started: float, progress: Callable[[dict], None] | None = None, warm: bool = False) -> Report:
    before = integrity.fingerprint()
    try:
        box = Sandbox(submission, limits, isolation, use_warm=warm)
    except Exception as exc:
        raise GraderFailure(Outcome.SANDBOX_FAILED, f"the sandbox did not start ({_what_failed(exc)})") from exc
    with box:  # the kernel boots while the calls are prepared
        try:
            specs = [load_week(w) for w in weeks]
            if public or any(spec.public_only for spec in specs):  # a student bundle has only the public seed
                seed, seed_kind = PUBLIC_SEED, "public"
            elif seed is None:
                seed, seed_kind = secrets.randbits(63), "hidden"
            else:
                seed_kind = "fixed"
            fingerprints = {str(s.week): spec_fingerprint(s.week) for s in specs}  # before student code runs
            plans = {spec.week: plan_week(spec, seed) if seed_kind == "hidden" else planned_week(spec.week, seed)
                     for spec in specs}  # a fresh hidden seed is never drawn again: nothing to keep
            calls = [
                Call(cid, p.task.function, c.args, c.kwargs, task=p.task.name,
                     timeout=p.task.timeout or spec.call_timeout, mode=p.task.mode,
                     forbidden=p.task.forbidden)
                for spec in specs for p in plans[spec.week] for cid, c in zip(p.call_ids, p.cases, strict=True)
            ]
            box.send(calls, seed_keras=any(spec.seed_keras for spec in specs))
        except Exception as exc:
            raise GraderFailure(Outcome.GRADER_FAILED,
                                f"the grader failed while preparing the hidden inputs and reference answers "
                                f"({_what_failed(exc)})") from exc
        try:
            run = box.wait(calls, progress)
        except Exception as exc:
            raise GraderFailure(Outcome.SANDBOX_FAILED, f"the sandbox failed ({_what_failed(exc)})") from exc
    tampered = integrity.changes(before, integrity.fingerprint())
    ctx = _context(run)

    week_results, unchecked = [], []
    with warnings.catch_warnings(record=True) as spec_bugs:  # a broken mistake model: noted, grading goes on
        warnings.simplefilter("always", MistakeModelWarning)
        for spec in specs:
            tasks = []
            for p in plans[spec.week]:
                runs = [CaseRun(c, e, run.outcomes[cid])
                        for c, e, cid in zip(p.cases, p.expected, p.call_ids, strict=True)]
                result, failure = _evaluate(p.task, p.points, runs, ctx)
                if failure:
                    unchecked.append(f"{p.task.name} ({failure})")
                tasks.append(result)
            week_results.append(WeekResult(spec.week, scheme.week(spec.week).content, tuple(tasks)))

    errors = [str(p) for p in run.manifest.get("problems", [])]
    if ctx.sandbox_problem and ctx.sandbox_problem not in errors:
        errors.append(ctx.sandbox_problem)
    if run.timed_out:
        errors.append(f"the submission ran past its time limit ({limits.total_timeout:g} s) and was stopped")
    errors.extend(f"resource limit: {k}" for k in ctx.killed_for)
    if tampered:
        errors.append(f"the submission changed {len(tampered)} file(s) of the grader on disk "
                      f"(e.g. {tampered[0]}); this run used the copies loaded before it ran. "
                      "Reinstall the grader before grading again.")
    if unchecked:
        errors.append(f"the grader failed while checking {'; '.join(unchecked)}: a problem in the grader, not in "
                      "the submission; grading again retries it")
    out_of_time = run.timed_out or run.manifest.get("out_of_time") is True  # the harness's own deadline
    outcome = (Outcome.GRADER_FAILED if unchecked else Outcome.TIMEOUT if out_of_time
               else Outcome.SANDBOX_FAILED if ctx.sandbox_problem else Outcome.GRADED)
    notes = list(ctx.failed_cells)
    if run.kernel_note:
        notes.append(run.kernel_note)
    if run.leftover_processes:
        notes.append(f"{run.leftover_processes} process(es) left running by the submission were killed")
    notes.extend(dict.fromkeys(f"grader problem (not the submission's; the score stands, a likely cause may be "
                               f"missing): {w.message}" for w in spec_bugs
                               if issubclass(w.category, MistakeModelWarning)))
    cells = [c for c in run.manifest.get("cells", []) if isinstance(c, dict)]
    cell_seconds = [float(c.get("seconds", 0) or 0) for c in cells]
    timings = {"sandbox_s": run.duration_s, "cells_s": sum(cell_seconds),
               "slowest_cell_s": max(cell_seconds, default=0.0), "teardown_s": run.teardown_s}
    return Report(
        timings=timings,
        submission=str(submission), sha256=sha256_file(submission), grader_version=__version__,
        weeks=tuple(week_results), errors=tuple(errors), notes=tuple(notes), seed=seed,
        seed_kind=seed_kind, isolation=run.isolation, kernel=run.kernel, duration_s=time.monotonic() - started,
        spec_versions={str(s.week): s.version for s in specs}, outcome=outcome, spec_fingerprints=fingerprints,
    )


def _sha256_or_empty(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return ""


def _week_rows(week: int, message: str) -> tuple[WeekResult, str, str]:
    """Every task of the week as an error with `message`, the week's label and its fingerprint
    (no tasks and empty labels when the grader cannot even load the week)."""
    title = scheme.week(week).content
    try:
        spec = load_week(week)
        points = scheme.task_points(scheme.week(week).points, spec.weights())
        tasks = tuple(TaskResult(t.name, 0.0, points[t.name], Status.ERROR, message) for t in spec.tasks)
        return WeekResult(week, title, tasks), spec.version, spec_fingerprint(week)
    except Exception:
        return WeekResult(week, title, ()), "", ""


def error_report(submission: str, sha256: str, weeks: list[int], message: str, seed: int | None = None, *,
                 outcome: Outcome = Outcome.WORKER_DIED, duration_s: float = 0.0) -> Report:
    """A report for a submission that could not be graded at all (it killed its worker, or the grader
    or sandbox failed): every task an error, nothing earned, the reason in `errors`."""
    task_message = GRADER_FAILED_TASK if outcome in GRADER_PROBLEMS else message
    rows = [_week_rows(w, task_message) for w in weeks]
    return Report(submission=submission, sha256=sha256, grader_version=__version__,
                  weeks=tuple(r[0] for r in rows), errors=(message,), seed=seed, duration_s=duration_s,
                  spec_versions={str(w): r[1] for w, r in zip(weeks, rows, strict=True)}, outcome=outcome,
                  spec_fingerprints={str(w): r[2] for w, r in zip(weeks, rows, strict=True)})
