"""Measure a template's recommended training recipe (`reference/recipes.py`) over training seeds and
held-out draws made by the week's own case generator, so band edges can be set with a margin (issue 11,
"bands with margin"). Prints one JSON line per training seed with the metric on each draw, then a summary.

    python benchmarks/measure_bands.py week11-classifier --seeds 0 1 2 3 4 --draws 20
    python benchmarks/measure_bands.py week08-mlp --draws 400   # trained per case: one line per variant
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from grader.catalog import load_week
from reference import recipes


def measure(task: str, seed: int, draws: int) -> list[float]:
    """The recipe trained with `seed`, scored on `draws` held-out sets drawn as the grader draws them."""
    measured = recipes.MEASURED[task]
    graded = next(t for t in load_week(measured.week).tasks if t.name == measured.task)
    predict = measured.recipe(seed)
    rng = np.random.default_rng(10_000 + seed)
    scores = []
    for _ in range(draws):
        (case,) = graded.cases(rng)
        scores.append(measured.metric(predict(case.args[0]), case.expected))
    return scores


def measure_trained_per_case(draws: int) -> None:
    """Week 8's train_mlp trains on each case's own points: every variant of the hint's recipe on the same
    `draws` cases, one JSON line per variant (minimum, 5th percentile, mean accuracy, draws under the
    full-points edge)."""
    graded = next(t for t in load_week(8).tasks if t.name == "train_mlp")
    edge = graded.check.keywords["bands"][0].threshold
    cases = [graded.cases(np.random.default_rng(20_000 + i))[0] for i in range(draws)]
    for variant in recipes.WEEK08_MLP_VARIANTS:
        start, train = time.time(), recipes.week08_mlp(variant)
        scores = np.array([np.mean(train(*case.args) == case.expected) for case in cases])
        print(json.dumps({"task": "week08-mlp", "variant": variant, "draws": draws, "min": float(scores.min()),
                          "p5": float(np.quantile(scores, 0.05)), "mean": float(scores.mean()),
                          "under_full_edge": int((scores < edge).sum()),
                          "seconds": round(time.time() - start, 1)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=sorted([*recipes.MEASURED, "week08-mlp"]))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--draws", type=int, default=20)
    args = parser.parse_args()
    if args.task == "week08-mlp":
        measure_trained_per_case(args.draws)
        return
    means, lows, highs = [], [], []
    for seed in args.seeds:
        start = time.time()
        scores = measure(args.task, seed, args.draws)
        means.append(float(np.mean(scores)))
        lows.append(float(np.min(scores)))
        highs.append(float(np.max(scores)))
        print(json.dumps({"task": args.task, "seed": seed, "scores": scores,
                          "seconds": round(time.time() - start, 1)}), flush=True)
    print(json.dumps({"task": args.task, "seeds": len(means), "mean": float(np.mean(means)),
                      "min_seed_mean": float(np.min(means)), "std_over_seeds": float(np.std(means)),
                      "lowest_draw": min(lows), "highest_draw": max(highs)}))


if __name__ == "__main__":
    main()
