"""Grader side of the boundary: start the harness, enforce the wall clock, read back data.

Nothing the sandbox produces is executed or unpickled here: the manifest and results are
JSON plus .npz arrays read with allow_pickle=False (see codec), parsed into typed values by protocol.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.sandbox import codec, isolation, processes, scratch, warm, warm_daemon
from grader.sandbox.limits import MAX_FILE_BYTES, Limits
from grader.sandbox.protocol import CallOutcome, Manifest, Mode, Phase, read_manifest, read_outcome, read_progress
from grader.sandbox.sanitize import clean_text

__all__ = ["Call", "CallOutcome", "Sandbox", "SandboxRun", "write_request"]

LOG_TAIL_BYTES = 4000
PROGRESS_POLL_S = 0.25
GRACE_S = 15.0  # past the submission's limit before the grader stops the harness itself
STOP_WAIT_S = 5.0  # for the harness to end after SIGTERM before SIGKILL
SWEEP_TRIES = 10  # rounds of killing what carries the run's token ...
SWEEP_PAUSE_S = 0.05  # ... this far apart
# PYTHONPATH: a grader run from a source tree (not installed) must find the same `grader` in the
# sandbox; under bubblewrap only the grader package itself is mounted from there.
INHERITED_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "PYTHONPATH")


@dataclass(frozen=True)
class Call:
    """One function call the grader wants made inside the sandbox."""

    id: str
    function: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    task: str = ""  # calls of one task stop at the first that does not return a value
    timeout: float = 30.0
    mode: Mode = Mode.CALL  # what the agent does with `function` (see protocol.Mode)
    forbidden: tuple[str, ...] = ()  # dotted names of APIs disabled during this call (see sandbox.forbidden)

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", Mode(self.mode))  # FunctionTask.mode is the plain string


@dataclass
class SandboxRun:
    """Everything read back from one sandbox run, typed (see protocol)."""

    outcomes: dict[str, CallOutcome]
    manifest: Manifest | None  # None: the harness wrote none (it did not start) or not a JSON object
    timed_out: bool
    duration_s: float
    log_tail: str = ""
    leftover_processes: int = 0
    isolation: str = "process"
    teardown_s: float = 0.0  # from the last result on disk to the sandbox's last process gone
    kernel: str = "cold"  # warm: forked from the warm parent (warm.py); cold: a fresh interpreter
    kernel_note: str = ""  # why a run that asked for a warm kernel got a cold one


def _sandbox_env(workdir: Path, token: str) -> dict[str, str]:
    """A small, explicit environment: nothing of the grader's leaks in."""
    home = workdir / "home"
    tmp = workdir / "tmp"
    home.mkdir()
    tmp.mkdir()
    keep = {k: v for k, v in os.environ.items() if k in INHERITED_ENV}
    return {
        **keep,
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "IPYTHONDIR": str(workdir / "ipython"),
        "JUPYTER_CONFIG_DIR": str(workdir / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(workdir / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(workdir / "jupyter-runtime"),
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "GRADER_RUN_TOKEN": token,
    }


def _limit_child() -> None:
    """Runs in the child before exec: limits that hold for the whole tree."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def write_request(channel: Path, calls: list[Call], seed_keras: bool = False) -> None:
    """The calls as data: one JSON document and one .npz shared by all of them."""
    encoder = codec.Encoder()
    docs = [
        {"id": c.id, "function": c.function, "task": c.task, "timeout": c.timeout, "mode": c.mode,
         "forbidden": list(c.forbidden), "args": encoder.value(list(c.args)), "kwargs": encoder.value(dict(c.kwargs))}
        for c in calls
    ]
    codec.write_doc(channel / "request", {"calls": docs, "seed_keras": seed_keras}, encoder.arrays)


def _log_tail(path: Path) -> str:
    try:
        with path.open("rb") as f:
            f.seek(max(0, path.stat().st_size - LOG_TAIL_BYTES))
            return clean_text(f.read().decode("utf-8", errors="replace"))
    except OSError:
        return ""


class Sandbox:
    """One submission's sandbox, started early so its kernel boots while the grader prepares.

    The harness starts the kernel at once but runs no student code until `send()` has
    written the calls: whatever the grader loads before that (references, specs) cannot
    have been touched by the submission.
    """

    def __init__(self, submission: Path, limits: Limits, isolation_level: str = "auto",
                 use_warm: bool | str = False) -> None:
        self.limits = limits
        self.isolation = isolation.choose(isolation_level)
        self.token = secrets.token_hex(16)
        self.proc: subprocess.Popen | warm.WarmProcess | None = None
        self.kernel, self.kernel_note = "cold", ""
        self.lease: warm_daemon.Lease | None = None
        parent = self._warm_parent(submission, use_warm) if use_warm else None
        # a warm run under bubblewrap has its folder where the warm parent's sandbox can see it
        self.workdir = scratch.make("grader-", self.token, parent.runs if parent else None)
        self.channel = self.workdir / "channel"
        self.started = time.monotonic()
        target = self.workdir / ("submission" + submission.suffix.lower())
        shutil.copyfile(submission, target)
        (self.channel / "results").mkdir(parents=True)
        config = {"submission": target.name, "limits": asdict(limits)}
        (self.workdir / "harness.json").write_text(json.dumps(config))
        env = _sandbox_env(self.workdir, self.token)
        if parent is not None:
            try:
                self.proc = parent.spawn(self.workdir, env, self.workdir / "harness.log")
                self.kernel = "warm"
                self.started = time.monotonic()  # the warm-up (once per parent) is not the submission's time
                return
            except RuntimeError as exc:
                self.kernel_note = f"cold kernel: the warm parent could not serve ({str(exc)[:200]})"
                self._give_back()
        with (self.workdir / "harness.log").open("wb") as log:
            harness = [sys.executable, "-m", "grader.sandbox.harness", str(self.workdir)]
            self.proc = subprocess.Popen(
                isolation.wrap(self.isolation, self.workdir, harness),
                cwd=self.workdir, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_limit_child,
            )

    def _warm_parent(self, submission: Path, use_warm: bool | str) -> warm.WarmParent | None:
        """The warm parent this run forks from. use_warm=True: this process's own (batch workers);
        warm.DAEMON: a running warm daemon's (`grader warm start`), else this process's own; warm.AUTO: the
        daemon's, else None (cold). None too when the submission needs a cold kernel (the note says why
        where a warm kernel was asked for or a daemon runs)."""
        choice = warm.choose(submission)
        if not choice.warm:
            if use_warm != warm.AUTO or warm_daemon.status(self.isolation) is not None:
                self.kernel_note = choice.reason
            return None
        if use_warm not in (warm.AUTO, warm.DAEMON):
            return self._own_parent(choice.deep)
        lease = warm_daemon.attach(self.isolation)
        if isinstance(lease, warm_daemon.Lease):
            self.lease = lease
            return lease.parent
        if use_warm == warm.DAEMON:
            return self._own_parent(choice.deep)
        if lease == "busy":
            self.kernel_note = "cold kernel: the warm daemon is serving another check"
        elif lease == "stale":
            self.kernel_note = ("cold kernel: the warm daemon runs a grader from before an update "
                                "(`grader warm stop`, then `grader warm start`)")
        return None

    def _own_parent(self, deep: bool) -> warm.WarmParent | None:
        """This process's warm parent, or None (cold, the note says why) where it cannot be had."""
        try:
            parent = warm.parent(self.isolation, deep)
        except (OSError, RuntimeError) as exc:  # could not even be started (IsolationUnavailable included)
            self.kernel_note = f"cold kernel: the warm parent could not start ({str(exc)[:200]})"
            return None
        if parent.failed:
            self.kernel_note = f"cold kernel: the warm parent could not serve ({parent.failure[:200]})"
            return None
        return parent

    def _give_back(self) -> None:
        if self.lease is not None:
            self.lease.close()
            self.lease = None

    def send(self, calls: list[Call], seed_keras: bool = False) -> None:
        """Hand over the calls; this is what lets the harness start the student's cells."""
        write_request(self.channel, calls, seed_keras)

    def wait(self, calls: list[Call], progress: Callable[[dict], None] | None = None) -> SandboxRun:
        """Wait for the harness (within the wall-clock limit) and read back every call's outcome.

        `progress`, if given, is called about 4 times a second with the harness's progress.json (phase,
        cell number): plain data the harness writes, never anything the submission printed."""
        assert self.proc is not None
        timed_out = False
        deadline = self.started + self.limits.total_timeout + GRACE_S
        while True:
            left = deadline - time.monotonic()
            try:
                self.proc.wait(timeout=max(0.0, min(left, PROGRESS_POLL_S) if progress else left))
                break
            except subprocess.TimeoutExpired:
                if left <= PROGRESS_POLL_S or not progress:
                    timed_out = True
                    _stop(self.proc)
                    break
                # also unchanged: the caller's clock goes on ticking; no file yet: the harness is starting
                progress(read_progress(self.workdir) or {"phase": Phase.SANDBOX_STARTING})
        leftovers = max(_sweep(self.token), getattr(self.proc, "leftovers", 0))
        ended = time.time()
        manifest = read_manifest(self.workdir)
        teardown = ended - manifest.finished_at if manifest is not None and manifest.finished_at > 0 else 0.0
        return SandboxRun(
            outcomes={c.id: read_outcome(self.channel / "results", c.id) for c in calls},
            manifest=manifest, timed_out=timed_out,
            duration_s=time.monotonic() - self.started, log_tail=_log_tail(self.workdir / "harness.log"),
            leftover_processes=leftovers, isolation=self.isolation, teardown_s=max(0.0, teardown),
            kernel=self.kernel, kernel_note=self.kernel_note,
        )

    def close(self) -> None:
        """Kill whatever is left and delete the sandbox's files."""
        if self.proc is not None and self.proc.poll() is None:
            _stop(self.proc)
        _sweep(self.token)
        self._give_back()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stop(proc: subprocess.Popen | warm.WarmProcess) -> None:
    """SIGTERM the harness (it kills its tree), then SIGKILL its whole process group."""
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=STOP_WAIT_S)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        pass
    if isinstance(proc, warm.WarmProcess):
        proc.kill_group()  # its pid may be of the warm sandbox's namespace: the warm parent signals
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _sweep(token: str) -> int:
    """Kill anything still carrying this run's token; return how many there were."""
    if not processes.have_proc():
        return 0
    found = 0
    for _ in range(SWEEP_TRIES):
        pids = processes.pids_with_token(token)
        if not pids:
            break
        found = max(found, len(pids))
        processes.kill_all(pids)
        time.sleep(SWEEP_PAUSE_S)
    return found
