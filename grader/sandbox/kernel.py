"""The kernel session of the sandbox harness: one Jupyter kernel (nbclient) that runs the student's cells,
then the agent's cell, with an output cap; started cold (`python -m grader.sandbox.kernel_main`) or forked
from the warm harness (ForkProvisioner). `KernelSession.execute` is the one place a cell meets the kernel: what
goes wrong there is the kernel's (a timeout, a death, unreadable messages), everything else is the
harness's own code and is not caught here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
import time
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.provisioning import LocalProvisioner
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError

AGENT_SOURCE = "from grader.sandbox.agent import serve as __grader_serve\n__grader_serve()"
PRELUDE_SOURCE = "from grader.sandbox.agent import prelude as __grader_prelude\n__grader_prelude()"
KERNEL_NAME = "grader-python"
STARTUP_TIMEOUT_S = 60  # the kernel's first answer (TensorFlow imports are in the cells, not here)
IOPUB_TIMEOUT_S = 10  # the last output after a cell's reply
RESPONSIVE_S = 3.0  # how long an interrupted kernel may take to answer again
REAP_POLL_S = 0.02  # ForkedKernel.wait's polling
KERNEL_INFO_WAIT_S = 1.0  # for the kernel_info reply before asking again (jupyter_client's figure)
IOPUB_CONNECTED_WAIT_S = 0.2  # for that request's idle status on IOPub before asking again (ditto)


@dataclass(frozen=True)
class Ran:
    """How executing one cell ended as far as the kernel goes (the cell's own outputs are on the cell)."""

    timed_out: bool = False
    failure: Exception | None = None  # the kernel died (DeadKernelError) or sent what nbclient could not read

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.failure is None


class ReadyAtIdleClient(AsyncKernelClient):
    """jupyter_client's kernel client, ready once the kernel_info request's own `idle` status is on IOPub.

    jupyter_client's wait_for_ready then drains IOPub until 0.2 s pass without a message: 0.2 s of every
    kernel start (~40% of a warm one's). The idle status proves IOPub is connected just as well, and
    nbclient ignores any later message that is not about the cell it runs."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            with contextlib.suppress(Empty):
                reply = await self.shell_channel.get_msg(timeout=KERNEL_INFO_WAIT_S)
                if reply["msg_type"] == "kernel_info_reply" and await self._idle_after(msg_id):
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    wait_for_ready = _async_wait_for_ready  # the base class binds its own coroutine to this name

    async def _idle_after(self, msg_id: str) -> bool:
        """Whether IOPub brings the idle status of request `msg_id` in time (else it is not connected yet)."""
        end = time.monotonic() + IOPUB_CONNECTED_WAIT_S
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            if (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id
                    and msg["content"].get("execution_state") == "idle"):
                return True
        return False


class CappedClient(NotebookClient):
    """nbclient with a cap on how much output each cell may keep."""

    def __init__(self, *args, max_output_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_output_bytes = max_output_bytes
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
            time.sleep(REAP_POLL_S)
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
    """In the forked child: what `python -m grader.sandbox.kernel_main -f FILE` would be, then serve, then exit."""
    code = 1
    log = os.dup(2)
    try:
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
        from grader.sandbox import kernel_main

        sys.argv = [kernel_main.__file__, "-f", connection_file]
        kernel_main.launch(["-f", connection_file], parent_handle=int(env["JPY_PARENT_PID"]))
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


def write_kernelspec(workdir: Path, channel: Path) -> None:
    """The kernelspec nbclient starts (cold): this Python, with the channel folder in its environment."""
    spec_dir = workdir / "jupyter" / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "grader.sandbox.kernel_main", "-f", "{connection_file}"],
        "display_name": "grader sandbox",
        "language": "python",
        "env": {"GRADER_CHANNEL": str(channel)},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    os.environ["JUPYTER_PATH"] = str(workdir / "jupyter")


class KernelSession:
    """A started kernel and the notebook it runs: the student's cells at 0..n-1, then the agent's cell (n)
    and the prelude's (n+1), where nbclient expects their indices."""

    def __init__(self, cells: list, scratch: Path, cell_timeout: float, max_output_bytes: int,
                 fork_kernel: bool) -> None:
        self.students = len(cells)
        notebook = nbformat.v4.new_notebook(cells=[*cells, nbformat.v4.new_code_cell(AGENT_SOURCE),
                                                   nbformat.v4.new_code_cell(PRELUDE_SOURCE)])
        self.client = CappedClient(
            notebook, timeout=int(cell_timeout), allow_errors=True, kernel_name=KERNEL_NAME,
            startup_timeout=STARTUP_TIMEOUT_S, iopub_timeout=IOPUB_TIMEOUT_S,
            resources={"metadata": {"path": str(scratch)}}, max_output_bytes=max_output_bytes,
        )
        self.client.km = self.client.create_kernel_manager()
        self.client.km.client_factory = ReadyAtIdleClient
        if fork_kernel:
            km = self.client.km
            km.kernel_id = km.kernel_id or str(uuid.uuid4())
            km.provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
        self.client.start_new_kernel(cwd=str(scratch))
        self.client.start_new_kernel_client()

    @property
    def timeout(self) -> int:
        return self.client.timeout

    def cell(self, index: int) -> nbformat.NotebookNode:
        return self.client.nb.cells[index]

    @property
    def agent_index(self) -> int:
        return self.students

    @property
    def prelude_index(self) -> int:
        return self.students + 1

    def execute(self, index: int, timeout: float) -> Ran:
        """Run cell `index` with a limit of `timeout` seconds (at least 1)."""
        self.client.timeout = int(max(1, timeout))
        try:
            self.client.execute_cell(self.cell(index), index)
        except CellTimeoutError:
            return Ran(timed_out=True)
        except Exception as exc:  # DeadKernelError, or garbage on the kernel's channels
            return Ran(failure=exc)
        return Ran()

    def interrupt(self) -> bool:
        """Interrupt the running cell; True if the kernel answers again (False: it ignored the signal)."""
        with contextlib.suppress(Exception):  # a kernel already gone fails here and in the probe below
            run_sync(self.client.km.interrupt_kernel)()
        return self.responsive()

    def responsive(self, seconds: float = RESPONSIVE_S) -> bool:
        """Whether the kernel answers a kernel_info request (i.e. is idle again)."""
        kc = self.client.kc
        if kc is None:
            return False

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
        except Exception:  # channels of a dead kernel
            return False

    def stop(self) -> None:
        """Stop the channels and kill the kernel's process group. nbclient has no public call for this
        (its context manager wraps the whole run); a dead or wedged kernel may fail its own shutdown,
        which the caller's kill_tree makes up for."""
        with contextlib.suppress(Exception):
            self.client._cleanup_kernel()
