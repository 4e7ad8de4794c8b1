"""Week 5 grading specification: k-means clustering and Apriori.

k-means's steps (assignment, centroid update, inertia) and the whole loop are checked against
`reference.clustering`, which tests/reference pins to scikit-learn's KMeans started from the
same centroids; the silhouette against sklearn.metrics.silhouette_score; choosing k on blobs
whose number is drawn per run. Apriori's supports, frequent itemsets and rules are compared
as sets with `reference.apriori` on the textbook basket and on hidden transaction lists.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.checks import check_array, check_equal, check_tuple
from grader.checks.itemsets import check_itemsets, check_rules
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import apriori
from reference import clustering as ref

TOL = {"rtol": 1e-6, "atol": 1e-6}

PUBLIC_X = [[1.0, 1.0], [1.5, 2.0], [3.0, 4.0], [5.0, 7.0], [3.5, 5.0], [4.5, 5.0], [3.5, 4.5]]
PUBLIC_CENTROIDS = [[1.0, 1.0], [5.0, 7.0]]
BASKETS = [["bread", "milk"], ["bread", "diapers", "beer", "eggs"], ["milk", "diapers", "beer", "cola"],
           ["bread", "milk", "diapers", "beer"], ["bread", "milk", "diapers", "cola"]]
GROCERIES = ("apples", "bread", "butter", "cheese", "coffee", "eggs", "jam", "milk", "pasta", "tea")


# -- hidden inputs -----------------------------------------------------------------------
def _blobs(rng: np.random.Generator, k: int, spread: float = 0.8) -> np.ndarray:
    d = int(rng.integers(2, 4))
    centers = rng.uniform(-10, 10, size=(k, d))
    while min(np.linalg.norm(a - b) for i, a in enumerate(centers) for b in centers[i + 1:]) < 6:
        centers = rng.uniform(-10, 10, size=(k, d))
    return ref.make_blobs(int(rng.integers(8, 25)), centers, spread, int(rng.integers(2**31)))


def _kmeans_input(rng: np.random.Generator, min_changes: int = 0, min_k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Blobs and k (min_k..4) distinct rows as starting centroids, redrawn until no cluster ever
    empties and the assignments change at least `min_changes` times before they settle."""
    while True:
        k = int(rng.integers(min_k, 5))
        X = _blobs(rng, int(rng.integers(2, 5)), spread=1.5)
        init = X[rng.choice(len(X), size=k, replace=False)]
        centroids, labels = init, ref.assign_clusters(X, init)
        for changes in range(100):
            if len(np.unique(labels)) < k:
                break
            centroids = ref.update_centroids(X, labels, k)
            new = ref.assign_clusters(X, centroids)
            if np.array_equal(new, labels):
                if changes >= min_changes:
                    return X, init
                break
            labels = new


def _describe(X: np.ndarray, k: int) -> str:
    return f"{len(X)} points in {X.shape[1]} dimensions, k={k}"


def _assign_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_CENTROIDS), label="7 points, centroids (1, 1) and (5, 7)", public=True)]
    for i in range(2):
        X, init = _kmeans_input(rng)
        cases.append(Case((X, init + rng.normal(scale=0.5, size=init.shape)),
                          label=f"hidden points {i + 1} ({_describe(X, len(init))})"))
    return cases


def _update_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, [0, 0, 1, 1, 1, 1, 1], 2), label="7 points, labels [0, 0, 1, 1, 1, 1, 1]",
                  public=True)]
    for i in range(2):
        X, init = _kmeans_input(rng, min_k=3)  # never the public k=2: a k that is ignored shows on every draw
        cases.append(Case((X, ref.assign_clusters(X, init), len(init)),
                          label=f"hidden points {i + 1} ({_describe(X, len(init))})"))
    return cases


def _inertia_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, [0, 0, 1, 1, 1, 1, 1], [[1.25, 1.5], [3.9, 5.1]]),
                  label="7 points, labels [0, 0, 1, 1, 1, 1, 1], centroids (1.25, 1.5), (3.9, 5.1)", public=True)]
    for i in range(2):
        X, init = _kmeans_input(rng)
        labels = ref.assign_clusters(X, init)
        cases.append(Case((X, labels, ref.update_centroids(X, labels, len(init))),
                          label=f"hidden points {i + 1} ({_describe(X, len(init))})"))
    return cases


CAPPED_MAX_ITER = 2  # the hidden capped run: never the default 100 (nor 1, where the cap equals one update)


def _kmeans_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, PUBLIC_CENTROIDS), label="7 points from (1, 1) and (5, 7)", public=True)]
    for i in range(2):
        X, init = _kmeans_input(rng, min_changes=2)  # one update is never enough
        cases.append(Case((X, init), label=f"hidden points {i + 1} ({_describe(X, len(init))})"))
    # the labels change 3+ times, so max_iter=2 stops before they settle: ignoring max_iter, stopping after one
    # update, or returning the labels from before the last update all fail this case on every draw
    X, init = _kmeans_input(rng, min_changes=CAPPED_MAX_ITER + 1)
    cases.append(Case((X, init, CAPPED_MAX_ITER), label=f"hidden points 3 ({_describe(X, len(init))}), "
                                                        f"max_iter={CAPPED_MAX_ITER}: stopped before convergence"))
    return cases


def _silhouette_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_X, [0, 0, 1, 1, 1, 1, 1]), label="7 points, labels [0, 0, 1, 1, 1, 1, 1]", public=True)]
    # "b = the NEAREST other cluster" only differs from "the mean over all other points" with 3+ clusters:
    # the first hidden clustering always has at least 3
    for i, min_k in enumerate((3, 2)):
        X, init = _kmeans_input(rng, min_k=min_k)
        cases.append(Case((X, ref.kmeans(X, init)[0]), label=f"hidden clustering {i + 1} "
                                                            f"({_describe(X, len(init))})"))
    return cases


def _choose_k_cases(rng: np.random.Generator) -> list[Case]:
    public = ref.make_blobs(15, [[0, 0], [8, 0], [4, 7]], 0.8, 5)
    cases = [Case((public, [2, 3, 4, 5, 6]), label="three blobs of 15 points, k in 2..6", public=True)]
    # k_values never the public 2..6: one hidden case has 7 or 8 blobs and k in k-2..k+1, so a function that
    # tries 2..6 whatever k_values says cannot return the answer on any draw
    k = int(rng.choice([7, 8]))
    k_values = list(range(k - 2, k + 2))
    X = _blobs(rng, k, spread=0.6)
    while ref.choose_k(X, k_values) != k:  # rare: two blobs KMeans reads as one; the answer must be k
        X = _blobs(rng, k, spread=0.6)
    cases.append(Case((X, k_values), label=f"hidden blobs 1 ({len(X)} points, k in {k_values[0]}..{k_values[-1]})"))
    X = _blobs(rng, int(rng.choice([2, 3, 4, 5])))
    cases.append(Case((X, list(range(2, 8))), label=f"hidden blobs 2 ({len(X)} points, k in 2..7)"))
    return cases


def _transactions(rng: np.random.Generator, n: int | None = None) -> list[list[str]]:
    """Baskets in which three items are bought together in at least 40% of them (so a frequent
    3-itemset, above every drawn min_support, is in every draw), the rest by popularity."""
    items = [str(x) for x in rng.choice(GROCERIES, size=int(rng.integers(5, 9)), replace=False)]
    popular = rng.uniform(0.15, 0.7, size=len(items))
    trio = rng.choice(len(items), size=3, replace=False)
    n = n or int(rng.integers(12, 30))
    together = set(rng.choice(n, size=int(np.ceil(0.4 * n)), replace=False).tolist())
    baskets = []
    for b in range(n):
        chosen = rng.uniform(size=len(items)) < popular
        if b in together:
            chosen[trio] = True
        if not chosen.any():
            chosen[int(rng.integers(len(items)))] = True
        baskets.append([items[j] for j in np.flatnonzero(chosen)])
    return baskets


def _threshold(rng: np.random.Generator, n: int) -> float:
    """A support threshold halfway between two counts: no share lies on it."""
    return (int(rng.integers(int(0.2 * n), int(0.35 * n) + 1)) + 0.5) / n


EXACT_BASKETS = 16  # k/16 is exact in binary floating point: count / n >= s and count >= s * n agree


def _at_threshold(rng: np.random.Generator) -> tuple[list[list[str]], float]:
    """16 baskets and a min_support EQUAL to the support of the most frequent 3-itemset, so the
    statement's `>=` (not `>`) is what keeps it, in every draw, whichever way a student compares."""
    t = _transactions(rng, EXACT_BASKETS)
    top = max(sup for items, sup in apriori.frequent_itemsets(t, 1 / EXACT_BASKETS) if len(items) == 3)
    return t, round(top * EXACT_BASKETS) / EXACT_BASKETS


CONFIDENCE_OFFSET = 0.0037  # no confidence count/count (counts <= 30) lies within 3e-6 of m/100 + 0.0037:
#                             unlike + 0.005 (0.625 = 5/8), no rule sits on the threshold


def _support_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((BASKETS, ["diapers", "beer"]), label="the textbook baskets, {diapers, beer}", public=True)]
    for i in range(2):
        t = _transactions(rng)
        items = sorted({x for b in t for x in b})
        chosen = [str(x) for x in rng.choice(items, size=int(rng.integers(1, 3)), replace=False)]
        cases.append(Case((t, chosen), label=f"hidden transactions {i + 1} ({len(t)} baskets, "
                                             f"{len(chosen)}-itemset)"))
    return cases


def _itemset_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((BASKETS, 0.5), label="the textbook baskets, min_support=0.5", public=True)]
    for i in range(2):
        t = _transactions(rng)
        s = _threshold(rng, len(t))
        cases.append(Case((t, s), label=f"hidden transactions {i + 1} ({len(t)} baskets, min_support={s:.3f})"))
    t, s = _at_threshold(rng)
    cases.append(Case((t, s), label=f"hidden transactions 3 ({len(t)} baskets, min_support={s:g}, the support of "
                                    "an itemset)"))
    return cases


def _rule_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((BASKETS, 0.5, 0.7), label="the textbook baskets, min_support=0.5, min_confidence=0.7",
                  public=True)]
    for i in range(2):
        t = _transactions(rng)
        s, c = _threshold(rng, len(t)), float(np.round(rng.uniform(0.4, 0.8), 2))
        three = max(conf for a, cons, _, conf, _ in apriori.association_rules(t, s, 0.0) if len(a) + len(cons) == 3)
        c = min(c, np.floor(three * 100) / 100 - 0.01) + CONFIDENCE_OFFSET  # a rule from 3 items always passes
        cases.append(Case((t, s, c), label=f"hidden transactions {i + 1} ({len(t)} baskets, min_support={s:.3f}, "
                                           f"min_confidence={c:.3f})"))
    t, s = _at_threshold(rng)
    three = max(conf for a, cons, _, conf, _ in apriori.association_rules(t, s, 0.0) if len(a) + len(cons) == 3)
    c = float(np.floor(three * 100) / 100 - 0.01) + CONFIDENCE_OFFSET  # the itemset at the threshold gives a rule
    cases.append(Case((t, s, c), label=f"hidden transactions 3 ({len(t)} baskets, min_support={s:g}, the support "
                                       f"of an itemset, min_confidence={c:.3f})"))
    return cases


# -- known mistakes ----------------------------------------------------------------------
def _farthest(X, centroids):
    return ((np.asarray(X, float)[:, None] - np.asarray(centroids, float)[None]) ** 2).sum(axis=2).argmax(axis=1)


def _higher_index_on_ties(X, centroids):
    d = ((np.asarray(X, float)[:, None] - np.asarray(centroids, float)[None]) ** 2).sum(axis=2)
    return d.shape[1] - 1 - d[:, ::-1].argmin(axis=1)


def _medians(X, labels, k):
    X, labels = np.asarray(X, float), np.asarray(labels)
    return np.stack([np.median(X[labels == j], axis=0) for j in range(int(k))])


def _distance_sum(X, labels, centroids):
    diff = np.asarray(X, float) - np.asarray(centroids, float)[np.asarray(labels)]
    return float(np.sqrt((diff ** 2).sum(axis=1)).sum())


def _mean_inertia(X, labels, centroids):
    return ref.inertia(X, labels, centroids) / len(X)


def _one_iteration(X, initial_centroids, max_iter=100):
    labels = ref.assign_clusters(X, initial_centroids)
    centroids = ref.update_centroids(X, labels, len(initial_centroids))
    return labels, centroids, ref.inertia(X, labels, centroids)


def _max_iter_ignored(X, initial_centroids, max_iter=100):
    return ref.kmeans(X, initial_centroids)


def _labels_before_last_update(X, initial_centroids, max_iter=100):
    """Assign, then update, max_iter times: the labels returned are those of the centroids before the last update."""
    centroids, labels = np.asarray(initial_centroids, dtype=float), None
    for _ in range(int(max_iter)):
        new = ref.assign_clusters(X, centroids)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        centroids = ref.update_centroids(X, labels, len(centroids))
    return labels, centroids, ref.inertia(X, labels, centroids)



def _silhouette_variant(X, labels, a_of, b_of) -> float:
    """The silhouette with a (`a_of(distances, own)`) or b (`b_of(distances, own, labels)`) taken a wrong way."""
    X, labels = np.asarray(X, float), np.asarray(labels)
    dist = np.sqrt(((X[:, None] - X[None]) ** 2).sum(axis=2))
    scores = []
    for i in range(len(X)):
        own = labels == labels[i]
        a, b = a_of(dist[i], own), b_of(dist[i], own, labels)
        scores.append((b - a) / max(a, b))
    return float(np.mean(scores))


def _self_in_a(X, labels):
    return _silhouette_variant(X, labels, lambda row, own: row[own].mean(),
                               lambda row, own, labels: min(row[labels == c].mean() for c in np.unique(labels[~own])))


def _b_over_all_others(X, labels):
    return _silhouette_variant(X, labels, lambda row, own: row[own].sum() / max(own.sum() - 1, 1),
                               lambda row, own, labels: row[~own].mean())


def _counts(transactions, min_support):
    n = len(transactions)
    return [(items, round(s * n)) for items, s in apriori.frequent_itemsets(transactions, min_support)]


def _strict_support(transactions, min_support):
    """`support > min_support`: only differs where a support equals the threshold (exact k/16 cases)."""
    return [(items, sup) for items, sup in apriori.frequent_itemsets(transactions, min_support)
            if sup > min_support]


def _strict_support_rules(transactions, min_support, min_confidence):
    kept = {items for items, _ in _strict_support(transactions, min_support)}
    return [r for r in apriori.association_rules(transactions, min_support, min_confidence)
            if tuple(sorted(r[0] + r[1])) in kept]


STRICT_SUPPORT = ("an itemset whose support EQUALS min_support is left out: keep support >= min_support, "
                  "as the statement says")


def _up_to_pairs(transactions, min_support):
    return [(items, s) for items, s in apriori.frequent_itemsets(transactions, min_support) if len(items) <= 2]


def _one_item_each_side(transactions, min_support, min_confidence):
    return [r for r in apriori.association_rules(transactions, min_support, min_confidence)
            if len(r[0]) == 1 and len(r[1]) == 1]


def _lift_by_antecedent(transactions, min_support, min_confidence):
    table = dict(apriori.frequent_itemsets(transactions, min_support))
    return [(a, c, s, conf, conf / table[a]) for a, c, s, conf, _ in
            apriori.association_rules(transactions, min_support, min_confidence)]


def _confidence_reversed(transactions, min_support, min_confidence):
    table = dict(apriori.frequent_itemsets(transactions, min_support))
    rules = []
    for a, c, s, _, _ in apriori.association_rules(transactions, min_support, 0.0):
        conf = s / table[c]
        if conf >= min_confidence:
            rules.append((a, c, s, conf, conf / table[c]))
    return rules


LABELS = "np.argmin of the squared distances to each centroid, one label per row"
TASKS = (
    FunctionTask(
        name="assign_clusters", weight=1, reference=ref.assign_clusters,
        forbidden=("sklearn.cluster", "scipy.cluster", "sklearn.metrics.pairwise_distances_argmin",
                   "sklearn.metrics.pairwise_distances_argmin_min"),
        summary="(X, centroids) -> the index of each row's nearest centroid",
        cases=_assign_cases, check=check_array,
        mistakes=(Mistake(_farthest, "each point went to its farthest centroid: use argmin, not argmax"),
                  Mistake(_higher_index_on_ties, "a point equally near two centroids (a tie, e.g. (3, 4) in the lab's "
                                                 "example) went to the higher index; on a tie take the lowest index, "
                                                 "as np.argmin does")),
        hints=("distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2); labels = "
               "distances.argmin(axis=1)", LABELS),
    ),
    FunctionTask(
        name="update_centroids", weight=1,
        forbidden=("sklearn.cluster", "scipy.cluster", "sklearn.metrics.pairwise_distances_argmin",
                   "sklearn.metrics.pairwise_distances_argmin_min"),
        reference=ref.update_centroids,
        summary="(X, labels, k) -> (k, d) mean of each cluster's rows",
        cases=_update_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_medians, "these are medians; k-means moves each centroid to the mean of its points"),
                  Mistake(lambda X, labels, k: ref.update_centroids(X, labels, 2),
                          "there are always 2 centroids (the example's k): return one mean per cluster, "
                          "for j in range(k)")),
        hints=("np.array([X[labels == j].mean(axis=0) for j in range(k)])",),
    ),
    FunctionTask(
        name="inertia", weight=1, reference=ref.inertia,
        forbidden=("sklearn.cluster", "scipy.cluster", "sklearn.metrics.pairwise_distances_argmin",
                   "sklearn.metrics.pairwise_distances_argmin_min"),
        summary="(X, labels, centroids) -> sum of squared distances of the rows to their own centroid",
        cases=_inertia_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_distance_sum, "you summed distances; inertia sums SQUARED distances (no sqrt)"),
                  Mistake(_mean_inertia, "you took the mean over the rows; inertia is the sum (KMeans.inertia_)")),
        hints=("((X - centroids[labels]) ** 2).sum()",),
    ),
    FunctionTask(
        name="kmeans", weight=2, reference=ref.kmeans,
        forbidden=("sklearn.cluster", "scipy.cluster", "sklearn.metrics.pairwise_distances_argmin",
                   "sklearn.metrics.pairwise_distances_argmin_min"),
        summary="(X, initial_centroids, max_iter=100) -> (labels, centroids, inertia) of Lloyd's algorithm run "
                "until the assignments stop changing or max_iter iterations (update, then re-assign) have run",
        cases=_kmeans_cases, check=partial(check_tuple, names=("labels", "centroids", "inertia"), **TOL),
        mistakes=(Mistake(_one_iteration, "you stopped after one assignment and update: repeat until the labels "
                                          "no longer change"),
                  Mistake(_max_iter_ignored, "max_iter was ignored: the run must stop after at most max_iter "
                                             "iterations (one iteration = update the centroids, then re-assign "
                                             "the points) even when the labels still change"),
                  Mistake(_labels_before_last_update, "max_iter stopped the loop and the labels returned are "
                                                      "those of the centroids BEFORE the last update: re-assign "
                                                      "the points after every update, so labels and inertia "
                                                      "belong to the returned centroids")),
        hints=("labels = assign_clusters(X, C); then up to max_iter times: C = update_centroids(X, labels, k); "
               "new = assign_clusters(X, C); stop when new equals labels, else labels = new.",
               "KMeans(n_clusters=k, init=initial_centroids, n_init=1, max_iter=max_iter).fit(X) starts from the same "
               "centroids and counts iterations the same way: "
               "compare labels_, cluster_centers_, inertia_"),
    ),
    FunctionTask(
        name="silhouette", weight=1, reference=ref.silhouette,
        summary="(X, labels) -> the mean silhouette coefficient (b - a) / max(a, b)",
        cases=_silhouette_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_self_in_a, "a includes the point's zero distance to itself: average over the "
                                      "OTHER points of its cluster (divide by size - 1)"),
                  Mistake(_b_over_all_others, "b is the mean distance to the points of the NEAREST other cluster "
                                              "(the smallest of the per-cluster means), not to every point outside "
                                              "the point's own cluster")),
        hints=("a = mean distance to the other points of the same cluster; b = smallest mean distance to the "
               "points of another cluster",
               "sklearn.metrics.silhouette_score(X, labels) gives the same number"),
    ),
    FunctionTask(
        name="choose_k", weight=1, reference=ref.choose_k,
        summary="(X, k_values) -> the k whose k-means clustering has the highest silhouette",
        cases=_choose_k_cases, check=partial(check_equal, kind="integer"),
        mistakes=(Mistake(lambda X, k_values: max(k_values),
                          "you returned the largest k: inertia always falls as k grows; pick the k with the "
                          "highest silhouette"),
                  Mistake(lambda X, k_values: ref.choose_k(X, range(2, 7)),
                          "you tried k = 2..6 (the example's) whatever k_values says: loop over the k_values "
                          "argument")),
        hints=("For each k: labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(X); keep the k "
               "with the largest silhouette_score(X, labels). Return an int.",),
    ),
    FunctionTask(
        name="support", weight=1, reference=apriori.support,
        summary="(transactions, itemset) -> the share of transactions containing every item of the itemset",
        cases=_support_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(lambda t, items: apriori.support(t, items) * len(t),
                          "that is a count of transactions; support is a share: divide by len(transactions)"),),
        hints=("sum(set(itemset) <= set(t) for t in transactions) / len(transactions)",),
    ),
    FunctionTask(
        name="frequent_itemsets", weight=2,
        reference=apriori.frequent_itemsets,
        summary="(transactions, min_support) -> every (itemset, support) with support >= min_support, itemsets "
                "as tuples of items",
        cases=_itemset_cases, check=check_itemsets,
        mistakes=(Mistake(_counts, "the supports are counts; divide by the number of transactions"),
                  Mistake(_strict_support, STRICT_SUPPORT),
                  Mistake(_up_to_pairs, "no itemset has more than two items: keep joining frequent k-itemsets into "
                                        "(k+1)-candidates until none is frequent")),
        hints=("Return e.g. [(('bread',), 0.8), (('bread', 'milk'), 0.6), ...]: tuple(sorted(itemset)), not "
               "frozenset (the grader cannot read sets).",
               "Start from the frequent single items; join frequent k-itemsets into (k+1)-candidates, keep those "
               "whose support >= min_support, until no candidate is frequent."),
    ),
    FunctionTask(
        name="association_rules", weight=2,
        reference=apriori.association_rules,
        summary="(transactions, min_support, min_confidence) -> (antecedent, consequent, support, confidence, "
                "lift) for every rule from the frequent itemsets with confidence >= min_confidence",
        cases=_rule_cases, check=check_rules,
        mistakes=(Mistake(_lift_by_antecedent, "lift divides the confidence by the CONSEQUENT's support, not the "
                                               "antecedent's"),
                  Mistake(_confidence_reversed, "confidence of A -> C is supp(A u C) / supp(A); you divided by "
                                                "supp(C)"),
                  Mistake(_strict_support_rules, "rules come only from itemsets with support > min_support; an "
                                                        "itemset whose support EQUALS min_support is frequent too "
                                                        "(support >= min_support, as the statement says)"),
                  Mistake(_one_item_each_side, "only rules with one item on each side: every non-empty proper subset "
                                               "A of a frequent itemset S gives a rule A -> S - A (e.g. {a, b} -> "
                                               "{c})")),
        hints=("For every frequent itemset S of 2+ items and every non-empty proper subset A: C = S - A, "
               "confidence = supp(S) / supp(A), lift = confidence / supp(C).",),
    ),
)

SPEC = WeekSpec(week=5, version="5.6", tasks=TASKS, template="week05/lab05_clustering_apriori.ipynb",
                call_timeout=10.0)
