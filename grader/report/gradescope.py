"""Gradescope's autograder `results.json`: a test per task, points per test, raw-text output.

Gradescope renders `output` as `simple_format` unless told otherwise, which would turn a
student's exception text into HTML: every output here is `"output_format": "text"`.
`to_gradescope` is one report (the batch's per-submission file); `autograder_results` is what
`run_autograder` writes on Gradescope: the hidden-input run carries the points with the chosen
visibility, the public-seed run is shown beside it without points.
"""

from __future__ import annotations

from grader.results import Report, Status, TaskResult

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")


def _output(task: TaskResult) -> str:
    text = task.message + (f"\nHint: {task.hint}" if task.hint and task.status is not Status.PASSED else "")
    return text or "passed"


def extra_data(report: Report) -> dict:
    """What reproduces a disputed run: `grader check --seed SEED` with the same grader and specs."""
    fingerprints = getattr(report, "spec_fingerprints", None)
    return {
        "seed": report.seed,
        "seed_kind": report.seed_kind,
        "grader_version": report.grader_version,
        "spec_versions": dict(report.spec_versions),
        **({"spec_fingerprints": dict(fingerprints)} if fingerprints else {}),
        "isolation": report.isolation,
        "sha256": report.sha256,
    }


def _tests(report: Report, *, visibility: str, label: str = "", with_points: bool = True) -> list[dict]:
    tests = []
    for week in report.weeks:
        for i, task in enumerate(week.tasks, start=1):
            test = {
                "name": f"week {week.week}: {task.name}{label}",
                "number": f"{week.week}.{i}",
                "status": "passed" if task.status is Status.PASSED else "failed",
                "output": _output(task),
                "output_format": "text",
                "tags": [f"week{week.week:02d}", task.status.value],
                "visibility": visibility,
            }
            if with_points:
                test |= {"score": round(task.score, 4), "max_score": round(task.max_score, 4)}
            tests.append(test)
    return tests


def _summary(report: Report) -> str:
    lines = [f"Score {report.score:.2f} / {report.max_score:g}", *report.errors]
    if report.notes:
        lines += ["Cells that did not run cleanly:", *(f"  - {n}" for n in report.notes)]
    lines.append(f"Isolation: {report.isolation}; seed {report.seed} ({report.seed_kind})")
    return "\n".join(lines)


def to_gradescope(report: Report) -> dict:
    return {
        "score": round(report.score, 4),
        "execution_time": round(report.duration_s, 1),
        "output": _summary(report),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": extra_data(report),
        "tests": _tests(report, visibility="visible"),
    }


def leaderboard(report: Report, model_tasks: dict[int, list[str]]) -> list[dict]:
    """One entry per trained-model task (metric bands): its points on the hidden held-out data."""
    entries = []
    for week in report.weeks:
        for task in week.tasks:
            if task.name in model_tasks.get(week.week, []):
                entries.append({"name": f"week {week.week}: {task.name}", "value": round(task.score, 4),
                                "order": "desc"})
    return entries


def autograder_results(hidden: Report, public: Report | None, *, visibility: str,
                       model_tasks: dict[int, list[str]]) -> dict:
    """results.json for Gradescope: points from the hidden-input run (tests with `visibility`),
    the public-seed run's verdicts visible without points, so students see those at once."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}, not {visibility!r}")
    tests = _tests(hidden, visibility=visibility, label=" (hidden inputs)")
    output = [_summary(hidden)]
    if public is not None:
        tests = _tests(public, visibility="visible", label=" (public inputs)", with_points=False) + tests
        output.append(f"Public inputs (the self-check seed): {public.score:.2f} / {public.max_score:g} would be "
                      f"earned; the points above come from inputs drawn for this run"
                      + ("" if visibility == "visible" else f", whose details show {visibility.replace('_', ' ')}")
                      + ".")
    data = extra_data(hidden)
    if public is not None:
        data["public_seed"] = public.seed
    return {
        "score": round(hidden.score, 4),
        "execution_time": round(hidden.duration_s + (public.duration_s if public else 0.0), 1),
        "output": "\n".join(output),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": data,
        "tests": tests,
        "leaderboard": leaderboard(hidden, model_tasks),
    }
