"""HTML views of a batch: the class report (score distributions, frequent failures, what could
not be graded) and one feedback page per student.

Static files, no JavaScript and no external resources; a Content-Security-Policy forbids
scripts, and every text (student output reaches messages) is escaped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import escape
from statistics import mean, median

from grader import scheme
from grader.report.gradebook import GradebookRow
from grader.report.text import format_points as _pts
from grader.results import GRADER_PROBLEMS, Report, Status

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:72em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .5em;
vertical-align:top;text-align:left}th{background:#f4f4f4}.num{text-align:right;white-space:nowrap}
.passed{color:#1a7f37}.failed,.error,.timeout{color:#b42318}.not_attempted{color:#777}
.manual{font-style:italic}svg text{font-size:11px}h2{margin-top:1.5em}
"""
STATUS_LABEL = {Status.PASSED: "passed", Status.FAILED: "failed", Status.ERROR: "error",
                Status.TIMEOUT: "timeout", Status.NOT_ATTEMPTED: "not attempted"}


@dataclass(frozen=True)
class Graded:
    """One stored result, as the HTML views need it."""

    student: str
    week: int
    outcome: str
    report: Report


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")


def histogram_svg(scores: list[float], maximum: float, bins: int = 10, width: int = 360, height: int = 140) -> str:
    """A bar chart of how many scores fall in each of `bins` equal ranges of 0..maximum."""
    counts = [0] * bins
    for s in scores:
        counts[min(bins - 1, int(s / maximum * bins)) if maximum > 0 else 0] += 1
    top, bar_w, base = max(counts, default=0) or 1, width / bins, height - 20
    bars, labels = [], []
    for i, n in enumerate(counts):
        h = (base - 10) * n / top
        lo, hi = maximum * i / bins, maximum * (i + 1) / bins
        bars.append(f'<rect x="{i * bar_w + 1:.1f}" y="{base - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                    f'fill="#4e79a7"><title>{n} with {_pts(lo)}-{_pts(hi)} points</title></rect>')
        if n:
            bars.append(f'<text x="{(i + .5) * bar_w:.1f}" y="{base - h - 2:.1f}" text-anchor="middle">{n}</text>')
    for i in (0, bins // 2, bins):
        labels.append(f'<text x="{min(i * bar_w, width - 12):.1f}" y="{height - 5}">{_pts(maximum * i / bins)}</text>')
    return (f'<svg class="histogram" role="img" aria-label="score distribution" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
            f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/>{"".join(bars)}{"".join(labels)}'
            "</svg>")


def failure_key(message: str) -> str:
    """A message with its numbers and quoted values blanked, so the same mistake groups together."""
    text = re.sub(r"(?<![\w])'[^']*'|(?<![\w])\"[^\"]*\"", "'…'", message)  # not the ' of "lab's"
    text = re.sub(r"(?<![\w.])-?\d+(\.\d+)?(e[-+]?\d+)?", "#", text)  # not the 1 of "f1"
    return text if len(text) <= 300 else text[:299] + "…"


def _outcome_text(outcome: str) -> str:
    """A grader problem says so: it is retried, not the student's result."""
    return f"could not be graded (grader problem): {outcome}" if outcome in GRADER_PROBLEMS else outcome


def class_report(graded: list[Graded], rows: list[GradebookRow], unplaced: list[tuple[str, str]],
                 title: str = "EI320A class report") -> str:
    parts = [f"<h1>{escape(title)}</h1>",
             f"<p>{len(rows)} students, {len(graded)} graded submissions, "
             f"{sum(g.outcome != 'graded' for g in graded)} could not be graded, {len(unplaced)} files not placed.</p>"]
    weeks = sorted({g.week for g in graded if g.outcome not in GRADER_PROBLEMS})
    for week in weeks:
        mine = [g for g in graded if g.week == week and g.outcome not in GRADER_PROBLEMS]  # no score of theirs
        row = scheme.week(week)
        scores = [g.report.score for g in mine]
        parts.append(f'<section class="week" id="week{week:02d}"><h2>Week {week}: {escape(row.content)}</h2>')
        parts.append(f"<p>{len(scores)} submissions; mean {_pts(mean(scores))}, median {_pts(median(scores))} "
                     f"of {_pts(row.points)} points.</p>")
        parts.append(histogram_svg(scores, row.points))
        failures: dict[str, Counter] = {}
        for g in mine:
            for w in g.report.weeks:
                for t in w.tasks:
                    if t.status is not Status.PASSED:
                        failures.setdefault(t.name, Counter())[(t.status.value, failure_key(t.message))] += 1
        if failures:
            parts.append('<table class="failures"><tr><th>task</th><th>students</th><th>status</th>'
                         "<th>most frequent messages (numbers blanked)</th></tr>")
            for task, counter in sorted(failures.items(), key=lambda kv: -sum(kv[1].values())):
                for (status, message), n in counter.most_common(3):
                    parts.append(f"<tr><td>{escape(task)}</td><td class='num'>{n}</td>"
                                 f"<td class='{escape(status)}'>{escape(status)}</td><td>{escape(message)}</td></tr>")
            parts.append("</table>")
        parts.append("</section>")
    broken = [g for g in graded if g.outcome != "graded"]
    parts.append('<h2 id="ungraded">Submissions that could not be graded</h2>')
    if broken:
        parts.append("<table><tr><th>student</th><th>week</th><th>outcome</th><th>reason</th></tr>")
        parts.extend(f"<tr><td><a href='students/{escape(g.student)}.html'>{escape(g.student)}</a></td>"
                     f"<td>{g.week}</td><td class='error'>{escape(_outcome_text(g.outcome))}</td>"
                     f"<td>{escape('; '.join(g.report.errors) or '-')}</td></tr>" for g in broken)
        parts.append("</table>")
    else:
        parts.append("<p>None.</p>")
    parts.append('<h2 id="unplaced">Files not placed</h2>')
    if unplaced:
        parts.append("<table><tr><th>file</th><th>reason</th></tr>")
        parts.extend(f"<tr><td>{escape(p)}</td><td>{escape(r)}</td></tr>" for p, r in unplaced)
        parts.append("</table>")
    else:
        parts.append("<p>None.</p>")
    parts.append(_gradebook_table(rows))
    return _page(title, "\n".join(parts))


def _gradebook_table(rows: list[GradebookRow]) -> str:
    weeks = [w for w in scheme.WEEKS if w.points > 0]
    head = "".join(f"<th class='num'>{w.number}<br><small>/{_pts(w.points)}</small></th>" for w in weeks)
    lines = [f'<h2 id="gradebook">Gradebook</h2><table class="gradebook"><tr><th>student</th>{head}'
             f"<th class='num'>total<br><small>/{_pts(scheme.TOTAL_POINTS)}</small></th></tr>"]
    for row in rows:
        cells = "".join(
            f"<td class='num{' manual' if w.number in row.weeks and row.weeks[w.number].source == 'manual' else ''}'>"
            f"{_pts(row.weeks[w.number].points) if w.number in row.weeks else ''}</td>" for w in weeks)
        lines.append(f"<tr><td><a href='students/{escape(row.student)}.html'>{escape(row.student)}</a></td>{cells}"
                     f"<td class='num'>{_pts(row.total)}</td></tr>")
    lines.append("</table><p><small>Italic: graded by people (imported).</small></p>")
    return "".join(lines)


def student_page(student: str, graded: list[Graded], row: GradebookRow, comments: dict[int, str]) -> str:
    parts = [f"<h1>Feedback for {escape(student)}</h1>",
             f"<p>Total so far: <strong>{_pts(row.total)}</strong> of {_pts(scheme.TOTAL_POINTS)} points.</p>"]
    for g in sorted(graded, key=lambda g: g.week):
        cell = row.weeks.get(g.week)
        for week in g.report.weeks:
            parts.append(f'<section class="week" id="week{week.week:02d}"><h2>Week {week.week}: '
                         f"{escape(week.title)} &mdash; {_pts(week.score)} / {_pts(week.max_score)}</h2>")
            if cell is not None and cell.source == "manual":
                parts.append(f"<p class='manual'>Replaced by a grade from the teaching team: {_pts(cell.points)}.</p>")
            parts.append("<table><tr><th>task</th><th class='num'>points</th><th>result</th><th>what to fix</th></tr>")
            for t in week.tasks:
                advice = escape(t.message) + (f"<br><em>Hint: {escape(t.hint)}</em>"
                                              if t.hint and t.status is not Status.PASSED else "")
                parts.append(f"<tr><td>{escape(t.name)}</td><td class='num'>{_pts(t.score)} / {_pts(t.max_score)}"
                             f"</td><td class='{t.status.value}'>{STATUS_LABEL[t.status]}</td><td>{advice}</td></tr>")
            parts.append("</table>")
            if g.report.errors:
                parts.append("<ul class='problems'>" + "".join(f"<li>{escape(e)}</li>" for e in g.report.errors)
                             + "</ul>")
            parts.append("</section>")
    manual = sorted((w, c) for w, c in row.weeks.items() if c.source == "manual")
    if manual:
        parts.append("<h2>Graded by the teaching team</h2><table><tr><th>week</th><th class='num'>points</th>"
                     "<th>comment</th></tr>")
        parts.extend(f"<tr><td>{w}: {escape(scheme.week(w).content)}</td><td class='num'>{_pts(c.points)} / "
                     f"{_pts(scheme.week(w).points)}</td><td>{escape(comments.get(w, ''))}</td></tr>"
                     for w, c in manual)
        parts.append("</table>")
    return _page(f"Feedback for {student}", "\n".join(parts))
