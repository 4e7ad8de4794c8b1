"""HTML views of a batch: the class report (per task: how many passed and why the others did not;
who needs help; score distributions) and one feedback page per student.

Static files rendered from autoescaped Jinja2 templates (templates.py): no JavaScript and no
external resources; a Content-Security-Policy forbids scripts, and every text (student output
reaches messages) is escaped. This module only turns results into what the templates show.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath
from statistics import mean, median

from markupsafe import Markup

from grader import scheme
from grader.report.gradebook import GradebookRow
from grader.report.templates import CSP, ENV
from grader.report.text import format_points as _pts
from grader.report.text import week_summary
from grader.results import GRADER_PROBLEMS, Report, Status

STATUS_LABEL = {Status.PASSED: "passed", Status.FAILED: "failed", Status.ERROR: "error",
                Status.TIMEOUT: "timeout", Status.NOT_ATTEMPTED: "not attempted"}
# the parts of a message that vary between students making the same mistake: quoted values and numbers
VARIABLE = re.compile(r"(?<![\w])'[^']*'|(?<![\w])\"[^\"]*\"|(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
SHOWN_CAUSES = 4  # per task; causes met by one student only are listed together after these
LOWEST = 10  # at most this many students under "lowest totals" (those below half of what was graded)


@dataclass(frozen=True)
class Graded:
    """One stored result, as the HTML views need it."""

    student: str
    week: int
    outcome: str
    report: Report
    path: str = ""  # the file in the class folder
    graded_at: float | None = None  # seconds since the epoch, when the result was stored


@dataclass(frozen=True)
class OutputFile:
    """A file (or folder) next to the report, linked from it."""

    label: str
    href: str
    what: str


def _blank(token: str) -> str:
    return "'…'" if token[:1] in "'\"" else "…"


def failure_key(message: str) -> str:
    """A message with its quoted values and numbers blanked: the same mistake groups together."""
    return VARIABLE.sub(lambda m: _blank(m.group()), message)


def cause_text(messages: list[str]) -> str:
    """The messages of one group shown whole, with only the values that differ between them blanked."""
    spans = [[m.group() for m in VARIABLE.finditer(msg)] for msg in messages]
    first = messages[0]
    if any(len(s) != len(spans[0]) for s in spans):
        return first
    pieces, end = [], 0
    for i, match in enumerate(VARIABLE.finditer(first)):
        pieces.append(first[end:match.start()])
        same = all(s[i] == spans[0][i] for s in spans)
        pieces.append(match.group() if same else _blank(match.group()))
        end = match.end()
    pieces.append(first[end:])
    return "".join(pieces)


def histogram_svg(scores: list[float], maximum: float, bins: int = 10, width: int = 420, height: int = 190) -> str:
    """A bar chart with both axes: how many scores fall in each of `bins` equal ranges of 0..maximum."""
    counts = [0] * bins
    for s in scores:
        counts[min(bins - 1, int(s / maximum * bins)) if maximum > 0 else 0] += 1
    left, right, top, base = 44, width - 10, 10, height - 38
    peak = max(counts, default=0) or 1
    step = max(1, math.ceil(peak / 4))
    y_max = step * math.ceil(peak / step)
    bar_w = (right - left) / bins

    def y(n: float) -> float:
        return round(base - (base - top) * n / y_max, 1)

    bars = [{"x": round(left + i * bar_w + 1, 1), "y": y(n), "w": round(bar_w - 2, 1), "h": round(base - y(n), 1),
             "title": f"{n} with {_pts(maximum * i / bins)}-{_pts(maximum * (i + 1) / bins)} points"}
            for i, n in enumerate(counts)]
    yticks = [{"y": y(v), "label": str(v)} for v in range(0, y_max + 1, step)]
    xticks = [{"x": round(left + i * bar_w, 1), "label": _pts(maximum * i / bins)} for i in range(0, bins + 1, 2)]
    svg = ENV.get_template("histogram.svg").render(
        label=f"distribution of {len(scores)} scores out of {_pts(maximum)}", width=width, height=height,
        left=left, right=right, top=top, base=base, bars=bars, yticks=yticks, xticks=xticks,
        xtitle="points", ytitle="students")
    return Markup(svg)


def _task_rows(mine: list[Graded]) -> list[dict]:
    """Per task of a week, in spec order: points, how many passed, and the causes of the rest."""
    order: dict[str, float] = {}
    passed: dict[str, int] = defaultdict(int)
    seen: dict[str, list[float]] = defaultdict(list)
    groups: dict[str, dict[tuple[str, str], list[tuple[str, str]]]] = defaultdict(dict)
    for g in mine:
        for w in g.report.weeks:
            for t in w.tasks:
                order.setdefault(t.name, t.max_score)
                seen[t.name].append(t.score)
                if t.status is Status.PASSED:
                    passed[t.name] += 1
                else:
                    groups[t.name].setdefault((t.status.value, failure_key(t.message)), []).append(
                        (g.student, t.message))
    rows = []
    for name, points in order.items():
        ranked = sorted(groups[name].items(), key=lambda kv: (-len(kv[1]), kv[0]))
        shown = [kv for i, kv in enumerate(ranked) if i < SHOWN_CAUSES and (len(kv[1]) > 1 or i == 0)]
        rest = ranked[len(shown):]
        causes = [{"status": status, "status_label": STATUS_LABEL[Status(status)],
                   "text": cause_text([m for _, m in hits]), "students": sorted({s for s, _ in hits})}
                  for (status, _), hits in shown]
        n = len(seen[name])
        rows.append({"name": name, "points": _pts(points), "passed": passed[name], "n": n,
                     "share": round(100 * passed[name] / n) if n else 0, "mean": _pts(round(mean(seen[name]), 2)),
                     "causes": causes, "other_causes": len(rest),
                     "other_students": sorted({s for _, hits in rest for s, _ in hits})})
    return rows


def _needs_help(graded: list[Graded], rows: list[GradebookRow]) -> dict:
    """Who to talk to first: lowest totals, weeks the class has and a student lacks, repeated errors."""
    class_weeks = sorted({w for r in rows for w in r.weeks})
    possible = sum(scheme.week(w).points for w in class_weeks)
    lowest = sorted((r for r in rows if r.weeks and r.total < possible / 2), key=lambda r: (r.total, r.student))
    missing = [{"student": r.student, "weeks": [str(w) for w in class_weeks if w not in r.weeks]}
               for r in rows if any(w not in r.weeks for w in class_weeks)]
    errored: dict[str, list[int]] = defaultdict(list)
    for g in graded:
        for w in g.report.weeks:
            errored[g.student].extend(w.week for t in w.tasks if t.status in (Status.ERROR, Status.TIMEOUT))
    errors = [{"student": s, "tasks": len(weeks), "weeks": [str(w) for w in sorted(set(weeks))]}
              for s, weeks in sorted(errored.items(), key=lambda kv: (-len(kv[1]), kv[0]))
              if len(weeks) >= 3 or len(set(weeks)) >= 2]
    return {"lowest": [{"student": r.student, "total": _pts(r.total), "possible": _pts(possible)}
                       for r in lowest[:LOWEST]], "limit": LOWEST,
            "missing": missing, "errors": errors, "error_rule": "3 or more tasks, or in 2 or more weeks"}


def _outcome_text(outcome: str) -> str:
    """A grader problem says so: it is retried, not the student's result."""
    return f"could not be graded (grader problem): {outcome}" if outcome in GRADER_PROBLEMS else outcome


def class_report(graded: list[Graded], rows: list[GradebookRow], unplaced: list[tuple[str, str]],
                 title: str = "EI320A class report", files: list[OutputFile] | None = None,
                 similar: dict | None = None) -> str:
    """`similar`: the "Similar submissions" section (report/similarity.py's `section`, or an error to show)."""
    weeks = []
    for week in sorted({g.week for g in graded if g.outcome not in GRADER_PROBLEMS}):
        mine = [g for g in graded if g.week == week and g.outcome not in GRADER_PROBLEMS]  # no score of theirs
        row = scheme.week(week)
        scores = [g.report.score for g in mine]
        weeks.append({"week": week, "title": row.content, "n": len(scores), "mean": _pts(round(mean(scores), 2)),
                      "median": _pts(round(median(scores), 2)), "points": _pts(row.points),
                      "histogram": histogram_svg(scores, row.points), "tasks": _task_rows(mine)})
    broken = [{"student": g.student, "week": g.week, "outcome": _outcome_text(g.outcome),
               "reason": "; ".join(g.report.errors) or "-"} for g in graded if g.outcome != "graded"]
    book_weeks = [w for w in scheme.WEEKS if w.points > 0]
    book_rows = [{"student": r.student, "total": _pts(r.total),
                  "cells": [{"points": _pts(r.weeks[w.number].points) if w.number in r.weeks else "",
                             "manual": w.number in r.weeks and r.weeks[w.number].source == "manual"}
                            for w in book_weeks]} for r in rows]
    return ENV.get_template("class.html").render(
        csp=CSP, title=title, n_students=len(rows), n_graded=len(graded), n_ungraded=len(broken),
        n_unplaced=len(unplaced), files=files or [], weeks=weeks, help=_needs_help(graded, rows), broken=broken,
        unplaced=unplaced, book_weeks=[{"number": w.number, "points": _pts(w.points)} for w in book_weeks],
        book_rows=book_rows, total_points=_pts(scheme.TOTAL_POINTS),
        **{"similar": [], "similar_about": "Not computed.", "similar_error": "", **(similar or {})})


def _identity(g: Graded) -> list[tuple[str, str]]:
    """What pins down which file was graded, when and how: what a regrade request refers to."""
    r = g.report
    when = datetime.fromtimestamp(g.graded_at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if g.graded_at else "-"
    seed = "-" if r.seed is None else f"{r.seed} ({r.seed_kind})" if r.seed_kind else str(r.seed)
    isolation = (r.isolation or "-") + (" (warm kernel)" if r.kernel == "warm" else "")
    return [("file", PurePath(g.path or r.submission).name), ("sha256", r.sha256), ("graded at", when), ("seed", seed),
            ("grader version", r.grader_version), ("isolation", isolation),
            ("spec version", ", ".join(r.spec_versions.values()) or "-")]


def _fix_first(tasks) -> list:
    """Tasks that lost points first (spec order kept within each group)."""
    return sorted(tasks, key=lambda t: t.status is Status.PASSED)


def student_page(student: str, graded: list[Graded], row: GradebookRow, comments: dict[int, str]) -> str:
    weeks = []
    for g in sorted(graded, key=lambda g: g.week):
        cell = row.weeks.get(g.week)
        for week in g.report.weeks:
            weeks.append({
                "week": week.week, "title": week.title, "score": _pts(week.score), "max": _pts(week.max_score),
                "summary": week_summary(list(week.tasks)), "identity": _identity(g),
                "manual": _pts(cell.points) if cell is not None and cell.source == "manual" else "",
                "errors": list(g.report.errors),
                "tasks": [{"name": t.name, "summary": t.summary, "points": f"{_pts(t.score)} / {_pts(t.max_score)}",
                           "status": t.status.value, "label": STATUS_LABEL[t.status], "message": t.message,
                           "hint": t.hint if t.status is not Status.PASSED else ""} for t in _fix_first(week.tasks)],
            })
    manual = [{"week": w, "title": scheme.week(w).content, "points": _pts(c.points),
               "max": _pts(scheme.week(w).points), "comment": comments.get(w, "")}
              for w, c in sorted(row.weeks.items()) if c.source == "manual"]
    return ENV.get_template("student.html").render(
        csp=CSP, title=f"Feedback for {student}", student=student, total=_pts(row.total),
        total_points=_pts(scheme.TOTAL_POINTS), weeks=weeks, manual=manual)
