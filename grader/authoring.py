"""Constructors for the task patterns labs repeat, so a spec states only what differs.

`trained_model`: a model the notebook trains and assigns to a variable, scored by a metric on
held-out data in bands (the summary states the bands). `architecture`: a builder function whose
returned Keras model is described layer by layer and compared with the reference's description.
Both return a plain `FunctionTask`; docs/adding-a-lab.md shows them in use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np

from grader.checks.bands import Band
from grader.checks.models import check_architecture
from grader.results import CheckResult
from grader.spec import Case, FunctionTask, Mistake

Cases = Callable[[np.random.Generator], list[Case]]


def bands_text(bands: Sequence[Band]) -> str:
    """'(full points at >= 0.9, half at >= 0.7)': the direction read from the edges (the full-points
    edge above the half-points one means higher is better)."""
    full, half = bands[0], bands[1]
    sign = ">=" if full.threshold >= half.threshold else "<="
    part = "half" if half.credit == 0.5 else f"{half.credit:.0%} of the points"
    return f"(full points at {sign} {full.threshold}, {part} at {sign} {half.threshold})"


def trained_model(name: str, *, weight: float, holdout: Cases, metric: Callable[..., CheckResult],
                  bands: Sequence[Band], what: str, hints: tuple[str, ...], timeout: float,
                  **metric_keywords: Any) -> FunctionTask:
    """The notebook's trained model in variable `name`, its `.predict()` run on the held-out inputs of
    `holdout` (each Case carrying the true answers as `expected`, never sent to the kernel) and scored
    by `metric(predictions, expected, bands=bands, **metric_keywords)`, a `grader.checks` function.
    `what` says what is scored and how ("the notebook's fitted pipeline, scored by accuracy on held-out
    rows"); the summary appends the bands. Measure the bands with reference/recipes.py (MEASURED)."""
    return FunctionTask(
        name=name, weight=weight, mode="predict", reference=None, cases=holdout,
        check=partial(metric, bands=tuple(bands), **metric_keywords), timeout=timeout,
        summary=f"{what} {bands_text(bands)}", hints=hints,
    )


def architecture(name: str, *, weight: float, reference: Callable[..., Any], cases: Cases, summary: str,
                 hints: tuple[str, ...] = (), mistakes: tuple[Mistake, ...] = (),
                 fix_hints: dict[str, str] | None = None,
                 check: Callable[[Any, Any], CheckResult] | None = None) -> FunctionTask:
    """A builder `name(*case.args)` returning a Keras model, compared layer by layer with what
    `reference(*case.args)` describes (grader.checks.models). `fix_hints`: advice per differing key
    ("units", "activation", ...) for check_architecture; `check`: another check of the description
    (e.g. check_attends_to_encoder). Mistakes usually fix an argument at the example's value."""
    if check is None:
        check = partial(check_architecture, hints=fix_hints) if fix_hints else check_architecture
    return FunctionTask(name=name, weight=weight, mode="describe", reference=reference, cases=cases,
                        check=check, mistakes=mistakes, summary=summary, hints=hints)
