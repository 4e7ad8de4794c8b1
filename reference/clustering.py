"""Week 5 reference: k-means (Lloyd's algorithm) in NumPy, inertia, the silhouette, and
choosing k by the silhouette. tests/reference pins k-means to scikit-learn's KMeans started
from the same centroids, and the silhouette to sklearn.metrics.silhouette_score."""

from __future__ import annotations

import numpy as np


def _squared_distances(X, centroids) -> np.ndarray:
    X, C = np.asarray(X, dtype=float), np.asarray(centroids, dtype=float)
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def assign_clusters(X, centroids) -> np.ndarray:
    """Index of the nearest centroid (Euclidean) for every row of X."""
    return _squared_distances(X, centroids).argmin(axis=1)


def update_centroids(X, labels, k) -> np.ndarray:
    """(k, d) means of the rows assigned to each cluster."""
    X, labels = np.asarray(X, dtype=float), np.asarray(labels)
    return np.stack([X[labels == j].mean(axis=0) for j in range(int(k))])


def inertia(X, labels, centroids) -> float:
    """Sum of squared distances from each row to its own cluster's centroid."""
    d = _squared_distances(X, centroids)
    return float(d[np.arange(len(d)), np.asarray(labels)].sum())


def kmeans(X, initial_centroids, max_iter=100) -> tuple[np.ndarray, np.ndarray, float]:
    """Lloyd's algorithm from the given centroids until the assignments stop changing:
    (labels, centroids, inertia), labels of the final centroids, as KMeans reports them."""
    centroids = np.asarray(initial_centroids, dtype=float)
    labels = assign_clusters(X, centroids)
    for _ in range(int(max_iter)):
        centroids = update_centroids(X, labels, len(centroids))
        new = assign_clusters(X, centroids)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels, centroids, inertia(X, labels, centroids)


def silhouette(X, labels) -> float:
    """Mean silhouette (b - a) / max(a, b) over all rows; 0 for a row alone in its cluster."""
    X, labels = np.asarray(X, dtype=float), np.asarray(labels)
    dist = np.sqrt(_squared_distances(X, X))
    clusters = np.unique(labels)
    scores = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = dist[i, own].sum() / (own.sum() - 1)
        b = min(dist[i, labels == c].mean() for c in clusters if c != labels[i])
        scores[i] = (b - a) / max(a, b)
    return float(scores.mean())


def choose_k(X, k_values) -> int:
    """The k with the highest silhouette of scikit-learn's KMeans(n_clusters=k, n_init=10,
    random_state=0) clustering."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores = {int(k): silhouette_score(X, KMeans(n_clusters=int(k), n_init=10, random_state=0).fit_predict(X))
              for k in k_values}
    return max(scores, key=scores.get)


def make_blobs(n_per_cluster, centers, spread, seed) -> np.ndarray:
    """Gaussian blobs around `centers`, rows shuffled (hidden inputs of the lab)."""
    rng = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=float)
    X = np.concatenate([c + rng.normal(scale=spread, size=(int(n_per_cluster), centers.shape[1]))
                        for c in centers])
    return X[rng.permutation(len(X))]
