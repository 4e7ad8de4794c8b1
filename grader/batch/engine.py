"""Running grading jobs on Dask distributed: an embedded LocalCluster, or any scheduler's address.

A job carries the submission's bytes (no shared file system needed: a Slurm worker on another
node grades the same way) and its limits; the sandbox enforces the limits inside the job.
A worker holds one job at a time (the scheduler keeps the queue), so a submission that kills
its worker takes no other job with it. The scheduler retries nothing; the client gives a job
whose worker died one more try (a bystander of some other failure passes then), and a second
death makes it a graded error instead of a retry loop.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from grader.batch.errors import OperatorError
from grader.sandbox import scratch
from grader.sandbox.limits import Limits

# The scheduler's settings; for an external scheduler set them there, e.g.
# DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=0 DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION=1.0 dask scheduler
SCHEDULER_CONFIG = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
# The embedded cluster's HTTP servers (they always start) serve nothing: no dashboard, no pages that
# list task keys (student names) to whatever runs on the machine, no 8787 port clash.
EMBEDDED_CONFIG = {"distributed.scheduler.http.routes": [], "distributed.worker.http.routes": []}
TRIES = 2  # runs of a job whose worker died before it counts as the job's doing


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
    warm: bool = False  # fork the kernel from this worker's warm parent (started by `prewarm`, or at its first job)


@dataclass(frozen=True)
class JobDone:
    key: tuple[str, int, str]
    report: dict | None  # `grader check --json`; None when the job never finished
    problem: str = ""  # why there is no report (the worker died, ...)
    outcome: str = ""  # the Outcome of a job without report: worker_died (the submission's) or grader_failed
    seconds: float = 0.0


@functools.cache
def _sweep_once() -> None:
    """A worker's first job removes what killed graders left in its machine's temp folder (a Slurm node's)."""
    scratch.sweep()


def grade_job(job: Job) -> JobDone:
    """Runs on a worker: grade one submission in a private scratch folder."""
    from grader.grading import grade

    _sweep_once()
    started = time.monotonic()
    folder = scratch.make("grader-job-")
    try:
        path = folder / job.name
        path.write_bytes(job.content)
        report = grade(path, [job.week], seed=job.seed, limits=job.limits, isolation=job.isolation, warm=job.warm)
        doc = report.to_json()
        doc["submission"] = job.name
        return JobDone(job.key, doc, seconds=time.monotonic() - started)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def warm_up_worker(isolation_level: str, deep: tuple[bool, ...], weeks: tuple[int, ...]) -> str:
    """Runs on each worker once the cluster is up, before any job: start its warm parents (their warm-up goes on
    in their own processes while jobs are sent) and import the weeks' grading code, which every first job would
    import on the critical path. A parent that cannot start is no error here: the job reports it (cold kernel).
    Returns the worker's resolved isolation level."""
    from grader.catalog import load_week
    from grader.grading import grade  # noqa: F401  (imported for what it imports)
    from grader.sandbox import isolation, warm

    level = isolation.choose(isolation_level)
    for one in deep:
        with contextlib.suppress(OSError, RuntimeError):
            warm.parent(level, one)
    for week in weeks:
        load_week(week)
    return level


def prewarm(client, isolation_level: str, deep: set[bool], weeks: set[int]) -> None:
    """Warm every worker the cluster has now (a worker that joins later warms at its first job)."""
    client.run(warm_up_worker, isolation_level, tuple(sorted(deep)), tuple(sorted(weeks)))


@contextmanager
def dask_client(workers: int, cluster: str | None) -> Iterator:
    """A Client on an embedded LocalCluster (one single-threaded process per worker: each grading
    job spends its time in its own sandbox process) or on the scheduler at `cluster`.

    The embedded cluster speaks TLS with certificates made for this run only and kept in memory
    (its processes get them through their start-up pipe), so a submission graded at the process
    level, which sees the cluster's loopback ports, cannot make the scheduler or a worker run its
    code. An external scheduler's security comes from the Dask configuration (README)."""
    import dask
    from distributed import Client, LocalCluster
    from distributed.security import Security

    with dask.config.set(SCHEDULER_CONFIG):
        if cluster:
            try:
                client = Client(cluster, timeout="30s")
            except (OSError, TypeError, ValueError) as exc:  # unreachable, or TLS without credentials
                raise OperatorError(
                    f"cannot connect to the Dask scheduler at {cluster} ({type(exc).__name__}: {str(exc)[:200]}); "
                    f"check the address, and for a tls:// scheduler set the DASK_DISTRIBUTED__COMM__TLS__ "
                    f"settings (README, 'On a cluster')") from None
            with client:
                yield client
            return
        try:
            security = Security.temporary()
        except ImportError:
            raise OperatorError("the embedded cluster's TLS credentials need the `cryptography` package: "
                                "pip install cryptography (a dependency of the grader; reinstall it)") from None
        with dask.config.set(EMBEDDED_CONFIG), \
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                             scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}, memory_limit=0, silence_logs=40,
                             protocol="tls://", host="127.0.0.1", security=security) as local, \
                Client(local, security=security) as client:
            yield client


class ClusterStart:
    """A run's Dask client, opened in a thread so the cluster comes up while this process finds what to grade
    (each week's fingerprint imports its references: ~1.5 s), and closed there while the outputs are written.
    The thread holds the client's context from opening to closing (Dask's context is per thread). `close()`
    returns once every process it started is gone; `start` opens at most one."""

    def __init__(self, workers: int, cluster: str | None) -> None:
        self.workers, self.cluster = workers, cluster
        self.opening: concurrent.futures.Future | None = None
        self.thread: threading.Thread | None = None
        self.release = threading.Event()  # set: the thread closes the cluster
        self.started = self.ready = 0.0
        self.close_error: BaseException | None = None
        self.warmed = False

    def start(self, warm_up: Callable[[object], None] | None = None) -> None:
        """Open the cluster in the background, then run `warm_up(client)` there (see `prewarm`)."""
        if self.opening is None:
            self.started = time.monotonic()
            self.opening = concurrent.futures.Future()
            self.thread = threading.Thread(target=self._hold, args=(warm_up,), name="cluster", daemon=True)
            self.thread.start()

    def _hold(self, warm_up: Callable[[object], None] | None) -> None:
        assert self.opening is not None
        try:
            with dask_client(self.workers, self.cluster) as client:
                self.ready = time.monotonic()
                try:
                    if warm_up is not None:
                        self.warmed = True
                        warm_up(client)
                    self.opening.set_result(client)
                except BaseException as exc:
                    self.opening.set_exception(exc)
                self.release.wait()
        except BaseException as exc:  # OperatorError included: raised where the client is asked for, or on closing
            if not self.opening.done():
                self.opening.set_exception(exc)
            else:
                self.close_error = exc

    def client(self, warm_up: Callable[[object], None] | None = None):
        """The client, once the cluster is up and warmed (started now if it was not started ahead; warmed now if it
        was started without a warm-up)."""
        self.start(warm_up)
        assert self.opening is not None
        client = self.opening.result()
        if warm_up is not None and not self.warmed:
            self.warmed = True
            warm_up(client)
        return client

    def close_in_background(self) -> None:
        """Start closing: the cluster's processes end while this process goes on."""
        self.release.set()

    def close(self) -> None:
        """Close and wait until every process of the cluster is gone."""
        self.release.set()
        if self.thread is not None:
            self.thread.join()
        if self.close_error is not None:
            error, self.close_error = self.close_error, None
            raise error

    def __enter__(self) -> ClusterStart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _submit(client, job: Job, attempt: int):
    # one task group ("grade") for every job: Dask queues only root-ish tasks of a large group on the
    # scheduler (worker-saturation), and a key naming the student made each job a group of its own
    key = f"grade-{secrets.token_hex(8)}"
    return client.submit(grade_job, job, key=key, pure=False, retries=0)


def run_jobs(client, jobs: list[Job], on_done: Callable[[JobDone], None]) -> None:
    """Submit every job and hand each result to `on_done` as soon as it arrives (any order)."""
    from distributed import as_completed

    if not jobs:
        return
    attempts = {_submit(client, job, 1): (job, 1) for job in jobs}
    pending = as_completed(list(attempts))
    for future in pending:
        job, attempt = attempts.pop(future)
        try:
            done = future.result()
        except Exception as exc:  # the worker died under it (KilledWorker) or the job itself broke
            kind = type(exc).__name__
            if kind == "KilledWorker" and attempt < TRIES:
                retry = _submit(client, job, attempt + 1)
                attempts[retry] = (job, attempt + 1)
                pending.add(retry)
                future.release()
                continue
            died = kind == "KilledWorker"
            reason = ("the submission stopped the grading worker process" if died
                      else f"grading failed on the worker ({kind}: {str(exc)[:200]})")
            done = JobDone(job.key, None, reason, outcome="worker_died" if died else "grader_failed")
        future.release()
        on_done(done)
