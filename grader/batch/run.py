"""`grader grade`: a class folder in, a gradebook out.

discover files -> skip those already graded (same content, same grading fingerprint) -> grade
the rest on Dask workers -> store each result the moment it arrives -> rebuild every output.
A result the grader itself failed to produce (grader_failed, sandbox_failed) is stored and
reported but never counts as graded: the next run grades it again.
One run at a time per output folder (a lock); problems of the folder, gradebook or disk end as
an OperatorError with one line for the TA; third-party logging goes to OUTDIR/grader.log.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from grader.batch import lock
from grader.batch.engine import ClusterStart, Job, JobDone, prewarm, run_jobs
from grader.batch.errors import output_folder, reported
from grader.batch.layout import Submission, discover
from grader.batch.logfile import LOG_FILE, third_party_to
from grader.batch.outputs import write_outputs
from grader.batch.progress import Progress
from grader.batch.store import Gradebook
from grader.catalog import available_weeks
from grader.fingerprint import spec_fingerprint
from grader.grading import error_report
from grader.results import GRADER_PROBLEMS, Outcome
from grader.sandbox import scratch, warm
from grader.sandbox.limits import Limits

GRADEBOOK = "gradebook.sqlite"
# a warm parent costs each worker ~10 s once and saves ~2-5 s per submission: worth it from this many
WARM_FROM_PER_WORKER = 8


def warm_kernels(options: BatchOptions, to_grade: int) -> tuple[bool, str]:
    """Whether the workers fork kernels from a warm parent, and the line that says so."""
    if options.warm is not None:
        return options.warm, f"kernels: {'warm' if options.warm else 'cold'} (as asked)"
    if to_grade >= WARM_FROM_PER_WORKER * options.workers:
        return True, "kernels: warm (one warm parent per worker, started once)"
    return False, (f"kernels: cold (fewer than {WARM_FROM_PER_WORKER} submissions per worker: "
                   "a warm parent's start would not pay off; --warm asks for it)")


@dataclass(frozen=True)
class BatchOptions:
    workers: int = 2
    cluster: str | None = None  # a scheduler address (tcp://host:8786); None: an embedded LocalCluster
    regrade: bool = False
    seed: int | None = None  # None: a fresh hidden seed per submission
    limits: Limits = field(default_factory=Limits)
    isolation: str = "auto"
    warm: bool | None = None  # each worker forks kernels from its own warm parent (sandbox/warm.py); None: if it pays
    weeks: frozenset[int] | None = None
    wait: bool = False  # another run holds the output folder: wait for it instead of refusing


@dataclass
class BatchSummary:
    graded: int = 0
    errors: int = 0
    timeouts: int = 0
    grader_problems: int = 0  # could not be graded because the grader or its sandbox failed: retried next run
    unchanged: int = 0
    unplaced: int = 0
    left_out: int = 0  # gradable files of weeks --week did not ask for
    startup_s: float = 0.0  # starting or connecting to the Dask cluster
    grading_s: float = 0.0  # from the cluster being ready to the last result stored
    outputs: dict[str, Path] = field(default_factory=dict)

    def text(self) -> str:
        text = (f"graded {self.graded}, errors {self.errors}, timeouts {self.timeouts}, "
                f"skipped as unchanged {self.unchanged}, files not placed {self.unplaced}")
        if self.left_out:
            text += f", left out by --week {self.left_out}"
        if self.grader_problems:
            text += (f", could not be graded (grader problem) {self.grader_problems}: "
                     "run again to retry them")
        if self.grading_s:
            text += f" ({self.grading_s:.0f} s grading after {self.startup_s:.0f} s starting the cluster)"
        return text


def outcome_of(report: dict, problem: str) -> str:
    """How the submission as a whole ended, as the gradebook stores it: graded, timeout, error (it
    stopped its worker), grader_failed or sandbox_failed (the grader's problem: retried next run).
    Read from the report's `outcome` field; reports stored before that field existed fall back to
    reading their sentences."""
    outcome = report.get("outcome")
    if outcome:
        return "error" if outcome == Outcome.WORKER_DIED else str(outcome)
    if problem:
        return "error"
    errors = " ".join(report.get("errors", []))
    if "ran past its time limit" in errors:
        return "timeout"
    if "sandbox did not start" in errors or "sandbox failure" in errors:
        return "error"
    return "graded"


def grade_class(submissions: Path, outdir: Path, options: BatchOptions, stream: TextIO = sys.stderr) -> BatchSummary:
    """Grade the class into `outdir`, holding its lock; raises OperatorError for the folder's, gradebook's
    or disk's problems. Temp folders of grader runs that were killed are removed first."""
    output_folder(outdir)
    with reported(outdir, outdir / GRADEBOOK), lock.exclusive(outdir, options.wait, stream), \
            third_party_to(outdir / LOG_FILE):
        removed = scratch.sweep()
        if removed:
            stream.write(f"removed {len(removed)} temporary folder(s) left by grader runs that were killed\n")
        return _grade_locked(submissions, outdir, options, stream)


def _grade_locked(submissions: Path, outdir: Path, options: BatchOptions, stream: TextIO) -> BatchSummary:
    found, unplaced = discover(submissions, set(available_weeks()), set(options.weeks) if options.weeks else None)
    left_out = [u for u in unplaced if u.left_out]
    unplaced = [u for u in unplaced if not u.left_out]
    summary = BatchSummary(unplaced=len(unplaced), left_out=len(left_out))
    with Gradebook(outdir / GRADEBOOK) as book, ClusterStart(options.workers, options.cluster) as cluster:
        # submissions whose content was never graded will be graded whatever the fingerprints say: the cluster
        # (and, for enough of them, the workers' warm parents) starts while the fingerprints are computed
        new = [s for s in found if options.regrade or not book.has_graded_content(s.student, s.week, s.sha256)]
        if new:
            cluster.start(_warm_up(options, new))
        fingerprints = {w: spec_fingerprint(w) for w in {s.week for s in found}}  # the gradebook's key
        book.record_submissions((s.student, s.week, str(s.path), s.sha256, fingerprints[s.week]) for s in found)
        book.record_unplaced((str(u.path), u.reason) for u in unplaced)
        todo = [s for s in found if options.regrade or not book.has_result(s.student, s.week, s.sha256,
                                                                             fingerprints[s.week])]
        summary.unchanged = len(found) - len(todo)
        for u in unplaced:
            stream.write(f"not placed: {u.path}: {u.reason}\n")
        if left_out:
            stream.write(f"left out by --week: {len(left_out)} file(s) of other weeks\n")
        by_key: dict[tuple[str, int, str], Submission] = {(s.student, s.week, s.sha256): s for s in todo}
        stream.write(f"{len(found)} submissions found, {len(todo)} to grade, {summary.unchanged} unchanged\n")
        progress = Progress(len(todo), stream)
        mismatched: set[int] = set()

        def store(done: JobDone) -> None:
            sub = by_key[done.key]
            report = done.report or error_report(sub.path.name, sub.sha256, [sub.week], done.problem,
                                                 outcome=Outcome(done.outcome or Outcome.WORKER_DIED)).to_json()
            outcome = outcome_of(report, done.problem)
            used = report.get("spec_fingerprints", {}).get(str(sub.week))
            if used and used != fingerprints[sub.week] and sub.week not in mismatched:
                mismatched.add(sub.week)
                stream.write(f"warning: a worker graded week {sub.week} with grading fingerprint {used}, this "
                             f"client has {fingerprints[sub.week]}: install the same grader on the workers\n")
            book.store(sub.student, sub.week, sub.sha256, fingerprints[sub.week], str(sub.path), report, outcome)
            summary.graded += outcome == "graded"
            summary.errors += outcome == "error"
            summary.timeouts += outcome == "timeout"
            summary.grader_problems += outcome in GRADER_PROBLEMS
            shown = "could not be graded: grader problem" if outcome in GRADER_PROBLEMS else outcome
            progress.advance(f"{sub.student} week {sub.week}: {round(report['score'], 2):g}/{report['max_score']:g}"
                             + ("" if outcome == "graded" else f" ({shown})"))

        if todo:
            use_warm, said = warm_kernels(options, len(todo))
            stream.write(said + "\n")
            jobs = [Job((s.student, s.week, s.sha256), s.path.name, s.path.read_bytes(), s.week, options.seed,
                        options.limits, options.isolation, use_warm) for s in todo]
            asked = time.monotonic()
            client = cluster.client(_warm_up(options, todo))
            ready = max(asked, cluster.ready)
            run_jobs(client, jobs, store)
            summary.startup_s, summary.grading_s = ready - cluster.started, time.monotonic() - ready
        cluster.close_in_background()  # its processes end while the outputs are written; waited for on leaving
        summary.outputs = write_outputs(book, outdir)
    return summary


def _warm_up(options: BatchOptions, to_grade: list[Submission]) -> Callable[[object], None] | None:
    """What readies the workers for these submissions as the cluster starts: their warm parents (the kinds these
    notebooks need) and the weeks' grading code; None where the run will use cold kernels."""
    if not warm_kernels(options, len(to_grade))[0]:
        return None
    deep = {c.deep for s in to_grade if (c := warm.choose(s.path)).warm}
    weeks = {s.week for s in to_grade}
    return functools.partial(prewarm, isolation_level=options.isolation, deep=deep, weeks=weeks)
