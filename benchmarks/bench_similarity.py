"""Similarity of a synthetic class: 200 week-10 notebooks made from the bundled examples, each a disguised
copy (names renamed with a per-student salt, functions reordered, comments and layout changed), compared
pairwise with the week's template as boilerplate, and the pages written.

Prints `name: value` lines; `similarity_s_per_100_pairs` is the whole run (reading, comparing, pages)
per 100 pairs compared, wall clock; `similarity_cpu_s_per_100_pairs` the same in CPU seconds of this
process (steadier when other work shares the machine).

    .venv/bin/python benchmarks/bench_similarity.py [--students 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.similarity.run import class_similarity, write_pages  # noqa: E402
from tests.similarity.disguise import disguise_notebook  # noqa: E402

EXAMPLES = sorted((ROOT / "examples" / "submissions" / "week10").glob("*.ipynb"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        for i in range(args.students):
            disguise_notebook(EXAMPLES[i % len(EXAMPLES)], folder / f"student{i:03d}" / "week10.ipynb",
                              salt=f"s{i}")
        start, cpu = time.perf_counter(), time.process_time()
        results = class_similarity(folder)
        compared = time.perf_counter() - start
        write_pages(results, Path(tmp) / "out")
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    pairs = sum(w.compared for w in results)
    print(f"similarity_notebooks: {args.students}")
    print(f"similarity_pairs: {pairs}")
    print(f"similarity_pairs_listed: {sum(len(w.pairs) for w in results)}")
    print(f"similarity_compare_s: {compared:.2f}")
    print(f"similarity_total_s: {elapsed:.2f}")
    print(f"similarity_s_per_100_pairs: {100 * elapsed / pairs:.4f}")
    print(f"similarity_cpu_s_per_100_pairs: {100 * cpu / pairs:.4f}")  # steadier on a shared machine


if __name__ == "__main__":
    main()
