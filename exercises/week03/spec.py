"""Week 3 grading specification: data splitting and scaling without leakage, scikit-learn
classification pipelines, and classification metrics written by hand.

The split is checked by the properties it must have, so any shuffled split passes: the
rows trace back to X through one StandardScaler map, and that map must be the training
rows' own (a scaler fitted before the split, or on the test rows, is named). Pipelines are
checked by their predictions against the same pipeline here; the model the notebook fitted
is scored by accuracy on held-out rows whose labels never leave the grader, with bands.
The metrics are compared with `reference.classification`, pinned equal to scikit-learn's.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.authoring import trained_model
from grader.checks import check_array, check_tuple
from grader.checks.bands import Band
from grader.checks.classification import check_split_scaled
from grader.checks.metrics import check_label_accuracy
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import classification as ref

HELD_OUT = 500
ACCURACY_BANDS = (Band(0.85, 1.0), Band(0.70, 0.5))
# The hint's pipeline (reference/recipes.py, benchmarks/measure_bands.py week03-best-model, 40 draws of 500
# rows): accuracy 0.940-0.984, mean 0.967 (lbfgs is deterministic: no training-seed spread).
ACCURACY_MARGIN = 0.05  # the least the recipe must clear the full edge by (tests/test_band_margins.py)
TOL = {"rtol": 1e-6, "atol": 1e-9}
ANIMALS = ("cat", "dog", "bird", "fish")


# -- hidden inputs -----------------------------------------------------------------------
def _split_cases(rng: np.random.Generator) -> list[Case]:
    X, y = ref.lab_data(20, seed=0)
    cases = [Case((X, y, 0.25, 0), label="lab_data(20, seed=0) with test_size=0.25, seed=0", public=True)]
    # hidden test shares never equal the public one nor train_test_split's default (both 0.25), so a
    # test_size that is not passed on shows on every draw
    for i, shares in enumerate(((0.2, 0.3), (0.35, 0.4))):
        n, test_size = int(rng.integers(30, 80)), float(rng.choice(shares))
        X, y = ref.lab_data(n, seed=int(rng.integers(2**31)))
        order = np.argsort(y, kind="stable")  # rows sorted by class: an unshuffled split shows
        cases.append(Case((X[order], y[order], test_size, int(rng.integers(1000))),
                          label=f"hidden data {i + 1} ({n} rows sorted by class, test_size={test_size})"))
    return cases


def _classify_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(("knn", *ref.lab_data(60, seed=1), ref.lab_data(20, seed=2)[0]),
                  label="kind='knn' on lab_data(60, seed=1), predicting lab_data(20, seed=2)", public=True)]
    for i, kind in enumerate(rng.permutation(ref.KINDS)):
        n = int(rng.integers(60, 150))
        X_train, y_train = ref.lab_data(n, seed=int(rng.integers(2**31)))
        X_test = ref.lab_data(30, seed=int(rng.integers(2**31)))[0]
        cases.append(Case((str(kind), X_train, y_train, X_test), label=f"hidden data {i + 1} (kind={str(kind)!r}, "
                                                                       f"{n} training rows)"))
    return cases


def _labels(rng: np.random.Generator, classes: list, n: int) -> tuple[list, list]:
    y_true = [classes[i] for i in rng.integers(len(classes), size=n)]
    y_pred = [t if rng.random() < 0.6 else classes[int(rng.integers(len(classes)))] for t in y_true]
    return y_true, y_pred


PUBLIC_TRUE = [0, 1, 2, 2, 1, 0, 2, 1]
PUBLIC_PRED = [0, 2, 2, 2, 1, 0, 1, 0]


def _confusion_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_TRUE, PUBLIC_PRED, [0, 1, 2]), label=f"y_true={PUBLIC_TRUE}, y_pred={PUBLIC_PRED}, "
                                                              "labels=[0, 1, 2]", public=True)]
    for i in range(2):
        classes = [str(c) for c in rng.permutation(ANIMALS)[: int(rng.integers(3, 5))]]
        if classes == sorted(classes):  # never in sorted order: the given order must be honoured
            classes.reverse()
        y_true, y_pred = _labels(rng, classes, int(rng.integers(15, 40)))
        cases.append(Case((y_true, y_pred, classes), label=f"hidden labels {i + 1} ({len(y_true)} rows, "
                                                          f"labels={classes})"))
    return cases


def _prf_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(([1, 0, 1, 1, 0, 1], [1, 1, 1, 0, 0, 0], 1), label="y_true=[1, 0, 1, 1, 0, 1], "
                  "y_pred=[1, 1, 1, 0, 0, 0], positive=1", public=True)]
    y_true, y_pred = _labels(rng, ["spam", "ham"], int(rng.integers(15, 40)))
    while len({*ref.compute_precision_recall_f1(y_true, y_pred, "spam")[:2], 0.0, 1.0}) < 4:  # 0 < p != r < 1
        y_true, y_pred = _labels(rng, ["spam", "ham"], int(rng.integers(15, 40)))
    cases.append(Case((y_true, y_pred, "spam"), label=f"hidden labels ({len(y_true)} rows, positive='spam')"))
    classes = [str(c) for c in ANIMALS[:3]]
    y_true, y_pred = _labels(rng, classes, int(rng.integers(15, 40)))
    cases.append(Case((y_true, y_pred, "dog"), label=f"hidden labels, 3 classes ({len(y_true)} rows, "
                                                    "positive='dog')"))
    n = int(rng.integers(6, 12))
    cases.append(Case(([1] * 2 + [0] * n, [0] * (n + 2), 1), label="hidden labels where nothing is predicted "
                                                                  "positive (precision is 0 by convention)"))
    m = int(rng.integers(6, 12))
    y_pred = ["ham"] * m
    for j in rng.choice(m, size=int(rng.integers(1, 3)), replace=False):
        y_pred[j] = "spam"
    cases.append(Case((["ham"] * m, y_pred, "spam"), label="hidden labels where no row is truly positive "
                                                          "(recall is 0 by convention)"))
    return cases


def _macro_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case((PUBLIC_TRUE, PUBLIC_PRED), label=f"y_true={PUBLIC_TRUE}, y_pred={PUBLIC_PRED}", public=True)]
    for i in range(2):
        classes = [str(c) for c in ANIMALS[: int(rng.integers(3, 5))]]
        weights = rng.dirichlet(np.ones(len(classes)) * 0.7)  # imbalanced classes
        y_true = [classes[j] for j in rng.choice(len(classes), size=int(rng.integers(20, 50)), p=weights)]
        y_pred = [t if rng.random() < 0.6 else classes[int(rng.integers(len(classes)))] for t in y_true]
        rows = rng.choice(len(y_true), size=2, replace=False)
        if i == 0:  # a class that only the predictions contain
            for j in rows:
                y_pred[j] = "horse"
            what = "'horse' only predicted, never true"
        else:  # a class that is true but never predicted
            missing = classes[int(rng.integers(len(classes)))]
            for j in rows:
                y_true[j] = missing
            y_pred = [p if p != missing else classes[(classes.index(p) + 1) % len(classes)] for p in y_pred]
            what = f"{missing!r} true but never predicted"
        cases.append(Case((y_true, y_pred), label=f"hidden labels {i + 1} ({len(y_true)} rows, {len(classes)} "
                                                  f"imbalanced classes, {what})"))
    return cases


def _model_holdout(rng: np.random.Generator) -> list[Case]:
    X, y = ref.holdout(HELD_OUT, int(rng.integers(1000, 2**31)))
    return [Case((X,), label=f"{HELD_OUT} held-out rows of lab_data", expected=y)]


# -- known mistakes ----------------------------------------------------------------------
def _default_test_size(X, y, test_size, seed):
    return ref.split_and_scale(X, y, 0.25, seed)


def _unscaled(kind, X_train, y_train, X_test):
    return ref.make_classifier(kind).steps[-1][1].fit(X_train, y_train).predict(X_test)


def _swap_precision_recall(y_true, y_pred, positive):
    p, r, f = ref.compute_precision_recall_f1(y_true, y_pred, positive)
    return r, p, f


def _nan_for_zero_division(y_true, y_pred, positive):
    pairs = list(zip(y_true, y_pred, strict=True))
    tp, fp, fn = (np.float64(sum(cond(t, p) for t, p in pairs)) for cond in (
        lambda t, p: t == positive and p == positive, lambda t, p: t != positive and p == positive,
        lambda t, p: t == positive and p != positive))
    with np.errstate(invalid="ignore", divide="ignore"):
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        return float(precision), float(recall), float(2 * precision * recall / (precision + recall))


def _macro_over(which: str):
    def produce(y_true, y_pred):
        labels = sorted(set(y_true if which == "true" else y_pred))
        return float(np.mean([ref.compute_precision_recall_f1(y_true, y_pred, c)[2] for c in labels]))
    return produce


def _micro_f1(y_true, y_pred):
    return float(np.mean([t == p for t, p in zip(y_true, y_pred, strict=True)]))


def _weighted_f1(y_true, y_pred):
    labels = sorted(set(y_true) | set(y_pred))
    support = np.array([sum(t == c for t in y_true) for c in labels], dtype=float)
    scores = [ref.compute_precision_recall_f1(y_true, y_pred, c)[2] for c in labels]
    return float(np.dot(scores, support) / support.sum())


TASKS = (
    FunctionTask(
        name="split_and_scale", weight=2, reference=ref.split_spec,
        summary="(X, y, test_size, seed) -> (X_train, X_test, y_train, y_test): a shuffled split, then a "
                "StandardScaler fitted on X_train only and applied to both parts",
        cases=_split_cases, check=check_split_scaled, checks_properties=True,
        mistakes=(Mistake(_default_test_size, "test_size is not passed on: train_test_split(X, y, "
                                              "test_size=test_size, random_state=seed) (its default is 0.25)"),),
        hints=("Split first: train_test_split(X, y, test_size=test_size, random_state=seed); then "
               "scaler = StandardScaler().fit(X_train) and scaler.transform() on X_train and X_test.",
               "Never fit the scaler on all of X, nor again on X_test: the test rows must not influence the "
               "mean and std the model is trained with (that is leakage)."),
    ),
    FunctionTask(
        name="classify", weight=2, reference=ref.classify,
        summary="(kind, X_train, y_train, X_test) -> predictions of make_pipeline(StandardScaler(), model) fitted "
                "on the training rows; kind: 'logreg', 'knn', 'tree', 'svm'",
        cases=_classify_cases, check=check_array,
        mistakes=(Mistake(_unscaled, "these are the predictions of the model without scaling: put StandardScaler() "
                                     "first in the pipeline (make_pipeline(StandardScaler(), model))"),),
        hints=("models = {'logreg': LogisticRegression(max_iter=1000), 'knn': KNeighborsClassifier(n_neighbors=5), "
               "'tree': DecisionTreeClassifier(random_state=0), 'svm': SVC()}; "
               "make_pipeline(StandardScaler(), models[kind]).fit(X_train, y_train).predict(X_test)",
               "Use exactly those settings (defaults otherwise): the grader compares your predictions with the same "
               "pipeline's, row by row."),
    ),
    FunctionTask(
        name="compute_confusion_matrix", weight=1,
        forbidden=("sklearn.metrics",),
        reference=ref.compute_confusion_matrix,
        summary="(y_true, y_pred, labels) -> counts[i, j] = rows of true labels[i] predicted as labels[j]",
        cases=_confusion_cases, check=partial(check_array, kind="integer"),
        mistakes=(Mistake(lambda t, p, labels: ref.compute_confusion_matrix(p, t, labels),
                          "the matrix is transposed: rows are the true classes, columns the predicted ones"),
                  Mistake(lambda t, p, labels: ref.compute_confusion_matrix(t, p, sorted(labels)),
                          "the classes are in sorted order; use the order of `labels` as given")),
        hints=("index = {label: i for i, label in enumerate(labels)}; counts = np.zeros((k, k), dtype=int); "
               "counts[index[t], index[p]] += 1 for each pair.",
               "Check against sklearn.metrics.confusion_matrix(y_true, y_pred, labels=labels) in your notebook."),
    ),
    FunctionTask(
        name="compute_precision_recall_f1", weight=1,
        forbidden=("sklearn.metrics",),
        reference=ref.compute_precision_recall_f1,
        summary="(y_true, y_pred, positive) -> (precision, recall, f1) of the positive class; 0.0 for 0/0",
        cases=_prf_cases, check=partial(check_tuple, names=("precision", "recall", "f1"), **TOL),
        mistakes=(Mistake(_swap_precision_recall, "precision and recall are swapped: precision = TP / (TP + FP) "
                                                  "(of the predicted positives), recall = TP / (TP + FN)"),
                  Mistake(_nan_for_zero_division, "0 / 0 gave NaN: when nothing is predicted positive (or nothing is "
                                                  "truly positive) that ratio is 0.0, and so is F1 when both are 0")),
        hints=("Count TP, FP and FN for the positive class; precision = TP / (TP + FP), recall = TP / (TP + FN), "
               "f1 = 2 * precision * recall / (precision + recall).",
               "When a denominator is 0 (nothing predicted positive), return 0.0 as scikit-learn does, not NaN."),
    ),
    FunctionTask(
        name="compute_macro_f1", weight=1,
        forbidden=("sklearn.metrics",),
        reference=ref.compute_macro_f1,
        summary="(y_true, y_pred) -> the unweighted mean of the per-class F1 scores",
        cases=_macro_cases, check=partial(check_array, **TOL),
        mistakes=(Mistake(_micro_f1, "this is the micro average (equal to accuracy); macro averages the per-class "
                                     "F1 scores with equal weight"),
                  Mistake(_weighted_f1, "this is the support-weighted average; macro gives every class the same "
                                        "weight"),
                  Mistake(_macro_over("true"), "a class that appears only in y_pred is missing from the mean: average "
                                               "over every class in y_true OR y_pred (its F1 is 0)"),
                  Mistake(_macro_over("pred"), "a class that is never predicted is missing from the mean: average over "
                                               "every class in y_true OR y_pred (its F1 is 0)")),
        hints=("For each class in sorted(set(y_true) | set(y_pred)), compute its F1 with your "
               "compute_precision_recall_f1, then take the plain mean.",
               "Compare with sklearn.metrics.f1_score(y_true, y_pred, average='macro')."),
    ),
    trained_model(
        "best_model", weight=2, holdout=_model_holdout, metric=check_label_accuracy, bands=ACCURACY_BANDS, timeout=60,
        what="the notebook's fitted pipeline, scored by accuracy on held-out rows of lab_data",
        hints=("Fit make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)) on lab_data(1000, seed=1) "
               "and assign it to best_model.",
               "Compare the four kinds on a validation split first; without scaling, k-NN and SVM are close to "
               "guessing on this data (two noise features have the largest scale)."),
    ),
)

SPEC = WeekSpec(week=3, version="3.3", tasks=TASKS, template="week03/lab03_classification.ipynb", call_timeout=20.0)
