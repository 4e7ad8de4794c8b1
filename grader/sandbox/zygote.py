"""The warm parent ("zygote"): an interpreter that has imported the course's libraries once and forks
one fresh sandbox harness per submission, so a kernel starts with numpy, pandas, scikit-learn,
matplotlib and TensorFlow/Keras already imported (~0.1 s to its first op instead of ~5 s).

Started by `warm.WarmParent` as `python -m grader.sandbox.zygote` with the sandbox's fixed environment
(PYTHONHASHSEED, MPLBACKEND, TF_CPP_MIN_LOG_LEVEL as the cold path sets them). It runs no TensorFlow op:
TensorFlow's thread pools start at the first op, and forking after that would be unsafe.

TensorFlow and Keras are imported only with `--deep` (for notebooks that import them: about half of the
warm-up; a kernel without them imports them itself, as a cold one does). Under bubblewrap
(`--private-runs ROOT`) the zygote itself runs in one bwrap sandbox whose only writable folder is ROOT, and
each harness it forks first enters a view of its own (private_run.py): what a run sees is what a cold
bubblewrap sandbox sees, and nothing an earlier run left.

Protocol, one JSON object per line: on stdout first {"ready": bool, ...}; on stdin {"workdir", "env",
"log"} asks for a harness (answer {"pid"}); {"exited": pid, "code", "leftovers"} follows when that
harness has ended and every process it left has been killed. {"signal": n, "group": bool} signals the
running harness (or its process group): the grader cannot, since a pid here may be of another
namespace. One harness at a time; EOF ends the zygote and everything it started.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import resource
import select
import signal
import sys
import tempfile
import threading
import traceback
from pathlib import Path

from grader.sandbox import kernel_main, notebook, private_run, processes
from grader.sandbox.limits import MAX_FILE_BYTES

# what the course's notebooks import (see examples/), and what the harness and the kernel import
WARM_MODULES = (
    "numpy", "pandas", "scipy.stats", "sklearn", "sklearn.base", "sklearn.preprocessing", "sklearn.pipeline",
    "sklearn.linear_model", "sklearn.metrics", "sklearn.model_selection", "sklearn.tree", "sklearn.svm",
    "sklearn.neighbors", "sklearn.cluster", "sklearn.datasets", "matplotlib", "matplotlib.pyplot",
    "nbformat", "nbclient", "jupyter_client", "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython",
    "IPython.core.oinspect", "IPython.core.completerlib", "IPython.core.debugger", "IPython.extensions.storemagic",
    "pdb", "tornado.platform.asyncio",  # what a kernel's start imports on its own (~12 ms of each, profiled)
    "grader.sandbox.harness", "grader.sandbox.runloop", "grader.sandbox.kernel", "grader.sandbox.agent",
)
# added by the "deep" profile (`--deep`), for notebooks that import them: about half of the warm-up
DEEP_MODULES = ("tensorflow", "keras")
POLL_S = 0.05  # how often the parent looks for orphans to reap (its harness's exit wakes it at once)
MAX_FD = 65536  # descriptors above stdio that a forked harness closes
PR_SET_DUMPABLE = 4  # a non-dumpable parent cannot be traced or have its memory read by a run it forked


def _say(doc: dict) -> None:
    sys.stdout.write(json.dumps(doc) + "\n")
    sys.stdout.flush()


def _set_dumpable(on: bool) -> None:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, int(on), 0, 0, 0)


def _become_harness(request: dict, private_root: Path | None) -> None:
    """In the forked child: the state a cold `python -m grader.sandbox.harness WORKDIR` would start with
    (own session, under bubblewrap its own view, the run's environment and limits, stdio on harness.log, no
    inherited descriptors), then run the harness, whose kernels are forked from here in turn
    (kernel.ForkProvisioner)."""
    code = 1
    try:
        os.setsid()
        if private_root is not None:
            private_run.enter(Path(request["workdir"]), private_root)
        _set_dumpable(True)  # as a cold harness is: the grader's sweep reads its kernels' /proc entries
        for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        workdir = str(request["workdir"])
        os.chdir(workdir)
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in request["env"].items()})
        tempfile.tempdir = None  # gettempdir() caches the zygote's folder; the run has its own TMPDIR
        null = os.open(os.devnull, os.O_RDONLY)
        log = os.open(str(request["log"]), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.closerange(3, MAX_FD)
        sys.argv = [sys.argv[0], workdir]
        from grader.sandbox import harness

        code = harness.main(["harness", workdir], fork_kernel=True)
    except BaseException:
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        os._exit(code)


def _exit_fd(pid: int) -> int | None:
    """A descriptor that becomes readable when `pid` exits (Linux pidfd), so its end is seen at once."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):  # an older kernel or Python: the POLL_S look finds it
        return None


def _signal(running: int | None, request: dict) -> None:
    """The grader's signal for the running harness (its whole process group with "group")."""
    if running is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        (os.killpg if request.get("group") else os.kill)(running, int(request["signal"]))


def _serve(private_root: Path | None) -> None:
    me = os.getpid()
    running: int | None = None
    exit_fd: int | None = None
    inbox = sys.stdin.buffer
    while True:
        ready, _, _ = select.select([inbox] if exit_fd is None else [inbox, exit_fd], [], [], POLL_S)
        if inbox in ready:
            line = inbox.readline()
            if not line:
                return
            request = json.loads(line)
            if "signal" in request:
                _signal(running, request)
                continue
            if running is not None:
                _say({"error": "a harness is still running"})
                continue
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _become_harness(request, private_root)
            running, exit_fd = pid, _exit_fd(pid)
            _say({"pid": pid})
        if running is not None:
            with contextlib.suppress(ChildProcessError):
                while True:
                    pid, status = os.waitpid(-1, os.WNOHANG)  # orphans re-parent here too (subreaper)
                    if pid == 0:
                        break
                    if pid == running:
                        leftovers = len(processes.descendants(me))
                        processes.kill_tree(me)
                        _say({"exited": pid, "code": os.waitstatus_to_exitcode(status), "leftovers": leftovers})
                        running = None
                        if exit_fd is not None:
                            os.close(exit_fd)
                            exit_fd = None
                        break


def _probe_private_runs(root: Path) -> str:
    """'' if a forked child can enter a run's own view here, else why not (then no run is served warm)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            probe = root / "probe-run"
            probe.mkdir(exist_ok=True)
            private_run.enter(probe, root)
            os._exit(0)
        except BaseException as exc:
            os.write(write, f"{type(exc).__name__}: {exc}".encode()[:300])
            os._exit(1)
    os.close(write)
    with os.fdopen(read, "rb") as why:
        message = why.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    return "" if os.waitstatus_to_exitcode(status) == 0 else (message or "the probe failed")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    private_root = Path(argv[argv.index("--private-runs") + 1]) if "--private-runs" in argv else None
    modules = WARM_MODULES + (DEEP_MODULES if "--deep" in argv else ())
    if private_root is not None and (why := _probe_private_runs(private_root)):  # before the imports: fast
        _say({"ready": False, "error": f"a run cannot have its own view in the warm sandbox: {why}"})
        return 1
    processes.become_subreaper()  # no PDEATHSIG: it follows the forking thread (a Dask worker's); EOF on stdin does
    if sys.path and sys.path[0] == os.getcwd():  # `-m` put the zygote's folder first; a cold harness has its own
        sys.path.pop(0)
    try:
        kernel_main.skip_debugger()  # before ipykernel's modules: the kernels it forks have no debugger
        for name in modules:
            importlib.import_module(name)
        notebook.compile_validators()
    except Exception as exc:
        _say({"ready": False, "error": f"{type(exc).__name__}: {exc}"[:300]})
        return 1
    threads = threading.active_count()
    if threads != 1:  # a fork copies only the calling thread: refuse rather than fork a half-copied process
        _say({"ready": False, "error": f"the warm-up left {threads} threads running"})
        return 1
    _set_dumpable(False)
    _say({"ready": True, "pid": os.getpid()})
    try:
        _serve(private_root)
    finally:
        processes.kill_tree(os.getpid())
    return 0


if __name__ == "__main__":
    sys.exit(main())
