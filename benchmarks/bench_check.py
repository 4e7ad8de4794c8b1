"""Cost of grading one notebook against the cost of just running it, cold and warm kernels side by side.

For the correct example of weeks 1, 10, 11 and 13, interleaved in one run on this machine:
- `script`: the notebook's code as a plain Python script (cold interpreter);
- `nbclient`: the notebook executed by nbclient alone in a fresh kernel (weeks 1 and 10);
- `check_cold`: the whole `grader check --isolation LEVEL` command (hidden inputs; LEVEL: --isolation, default
  the strongest this machine has);
- `check_warm`: `grade(..., warm=True)` in a long-lived grader process whose warm parents are already up, as a
  batch worker grades (`warmup_s` is what starting them cost once: the one with TensorFlow/Keras for the
  notebooks that import them, and the one without);
and the peak memory of each one's whole process tree (proportional set size summed over every process, the
sandbox's included, sampled every 0.2 s). Prints `name: value` lines. Goals: check_vs_script <= 1.0 for
weeks 11 and 13, check_vs_nbclient <= 0.6 for weeks 1 and 10.

    .venv/bin/python benchmarks/bench_check.py [--repeat N] [--weeks 1 10 11 13] [--isolation auto|bubblewrap|process]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat

from grader.sandbox import isolation, processes

ROOT = Path(__file__).resolve().parents[1]
NBCLIENT_WEEKS = (1, 10)

NBCLIENT_ONLY = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=600).execute()
"""

# a grader process that keeps its warm parent: reads "PATH WEEK" lines, answers {"s": seconds, "kernel": ...}
WARM_DRIVER = """
import json, sys, time
from pathlib import Path
from grader.grading import grade
from grader.sandbox import warm
start = time.perf_counter()
level = sys.argv[1]
failure = warm.parent(level).wait_ready() or warm.parent(level, deep=True).wait_ready()
print(json.dumps({"warmup_s": time.perf_counter() - start, "failure": failure}), flush=True)
for line in sys.stdin:
    path, week = line.split()
    start = time.perf_counter()
    report = grade(Path(path), [int(week)], isolation=level, warm=True)
    print(json.dumps({"s": time.perf_counter() - start, "kernel": report.kernel, "score": report.score}), flush=True)
"""


class PeakMemory:
    """Peak of the summed proportional set size of `root` and all its descendants while in use."""

    def __init__(self, root: int) -> None:
        self.root, self.peak, self.stop = root, 0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self.stop.is_set():
            pids = [self.root, *processes.descendants(self.root)]
            self.peak = max(self.peak, processes.proportional_bytes(pids))
            self.stop.wait(0.2)

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def timed(cmd: list[str]) -> tuple[float, int]:
    """(seconds, peak tree bytes) of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    with PeakMemory(proc.pid) as mem:
        code = proc.wait()
    assert code == 0, cmd
    return time.perf_counter() - start, mem.peak


def as_script(notebook: Path, folder: Path) -> Path:
    nb = nbformat.read(notebook, as_version=4)
    script = folder / f"{notebook.parent.name}.py"
    script.write_text("\n\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    return script


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--weeks", type=int, nargs="+", default=[1, 10, 11, 13])
    parser.add_argument("--isolation", choices=("auto", "bubblewrap", "process"), default="auto")
    args = parser.parse_args()
    level = isolation.choose(args.isolation)
    print(f"isolation: {level}")
    driver = subprocess.Popen([sys.executable, "-c", WARM_DRIVER, level], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, cwd=ROOT)
    assert driver.stdin is not None and driver.stdout is not None
    ready = json.loads(driver.stdout.readline())
    assert not ready["failure"], ready
    times: dict[tuple[int, str], list[float]] = {}
    peaks: dict[tuple[int, str], int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):  # interleaved, so drift hits all alike
            for week in args.weeks:
                notebook = ROOT / "examples" / "submissions" / f"week{week:02d}" / "correct.ipynb"
                runs = {"script": [sys.executable, str(as_script(notebook, Path(tmp)))],
                        "check_cold": [sys.executable, "-m", "grader", "check", str(notebook), "--week", str(week),
                                       "--isolation", level]}
                if week in NBCLIENT_WEEKS:
                    runs["nbclient"] = [sys.executable, "-c", NBCLIENT_ONLY, str(notebook)]
                for name, cmd in runs.items():
                    seconds, peak = timed(cmd)
                    times.setdefault((week, name), []).append(seconds)
                    peaks[(week, name)] = max(peaks.get((week, name), 0), peak)
                with PeakMemory(driver.pid) as mem:
                    driver.stdin.write(f"{notebook} {week}\n")
                    driver.stdin.flush()
                    answer = json.loads(driver.stdout.readline())
                assert answer["kernel"] == "warm", answer
                times.setdefault((week, "check_warm"), []).append(answer["s"])
                peaks[(week, "check_warm")] = max(peaks.get((week, "check_warm"), 0), mem.peak)
    driver.stdin.close()
    driver.wait()
    med = {key: statistics.median(ts) for key, ts in times.items()}
    print(f"repeat: {args.repeat}")
    print(f"warmup_s: {ready['warmup_s']:.2f} (the warm parent's start, once per grader process)")
    for week in args.weeks:
        for name in ("script", "nbclient", "check_cold", "check_warm"):
            if (week, name) in med:
                print(f"week{week:02d}_{name}_median_s: {med[(week, name)]:.2f}")
                print(f"week{week:02d}_{name}_peak_tree_mb: {peaks[(week, name)] / 1024**2:.0f}")
        for kind in ("cold", "warm"):
            print(f"week{week:02d}_check_vs_script_{kind}: {med[(week, f'check_{kind}')] / med[(week, 'script')]:.2f}")
            if (week, "nbclient") in med:
                print(f"week{week:02d}_check_vs_nbclient_{kind}: "
                      f"{med[(week, f'check_{kind}')] / med[(week, 'nbclient')]:.2f}")


if __name__ == "__main__":
    main()
