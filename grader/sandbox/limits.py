"""Resource limits of one sandbox run (import-light: used by the CLI, grader and harness)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_FILE_BYTES = 512 * 1024 * 1024  # RLIMIT_FSIZE of the whole sandbox tree (cold: runner; warm: zygote)


@dataclass
class Limits:
    """What the harness enforces itself (the grader enforces the overall wall time too)."""

    cell_timeout: float = 120.0
    total_timeout: float = 600.0
    memory_bytes: int = 4 * 1024**3
    max_threads: int = 2048
    max_processes: int = 128
    max_output_bytes: int = 200_000
    max_kernel_starts: int = 4
    max_cells: int = 2000  # code cells run; a lab has a few dozen
