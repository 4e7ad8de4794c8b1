"""Sandbox harness: runs one submission in a Jupyter kernel, then the agent, then cleans up.

Started by `runner.Sandbox` as `python -m grader.sandbox.harness WORKDIR` in its own
session. It is untrusted territory (student code runs in its children) and reports only by
writing plain data into WORKDIR: manifest.json and the agent's results/*.json.

Cells run one by one (nbclient), a failing cell does not stop the next; a cell that runs
past its limit is interrupted, and a kernel that dies or hangs is restarted with the cells
that had worked replayed, so one bad cell costs only the tasks that depend on it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.provisioning import LocalProvisioner
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from grader.sandbox import codec, notebook, processes
from grader.sandbox.limits import Limits

AGENT_SOURCE = "from grader.sandbox.agent import serve as __grader_serve\n__grader_serve()"
PRELUDE_SOURCE = "from grader.sandbox.agent import prelude as __grader_prelude\n__grader_prelude()"
KERNEL_NAME = "grader-python"
DEF = re.compile(r"^(?:\s*def\s+([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*=[^=])", re.MULTILINE)


@dataclass
class CellRecord:
    index: int
    defines: list[str] = field(default_factory=list)  # names after `def`, for messages only
    status: str = "pending"  # ok | error | timeout | died | skipped
    ename: str = ""
    evalue: str = ""
    output_bytes: int = 0
    truncated: bool = False
    seconds: float = 0.0  # wall time of the cell (training cells dominate a lab's grading time)


@dataclass
class Manifest:
    problems: list[str] = field(default_factory=list)
    cells: list[CellRecord] = field(default_factory=list)
    kernel_starts: int = 0
    killed_for: list[str] = field(default_factory=list)
    kills: int = 0  # every kill, also those not listed again in killed_for (the same limit within 2 s)
    agent_runs: int = 0
    finished: bool = False
    finished_at: float = 0.0  # wall clock when the last result was on disk (the grader times the teardown)
    out_of_time: bool = False  # the whole-submission time limit stopped cells or calls (outcome "timeout")


class CappedClient(NotebookClient):
    """nbclient with a cap on how much output each cell may keep."""

    max_output_bytes = 200_000

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.output_bytes: dict[int, int] = {}

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        used = self.output_bytes.get(cell_index, 0) + size
        self.output_bytes[cell_index] = used
        if used > self.max_output_bytes:
            if used - size <= self.max_output_bytes:
                outs.append(nbformat.v4.new_output(
                    "stream", name="stderr", text=f"\n[grader: output cut at {self.max_output_bytes} bytes]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


class Watchdog(threading.Thread):
    """Kills every descendant when their memory, threads or process count pass the limits."""

    def __init__(self, limits: Limits, manifest: Manifest) -> None:
        super().__init__(daemon=True)
        self.limits, self.manifest = limits, manifest
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        limit_mb = self.limits.memory_bytes / 1024**2
        last_kind, last_at = "", 0.0
        while not self.stop.wait(0.2):
            pids = processes.descendants(me)
            rss, threads = processes.usage(pids)
            reason = ""  # counts first: forked copies share pages that RSS counts once each
            if len(pids) > self.limits.max_processes:
                reason = f"processes: {len(pids)}, limit {self.limits.max_processes}"
            elif threads > self.limits.max_threads:
                reason = f"threads: {threads}, limit {self.limits.max_threads}"
            elif rss > limit_mb * 1024**2 and (pss := processes.proportional_bytes(pids)) > limit_mb * 1024**2:
                reason = f"memory: {pss / 1024**2:.0f} MB resident, limit {limit_mb:.0f} MB"
            if reason:
                kind = reason.partition(":")[0]
                if kind != last_kind or time.monotonic() - last_at > 2.0:  # not once per poll while they die
                    self.manifest.killed_for.append(reason)
                last_kind, last_at = kind, time.monotonic()
                self.manifest.kills += 1
                processes.kill_all(pids)


class ForkedKernel:
    """The Popen-like handle jupyter_client keeps for a kernel forked from this (warm) harness."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            with contextlib.suppress(ChildProcessError):
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid == 0:
                    return None
                self.returncode = os.waitstatus_to_exitcode(status)
            if self.returncode is None:  # reaped elsewhere (processes.reap)
                self.returncode = -signal.SIGKILL
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise TimeoutError(self.pid)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """Starts the kernel by forking this harness, which the warm parent (zygote.py) forked with the
    course's libraries imported, instead of exec'ing a cold `python -m ipykernel_launcher`."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        connection_file = cmd[cmd.index("-f") + 1]
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it (the kernel's parent poller)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _become_kernel(connection_file, env, cwd)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the child makes its own session, as jupyter_client's launcher does
        self.cwd = cwd
        return self.connection_info


def _become_kernel(connection_file: str, env: dict[str, str], cwd: str) -> None:
    """In the forked child: what `python -m ipykernel_launcher -f FILE` would be, then serve, then exit."""
    code = 1
    log = os.dup(2)
    try:
        import asyncio

        asyncio.events._set_running_loop(None)  # forked inside the harness's run_sync loop: the kernel gets its own
        asyncio.set_event_loop(asyncio.new_event_loop())
        os.setsid()
        for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGALRM):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.clear()
        os.environ.update(env)
        tempfile.tempdir = None  # gettempdir() caches: a cold kernel reads the run's TMPDIR afresh
        os.chdir(cwd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        import ipykernel_launcher
        from ipykernel import kernelapp

        sys.argv = [ipykernel_launcher.__file__, "-f", connection_file]
        kernelapp.launch_new_instance(argv=["-f", connection_file], parent_handle=int(env["JPY_PARENT_PID"]))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        with contextlib.suppress(Exception):
            os.write(log, traceback.format_exc().encode())  # the kernel captures fd 2 into its own output
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


class Harness:
    def __init__(self, workdir: Path, fork_kernel: bool = False) -> None:
        self.workdir = workdir
        self.fork_kernel = fork_kernel  # forked from the warm parent: fork kernels too (ForkProvisioner)
        config = json.loads((workdir / "harness.json").read_text())
        self.limits = Limits(**config["limits"])
        self.submission = workdir / config["submission"]
        self.channel = workdir / "channel"
        self.manifest = Manifest()
        self.deadline = time.monotonic() + self.limits.total_timeout
        self.client: CappedClient | None = None
        self.nb: nbformat.NotebookNode | None = None
        self._write_kernelspec()

    # -- kernel lifecycle ------------------------------------------------------------
    def _write_kernelspec(self) -> None:
        spec_dir = self.workdir / "jupyter" / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True, exist_ok=True)
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "grader sandbox",
            "language": "python",
            "env": {"GRADER_CHANNEL": str(self.channel)},
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec))
        os.environ["JUPYTER_PATH"] = str(self.workdir / "jupyter")

    def _start_kernel(self) -> bool:
        if self.manifest.kernel_starts >= self.limits.max_kernel_starts:
            self.manifest.problems.append(
                f"the kernel was restarted {self.limits.max_kernel_starts - 1} times; remaining cells skipped")
            return False
        self.manifest.kernel_starts += 1
        scratch = self.workdir / "scratch"
        scratch.mkdir(exist_ok=True)
        # the agent's and the prelude's cells sit after the student's, where nbclient expects
        # their indices: len(cells) and len(cells) + 1
        cells = [*self.nb.cells, nbformat.v4.new_code_cell(AGENT_SOURCE), nbformat.v4.new_code_cell(PRELUDE_SOURCE)]
        self.client = CappedClient(
            nbformat.v4.new_notebook(cells=cells), timeout=int(self.limits.cell_timeout), allow_errors=True,
            kernel_name=KERNEL_NAME, startup_timeout=60, iopub_timeout=10,
            resources={"metadata": {"path": str(scratch)}},
        )
        self.client.max_output_bytes = self.limits.max_output_bytes
        self.client.km = self.client.create_kernel_manager()
        if self.fork_kernel:
            km = self.client.km
            km.kernel_id = km.kernel_id or str(uuid.uuid4())
            km.provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
        self.client.start_new_kernel(cwd=str(scratch))
        self.client.start_new_kernel_client()
        return True

    def stop_kernel(self) -> None:
        if self.client is not None:
            # stops channels and kills the kernel's process group; a dead or wedged kernel
            # may fail its own shutdown, which kill_tree below makes up for
            with contextlib.suppress(Exception):
                self.client._cleanup_kernel()
            self.client = None
        processes.kill_tree(os.getpid())

    def _responsive(self, seconds: float = 3.0) -> bool:
        """Whether the kernel answers a kernel_info request (i.e. is idle again)."""
        assert self.client is not None and self.client.kc is not None
        kc = self.client.kc

        async def probe() -> bool:
            msg_id = kc.kernel_info()
            end = time.monotonic() + seconds
            while (left := end - time.monotonic()) > 0:
                try:
                    msg = await kc.get_shell_msg(timeout=left)
                except Empty:
                    return False
                if msg["parent_header"].get("msg_id") == msg_id:
                    return True
            return False

        try:
            return run_sync(probe)()
        except Exception:
            return False

    def _recover_after_timeout(self) -> bool:
        """Interrupt; if the kernel stays busy (signal ignored), restart it. True if usable."""
        assert self.client is not None
        with contextlib.suppress(Exception):
            run_sync(self.client.km.interrupt_kernel)()
        if self._responsive():
            return True
        return self._restart()

    def _run_prelude(self) -> None:
        """Seed the kernel before student code (see agent.prelude)."""
        assert self.client is not None
        cell = self.client.nb.cells[-1]
        try:
            self.client.execute_cell(cell, len(self.client.nb.cells) - 1)
        except Exception as exc:  # seeding is best effort; grading goes on without it
            self.manifest.problems.append(f"could not seed the kernel: {type(exc).__name__}")
            return
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            self.manifest.problems.append(f"could not seed the kernel: {errors[0].get('ename')}")

    def _restart(self) -> bool:
        """Fresh kernel, replaying the cells that had run fine, so earlier work survives."""
        self.stop_kernel()
        if not self._start_kernel():
            return False
        self._run_prelude()
        for i, (rec, cell) in enumerate(zip(self.manifest.cells, self.nb.cells, strict=True)):
            if rec.status != "ok":
                continue
            try:
                self.client.execute_cell(cell, i)
            except Exception:  # timeout, dead or misbehaving kernel: drop this cell from replays
                rec.status = "error"
                rec.ename, rec.evalue = "ReplayFailed", "the cell did not run again after a restart"
                return self._restart()
        return True

    # -- running ------------------------------------------------------------------
    def _time_left(self) -> float:
        return self.deadline - time.monotonic()

    def run_cells(self) -> None:
        assert self.nb is not None
        if len(self.nb.cells) > self.limits.max_cells:
            self.manifest.problems.append(
                f"the notebook has {len(self.nb.cells)} code cells; only the first {self.limits.max_cells} were run")
            self.nb.cells = self.nb.cells[: self.limits.max_cells]
        self.manifest.cells = [
            CellRecord(c.metadata.get("grader_index", i + 1), [a or b for a, b in DEF.findall(c.source)][:50])
            for i, c in enumerate(self.nb.cells)
        ]
        if not self.nb.cells:
            self.wait_for_request()
            return
        self.write_progress("kernel_starting")
        started = self._start_kernel()  # boots while the grader prepares its calls
        self.write_progress("kernel_started" if started else "kernel_failed")
        if not self.wait_for_request() or not started:
            return
        self._run_prelude()
        cell_budget_end = self.deadline - min(60.0, 0.2 * self.limits.total_timeout)
        for i, (rec, cell) in enumerate(zip(self.manifest.cells, self.nb.cells, strict=True)):
            left = cell_budget_end - time.monotonic()
            if left <= 1 or self.client is None:
                self.manifest.out_of_time |= left <= 1
                rec.status = "skipped"
                rec.evalue = "the submission's time limit was reached" if left <= 1 else "kernel unavailable"
                continue
            self.client.timeout = int(max(1, min(self.limits.cell_timeout, left)))
            self.write_progress("cell", cell=rec.index, done=i, cells=len(self.manifest.cells))
            killed_before = self.manifest.kills
            started = time.monotonic()
            try:
                self.client.execute_cell(cell, i)
                rec.seconds = time.monotonic() - started
                self._record(rec, cell, i)
            except CellTimeoutError:
                rec.status, rec.evalue = "timeout", f"ran longer than {self.client.timeout} s"
                if not self._recover_after_timeout():
                    self.client = None
            except Exception as exc:  # DeadKernelError, or garbage on the kernel's channels
                rec.status = "died"
                rec.evalue = self._death_reason(exc, killed_before)
                if not self._restart():
                    self.client = None

    def _record(self, rec: CellRecord, cell: nbformat.NotebookNode, i: int) -> None:
        rec.output_bytes = self.client.output_bytes.get(i, 0) if self.client else 0
        rec.truncated = rec.output_bytes > self.limits.max_output_bytes
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            rec.status = "error"
            rec.ename = str(errors[0].get("ename", ""))[:200]
            rec.evalue = str(errors[0].get("evalue", ""))[:500]
        else:
            rec.status = "ok"

    def run_agent(self) -> None:
        """Run the agent until every call has an outcome (or time and restarts run out)."""
        if not (self.channel / "request.json").exists():
            return
        calls = json.loads((self.channel / "request.json").read_text()).get("calls", [])
        results = self.channel / "results"
        results.mkdir(exist_ok=True)
        if self.client is None and not self._restart():
            return
        self.write_progress("checking", calls=len(calls))
        last_pending = None
        while self.client is not None:
            pending = [c["id"] for c in calls if not (results / f"{c['id']}.json").exists()]
            if not pending:
                return
            if self._time_left() <= 1:
                self.manifest.out_of_time = True
                return
            if pending == last_pending:
                self.manifest.problems.append(
                    f"the grader's helper stopped making progress; {len(pending)} call(s) got no answer")
                return
            last_pending = pending
            self.manifest.agent_runs += 1
            self.client.timeout = int(max(1, self._time_left() - 1))
            ok = True
            killed_before = self.manifest.kills
            cell = self.client.nb.cells[len(self.nb.cells)]
            try:
                self.client.execute_cell(cell, len(self.nb.cells))
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                if errors:
                    ename, evalue = errors[0].get("ename"), str(errors[0].get("evalue"))[:300]
                    self.manifest.problems.append(f"the grader's helper failed in your kernel: {ename}: {evalue}")
                    return
            except CellTimeoutError:
                ok = False
                self._mark_started(results, pending, "timeout", "did not return within the time limit")
                ok = self._recover_after_timeout()
            except Exception as exc:  # DeadKernelError, or garbage on the kernel's channels
                self._mark_started(results, pending, "died", self._death_reason(exc, killed_before))
                ok = self._restart()
            if not ok:
                return

    def _death_reason(self, exc: Exception, killed_before: int) -> str:
        """Why the kernel stopped answering: a limit we enforced, an exit, or broken messages."""
        if self.manifest.kills > killed_before:
            return self.manifest.killed_for[-1]
        if isinstance(exc, DeadKernelError):
            return "the kernel process exited (os._exit, a crash or a signal)"
        return f"the kernel sent messages the harness could not read ({type(exc).__name__}: {str(exc)[:120]})"

    @staticmethod
    def _mark_started(results: Path, pending: list[str], outcome: str, message: str) -> None:
        """Give the call that was running when the kernel hung or died its outcome."""
        for call_id in pending:
            if (results / f"{call_id}.started").exists() and not (results / f"{call_id}.json").exists():
                codec.write_doc(results / call_id, {"outcome": outcome, "message": message})

    def wait_for_request(self) -> bool:
        """Block until the grader has written the calls: only then may student code run."""
        while not (self.channel / "request.json").exists():
            if self._time_left() <= 0:
                self.manifest.problems.append("the grader never sent its calls")
                return False
            time.sleep(0.02)
        return True

    def run(self) -> None:
        loaded = notebook.load(self.submission)
        self.manifest.problems.extend(loaded.problems)
        self.nb = loaded.notebook
        self.write_manifest()
        if self.nb is not None:
            self.run_cells()
            self.write_manifest()
            self.run_agent()
        self.manifest.finished = True
        self.manifest.finished_at = time.time()
        self.write_manifest()

    def write_progress(self, phase: str, **fields: int) -> None:
        """A small file the grader may poll to show progress (`grader check` on a terminal): data only,
        never the student's output. Best effort: progress is a courtesy, grading goes on without it."""
        tmp = self.workdir / "progress.json.tmp"
        with contextlib.suppress(OSError):
            tmp.write_text(json.dumps({"phase": phase, "at": time.time(), **fields}))
            os.replace(tmp, self.workdir / "progress.json")

    def write_manifest(self) -> None:
        tmp = self.workdir / "manifest.json.tmp"
        tmp.write_text(json.dumps(asdict(self.manifest)))
        os.replace(tmp, self.workdir / "manifest.json")


def main(argv: list[str], fork_kernel: bool = False) -> int:
    workdir = Path(argv[1])
    processes.become_subreaper()
    harness = Harness(workdir, fork_kernel)
    watchdog = Watchdog(harness.limits, harness.manifest)
    watchdog.start()

    def on_term(signum: int, frame: object) -> None:
        harness.manifest.problems.append("the grader stopped the submission at its time limit")
        harness.write_manifest()
        processes.kill_tree(os.getpid())
        os._exit(3)

    signal.signal(signal.SIGTERM, on_term)
    processes.die_with_parent(signal.SIGTERM)  # a killed grader leaves nothing running
    code = 0
    try:
        harness.run()
    except Exception as exc:  # record, never hide: the grader turns this into a clear message
        harness.manifest.problems.append(f"sandbox failure: {type(exc).__name__}: {exc}"[:500])
        traceback.print_exc()  # into harness.log, whose tail the grader reads
        code = 1
    watchdog.stop.set()
    harness.write_manifest()
    finish(code)
    return code


def finish(code: int) -> None:
    """End the sandbox at once: every result is already on disk and the sandbox is thrown away,
    so a graceful kernel shutdown (~2.5 s with TensorFlow loaded) and the interpreter's own
    teardown buy nothing. SIGKILL every descendant, wait until they are gone, exit."""
    sys.stdout.flush()
    sys.stderr.flush()
    processes.kill_tree(os.getpid())
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
