"""The grading pipeline for one submission:

spec + seed -> cases -> expected values (reference, here) -> sandbox (student code, there)
-> outcomes (plain data) -> checks -> task scores -> Report.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from grader import __version__, integrity, scheme
from grader.evaluate import CaseRun, RunContext, evaluate_task
from grader.results import Report, Status, TaskResult, WeekResult
from grader.sandbox.limits import Limits
from grader.sandbox.runner import Call, Sandbox, SandboxRun
from grader.spec import Case, FunctionTask, WeekSpec, load_week

PUBLIC_SEED = 20260226  # the published seed students' self-checks use (first class day)


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


def grade(
    submission: Path,
    weeks: list[int],
    *,
    seed: int | None = None,
    limits: Limits | None = None,
    public: bool = False,
    isolation: str = "auto",
) -> Report:
    """Grade one submission for the given weeks. Never raises on a bad submission."""
    started = time.monotonic()
    limits = limits or Limits()
    before = integrity.fingerprint()
    with Sandbox(submission, limits, isolation) as box:  # the kernel boots while the calls are prepared
        specs = [load_week(w) for w in weeks]
        if public or any(spec.public_only for spec in specs):  # a student bundle has only the public seed
            seed, seed_kind = PUBLIC_SEED, "public"
        elif seed is None:
            seed, seed_kind = secrets.randbits(63), "hidden"
        else:
            seed_kind = "fixed"
        plans = {spec.week: plan_week(spec, seed) for spec in specs}
        calls = [
            Call(cid, p.task.function, c.args, c.kwargs, task=p.task.name,
                 timeout=p.task.timeout or spec.call_timeout, mode=p.task.mode,
                 forbidden=p.task.forbidden)
            for spec in specs for p in plans[spec.week] for cid, c in zip(p.call_ids, p.cases, strict=True)
        ]
        box.send(calls, seed_keras=any(spec.seed_keras for spec in specs))
        run = box.wait(calls)
    tampered = integrity.changes(before, integrity.fingerprint())
    ctx = _context(run)

    week_results = []
    for spec in specs:
        tasks = []
        for p in plans[spec.week]:
            runs = [CaseRun(c, e, run.outcomes[cid]) for c, e, cid in zip(p.cases, p.expected, p.call_ids, strict=True)]
            tasks.append(evaluate_task(p.task, p.points, runs, ctx))
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
    notes = list(ctx.failed_cells)
    if run.leftover_processes:
        notes.append(f"{run.leftover_processes} process(es) left running by the submission were killed")
    cells = [c for c in run.manifest.get("cells", []) if isinstance(c, dict)]
    cell_seconds = [float(c.get("seconds", 0) or 0) for c in cells]
    timings = {"sandbox_s": run.duration_s, "cells_s": sum(cell_seconds),
               "slowest_cell_s": max(cell_seconds, default=0.0)}
    return Report(
        timings=timings,
        submission=str(submission), sha256=sha256_file(submission), grader_version=__version__,
        weeks=tuple(week_results), errors=tuple(errors), notes=tuple(notes), seed=seed,
        seed_kind=seed_kind, isolation=run.isolation, duration_s=time.monotonic() - started,
        spec_versions={str(s.week): s.version for s in specs},
    )


def error_report(submission: str, sha256: str, weeks: list[int], message: str, seed: int | None = None) -> Report:
    """A report for a submission that could not be graded at all (e.g. it killed its worker):
    every task an error, nothing earned, the reason in `errors`."""
    week_results = []
    for w in weeks:
        spec = load_week(w)
        points = scheme.task_points(scheme.week(w).points, spec.weights())
        tasks = tuple(TaskResult(t.name, 0.0, points[t.name], Status.ERROR, message) for t in spec.tasks)
        week_results.append(WeekResult(w, scheme.week(w).content, tasks))
    return Report(submission=submission, sha256=sha256, grader_version=__version__, weeks=tuple(week_results),
                  errors=(message,), seed=seed, spec_versions={str(w): load_week(w).version for w in weeks})
