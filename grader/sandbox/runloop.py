"""The sandbox harness's run loop: the student's cells one by one, then the agent until every call has
an outcome. A failing cell does not stop the next; a cell past its limit is interrupted, and a kernel
that dies or hangs is restarted with the cells that had worked replayed, so one bad cell costs only the
tasks that depend on it. Only the kernel calls (KernelSession.execute) are the kernel's to fail: an
exception anywhere else here is the harness's own bug, and ends the run as a sandbox failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from dataclasses import asdict
from pathlib import Path

import nbformat
from nbclient.exceptions import DeadKernelError

from grader.sandbox import codec, notebook, processes
from grader.sandbox.kernel import KernelSession, Ran, write_kernelspec
from grader.sandbox.limits import Limits
from grader.sandbox.protocol import MAX_DEFINES, CellRecord, CellStatus, Manifest, OutcomeKind, Phase
from grader.sandbox.watchdog import Watchdog

DEF = re.compile(r"^(?:\s*def\s+([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*=[^=])", re.MULTILINE)
CALLS_RESERVE_MAX_S = 60.0  # of the submission's time, kept for the calls after the cells ...
CALLS_RESERVE_SHARE = 0.2  # ... at most this share of it
MAX_ENAME = 200  # characters of a cell's exception name
MAX_EVALUE = 500  # ... and message
MAX_AGENT_ERROR = 300  # characters of the agent's own exception message
MAX_DEATH_DETAIL = 120  # characters of an unreadable kernel message's exception
REQUEST_POLL_S = 0.02  # how often the harness looks for the grader's calls


def _first_error(cell: nbformat.NotebookNode) -> dict | None:
    return next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)


class Harness:
    """One submission's run in WORKDIR: its manifest, its kernel (restarted as needed), its watchdog."""

    def __init__(self, workdir: Path, fork_kernel: bool = False) -> None:
        self.workdir = workdir
        self.fork_kernel = fork_kernel  # forked from the warm parent: fork kernels too (kernel.ForkProvisioner)
        config = json.loads((workdir / "harness.json").read_text())
        self.limits = Limits(**config["limits"])
        self.submission = workdir / config["submission"]
        self.channel = workdir / "channel"
        self.manifest = Manifest()
        self.watchdog = Watchdog(self.limits, self.manifest.killed_for)
        self.deadline = time.monotonic() + self.limits.total_timeout
        self.kernel: KernelSession | None = None
        self.kernel_starts = 0
        self.nb: nbformat.NotebookNode | None = None
        write_kernelspec(workdir, self.channel)

    # -- kernel lifecycle ------------------------------------------------------------
    def _start_kernel(self) -> bool:
        if self.kernel_starts >= self.limits.max_kernel_starts:
            self.manifest.problems.append(
                f"the kernel was restarted {self.limits.max_kernel_starts - 1} times; remaining cells skipped")
            return False
        self.kernel_starts += 1
        scratch = self.workdir / "scratch"
        scratch.mkdir(exist_ok=True)
        self.kernel = KernelSession(self.nb.cells, scratch, self.limits.cell_timeout, self.limits.max_output_bytes,
                                    self.fork_kernel)
        return True

    def stop_kernel(self) -> None:
        if self.kernel is not None:
            self.kernel.stop()
            self.kernel = None
        processes.kill_tree(os.getpid())

    def _recover_after_timeout(self) -> bool:
        """Interrupt; if the kernel stays busy (signal ignored), restart it. True if usable."""
        assert self.kernel is not None
        return self.kernel.interrupt() or self._restart()

    def _run_prelude(self) -> None:
        """Seed the kernel before student code (see agent.prelude); best effort: grading goes on without it."""
        assert self.kernel is not None
        ran = self.kernel.execute(self.kernel.prelude_index, self.limits.cell_timeout)
        if not ran.ok:
            name = "CellTimeoutError" if ran.timed_out else type(ran.failure).__name__
            self.manifest.problems.append(f"could not seed the kernel: {name}")
            return
        error = _first_error(self.kernel.cell(self.kernel.prelude_index))
        if error:
            self.manifest.problems.append(f"could not seed the kernel: {error.get('ename')}")

    def _restart(self) -> bool:
        """Fresh kernel, replaying the cells that had run fine, so earlier work survives."""
        self.stop_kernel()
        if not self._start_kernel():
            return False
        self._run_prelude()
        for i, rec in enumerate(self.manifest.cells):
            if rec.status is not CellStatus.OK:
                continue
            if not self.kernel.execute(i, self.limits.cell_timeout).ok:  # drop this cell from replays
                rec.status = CellStatus.ERROR
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
            CellRecord(c.metadata.get("grader_index", i + 1), [a or b for a, b in DEF.findall(c.source)][:MAX_DEFINES])
            for i, c in enumerate(self.nb.cells)
        ]
        if not self.nb.cells:
            self.wait_for_request()
            return
        self.write_progress(Phase.KERNEL_STARTING)
        started = self._start_kernel()  # boots while the grader prepares its calls
        self.write_progress(Phase.KERNEL_STARTED if started else Phase.KERNEL_FAILED)
        if not self.wait_for_request() or not started:
            return
        self._run_prelude()
        reserve = min(CALLS_RESERVE_MAX_S, CALLS_RESERVE_SHARE * self.limits.total_timeout)
        cell_budget_end = self.deadline - reserve
        for i, rec in enumerate(self.manifest.cells):
            left = cell_budget_end - time.monotonic()
            if left <= 1 or self.kernel is None:
                self.manifest.out_of_time |= left <= 1
                rec.status = CellStatus.SKIPPED
                rec.evalue = "the submission's time limit was reached" if left <= 1 else "kernel unavailable"
                continue
            self.write_progress(Phase.CELL, cell=rec.index, done=i, cells=len(self.manifest.cells))
            killed_before = self.watchdog.kills
            started_at = time.monotonic()
            ran = self.kernel.execute(i, min(self.limits.cell_timeout, left))
            if ran.ok:
                rec.seconds = time.monotonic() - started_at
                self._record(rec, self.kernel.cell(i))
            elif ran.timed_out:
                rec.status, rec.evalue = CellStatus.TIMEOUT, f"ran longer than {self.kernel.timeout} s"
                if not self._recover_after_timeout():
                    self.kernel = None
            else:
                rec.status = CellStatus.DIED
                rec.evalue = self._death_reason(ran, killed_before)
                if not self._restart():
                    self.kernel = None

    @staticmethod
    def _record(rec: CellRecord, cell: nbformat.NotebookNode) -> None:
        error = _first_error(cell)
        if error:
            rec.status = CellStatus.ERROR
            rec.ename = str(error.get("ename", ""))[:MAX_ENAME]
            rec.evalue = str(error.get("evalue", ""))[:MAX_EVALUE]
        else:
            rec.status = CellStatus.OK

    def run_agent(self) -> None:
        """Run the agent until every call has an outcome (or time and restarts run out)."""
        if not (self.channel / "request.json").exists():
            return
        calls = json.loads((self.channel / "request.json").read_text()).get("calls", [])
        results = self.channel / "results"
        results.mkdir(exist_ok=True)
        if self.kernel is None and not self._restart():
            return
        self.write_progress(Phase.CHECKING, calls=len(calls))
        last_pending = None
        while self.kernel is not None:
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
            killed_before = self.watchdog.kills
            ran = self.kernel.execute(self.kernel.agent_index, self._time_left() - 1)
            if ran.ok:
                error = _first_error(self.kernel.cell(self.kernel.agent_index))
                if error:
                    ename, evalue = error.get("ename"), str(error.get("evalue"))[:MAX_AGENT_ERROR]
                    self.manifest.problems.append(f"the grader's helper failed in your kernel: {ename}: {evalue}")
                    return
                continue
            if ran.timed_out:
                self._mark_started(results, pending, OutcomeKind.TIMEOUT, "did not return within the time limit")
                usable = self._recover_after_timeout()
            else:
                self._mark_started(results, pending, OutcomeKind.DIED, self._death_reason(ran, killed_before))
                usable = self._restart()
            if not usable:
                return

    def _death_reason(self, ran: Ran, killed_before: int) -> str:
        """Why the kernel stopped answering: a limit we enforced, an exit, or broken messages."""
        if self.watchdog.kills > killed_before and self.manifest.killed_for:
            return self.manifest.killed_for[-1]
        if isinstance(ran.failure, DeadKernelError):
            return "the kernel process exited (os._exit, a crash or a signal)"
        detail = f"{type(ran.failure).__name__}: {str(ran.failure)[:MAX_DEATH_DETAIL]}"
        return f"the kernel sent messages the harness could not read ({detail})"

    @staticmethod
    def _mark_started(results: Path, pending: list[str], outcome: OutcomeKind, message: str) -> None:
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
            time.sleep(REQUEST_POLL_S)
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
        self.manifest.finished_at = time.time()
        self.write_manifest()

    def write_progress(self, phase: Phase, **fields: int) -> None:
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
