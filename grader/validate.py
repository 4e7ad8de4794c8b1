"""`grader validate`: for the course maintainer and the course repository's CI.

Grades every bundled example and compares it with its recorded outcome
(`examples/submissions/weekNN/expected.json`: score and the status of every task that does not
pass), grades each week's correct example on the public and on a hidden seed (full marks
both times), checks the point scheme against the syllabus totals, and runs every known-mistake
model on the public and two hidden draws: one that raises anything but `spec.DoesNotApply` is a
spec bug (grading would skip its diagnosis).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from grader import scheme
from grader.results import Report, Status
from grader.spec import DoesNotApply, WeekSpec

MISTAKE_SEEDS = (0, 1)  # hidden draws every mistake model runs on, besides the public seed

SYLLABUS_TOTAL = 105
SCORE_TOLERANCE = 0.01


@dataclass(frozen=True)
class Difference:
    """One way the grader disagrees with what was recorded."""

    where: str
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.where}\n    expected: {self.expected}\n    got:      {self.got}"


@dataclass(frozen=True)
class Expected:
    week: int
    path: Path
    score: float
    not_passed: dict[str, str]


def load_expected(examples: Path) -> list[Expected]:
    """Every recorded outcome, from one `weekNN/expected.json` per week folder."""
    found = []
    for record in sorted(examples.glob("week*/expected.json")):
        week = int(record.parent.name[4:])
        for name, rec in json.loads(record.read_text()).items():
            if not name.startswith("_"):
                found.append(Expected(week, record.parent / name, float(rec["score"]),
                                      {str(k): str(v) for k, v in rec.get("not_passed", {}).items()}))
    return found


def compare(report: Report, expected: Expected) -> list[Difference]:
    """Task statuses must match exactly; the score within 0.01."""
    where = f"week {expected.week} {expected.path.name}"
    got = {t.name: t.status.value for w in report.weeks for t in w.tasks if t.status is not Status.PASSED}
    diffs = []
    if got != expected.not_passed:
        for task in sorted(set(got) | set(expected.not_passed)):
            want, have = expected.not_passed.get(task, "passed"), got.get(task, "passed")
            if want != have:
                message = next((t.message for w in report.weeks for t in w.tasks if t.name == task), "")
                got_text = f"{have} ({message[:160]})" if message else have
                diffs.append(Difference(f"{where}: task {task}", want, got_text))
    if abs(report.score - expected.score) > SCORE_TOLERANCE:
        diffs.append(Difference(f"{where}: score", f"{expected.score:g}", f"{report.score:.2f}"))
    return diffs


def check_scheme() -> list[Difference]:
    diffs = []
    if scheme.TOTAL_POINTS != SYLLABUS_TOTAL:
        diffs.append(Difference("point scheme: total", str(SYLLABUS_TOTAL), f"{scheme.TOTAL_POINTS:g}"))
    last = scheme.running_totals()[-1][1]
    if last != SYLLABUS_TOTAL:
        diffs.append(Difference("point scheme: running total of week 17", str(SYLLABUS_TOTAL), f"{last:g}"))
    return diffs


def check_mistake_models(spec: WeekSpec, seeds: tuple[int, ...] = MISTAKE_SEEDS) -> list[Difference]:
    """Each mistake model that raises something other than DoesNotApply on a case of the public seed or
    of `seeds` (at most one difference per mistake): grading would skip its diagnosis there."""
    from grader.plan import PUBLIC_SEED, plan_week

    found: dict[tuple[str, str], Difference] = {}
    for seed in (PUBLIC_SEED, *seeds):
        for planned in plan_week(spec, seed):
            for mistake in planned.task.mistakes:
                key = (planned.task.name, mistake.message)
                for case in planned.cases:
                    if key in found:
                        break
                    try:
                        with warnings.catch_warnings():  # mistake models are wrong on purpose
                            warnings.simplefilter("ignore")
                            mistake.produce(*case.args, **case.kwargs)
                    except DoesNotApply:
                        continue
                    except Exception as exc:
                        found[key] = Difference(
                            f"week {spec.week} task {planned.task.name}: mistake model {mistake.message[:60]!r} "
                            f"on {case.label or 'a hidden case'} (seed {seed})",
                            "an answer, or spec.DoesNotApply where the mistake does not apply",
                            f"{type(exc).__name__}: {exc}"[:200])
    return list(found.values())


def validate(examples: Path, weeks: set[int] | None, grade_fn: Callable[..., Report],
             progress: Callable[[str], None] = lambda _: None) -> Iterator[Difference]:
    """Every difference found; nothing yielded means everything agrees."""
    from grader.catalog import available_weeks, load_week

    yield from check_scheme()
    for week in available_weeks():
        if weeks is None or week in weeks:
            progress(f"week {week} mistake models")
            yield from check_mistake_models(load_week(week))
    recorded = [e for e in load_expected(examples) if weeks is None or e.week in weeks]
    listed = {e.path.resolve() for e in recorded}
    for path in sorted(examples.glob("week*/*")):
        week = int(path.parent.name[4:]) if path.parent.name[4:].isdigit() else -1
        if (weeks is None or week in weeks) and path.suffix in (".ipynb", ".py") and path.resolve() not in listed:
            yield Difference(f"{path}: recorded outcome", f"an entry in {path.parent.name}/expected.json", "none")
    for exp in recorded:
        if not exp.path.exists():
            yield Difference(f"{exp.path}", "the example file", "missing")
            continue
        progress(f"week {exp.week} {exp.path.name}")
        yield from compare(grade_fn(exp.path, [exp.week]), exp)
        if not exp.not_passed:  # a correct example: full marks on the public seed too
            public = grade_fn(exp.path, [exp.week], public=True)
            if public.score < public.max_score - SCORE_TOLERANCE:
                yield Difference(f"week {exp.week} {exp.path.name}: public seed", f"{public.max_score:g}",
                                 f"{public.score:.2f}")
