"""Each week's student template (WeekSpec.template) has what the spec grades: a documented stub per
graded function, named as the task's `function`, whose parameters are the reference's leading ones
(the reference may have extra tuning keywords the grader never passes), include every argument the
graded cases pass, and whose literal defaults are the reference's; a variable per trained-model task.
Parsed with `ast` from the notebook's code cells, nothing run."""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import json
import pkgutil
from importlib import resources
from pathlib import Path

import pytest

import reference
from grader.catalog import available_weeks, load_week
from grader.plan import PUBLIC_SEED, plan_week
from grader.spec import FunctionTask

REFERENCE_MODULES = tuple(f"reference.{m.name}" for m in pkgutil.iter_modules(reference.__path__))


def _template_tree(template: str) -> ast.Module:
    path = Path(str(resources.files("exercises").joinpath(template)))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            for c in cells if c["cell_type"] == "code"]
    body = [node for source in code for node in ast.parse(source).body]
    return ast.Module(body=body, type_ignores=[])


def _student_signature(task: FunctionTask) -> inspect.Signature | None:
    """The signature a student's function must have: the reference function of the same name (a
    property-checked task's `reference` computes something else), else the task's reference."""
    modules = [task.reference.__module__] if task.reference else []
    for name in [*modules, *REFERENCE_MODULES]:
        fn = getattr(importlib.import_module(name), task.function, None)
        if callable(fn):
            return inspect.signature(fn)
    if task.reference is not None and task.mode == "call":
        return inspect.signature(task.reference)
    return None


def _stub_signature(node: ast.FunctionDef) -> list[tuple[str, str | None]]:
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults = [None] * (len(positional) - len(args.defaults)) + [ast.unparse(d) for d in args.defaults]
    found = list(zip([a.arg for a in positional], defaults, strict=True))
    found += [(a.arg, ast.unparse(d) if d is not None else None) for a, d in zip(args.kwonlyargs, args.kw_defaults,
                                                                                strict=True)]
    return found


def _signature_problem(stub: list[tuple[str, str | None]], signature: inspect.Signature,
                       passed: tuple[int, set[str]]) -> str:
    """What is wrong with the stub's parameters, or ""."""
    params = list(signature.parameters.values())
    names = [name for name, _ in stub]
    if names != [p.name for p in params[:len(names)]]:
        return f"are {names}, the reference's {[p.name for p in params]}"
    required = [p.name for p in params if p.default is inspect.Parameter.empty]
    n_args, keywords = passed
    sent = [p.name for p in params[:n_args]] + sorted(keywords)
    missing = [n for n in dict.fromkeys([*required, *sent]) if n not in names]
    if missing:
        return f"lack {missing}, which the grader passes"
    for (name, default), param in zip(stub, params, strict=False):
        if default is None or param.default is inspect.Parameter.empty:
            continue
        try:
            value = ast.literal_eval(default)
        except ValueError:  # a name defined in the template (ALPHABET): not comparable here
            continue
        if value != param.default:
            return f"give {name} the default {default}, the reference {param.default!r}"
    return ""


@functools.cache
def _passed(week: int) -> dict[str, tuple[int, set[str]]]:
    """Per task, the most positional arguments and every keyword its cases pass (public and a hidden seed)."""
    plans = [p for seed in (PUBLIC_SEED, 0) for p in plan_week(load_week(week), seed)]
    return {t: (max((len(c.args) for p in plans if p.task.name == t for c in p.cases), default=0),
                {k for p in plans if p.task.name == t for c in p.cases for k in c.kwargs})
            for t in {p.task.name for p in plans}}


def _problems(week: int) -> list[str]:
    spec = load_week(week)
    tree = _template_tree(spec.template)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assigned = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    problems = []
    for task in spec.tasks:
        if task.mode == "predict":
            if task.function not in assigned:
                problems.append(f"{task.name}: no `{task.function} = None` for the trained model")
            continue
        stub = functions.get(task.function)
        if stub is None:
            problems.append(f"{task.name}: no stub `def {task.function}(...)`")
            continue
        if ast.get_docstring(stub) is None:
            problems.append(f"{task.name}: the stub has no docstring")
        signature = _student_signature(task)
        problem = signature and _signature_problem(_stub_signature(stub), signature, _passed(week)[task.name])
        if problem:
            problems.append(f"{task.name}: the stub's parameters {problem}")
    return problems


@pytest.mark.parametrize("week", available_weeks())
def test_the_template_has_a_documented_stub_per_graded_function_with_the_references_signature(week: int) -> None:
    assert not _problems(week)


def test_a_stub_with_a_renamed_parameter_is_reported(tmp_path, monkeypatch) -> None:
    """The comparison can fail: week 1's template with running_total's parameter renamed."""
    spec = load_week(1)
    path = Path(str(resources.files("exercises").joinpath(spec.template)))
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = source.replace("def running_total(numbers)", "def running_total(values)")
    copy = tmp_path / "week01.ipynb"
    copy.write_text(json.dumps(nb))
    monkeypatch.setattr(resources, "files", lambda _package: tmp_path)
    monkeypatch.setattr("tests.test_templates.load_week", lambda _week: type(spec)(
        week=1, version=spec.version, tasks=spec.tasks, template="week01.ipynb"))
    assert any(p.startswith("running_total: the stub's parameters") for p in _problems(1))
