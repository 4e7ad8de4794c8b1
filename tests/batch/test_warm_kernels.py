"""When `grader grade` forks kernels from a warm parent: as asked, else once a class is big enough to pay the
parent's start (WARM_FROM_PER_WORKER submissions per worker), and the run says which."""

from __future__ import annotations

from grader.batch.run import WARM_FROM_PER_WORKER, BatchOptions, warm_kernels


def test_a_class_big_enough_for_its_workers_gets_warm_kernels_by_default():
    use, said = warm_kernels(BatchOptions(workers=2), 2 * WARM_FROM_PER_WORKER)
    assert use and said.startswith("kernels: warm")


def test_a_small_class_gets_cold_kernels_by_default_and_is_told_how_to_ask():
    use, said = warm_kernels(BatchOptions(workers=2), 2 * WARM_FROM_PER_WORKER - 1)
    assert not use and "--warm" in said and str(WARM_FROM_PER_WORKER) in said


def test_what_the_ta_asked_for_wins_either_way():
    assert warm_kernels(BatchOptions(workers=2, warm=True), 1) == (True, "kernels: warm (as asked)")
    assert warm_kernels(BatchOptions(workers=1, warm=False), 500) == (False, "kernels: cold (as asked)")
