"""Gradescope's autograder `results.json` for one report: a test per task, points per test."""

from __future__ import annotations

from grader.results import Report, Status


def to_gradescope(report: Report) -> dict:
    tests = []
    for week in report.weeks:
        for task in week.tasks:
            output = task.message + (f"\nHint: {task.hint}" if task.hint and task.status is not Status.PASSED else "")
            tests.append({
                "name": f"week {week.week}: {task.name}",
                "score": round(task.score, 4),
                "max_score": round(task.max_score, 4),
                "status": "passed" if task.status is Status.PASSED else "failed",
                "output": output or "passed",
                "tags": [f"week{week.week:02d}", task.status.value],
                "visibility": "visible",
            })
    summary = [f"Score {report.score:.2f} / {report.max_score:g}", *report.errors, *report.notes]
    return {
        "score": round(report.score, 4),
        "execution_time": round(report.duration_s, 1),
        "output": "\n".join(summary),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
