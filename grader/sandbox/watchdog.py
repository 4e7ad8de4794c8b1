"""The sandbox's watchdog: a thread in the harness that kills every descendant (kernel, the student's
subprocesses) when their memory, threads or process count pass the run's limits."""

from __future__ import annotations

import os
import threading
import time

from grader.sandbox import processes
from grader.sandbox.limits import Limits

POLL_S = 0.2  # how often the process tree is measured
REPEAT_S = 2.0  # the same limit hit again within this long is one kill in the report (they are still dying)


class Watchdog(threading.Thread):
    """Kills every descendant when a limit is passed; each reason lands in `killed_for` (the manifest's)."""

    def __init__(self, limits: Limits, killed_for: list[str]) -> None:
        super().__init__(daemon=True)
        self.limits, self.killed_for = limits, killed_for
        self.kills = 0  # every kill, also those not listed again in killed_for
        self.stop = threading.Event()

    def reason(self, pids: list[int]) -> str:
        """Which limit the processes `pids` pass, as the report says it ('' for none)."""
        limit_mb = self.limits.memory_bytes / 1024**2
        rss, threads = processes.usage(pids)
        # counts first: forked copies share pages that RSS counts once each
        if len(pids) > self.limits.max_processes:
            return f"processes: {len(pids)}, limit {self.limits.max_processes}"
        if threads > self.limits.max_threads:
            return f"threads: {threads}, limit {self.limits.max_threads}"
        if rss > self.limits.memory_bytes and (pss := processes.proportional_bytes(pids)) > self.limits.memory_bytes:
            return f"memory: {pss / 1024**2:.0f} MB resident, limit {limit_mb:.0f} MB"
        return ""

    def run(self) -> None:
        me = os.getpid()
        last_kind, last_at = "", 0.0
        while not self.stop.wait(POLL_S):
            pids = processes.descendants(me)
            reason = self.reason(pids)
            if not reason:
                continue
            kind = reason.partition(":")[0]
            if kind != last_kind or time.monotonic() - last_at > REPEAT_S:  # not once per poll while they die
                self.killed_for.append(reason)
            last_kind, last_at = kind, time.monotonic()
            self.kills += 1
            processes.kill_all(pids)
