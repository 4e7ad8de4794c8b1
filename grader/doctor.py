"""`grader doctor`: what isolation this machine gives a submission, and how to get the strongest."""

from __future__ import annotations

import os
import sys

from grader.sandbox import isolation, processes

ADVICE = """To get the strongest level (bubblewrap):
  - Debian/Ubuntu: sudo apt-get install bubblewrap   (Fedora: dnf install bubblewrap)
  - if bwrap is installed but refused: unprivileged user namespaces are off. On Ubuntu 24.04+
    allow them for bwrap (sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0), on older
    Debian: sudo sysctl kernel.unprivileged_userns_clone=1; inside Docker, run the container with
    --security-opt seccomp=unconfined or grade outside it.
  - macOS/Windows: only the process level is available; grade on Linux for untrusted submissions."""


def report() -> tuple[str, int]:
    """The doctor's text, and the exit code (0 when the strongest level is available)."""
    probe = isolation.probe_bubblewrap()
    lines = [
        f"python: {sys.version.split()[0]} ({sys.executable})",
        f"platform: {sys.platform}, user id {os.getuid() if hasattr(os, 'getuid') else '?'}",
        "",
        "isolation levels:",
        f"  bubblewrap  {'available' if probe.ok else 'NOT available'}: {probe.detail}",
        "              no network, own pid namespace, private /tmp, read-only system; reference",
        "              solutions, specs, other submissions and the gradebook are invisible",
        "  process     available: own process tree with time, memory, process/thread and output",
        "              limits; the submission can read whatever your user can read",
        "",
        f"process watchdog (/proc): {'yes' if processes.have_proc() else 'NO: memory and process limits are off'}",
        f"orphan collection (subreaper): {'yes' if sys.platform.startswith('linux') else 'no (not Linux)'}",
        "",
        f"`grader check` will use: {isolation.choose('auto')}",
    ]
    if not probe.ok:
        lines += ["", ADVICE]
    return "\n".join(lines), 0 if probe.ok else 1
