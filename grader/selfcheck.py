"""In-notebook self-check: `from grader import check`, then `check("normalize")` or `check.week(11)`.

Uses the same specification, cases (drawn from the public seed), checks and messages as
`grader check --public`, so a notebook gets the same verdict per task both ways. It runs in
the student's own kernel, on the functions and models currently defined there: a help for
students, not a security boundary. `check.hint("normalize")` shows the next hint level.
The grader seeds a kernel before the notebook runs (random, NumPy, Keras with seed 0); a
notebook that trains models gets the grader's verdict on them when seeded the same way.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from grader.evaluate import CaseRun, RunContext, evaluate_task
from grader.grading import PUBLIC_SEED, PlannedTask, plan_week
from grader.report.text import SYMBOLS, format_points, score_text
from grader.results import TaskResult
from grader.sandbox import codec
from grader.sandbox.agent import _user_namespace, run_call
from grader.sandbox.runner import CallOutcome
from grader.spec import available_weeks, load_week


@dataclass(frozen=True)
class SelfCheckResult:
    """Task results, shown as a table in Jupyter and as text in a terminal."""

    week: int
    tasks: tuple[TaskResult, ...]

    @property
    def statuses(self) -> dict[str, str]:
        return {t.name: t.status.value for t in self.tasks}

    def __repr__(self) -> str:
        lines = [f"Self-check, week {self.week} (public inputs; the grader uses hidden ones too)"]
        for t in self.tasks:
            points = f"{format_points(t.score):>5} / {format_points(t.max_score):<5}"
            lines.append(f"  {t.name:<28} {points} {SYMBOLS[t.status]}")
            if t.message:
                lines.append(f"      {t.message}")
            if t.hint and t.status.value != "passed":
                lines.append(f"      hint: {t.hint}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colors = {"passed": "#1a7f37", "failed": "#cf222e", "error": "#cf222e", "timeout": "#9a6700",
                  "not_attempted": "#57606a"}
        rows = "".join(
            f"<tr><td><code>{html.escape(t.name)}</code></td><td>{score_text(t.score, t.max_score)}</td>"
            f"<td style='color:{colors[t.status.value]}'><b>{t.status.value.replace('_', ' ')}</b></td>"
            f"<td>{html.escape(t.message)}"
            + (f"<br><i>hint: {html.escape(t.hint)}</i>" if t.hint and t.status.value != "passed" else "")
            + "</td></tr>"
            for t in self.tasks)
        return (f"<p><b>Self-check, week {self.week}</b> (public inputs; the grader uses hidden ones too)</p>"
                f"<table><tr><th>task</th><th>points</th><th>status</th><th>what to fix</th></tr>{rows}</table>")


@dataclass
class SelfCheck:
    """The `check` object students call; it remembers which hint level each task reached."""

    hint_levels: dict[str, int] = field(default_factory=dict)

    def __call__(self, task: str, week: int | None = None) -> SelfCheckResult:
        week = week or self._week_of(task)
        return self._run(week, {task})

    def week(self, number: int) -> SelfCheckResult:
        return self._run(number, None)

    def hint(self, task: str) -> str:
        """The next hint for `task` (each call goes one level further, then stays at the last)."""
        spec = load_week(self._week_of(task))
        hints = next(t.hints for t in spec.tasks if t.name == task)
        if not hints:
            return f"no hints for {task}"
        level = min(self.hint_levels.get(task, 0), len(hints) - 1)
        self.hint_levels[task] = level + 1
        return f"hint {level + 1} of {len(hints)}: {hints[level]}"

    @staticmethod
    def _week_of(task: str) -> int:
        for number in available_weeks():
            if any(t.name == task for t in load_week(number).tasks):
                return number
        raise KeyError(f"no graded task is called {task!r}")

    def _run(self, week: int, only: set[str] | None) -> SelfCheckResult:
        spec = load_week(week)
        plans = plan_week(spec, PUBLIC_SEED)  # the same draws as --public
        if only is not None and not any(p.task.name in only for p in plans):
            raise KeyError(f"week {week} has no task {sorted(only)[0]!r}")
        namespace = _user_namespace()
        results = tuple(_check_task(p, spec.call_timeout, namespace) for p in plans
                        if only is None or p.task.name in only)
        return SelfCheckResult(week, results)


def _through_the_channel(value: object) -> object:
    """The value as the grader would see it after crossing the sandbox boundary."""
    doc, arrays = codec.encode(value)
    return codec.decode(doc["value"], arrays)


def _check_task(planned: PlannedTask, call_timeout: float, namespace: dict) -> TaskResult:
    task = planned.task
    runs = []
    for case, expected in zip(planned.cases, planned.expected, strict=True):
        args = _through_the_channel(list(case.args))
        kwargs = _through_the_channel(dict(case.kwargs))
        outcome, value, info = run_call(namespace, task.function, task.mode, args, kwargs,
                                        task.timeout or call_timeout, task.forbidden)
        if outcome == "returned":
            try:
                value = _through_the_channel(value)
            except codec.CodecError as exc:
                outcome, value, info = "unreadable", None, {"message": str(exc)}
        runs.append(CaseRun(case, expected, CallOutcome(outcome, value, {k: str(v) for k, v in info.items()})))
        if outcome != "returned":
            break
    return evaluate_task(task, planned.points, runs, RunContext())


check = SelfCheck()
