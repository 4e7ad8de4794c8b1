"""Running grading jobs on Dask distributed: an embedded LocalCluster, or any scheduler's address.

A job carries the submission's bytes (no shared file system needed: a Slurm worker on another
node grades the same way) and its limits; the sandbox enforces the limits inside the job.
The scheduler allows no retries of a job whose worker died, so a submission that kills its
worker ends as a graded error instead of a retry loop.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from grader.sandbox.limits import Limits

# The scheduler's setting; for an external scheduler set it there, e.g.
# DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=0 dask scheduler
NO_RETRY = {"distributed.scheduler.allowed-failures": 0}


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to grade one submission (plain, picklable data)."""

    key: tuple[str, int, str]  # (student, week, sha256)
    name: str  # the file name, kept so notebook vs module is known and messages read well
    content: bytes
    week: int
    seed: int | None
    limits: Limits
    isolation: str


@dataclass(frozen=True)
class JobDone:
    key: tuple[str, int, str]
    report: dict | None  # `grader check --json`; None when the job never finished
    problem: str = ""  # why there is no report (the worker died, ...)
    seconds: float = 0.0


def grade_job(job: Job) -> JobDone:
    """Runs on a worker: grade one submission in a private scratch folder."""
    from grader.grading import grade

    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="grader-job-"))
    try:
        path = scratch / job.name
        path.write_bytes(job.content)
        report = grade(path, [job.week], seed=job.seed, limits=job.limits, isolation=job.isolation)
        doc = report.to_json()
        doc["submission"] = job.name
        return JobDone(job.key, doc, seconds=time.monotonic() - started)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def dask_client(workers: int, cluster: str | None) -> Iterator:
    """A Client on an embedded LocalCluster (one single-threaded process per worker: each grading
    job spends its time in its own sandbox process) or on the scheduler at `cluster`."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(NO_RETRY):
        if cluster:
            with Client(cluster, timeout="30s") as client:
                yield client
            return
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          memory_limit=0, silence_logs=40) as local, Client(local) as client:
            yield client


def run_jobs(client, jobs: list[Job], on_done: Callable[[JobDone], None]) -> None:
    """Submit every job and hand each result to `on_done` as soon as it arrives (any order)."""
    from distributed import as_completed

    if not jobs:
        return
    futures = {
        client.submit(grade_job, job, key=f"grade-{job.key[0]}-w{job.week}-{job.key[2][:12]}", pure=False,
                      retries=0): job
        for job in jobs
    }
    for future in as_completed(futures):
        job = futures[future]
        try:
            done = future.result()
        except Exception as exc:  # the worker died under it (KilledWorker) or the job itself broke
            kind = type(exc).__name__
            reason = ("the submission stopped the grading worker process" if kind == "KilledWorker"
                      else f"grading failed on the worker ({kind}: {str(exc)[:200]})")
            done = JobDone(job.key, None, reason)
        future.release()
        on_done(done)
