"""A readable terminal table of a Report, with what to fix under each task that lost points."""

from __future__ import annotations

import textwrap

from grader.results import GRADER_PROBLEMS, Outcome, Report, Status

SYMBOLS = {
    Status.PASSED: "ok",
    Status.FAILED: "FAIL",
    Status.ERROR: "ERROR",
    Status.TIMEOUT: "TIMEOUT",
    Status.NOT_ATTEMPTED: "todo",
}
COLORS = {Status.PASSED: "32", Status.FAILED: "31", Status.ERROR: "31", Status.TIMEOUT: "33",
          Status.NOT_ATTEMPTED: "36"}
OUTCOMES = {  # shown under the header when a submission was not simply graded
    Outcome.TIMEOUT: "the submission ran past its time limit and was stopped",
    Outcome.WORKER_DIED: "the submission stopped the grading worker process",
    Outcome.SANDBOX_FAILED: "could not be graded (grader problem): the sandbox failed, not the submission; "
                            "grade it again (see `grader doctor`)",
    Outcome.GRADER_FAILED: "could not be graded (grader problem): the grader itself failed, not the submission; "
                           "grade it again, and report it to the course staff if it persists",
}


def format_points(x: float) -> str:
    """Points as a student reads them: 5, 0.38, 2.69."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def score_text(score: float, max_score: float) -> str:
    """'2.69 / 5'."""
    return f"{format_points(score)} / {format_points(max_score)}"


def week_summary(tasks) -> str:
    """'3 of 8 tasks to fix; start with pad_pre' (the first in the lab's order), or that all pass."""
    todo = [t for t in tasks if t.status is not Status.PASSED]
    if not todo:
        return f"all {len(tasks)} tasks pass" if len(tasks) != 1 else "the task passes"
    return f"{len(todo)} of {len(tasks)} tasks to fix; start with {todo[0].name}"


def render(report: Report, color: bool = False, width: int = 100) -> str:
    def paint(status: Status, text: str) -> str:
        return f"\033[{COLORS[status]}m{text}\033[0m" if color else text

    lines = [f"Submission: {report.submission}"]
    seed_note = {"public": "the public seed only (self-check; the course's grading adds hidden inputs)",
                 "hidden": "hidden inputs", "fixed": "fixed seed"}
    lines.append(f"Graded by grader {report.grader_version} with {seed_note.get(report.seed_kind, report.seed_kind)}, "
                 f"isolation: {report.isolation}{' (warm kernel)' if report.kernel == 'warm' else ''}, "
                 f"{report.duration_s:.1f} s")
    if report.outcome is not Outcome.GRADED:
        lines.extend(textwrap.wrap(f"Outcome: {report.outcome.value}: {OUTCOMES[report.outcome]}", width=width,
                                   subsequent_indent="  "))
    for week in report.weeks:
        lines.append("")
        lines.append(f"Week {week.week}: {week.title}   {score_text(week.score, week.max_score)} points")
        if week.tasks:
            lines.append(f"  {week_summary(week.tasks)}")
        name_w = max((len(t.name) for t in week.tasks), default=4)
        for t in week.tasks:
            pts = f"{format_points(t.score):>5} / {format_points(t.max_score):<5}"
            lines.append(f"  {t.name:<{name_w}}  {pts} {paint(t.status, SYMBOLS[t.status])}")
            body = [t.message] if t.message else []
            if t.hint and t.status is not Status.PASSED:
                body.append(f"hint: {t.hint}")
            for text in body:
                lines.extend(textwrap.wrap(text, width=width, initial_indent="      ",
                                           subsequent_indent="        "))
    if report.errors:
        lines.append("")
        lines.append("What went wrong in the grader (not in the submission):" if report.outcome in GRADER_PROBLEMS
                     else "Problems with the submission:")
        for e in report.errors:
            lines.extend(textwrap.wrap(e, width=width, initial_indent="  - ", subsequent_indent="    "))
    if report.notes:
        lines.append("")
        lines.append("Cells that did not run cleanly:")
        for n in report.notes:
            lines.extend(textwrap.wrap(n, width=width, initial_indent="  - ", subsequent_indent="    "))
    lines.append("")
    lines.append(f"Total: {score_text(report.score, report.max_score)}")
    return "\n".join(lines)
