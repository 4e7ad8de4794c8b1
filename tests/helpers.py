"""Shared helpers for tests that grade real notebooks in real kernels."""

from __future__ import annotations

from pathlib import Path

import nbformat

from grader import scheme
from grader.catalog import load_week
from grader.grading import grade
from grader.results import Report, Status
from grader.sandbox.limits import Limits

# Correct NumPy-only answers for two tasks: fast to run (no TensorFlow in the kernel).
TWO_CORRECT = '''
import numpy as np

def normalize(values):
    v = np.asarray(values, dtype=float).reshape(-1, 1)
    return (v - v.min()) / (v.max() - v.min())

def denormalize(normalized, data_min, data_max):
    return np.asarray(normalized, dtype=float).reshape(-1, 1) * (data_max - data_min) + data_min
'''


def write_notebook(path: Path, *sources: str) -> Path:
    """A notebook with one code cell per source string."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nbformat.write(nb, path)
    return path


def grade11(path: Path, seed: int | None = 7, isolation: str = "auto", warm: bool = False, **limits: float) -> Report:
    base = {"cell_timeout": 20.0, "total_timeout": 120.0}
    base.update(limits)
    return grade(path, [11], seed=seed, limits=Limits(**base), isolation=isolation, warm=warm)


def points(*task_names: str) -> float:
    """Points the named week-11 tasks are worth."""
    shares = scheme.task_points(scheme.week(11).points, load_week(11).weights())
    return sum(shares[n] for n in task_names)


def statuses(report: Report) -> dict[str, Status]:
    return {t.name: t.status for w in report.weeks for t in w.tasks}


def task(report: Report, name: str):
    return next(t for w in report.weeks for t in w.tasks if t.name == name)


def warm_parent_or_skip(level: str) -> None:
    """Skip (saying why) where this machine's warm parent cannot serve `level`: a machine whose bubblewrap
    refuses a run its own namespaces grades such runs cold, which other tests pin."""
    import pytest

    from grader.sandbox import warm

    why = warm.parent(level).wait_ready()
    if why:
        pytest.skip(f"no warm kernel at the {level} level here: {why}")
