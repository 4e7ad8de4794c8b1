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
import re
import textwrap
from dataclasses import dataclass, field, replace

from grader.catalog import available_weeks, load_week
from grader.evaluate import CaseRun, RunContext, evaluate_task
from grader.plan import PUBLIC_SEED, PlannedTask, plan_week
from grader.report.text import SYMBOLS, format_points, score_text, week_summary
from grader.results import Status, TaskResult
from grader.sandbox import codec
from grader.sandbox.agent import _user_namespace, run_call
from grader.sandbox.protocol import CallOutcome, OutcomeKind

NOTE = "public inputs; the grader uses hidden ones too"
COLORS = {"passed": "#1a7f37", "failed": "#cf222e", "error": "#cf222e", "timeout": "#9a6700",
          "not_attempted": "#57606a"}
# inline styles: they beat Jupyter's table CSS (right-aligned cells, centred tables) without a stylesheet
TABLE = "border-collapse:collapse;margin:.3em 0;margin-left:0;margin-right:auto;table-layout:auto"
CELL = "text-align:left;vertical-align:top;padding:.25em .6em;border:1px solid #d0d7de"
POINTS = CELL + ";white-space:nowrap"


def _code(text: str) -> str:
    """Escaped text with its `backticked` spans (hints use them for code) shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _cell(text: str, style: str = CELL, tag: str = "td") -> str:
    return f"<{tag} style='{style}'>{text}</{tag}>"


@dataclass(frozen=True)
class SelfCheckResult:
    """Task results, shown as a table in Jupyter and as text in a terminal: tasks to fix first."""

    week: int
    tasks: tuple[TaskResult, ...]

    @property
    def statuses(self) -> dict[str, str]:
        return {t.name: t.status.value for t in self.tasks}

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tasks)

    @property
    def max_score(self) -> float:
        return sum(t.max_score for t in self.tasks)

    @property
    def to_fix(self) -> tuple[TaskResult, ...]:
        return tuple(t for t in self.tasks if t.status is not Status.PASSED)

    @property
    def passed(self) -> tuple[TaskResult, ...]:
        return tuple(t for t in self.tasks if t.status is Status.PASSED)

    def headline(self) -> str:
        """'Self-check, week 11: 2.62 / 5 points' (or the task's name when only one was checked)."""
        what = f"week {self.week}" if len(self.tasks) != 1 else f"week {self.week}, {self.tasks[0].name}"
        return f"Self-check, {what}: {score_text(self.score, self.max_score)} points"

    def __repr__(self) -> str:
        lines = [f"{self.headline()} ({NOTE})", week_summary(self.tasks)]
        width = max((len(t.name) for t in self.tasks), default=4)
        for t in self.to_fix:
            points = f"{format_points(t.score):>5} / {format_points(t.max_score):<5}"
            lines.append(f"  {t.name:<{width}}  {points} {SYMBOLS[t.status]}")
            body = [f"task: {t.summary}"] if t.summary else []
            body += [t.message] if t.message else []
            if t.hint:
                body.append(f"hint: {t.hint}")
            for text in body:
                lines.extend(textwrap.wrap(text, 100, initial_indent="      ", subsequent_indent="        "))
        if self.passed and self.to_fix:
            names = ", ".join(t.name for t in self.passed)
            lines.extend(textwrap.wrap(f"{len(self.passed)} passed: {names}", 100, initial_indent="  ",
                                       subsequent_indent="    "))
        elif self.passed:
            for t in self.passed:
                lines.append(f"  {t.name:<{width}}  {format_points(t.score):>5} / {format_points(t.max_score):<5} ok")
        return "\n".join(lines)

    def _rows(self, tasks: tuple[TaskResult, ...]) -> str:
        rows = []
        for t in tasks:
            advice = html.escape(t.message)
            if t.hint and t.status is not Status.PASSED:
                advice += f"<br><i>hint: {_code(t.hint)}</i>"
            status = f"<b style='color:{COLORS[t.status.value]}'>{t.status.value.replace('_', ' ')}</b>"
            what = f"<br><small>{html.escape(t.summary)}</small>" if t.summary else ""
            rows.append("<tr>" + _cell(f"<code>{html.escape(t.name)}</code>{what}")
                        + _cell(score_text(t.score, t.max_score), POINTS) + _cell(status, POINTS)
                        + _cell(advice) + "</tr>")
        head = "".join(_cell(h, CELL + ";background:#f6f8fa", "th")
                       for h in ("task", "points", "status", "what to fix"))
        return f"<table style='{TABLE}'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"

    def _summary_html(self) -> str:
        """week_summary's words, with the count in bold and the task to start with as code."""
        if not self.to_fix:
            return html.escape(week_summary(self.tasks))
        return (f"<b>{len(self.to_fix)} of {len(self.tasks)} tasks to fix</b>; start with "
                f"<code>{html.escape(self.to_fix[0].name)}</code>")

    def _repr_html_(self) -> str:
        parts = [f"<div class='grader-selfcheck' style='text-align:left'>"
                 f"<p style='text-align:left;margin:.2em 0'><b>{html.escape(self.headline())}</b> ({NOTE})</p>",
                 f"<p class='grader-summary' style='text-align:left;margin:.2em 0'>{self._summary_html()}</p>"]
        if self.to_fix:
            parts.append(self._rows(self.to_fix))
        if self.passed:
            rows = self._rows(self.passed)
            if self.to_fix:
                names = ", ".join(t.name for t in self.passed)
                parts.append(f"<details style='text-align:left'><summary>{len(self.passed)} passed: "
                             f"{html.escape(names)}</summary>{rows}</details>")
            else:
                parts.append(rows)
        return "".join(parts) + "</div>"


@dataclass(frozen=True)
class Hint:
    """One hint, displayed as itself (Markdown/HTML in Jupyter, plain text elsewhere), not as a quoted string."""

    task: str
    level: int  # 1-based
    of: int
    text: str

    def __str__(self) -> str:
        if not self.of:
            return self.text
        return f"hint {self.level} of {self.of}: {self.text}"

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        if not self.of:
            return self.text
        return f"**Hint {self.level} of {self.of}** for `{self.task}`: {self.text}"

    def _repr_html_(self) -> str:
        if not self.of:
            return f"<p style='text-align:left'>{html.escape(self.text)}</p>"
        return (f"<p class='grader-hint' style='text-align:left'><b>Hint {self.level} of {self.of}</b> for "
                f"<code>{html.escape(self.task)}</code>: {_code(self.text)}</p>")


@dataclass
class SelfCheck:
    """The `check` object students call; it remembers which hint level each task reached."""

    hint_levels: dict[str, int] = field(default_factory=dict)

    def __call__(self, task: str, week: int | None = None) -> SelfCheckResult:
        week = week or self._week_of(task)
        return self._run(week, {task})

    def week(self, number: int) -> SelfCheckResult:
        return self._run(number, None)

    def hint(self, task: str) -> Hint:
        """The next hint for `task` (each call goes one level further, then stays at the last)."""
        spec = load_week(self._week_of(task))
        hints = next(t.hints for t in spec.tasks if t.name == task)
        if not hints:
            return Hint(task, 0, 0, f"no hints for {task}")
        level = min(self.hint_levels.get(task, 0), len(hints) - 1)
        self.hint_levels[task] = level + 1
        return Hint(task, level + 1, len(hints), hints[level])

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
        if outcome is OutcomeKind.RETURNED:
            try:
                value = _through_the_channel(value)
            except codec.CodecError as exc:
                outcome, value, info = OutcomeKind.UNREADABLE, None, {"message": str(exc)}
        runs.append(CaseRun(case, expected, CallOutcome(outcome, value, {k: str(v) for k, v in info.items()})))
        if outcome is not OutcomeKind.RETURNED:
            break
    return replace(evaluate_task(task, planned.points, runs, RunContext()), summary=task.summary)


check = SelfCheck()
