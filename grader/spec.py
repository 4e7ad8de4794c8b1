"""How a lab is specified: which student functions are graded, on which inputs, how checked.

A week's specification lives in `exercises/weekNN/spec.py` as `SPEC = WeekSpec(...)` (found by
`grader.catalog`). Everything here is plain data plus pure functions; the grading engine does the running.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.results import CheckResult


@dataclass(frozen=True)
class Case:
    """One set of inputs for a graded function.

    `public` inputs (the course notes' examples) may be quoted in messages; hidden ones are
    drawn per run from a seed the student does not know and are only described (sizes, settings such
    as `test_size=0.3`, never the data): a message names a case by its `label`, an unlabelled case by
    its inputs when public, as "the grader's input" otherwise (tests/test_authoring.py holds every
    hidden label to that).
    """

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str = ""
    public: bool = False
    expected: Any = None  # the answer when no reference computes it (held-out labels); never sent
    known_wrong: tuple[tuple[Any, str], ...] = ()  # (wrong answer, message): mistakes frozen for a release


class DoesNotApply(Exception):
    """Raised by a `Mistake.produce` when the mistake cannot be made on these inputs (e.g. ignoring
    `strides` on a case whose stride is 1). Anything else a `produce` raises is a bug in the spec:
    `grader validate` and `grader release` fail on it, grading notes it as a grader problem."""


class MistakeModelWarning(UserWarning):
    """A mistake model raised something other than DoesNotApply while a student was graded: its
    diagnosis was skipped for that case (grading.py turns it into a note on the report)."""


@dataclass(frozen=True)
class Mistake:
    """A known wrong approach: when the answer equals what `produce` returns, `message` says why.
    `produce` takes the graded function's arguments and raises DoesNotApply where it cannot apply."""

    produce: Callable[..., Any]
    message: str


@dataclass(frozen=True, kw_only=True)
class FunctionTask:
    """A student function checked against a reference function on public and hidden cases."""

    name: str
    weight: float
    reference: Callable[..., Any] | None  # computes the answer in the grader from the case's inputs; None:
    #                                       the answer is Case.expected (held-out labels; a student bundle)
    cases: Callable[[np.random.Generator], list[Case]]
    check: Callable[[Any, Any], CheckResult]
    function: str = ""  # the notebook's name for it, when it differs from `name` ("" means `name`)
    mistakes: tuple[Mistake, ...] = ()
    hints: tuple[str, ...] = ()
    summary: str = ""  # one line: inputs -> what to return; shown next to the task in the self-check and
    #                    on the student's page
    timeout: float | None = None  # seconds per call of the student's function (None: the week's)
    mode: str = "call"  # "describe": check the Keras model it returns; "predict": `function` names
    #                     a trained model variable and its predictions on the cases are checked
    forbidden: tuple[str, ...] = ()  # APIs off-limits during the call ("by hand" tasks): dotted names of
    #                                  functions, classes or whole modules, e.g. "sklearn.metrics"
    checks_properties: bool = False  # the reference returns what the check needs, not an answer (many answers
    #                                  pass, e.g. any shuffled split): a mistake is recognised by its failure

    def __post_init__(self) -> None:
        if not self.function:
            object.__setattr__(self, "function", self.name)

    def expected(self, case: Case) -> Any:
        """The right answer for `case`, computed here in the grader's process."""
        if self.reference is None:
            return case.expected
        return self.reference(*case.args, **case.kwargs)


@dataclass(frozen=True)
class WeekSpec:
    """All graded tasks of one syllabus week, with a version that changes when grading does."""

    week: int
    version: str
    tasks: tuple[FunctionTask, ...]
    template: str = ""  # notebook template, relative to the exercises folder
    call_timeout: float = 30.0  # default seconds per call of a student's function
    seed_keras: bool = False  # seed Keras/TensorFlow before the notebook runs (labs that train)
    public_only: bool = False  # frozen public part (student bundle): only the public seed's cases exist

    def weights(self) -> dict[str, float]:
        return {t.name: t.weight for t in self.tasks}

