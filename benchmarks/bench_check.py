"""Cost of grading against the cost of just running the notebook.

Times, in one run on this machine: `grader check` on the correct week-11 example (whole
command, hidden inputs) at the process isolation level and, where bwrap works, at the
bubblewrap level; the same notebook executed by nbclient alone; and its code run as a plain
Python script. Prints `name: value` lines; the goal is grade/nbclient <= 1.5.

    .venv/bin/python benchmarks/bench_check.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from grader.sandbox import isolation

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "submissions" / "week11" / "correct.ipynb"

NBCLIENT_ONLY = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=600).execute()
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "lab.py"
        script.write_text("\n\n".join(c.source for c in nb.cells if c.cell_type == "code"))
        report = Path(tmp) / "report.json"
        check = [sys.executable, "-m", "grader", "check", str(NOTEBOOK), "--week", "11", "--json", str(report),
                 "--isolation"]
        runs = {
            "grade": [*check, "process"],
            "nbclient": [sys.executable, "-c", NBCLIENT_ONLY, str(NOTEBOOK)],
            "script": [sys.executable, str(script)],
        }
        if isolation.probe_bubblewrap().ok:
            runs["grade_bubblewrap"] = [*check, "bubblewrap"]
        times: dict[str, list[float]] = {name: [] for name in runs}
        teardowns: list[float] = []  # last result on disk -> sandbox gone (the report's timings)
        for _ in range(args.repeat):  # interleaved, so drift hits all three alike
            for name, cmd in runs.items():
                times[name].append(timed(cmd))
                if name.startswith("grade"):
                    teardowns.append(json.loads(report.read_text())["timings"].get("teardown_s", 0.0))
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"notebook: {NOTEBOOK.relative_to(ROOT)}")
    print(f"repeat: {args.repeat}")
    for name in runs:
        print(f"{name}_median_s: {med[name]:.2f}")
    print(f"grade_over_nbclient: {med['grade'] / med['nbclient']:.2f}")
    print(f"nbclient_over_script: {med['nbclient'] / med['script']:.2f}")
    print(f"grade_over_script: {med['grade'] / med['script']:.2f}")
    if "grade_bubblewrap" in med:
        print(f"bubblewrap_over_process: {med['grade_bubblewrap'] / med['grade']:.2f}")
    else:
        print(f"bubblewrap_over_process: n/a ({isolation.probe_bubblewrap().detail})")
    print(f"teardown_median_s: {statistics.median(teardowns):.2f}")
    print(f"goal_grade_over_nbclient_at_most_1.5: {'met' if med['grade'] / med['nbclient'] <= 1.5 else 'missed'}")


if __name__ == "__main__":
    main()
