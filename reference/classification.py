"""Week 3 reference: a leakage-free split with scaling, scikit-learn classification pipelines,
and the classification metrics written by hand (tests pin them equal to scikit-learn's).

`lab_data` is the lab's data set: three classes in six features of very different scales,
two of them pure noise with the largest scale, so a distance-based model without scaling
is close to guessing. The notebook carries the same function; the grader draws its
held-out rows from it with a seed the student never sees.
"""

from __future__ import annotations

import numpy as np

CENTER_SEED = 320
FEATURE_SCALES = np.array([1.0, 10.0, 0.1, 5.0])
NOISE_SCALES = np.array([300.0, 50.0])
KINDS = ("logreg", "knn", "tree", "svm")


def lab_data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n rows of 6 features (4 informative of scales 1, 10, 0.1, 5; 2 noise of scales 300, 50)
    and labels 0, 1, 2. The class centres are fixed; the rows depend on `seed`."""
    centers = np.random.default_rng(CENTER_SEED).normal(scale=2.0, size=(3, 4))
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    informative = (centers[y] + rng.normal(size=(n, 4))) * FEATURE_SCALES
    noise = rng.normal(size=(n, 2)) * NOISE_SCALES
    return np.hstack([informative[:, :2], noise[:, :1], informative[:, 2:], noise[:, 1:]]), y


# -- split and scale ---------------------------------------------------------------------
def split_and_scale(X, y, test_size: float, seed: int):
    """train_test_split (shuffled), then a StandardScaler fitted on the training rows only and
    applied to both parts: (X_train, X_test, y_train, y_test)."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def split_spec(X, y, test_size: float, seed: int) -> dict:
    """What check_split_scaled needs to accept any shuffled split: the data and the test share."""
    return {"X": np.asarray(X, dtype=float), "y": np.asarray(y), "test_size": float(test_size)}


# -- pipelines ---------------------------------------------------------------------------
def make_classifier(kind: str):
    """StandardScaler then the classifier `kind` with the lab's settings, as one Pipeline."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    models = {"logreg": lambda: LogisticRegression(max_iter=1000), "knn": lambda: KNeighborsClassifier(n_neighbors=5),
              "tree": lambda: DecisionTreeClassifier(random_state=0), "svm": lambda: SVC()}
    if kind not in models:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return make_pipeline(StandardScaler(), models[kind]())


def classify(kind: str, X_train, y_train, X_test) -> np.ndarray:
    """The pipeline for `kind` fitted on the training rows; its predictions for X_test."""
    return make_classifier(kind).fit(X_train, y_train).predict(X_test)


# -- metrics by hand ---------------------------------------------------------------------
def compute_confusion_matrix(y_true, y_pred, labels) -> np.ndarray:
    """counts[i, j] = rows of true class labels[i] predicted as labels[j]."""
    index = {label: i for i, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        if t in index and p in index:
            counts[index[t], index[p]] += 1
    return counts


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def compute_precision_recall_f1(y_true, y_pred, positive) -> tuple[float, float, float]:
    """Precision, recall and F1 of the class `positive`; 0.0 where a denominator is 0."""
    pairs = list(zip(y_true, y_pred, strict=True))
    tp = sum(t == positive and p == positive for t, p in pairs)
    fp = sum(t != positive and p == positive for t, p in pairs)
    fn = sum(t == positive and p != positive for t, p in pairs)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return precision, recall, _ratio(2 * precision * recall, precision + recall)


def compute_macro_f1(y_true, y_pred) -> float:
    """The unweighted mean of every class's F1 (classes: those in y_true or y_pred)."""
    labels = sorted(set(y_true) | set(y_pred))
    return float(np.mean([compute_precision_recall_f1(y_true, y_pred, c)[2] for c in labels]))


def holdout(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Held-out rows for the trained model: fresh draws of lab_data with the grader's seed."""
    return lab_data(n, seed=seed)
