"""Batch throughput: a class of N week-10 submissions graded with 1 and with 2 Dask workers in
the same run, and the batch path's cost per submission against `grader check` on the same file.

Prints `name: value` lines; the goal is throughput(2 workers) / throughput(1 worker) >= 1.7 on
2 cores. Wall times include starting the embedded LocalCluster.

    .venv/bin/python benchmarks/bench_batch.py [--students 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader.batch.run import BatchOptions, grade_class

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "submissions" / "week10").glob("*.ipynb"))


def make_class(folder: Path, students: int) -> None:
    for i in range(students):
        source = EXAMPLES[i % len(EXAMPLES)]
        (folder / f"student{i:03d}_week10.ipynb").write_bytes(source.read_bytes())


def batch_seconds(folder: Path, workers: int) -> tuple[float, float]:
    """(whole batch, grading only: from the cluster being ready to the last result) in seconds."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        summary = grade_class(folder, Path(out), BatchOptions(workers=workers), stream=io.StringIO())
        elapsed = time.perf_counter() - start
    assert summary.errors == 0 and summary.unchanged == 0, summary.text()
    return elapsed, summary.grading_s


def check_seconds(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader", "check", str(path), "--week", "10"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="`grader check` runs to take the median of")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_class(folder, args.students)
        (one, one_grading), (two, two_grading) = batch_seconds(folder, 1), batch_seconds(folder, 2)
        check = statistics.median(check_seconds(p) for p in sorted(folder.iterdir())[: args.repeat])
    ratio = one / two
    print(f"submissions: {args.students} (week 10 examples, hidden inputs)")
    print(f"batch_1_worker_s: {one:.1f} (grading {one_grading:.1f})")
    print(f"batch_2_workers_s: {two:.1f} (grading {two_grading:.1f})")
    print(f"throughput_ratio_2_over_1: {ratio:.2f} (whole command, cluster start and outputs included)")
    print(f"grading_throughput_ratio_2_over_1: {one_grading / two_grading:.2f} (cluster ready to last result)")
    print(f"batch_per_submission_1_worker_s: {one / args.students:.2f}")
    print(f"check_per_submission_s: {check:.2f}")
    print(f"batch_over_check_per_submission: {one / args.students / check:.2f}")
    print(f"goal_ratio_at_least_1.7: whole {'met' if ratio >= 1.7 else 'missed'}, grading "
          f"{'met' if one_grading / two_grading >= 1.7 else 'missed'}")


if __name__ == "__main__":
    main()
