"""Week 5 references: k-means against scikit-learn's KMeans from the same centroids, the
silhouette against silhouette_score, Apriori against brute force on the textbook baskets."""

from itertools import combinations

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from exercises.week05 import spec
from grader.plan import plan_week
from reference import apriori
from reference import clustering as ref


def _assert_same_as(ours, km) -> None:
    """(labels, centroids, inertia) equal to a fitted KMeans's."""
    labels, centroids, inertia = ours
    assert np.array_equal(labels, km.labels_)
    assert np.allclose(centroids, km.cluster_centers_, rtol=1e-6, atol=1e-6)
    assert inertia == pytest.approx(km.inertia_, rel=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_kmeans_equals_scikit_learn_from_the_same_centroids(seed):
    rng = np.random.default_rng(seed)
    X, init = spec._kmeans_input(rng)
    ours = ref.kmeans(X, init)
    for tol in (0.0, 1e-4):  # exact convergence, and scikit-learn's default stopping rule
        _assert_same_as(ours, KMeans(n_clusters=len(init), init=init, n_init=1, tol=tol).fit(X))


@pytest.mark.parametrize("seed", range(4))
def test_kmeans_max_iter_counts_iterations_as_scikit_learn_does(seed):
    """One iteration = update the centroids, then re-assign: the capped reference equals KMeans(max_iter=m)."""
    X, init = spec._kmeans_input(np.random.default_rng(seed), min_changes=3)
    for max_iter in (1, 2, 3):
        _assert_same_as(ref.kmeans(X, init, max_iter),
                        KMeans(n_clusters=len(init), init=init, n_init=1, max_iter=max_iter).fit(X))


@pytest.mark.parametrize("seed", range(50))
def test_a_hidden_kmeans_case_stops_at_max_iter_before_the_labels_settle(seed):
    """Every draw has a max_iter=2 case whose answer differs from the converged run's (max_iter ignored),
    from one update's and from the labels before the last update, so each of those fails on every draw."""
    capped = [c for c in spec._kmeans_cases(np.random.default_rng(seed)) if len(c.args) == 3]
    assert len(capped) == 1 and capped[0].args[2] == spec.CAPPED_MAX_ITER == 2
    X, init, max_iter = capped[0].args
    assert "max_iter=2" in capped[0].label
    check = next(t for t in spec.TASKS if t.name == "kmeans").check
    want = ref.kmeans(X, init, max_iter)
    for wrong in (ref.kmeans(X, init), spec._one_iteration(X, init), spec._labels_before_last_update(X, init, 2)):
        assert not check(wrong, want).ok
        assert not np.array_equal(wrong[0], want[0])  # the labels differ, not just the centroids


def test_kmeans_steps_by_hand():
    X, C = spec.PUBLIC_X, spec.PUBLIC_CENTROIDS
    assert ref.assign_clusters(X, C).tolist() == [0, 0, 0, 1, 1, 1, 1]
    assert np.allclose(ref.update_centroids(X, [0, 0, 1, 1, 1, 1, 1], 2), [[1.25, 1.5], [3.9, 5.1]])
    assert ref.inertia([[0.0, 0.0], [3.0, 4.0]], [0, 0], [[0.0, 0.0]]) == 25.0


@pytest.mark.parametrize("seed", range(4))
def test_silhouette_equals_scikit_learns(seed):
    X, init = spec._kmeans_input(np.random.default_rng(seed))
    labels = ref.kmeans(X, init)[0]
    assert ref.silhouette(X, labels) == pytest.approx(silhouette_score(X, labels), abs=1e-10)


def test_choose_k_finds_the_number_of_blobs():
    for k in (2, 3, 4, 5):
        X = spec._blobs(np.random.default_rng(k), k)
        assert ref.choose_k(X, range(2, 8)) == k


def brute_force(transactions, min_support):
    items = sorted({i for t in transactions for i in t})
    found = {}
    for r in range(1, len(items) + 1):
        for combo in combinations(items, r):
            s = apriori.support(transactions, combo)
            if s >= min_support:
                found[combo] = s
    return found


def test_textbook_baskets_give_the_textbook_itemsets_and_rules():
    found = dict(apriori.frequent_itemsets(spec.BASKETS, 0.5))
    assert found == pytest.approx({("beer",): 0.6, ("bread",): 0.8, ("diapers",): 0.8, ("milk",): 0.8,
                                   ("beer", "diapers"): 0.6, ("bread", "diapers"): 0.6, ("bread", "milk"): 0.6,
                                   ("diapers", "milk"): 0.6})
    rules = {(a, c): (s, conf, lift) for a, c, s, conf, lift in apriori.association_rules(spec.BASKETS, 0.5, 0.7)}
    assert len(rules) == 8
    assert rules[(("beer",), ("diapers",))] == pytest.approx((0.6, 1.0, 1.25))
    assert rules[(("bread",), ("milk",))] == pytest.approx((0.6, 0.75, 0.9375))


@pytest.mark.parametrize("seed", range(10))
def test_apriori_equals_brute_force_on_hidden_transactions(seed):
    rng = np.random.default_rng(seed)
    t = spec._transactions(rng)
    s = spec._threshold(rng, len(t))
    assert dict(apriori.frequent_itemsets(t, s)) == pytest.approx(brute_force(t, s))
    for a, c, sup, conf, lift in apriori.association_rules(t, s, 0.5):
        whole = apriori.support(t, a + c)
        assert sup == pytest.approx(whole) and conf == pytest.approx(whole / apriori.support(t, a))
        assert lift == pytest.approx(conf / apriori.support(t, c)) and conf >= 0.5


# Rules the textbook baskets cannot show (no 3-itemset reaches min_support 0.5): hidden cases catch them.
HIDDEN_ONLY = ("no itemset has more than two items", "only rules with one item on each side",
               "an itemset whose support EQUALS", "rules come only from itemsets",  # the public supports are fifths
               "there are always 2 centroids (the example's k)",  # the public k is 2; hidden ones never are
               "you tried k = 2..6 (the example's)",  # the public k_values are 2..6; one hidden case's are not
               "max_iter was ignored", "max_iter stopped the loop",  # only the hidden max_iter=2 run is capped
               "b is the mean distance to the points of the NEAREST")  # the public labels have 2 clusters


@pytest.mark.parametrize("seed", range(6))
def test_every_known_mistake_fails_its_task(seed):
    """Each mistake fails at least one case of its task (so the task earns nothing), and the
    public case whenever it can, so the message shows on the example students see."""
    for plan in plan_week(spec.SPEC, seed):
        for mistake in plan.task.mistakes:
            fails = []
            for case, want in zip(plan.cases, plan.expected, strict=True):
                assert plan.task.check(want, want).ok, plan.task.name
                fails.append(not plan.task.check(mistake.produce(*case.args, **case.kwargs), want).ok)
            assert any(fails), (plan.task.name, mistake.message)
            assert fails[0] or mistake.message.startswith(HIDDEN_ONLY), (plan.task.name, mistake.message)


def _smallest_tie_gap(X, centroids) -> float:
    """How far each point's nearest centroid is from its second nearest (squared distances)."""
    d = np.sort(((np.asarray(X, float)[:, None] - np.asarray(centroids, float)[None]) ** 2).sum(axis=2), axis=1)
    return float((d[:, 1] - d[:, 0]).min())


@pytest.mark.parametrize("seed", range(0, 50, 7))
def test_hidden_kmeans_inputs_never_put_a_point_on_a_tie(seed):
    """Ties policy for k-means: the hidden points are continuous draws, so no point is equally near
    two centroids at any step (the statement's lowest-index rule never decides a grade)."""
    from exercises.week05 import spec as week5
    from reference import clustering

    rng = np.random.default_rng(seed)
    for case in week5._assign_cases(rng)[1:]:
        assert _smallest_tie_gap(*case.args) > 1e-6
    for case in week5._kmeans_cases(rng)[1:]:
        X, centroids = case.args[:2]
        for _ in range(100):
            assert _smallest_tie_gap(X, centroids) > 1e-6
            labels = clustering.assign_clusters(X, centroids)
            new = clustering.update_centroids(X, labels, len(centroids))
            if np.allclose(new, centroids):
                break
            centroids = new


@pytest.mark.parametrize("seed", range(0, 50, 5))
def test_a_hidden_silhouette_case_has_three_clusters_so_b_means_the_nearest_other_cluster(seed):
    """With two clusters "the nearest other cluster" and "every point outside" are the same points: one
    hidden case in every draw has 3+ clusters, so averaging b over every outside point fails on every seed."""
    plan = next(p for p in plan_week(spec.SPEC, seed) if p.task.name == "silhouette")
    hidden = [c for c in plan.cases if not c.public]
    assert any(len(np.unique(c.args[1])) >= 3 for c in hidden)
    mistake = next(m for m in plan.task.mistakes if m.message.startswith("b is the mean distance"))
    assert any(not plan.task.check(mistake.produce(*c.args), e).ok
               for c, e in zip(plan.cases, plan.expected, strict=True) if not c.public)
