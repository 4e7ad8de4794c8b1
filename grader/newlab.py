"""`grader new-lab NN "TITLE"`: the files of a new week's lab, ready for `grader validate`.

Writes a spec with one function task (public and hidden cases, a mistake model) and one trained
model (`grader.authoring.trained_model`), their reference module, the student template with a stub
per graded function, and an examples folder recording the untouched template's outcome. Pure file
writing: nothing is overwritten (every path is checked before the first is written). The author
then replaces the example tasks, following docs/adding-a-lab.md.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from grader import scheme


class LabExistsError(FileExistsError):
    """A file the scaffold would write is already there: nothing was written."""


@dataclass(frozen=True)
class Lab:
    """Names derived from the week and title, shared by every scaffolded file."""

    week: int
    title: str

    @property
    def nn(self) -> str:
        return f"{self.week:02d}"

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "_", self.title.lower()).strip("_")[:40] or "lab"

    @property
    def module(self) -> str:
        return f"lab{self.nn}"

    @property
    def template(self) -> str:
        return f"week{self.nn}/lab{self.nn}_{self.slug}.ipynb"


LAB_DATA = '''def lab_data(n, seed=0):
    """n rows of 4 features and labels 0 and 1: two overlapping clouds. The grader draws its held-out
    rows from this same function with a seed you do not know."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    X = rng.normal(size=(n, 4)) + np.outer(y, [2.0, -1.5, 1.0, 0.0])
    return X, y
'''

REFERENCE = '''"""Week {week} reference solutions ({title}): the grader computes the right answers with these in its
own process; `grader release` leaves this module out of the student bundle."""

from __future__ import annotations

import numpy as np


def scale(values, factor):
    """Every value multiplied by factor, as a new float array (the input is left unchanged)."""
    return np.asarray(values, dtype=float) * factor


{lab_data}'''

SPEC = '''"""Week {week}: {title}. Scaffolded by `grader new-lab`; replace the two example tasks with the lab's
(docs/adding-a-lab.md says how), keeping the conventions they show."""

from __future__ import annotations

from functools import partial

from grader.authoring import trained_model
from grader.checks import check_array
from grader.checks.bands import Band
from grader.checks.metrics import check_label_accuracy
from grader.spec import Case, DoesNotApply, FunctionTask, Mistake, WeekSpec
from reference import {module} as ref

TOL = {{"rtol": 1e-6, "atol": 1e-8}}
EXAMPLE_FACTOR = 2.0  # the template's example; hidden cases never use it, so ignoring the argument fails
HELD_OUT = 1000
# Example edges: measure yours (benchmarks/measure_bands.py, a row in reference/recipes.py MEASURED)
ACCURACY_BANDS = (Band(0.85, 1.0), Band(0.70, 0.5))


def _scale_cases(rng):
    """The template's example (public, quoted in messages), then hidden draws (only described)."""
    cases = [Case(([1.0, 2.0, 3.0], EXAMPLE_FACTOR), label="[1, 2, 3] with factor 2", public=True)]
    for i in range(3):
        values = [round(float(v), 3) for v in rng.normal(size=int(rng.integers(4, 10)))]
        factor = float(rng.choice([-1.5, 0.5, 3.0]))
        cases.append(Case((values, factor), label=f"hidden values {{i + 1}} ({{len(values)}} numbers)"))
    return cases


def _factor_fixed(values, factor):
    """The mistake "factor fixed at the example's": indistinguishable (so not applicable) on the example."""
    if factor == EXAMPLE_FACTOR:
        raise DoesNotApply("the example's own factor")
    return ref.scale(values, EXAMPLE_FACTOR)


def _holdout(rng):
    """Held-out rows the notebook never sees; their labels travel as Case.expected, never to the kernel."""
    X, y = ref.lab_data(HELD_OUT, seed=int(rng.integers(2**31)))
    return [Case((X,), label=f"{{HELD_OUT}} held-out rows of lab_data", expected=y)]


TASKS = (
    FunctionTask(
        name="scale", weight=1, reference=ref.scale, cases=_scale_cases, check=partial(check_array, **TOL),
        summary="(values, factor) -> a new float array: every value multiplied by factor",
        mistakes=(Mistake(_factor_fixed, "the factor is fixed at 2 (the example's): multiply by `factor`"),),
        hints=("np.asarray(values, dtype=float) * factor",),
    ),
    trained_model(
        "model", weight=1, holdout=_holdout, metric=check_label_accuracy, bands=ACCURACY_BANDS, timeout=60,
        what="the notebook's fitted classifier, scored by accuracy on held-out rows of lab_data",
        hints=("make_pipeline(StandardScaler(), LogisticRegression()).fit(*lab_data(1000, seed=1))",),
    ),
)

SPEC = WeekSpec(week={week}, version="1.0", tasks=TASKS, template="{template}")
'''

INTRO = '''# Week {week} lab: {title}

1. **Scale**: `scale(values, factor)`.
2. **Your model**: fit a classifier on `lab_data` and leave it in `model`; the grader scores it on
   held-out rows you never see (full points at accuracy >= {full}, half at >= {half}).

Each graded function must keep its name and arguments; do not change the arguments you are given
(work on a copy). Check yourself at the end: `from grader import check; check.week({week})`.'''


def _cell(kind: str, source: str, index: int) -> dict:
    cell: dict = {"cell_type": kind, "id": f"cell-{index}", "metadata": {}, "source": source.splitlines(True)}
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return cell


def template(lab: Lab) -> dict:
    """The student notebook: the statement, the handed-out data, a stub per graded function."""
    sources = [
        ("markdown", INTRO.format(week=lab.week, title=lab.title, full=0.85, half=0.7)),
        ("code", "import numpy as np\nfrom sklearn.linear_model import LogisticRegression\n"
                 "from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\n\n\n"
                 + LAB_DATA),
        ("markdown", "## 1. Scale\n\n`scale(values, factor)` returns a new float array: every value multiplied "
                     "by `factor`."),
        ("code", 'def scale(values, factor):\n    """Every value multiplied by factor, as a new float array."""\n'
                 "    raise NotImplementedError('write this function')\n"),
        ("markdown", "## 2. Your model\n\nFit a pipeline on `lab_data(1000, seed=1)` and keep it in `model`. The "
                     "grader calls `model.predict()` on 1000 held-out rows."),
        ("code", "# Fit your model here, then keep it in this variable.\nmodel = None\n"),
        ("markdown", "## Check yourself"),
        ("code", f"from grader import check\n\ncheck.week({lab.week})\n"),
    ]
    return {"cells": [_cell(kind, source, i) for i, (kind, source) in enumerate(sources)],
            "metadata": {"grader": {"course": "EI320A", "lab": lab.title, "week": lab.week},
                         "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


def expected(lab: Lab) -> dict:
    """The recorded outcome of the untouched template: every task not attempted."""
    return {
        "_comment": f"Recorded outcome of every week-{lab.week} example: `grader validate` grades each one and "
                    "compares. Add correct.ipynb (written without looking at reference/) and one notebook per "
                    "typical mistake, each with its score and the status of every task it does not pass.",
        "untouched_template.ipynb": {"about": "the template as handed out", "score": 0.0,
                                     "not_passed": {"scale": "not_attempted", "model": "not_attempted"}},
    }


def files(lab: Lab) -> dict[str, str]:
    """Every scaffolded file's text, by its path relative to the course repository's root."""
    notebook = json.dumps(template(lab), indent=1) + "\n"
    return {
        f"exercises/week{lab.nn}/__init__.py": "",
        f"exercises/week{lab.nn}/spec.py": SPEC.format(week=lab.week, title=lab.title, module=lab.module,
                                                       template=lab.template),
        f"exercises/{lab.template}": notebook,
        f"reference/{lab.module}.py": REFERENCE.format(week=lab.week, title=lab.title, lab_data=LAB_DATA),
        f"examples/submissions/week{lab.nn}/untouched_template.ipynb": notebook,
        f"examples/submissions/week{lab.nn}/expected.json": json.dumps(expected(lab), indent=2) + "\n",
    }


def scaffold(root: Path, week: int, title: str) -> list[Path]:
    """Write the new lab's files under `root` (the course repository); the paths written, in order.
    Refuses, writing nothing, when the week already has a lab or any of the files exists."""
    scheme.week(week)  # KeyError naming the syllabus's weeks
    if not title.strip():
        raise ValueError("the lab needs a title")
    lab = Lab(week, title.strip())
    texts = files(lab)
    taken = [p for p in [*texts, f"exercises/week{lab.nn}"] if (root / p).exists()]
    if taken:
        raise LabExistsError(f"week {week} already has {taken[0]}; nothing written")
    written = []
    for rel, text in texts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(week: int, title: str, root: Path) -> int:
    """`grader new-lab`: scaffold, then list the files and the next steps; 2 when it refuses."""
    try:
        written = scaffold(root, week, title)
    except (KeyError, ValueError, LabExistsError) as exc:
        print(f"grader new-lab: error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    print(f"week {week}: wrote {len(written)} files")
    for path in written:
        print(f"  {path.relative_to(root)}")
    print(f"next: replace the example tasks (docs/adding-a-lab.md), then `grader validate --week {week}`")
    return 0
