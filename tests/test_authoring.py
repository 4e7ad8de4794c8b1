"""Authoring a lab: references are callables that exist, the constructors build the tasks they
promise, a mistake that does not apply says so with DoesNotApply while any other exception is a spec
bug (validate and release stop on it, grading notes it and goes on), and hidden cases are described,
never quoted."""

from __future__ import annotations

import warnings
from functools import partial

import numpy as np
import pytest

from grader import freeze
from grader.authoring import architecture, bands_text, trained_model
from grader.catalog import available_weeks, load_week
from grader.checks import check_array
from grader.checks.bands import Band
from grader.checks.metrics import check_label_accuracy, check_mae
from grader.checks.models import check_architecture
from grader.evaluate import CaseRun, RunContext, _where, evaluate_task
from grader.plan import PUBLIC_SEED, plan_week
from grader.results import Status
from grader.sandbox.runner import CallOutcome
from grader.spec import (
    Case,
    DoesNotApply,
    FunctionTask,
    Mistake,
    MistakeModelWarning,
    WeekSpec,
)
from grader.validate import check_mistake_models


def _double(values):
    return [2 * v for v in values]


def _only_long(values):
    if len(values) < 3:
        raise DoesNotApply("too short to drop the last value")
    return [2 * v for v in values[:-1]]


def _buggy(values):
    return [2 * v for v in values] + [values[10]]  # IndexError: a bug in the mistake model


def _task(*mistakes: Mistake) -> FunctionTask:
    cases = (Case(([1.0],), label="one value", public=True), Case(([1.0, 2.0, 3.0],), label="hidden values"))
    return FunctionTask(name="double", weight=1, reference=_double, cases=lambda _rng: list(cases),
                        check=check_array, mistakes=mistakes)


DROPS_LAST = Mistake(_only_long, "the last value is dropped")
BUGGY = Mistake(_buggy, "the values are doubled twice")


@pytest.mark.parametrize("week", available_weeks())
def test_every_reference_is_a_function_of_the_reference_package(week: int) -> None:
    for task in load_week(week).tasks:
        assert task.function, task.name
        if task.reference is not None:
            assert callable(task.reference) and task.reference.__module__.startswith("reference."), task.name


def test_trained_model_is_a_predict_task_scored_in_bands_its_summary_states() -> None:
    bands = (Band(0.85, 1.0), Band(0.7, 0.5))
    task = trained_model("best", weight=2, holdout=lambda _rng: [], metric=check_label_accuracy, bands=bands,
                         what="the pipeline, scored by accuracy", hints=("fit it",), timeout=60)
    assert (task.mode, task.reference, task.function, task.timeout) == ("predict", None, "best", 60)
    assert task.summary == "the pipeline, scored by accuracy (full points at >= 0.85, half at >= 0.7)"
    assert task.check.func is check_label_accuracy and task.check.keywords == {"bands": bands}
    assert not task.check([0, 1, 1, 0], [0, 1, 0, 1]).ok
    assert bands_text((Band(0.1, 1.0), Band(0.15, 0.5))) == "(full points at <= 0.1, half at <= 0.15)"
    lower = trained_model("m", weight=1, holdout=lambda _rng: [], metric=check_mae, bands=(Band(0.1, 1.0),
                          Band(0.15, 0.5)), what="MAE", hints=(), timeout=5)
    assert lower.summary == "MAE (full points at <= 0.1, half at <= 0.15)"


def test_architecture_is_a_describe_task_checked_layer_by_layer() -> None:
    plain = architecture("build", weight=1, reference=_double, cases=lambda _rng: [], summary="s")
    assert (plain.mode, plain.check) == ("describe", check_architecture)
    advised = architecture("build", weight=1, reference=_double, cases=lambda _rng: [], summary="s",
                           fix_hints={"units": "use units"})
    assert advised.check.func is check_architecture and advised.check.keywords == {"hints": {"units": "use units"}}


def test_a_mistake_that_does_not_apply_is_skipped_silently_and_named_where_it_applies() -> None:
    task = _task(DROPS_LAST)
    case = task.cases(None)[1]
    with warnings.catch_warnings():
        warnings.simplefilter("error", MistakeModelWarning)
        result = evaluate_task(task, 1.0, [CaseRun(case, [2.0, 4.0, 6.0], CallOutcome("returned", [2.0, 4.0]))],
                               RunContext())
    assert result.status is Status.FAILED and "Likely cause: the last value is dropped" in result.message


def test_a_mistake_model_that_raises_is_a_warning_while_grading_and_the_others_still_name_the_cause() -> None:
    task = _task(BUGGY, DROPS_LAST)
    case = task.cases(None)[1]
    with pytest.warns(MistakeModelWarning, match=r"task double: the mistake model 'the values are doubled twice' "
                                                 r"raised IndexError"):
        result = evaluate_task(task, 1.0, [CaseRun(case, [2.0, 4.0, 6.0], CallOutcome("returned", [2.0, 4.0]))],
                               RunContext())
    assert result.status is Status.FAILED and "Likely cause: the last value is dropped" in result.message


def test_validate_and_release_stop_on_a_mistake_model_that_raises_anything_but_does_not_apply() -> None:
    spec = WeekSpec(week=1, version="t", tasks=(_task(BUGGY, DROPS_LAST),))
    found = check_mistake_models(spec)
    assert [d.where.split(" on ")[0] for d in found] == ["week 1 task double: mistake model 'the values are doubled "
                                                         "twice'"]
    assert found[0].got.startswith("IndexError")
    assert check_mistake_models(WeekSpec(week=1, version="t", tasks=(_task(DROPS_LAST),))) == []
    with pytest.raises(freeze.FreezeError, match="DoesNotApply"):
        freeze.freeze_week(spec, PUBLIC_SEED)
    assert freeze.freeze_week(WeekSpec(week=1, version="t", tasks=(_task(DROPS_LAST),)), PUBLIC_SEED)


def test_every_bundled_mistake_model_answers_or_says_it_does_not_apply() -> None:
    for week in available_weeks():
        assert check_mistake_models(load_week(week), seeds=(0,)) == [], week


def test_an_unlabelled_case_is_quoted_when_public_and_only_described_when_hidden() -> None:
    assert _where(Case(([1, 2],), {"n": 3}, public=True)) == "on ([1, 2], n=3)"
    assert _where(Case((list(range(100)),), public=True)).endswith("...)")
    assert _where(Case(([1, 2],))) == "on the grader's input"
    assert _where(Case(([1, 2],), label="hidden pair")) == "on hidden pair"


def _quoted(value) -> str | None:
    """The text a label would contain if it quoted `value` as data: 4+ numbers, a text of 20+ characters.
    Settings (scalars, a name, week 13's 12-character alphabet) may be named: they say which draw failed."""
    if isinstance(value, str) and len(value) >= 20:
        return value
    if isinstance(value, np.ndarray) and value.size >= 4:
        return None if value.dtype.kind == "O" else str(value.ravel()[:4].tolist())[:-1]
    if isinstance(value, (list, tuple)) and len(value) >= 4 and all(isinstance(v, (int, float)) for v in value):
        return repr(list(value))[:-1]
    return None


@pytest.mark.parametrize("week", available_weeks())
def test_hidden_cases_are_described_not_quoted(week: int) -> None:
    """Case.public's rule on every hidden draw: a hidden case's label never contains its inputs'
    values (the public examples' labels may)."""
    quoted = []
    for planned in plan_week(load_week(week), 3):
        for case in planned.cases:
            if case.public:
                continue
            for value in [*case.args, *case.kwargs.values()]:
                text = _quoted(value)
                if text and text in case.label:
                    quoted.append(f"{planned.task.name}: {case.label}")
    assert not quoted


def test_the_quoting_rule_can_fail() -> None:
    case = Case(([3.5, 1.25, 7.0, 2.0],), label="hidden values [3.5, 1.25, 7.0, 2.0]")
    assert _quoted(case.args[0]) in case.label


def test_a_partial_of_a_checks_function_still_freezes() -> None:
    task = FunctionTask(name="double", weight=1, reference=_double, cases=lambda _rng: [Case(([1.0],))],
                        check=partial(check_array, rtol=1e-6))
    doc = freeze.freeze_week(WeekSpec(week=1, version="t", tasks=(task,)), PUBLIC_SEED)
    assert doc["tasks"][0]["function"] == "double" and "reference" not in doc["tasks"][0]
