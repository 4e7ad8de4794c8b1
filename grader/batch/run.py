"""`grader grade`: a class folder in, a gradebook out.

discover files -> skip those already graded (same content, same spec version) -> grade the
rest on Dask workers -> store each result the moment it arrives -> rebuild every output.
One run at a time per output folder (a lock); problems of the folder, gradebook or disk end as
an OperatorError with one line for the TA; third-party logging goes to OUTDIR/grader.log.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from grader.batch import lock
from grader.batch.engine import Job, JobDone, dask_client, run_jobs
from grader.batch.errors import output_folder, reported
from grader.batch.layout import Submission, discover
from grader.batch.logfile import LOG_FILE, third_party_to
from grader.batch.outputs import write_outputs
from grader.batch.progress import Progress
from grader.batch.store import Gradebook
from grader.grading import error_report
from grader.sandbox import scratch
from grader.sandbox.limits import Limits
from grader.spec import available_weeks, load_week

GRADEBOOK = "gradebook.sqlite"


@dataclass(frozen=True)
class BatchOptions:
    workers: int = 2
    cluster: str | None = None  # a scheduler address (tcp://host:8786); None: an embedded LocalCluster
    regrade: bool = False
    seed: int | None = None  # None: a fresh hidden seed per submission
    limits: Limits = field(default_factory=Limits)
    isolation: str = "auto"
    weeks: frozenset[int] | None = None
    wait: bool = False  # another run holds the output folder: wait for it instead of refusing


@dataclass
class BatchSummary:
    graded: int = 0
    errors: int = 0
    timeouts: int = 0
    unchanged: int = 0
    unplaced: int = 0
    startup_s: float = 0.0  # starting or connecting to the Dask cluster
    grading_s: float = 0.0  # from the cluster being ready to the last result stored
    outputs: dict[str, Path] = field(default_factory=dict)

    def text(self) -> str:
        text = (f"graded {self.graded}, errors {self.errors}, timeouts {self.timeouts}, "
                f"skipped as unchanged {self.unchanged}, files not placed {self.unplaced}")
        if self.grading_s:
            text += f" ({self.grading_s:.0f} s grading after {self.startup_s:.0f} s starting the cluster)"
        return text


def outcome_of(report: dict, problem: str) -> str:
    """How the submission as a whole ended: graded, error (nothing could run) or timeout."""
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
    versions = {w: load_week(w).version for w in {s.week for s in found}}
    summary = BatchSummary(unplaced=len(unplaced))
    with Gradebook(outdir / GRADEBOOK) as book:
        book.record_submissions((s.student, s.week, str(s.path), s.sha256, versions[s.week]) for s in found)
        book.record_unplaced((str(u.path), u.reason) for u in unplaced)
        todo = [s for s in found if options.regrade or not book.has_result(s.student, s.week, s.sha256,
                                                                             versions[s.week])]
        summary.unchanged = len(found) - len(todo)
        for u in unplaced:
            stream.write(f"not placed: {u.path}: {u.reason}\n")
        by_key: dict[tuple[str, int, str], Submission] = {(s.student, s.week, s.sha256): s for s in todo}
        stream.write(f"{len(found)} submissions found, {len(todo)} to grade, {summary.unchanged} unchanged\n")
        progress = Progress(len(todo), stream)

        def store(done: JobDone) -> None:
            sub = by_key[done.key]
            report = done.report or error_report(sub.path.name, sub.sha256, [sub.week], done.problem).to_json()
            outcome = outcome_of(report, done.problem)
            book.store(sub.student, sub.week, sub.sha256, versions[sub.week], str(sub.path), report, outcome)
            summary.graded += outcome == "graded"
            summary.errors += outcome == "error"
            summary.timeouts += outcome == "timeout"
            progress.advance(f"{sub.student} week {sub.week}: {round(report['score'], 2):g}/{report['max_score']:g}"
                             + ("" if outcome == "graded" else f" ({outcome})"))

        if todo:
            jobs = [Job((s.student, s.week, s.sha256), s.path.name, s.path.read_bytes(), s.week, options.seed,
                        options.limits, options.isolation) for s in todo]
            started = time.monotonic()
            with dask_client(options.workers, options.cluster) as client:
                ready = time.monotonic()
                run_jobs(client, jobs, store)
                summary.startup_s, summary.grading_s = ready - started, time.monotonic() - ready
        summary.outputs = write_outputs(book, outdir)
    return summary
