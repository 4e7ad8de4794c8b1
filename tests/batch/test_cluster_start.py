"""ClusterStart: a run's Dask cluster opens in a thread while the client finds what to grade, readies its workers
(warm parents, grading code) before the first job, and leaves no process once closed."""

from __future__ import annotations

import functools

import pytest

from grader.batch.engine import ClusterStart, prewarm, warm_up_worker
from grader.sandbox import isolation, warm

pytestmark = pytest.mark.slow


def test_the_cluster_opened_ahead_serves_jobs_and_closes_with_every_process():
    cluster = ClusterStart(1, None)
    cluster.start()  # returns at once: the cluster comes up in its own thread
    client = cluster.client()
    assert client.submit(sum, [1, 2, 3]).result() == 6
    workers = client.run(lambda: __import__("os").getpid())
    cluster.close()
    assert cluster.thread is not None and not cluster.thread.is_alive()
    for pid in workers.values():
        with pytest.raises(ProcessLookupError):
            __import__("os").kill(pid, 0)


def test_every_worker_has_its_warm_parent_and_the_weeks_code_before_the_first_job():
    warm_up = functools.partial(prewarm, isolation_level="process", deep={False}, weeks={1})
    with ClusterStart(2, None) as cluster:
        client = cluster.client(warm_up)
        seen = client.run(lambda: (sorted(__import__("grader.sandbox.warm", fromlist=["_"])._PARENTS),
                                   "exercises.week01.spec" in __import__("sys").modules))
    assert len(seen) == 2
    assert all(found == ([("process", False)], True) for found in seen.values())


def test_a_cluster_started_without_warm_up_is_warmed_when_the_client_asks_for_it():
    calls = []
    with ClusterStart(1, None) as cluster:
        cluster.start()  # ahead, before the run knew it would use warm kernels
        client = cluster.client(calls.append)
        assert calls == [client]
        cluster.client(calls.append)
        assert calls == [client]  # once


def test_a_cluster_never_asked_for_closes_quietly():
    with ClusterStart(1, None) as cluster:
        cluster.start()
    assert cluster.thread is not None and not cluster.thread.is_alive()


def test_warming_a_worker_starts_its_parent_and_names_the_level_it_resolved():
    level = warm_up_worker("process", (False,), (1,))
    assert level == isolation.PROCESS
    parent = warm.parent(isolation.PROCESS, False)
    assert parent.wait_ready() == ""
