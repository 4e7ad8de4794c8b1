"""The grading pipeline for one submission:

spec + seed -> cases -> expected values (grader.plan, here) -> sandbox (student code, there)
-> outcomes (plain data) -> checks -> task scores -> Report.
"""

from __future__ import annotations

import secrets
import time
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from grader import integrity, scheme
from grader.catalog import load_week
from grader.digest import sha256_file, sha256_or_empty
from grader.evaluate import CaseRun, RunContext, evaluate_task
from grader.fingerprint import spec_fingerprint
from grader.plan import PUBLIC_SEED, plan_week, planned_week
from grader.results import GRADER_PROBLEMS, Outcome, Report, Status, TaskResult, WeekResult
from grader.sandbox.limits import Limits
from grader.sandbox.protocol import CellStatus, Manifest
from grader.sandbox.runner import Call, Sandbox, SandboxRun
from grader.spec import FunctionTask, MistakeModelWarning
from grader.version import __version__

GRADER_FAILED_TASK = "not graded: the grader itself failed here, not your code; grading again retries it"


def _context(run: SandboxRun) -> RunContext:
    """What the manifest says about cells and limits, phrased for messages."""
    manifest = run.manifest or Manifest()
    failed, failed_definitions, defined = [], {}, set()
    for cell in manifest.cells:
        defined.update(cell.defines)
        if cell.status is CellStatus.SKIPPED:
            failed.append(f"cell {cell.index} was not run ({cell.evalue})")
        elif cell.status is CellStatus.ERROR:
            failed.append(f"cell {cell.index} raised {cell.ename or 'an error'}: {cell.evalue}".rstrip(": "))
        elif cell.status.failed:
            verb = "timed out" if cell.status is CellStatus.TIMEOUT else "killed the kernel"
            failed.append(f"cell {cell.index} {verb} ({cell.evalue})")
        else:
            continue
        failed_definitions.update(dict.fromkeys(cell.defines, failed[-1]))
    sandbox_problem = manifest.sandbox_failure
    if run.manifest is None:
        last = run.log_tail.strip().splitlines()
        sandbox_problem = "the sandbox did not start" + (f": {last[-1]}" if last else "")
    return RunContext(timed_out=run.timed_out, failed_cells=tuple(failed),
                      failed_definitions=failed_definitions, defined=frozenset(defined),
                      killed_for=tuple(manifest.killed_for), sandbox_problem=sandbox_problem)


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
    warm: bool | str = False,
) -> Report:
    """Grade one submission for the given weeks. Never raises: a bad submission is graded as such,
    and a failure of the grader itself (a reference or check raising, a sandbox that does not start)
    gives a report with outcome grader_failed / sandbox_failed, its reason in `errors`.

    `progress` receives the sandbox's progress while it runs (see Sandbox.wait). `warm` forks the kernel
    from this process's warm parent where it can serve, "daemon"/"auto" from a running warm daemon's
    (sandbox/warm.py, warm_daemon.py; runner.Sandbox says which; the report says which kernel ran)."""
    started = time.monotonic()
    try:
        return _grade(submission, weeks, seed=seed, limits=limits or Limits(), public=public, isolation=isolation,
                      started=started, progress=progress, warm=warm)
    except GraderFailure as exc:
        return error_report(str(submission), sha256_or_empty(submission), weeks, str(exc), seed,
                            outcome=exc.outcome, duration_s=time.monotonic() - started)
    except Exception as exc:  # anything else here is the grader's pipeline: student code runs in the sandbox
        return error_report(str(submission), sha256_or_empty(submission), weeks,
                            f"the grader failed ({_what_failed(exc)})", seed, outcome=Outcome.GRADER_FAILED,
                            duration_s=time.monotonic() - started)


def _grade(submission: Path, weeks: list[int], *, seed: int | None, limits: Limits, public: bool, isolation: str,
           started: float, progress: Callable[[dict], None] | None = None, warm: bool | str = False) -> Report:
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

    manifest = run.manifest or Manifest()
    errors = list(manifest.problems)
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
    out_of_time = run.timed_out or manifest.out_of_time  # the harness's own deadline
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
    cell_seconds = [c.seconds for c in manifest.cells]
    timings = {"sandbox_s": run.duration_s, "cells_s": sum(cell_seconds),
               "slowest_cell_s": max(cell_seconds, default=0.0), "teardown_s": run.teardown_s}
    return Report(
        timings=timings,
        submission=str(submission), sha256=sha256_file(submission), grader_version=__version__,
        weeks=tuple(week_results), errors=tuple(errors), notes=tuple(notes), seed=seed,
        seed_kind=seed_kind, isolation=run.isolation, kernel=run.kernel, duration_s=time.monotonic() - started,
        spec_versions={str(s.week): s.version for s in specs}, outcome=outcome, spec_fingerprints=fingerprints,
    )


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
