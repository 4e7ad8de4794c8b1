"""HTML of the similarity report: the per-week pair tables (alone, or as a section of the class report)
and a side-by-side page per listed pair with the matching code highlighted. Wording informs, never
accuses: a pair is "similar enough to look at", with the share of matching code."""

from __future__ import annotations

from pathlib import PurePosixPath

from grader.report.templates import CSP, ENV
from grader.similarity.compare import Pair, Region, WeekSimilarity

ABOUT = ("Pairs of students whose code cells of a week match more than independently written solutions do "
         "(renamed variables, reordered functions, comments and layout make no difference; the week's template "
         "never counts). Similar code is no proof of copying: students may have worked from the same notes or "
         "together as allowed. Look at the pages side by side and talk to the students before concluding anything. "
         "Computed on this machine; no code was sent anywhere.")
CAUTION = ("Similar code is no proof of copying: the lecture notes, the hints and the task itself lead many "
           "students to the same code. Use this page to decide whether to talk to the students.")


def _percent(share: float) -> str:
    return f"{round(100 * share)}%"


def pair_href(pair: Pair) -> str:
    """Where a pair's page lies, relative to the index (student names are safe file names: layout.py)."""
    return str(PurePosixPath("similarity") / f"week{pair.week:02d}" / f"{pair.a}--{pair.b}.html")


def _table(results: list[WeekSimilarity]) -> list[dict]:
    return [{"week": w.week, "students": w.students, "compared": w.compared, "threshold": _percent(w.threshold),
             "highest": _percent(w.highest), "notes": list(w.notes),
             "pairs": [{"a": p.a, "b": p.b, "share": _percent(p.share), "matched": p.matched, "href": pair_href(p)}
                       for p in w.pairs]} for w in results]


def section(results: list[WeekSimilarity]) -> dict:
    """The class report's "Similar submissions" section."""
    return {"similar": _table(results), "similar_about": ABOUT}


def index_page(results: list[WeekSimilarity], prefix: str = "") -> str:
    return ENV.get_template("similarity.html").render(csp=CSP, title="Similar submissions", about=ABOUT,
                                                      results=_table(results), prefix=prefix)


def _offset(lines: list[str], where: tuple[int, int]) -> int:
    row, col = where
    return sum(len(line) for line in lines[:row - 1]) + col


def _parts(text: str, regions: list[Region]) -> list[tuple[str, bool]]:
    """The cell's text cut into (text, matching) pieces."""
    lines = text.splitlines(keepends=True)
    spans = sorted((_offset(lines, r.start), _offset(lines, r.end)) for r in regions)
    parts, at = [], 0
    for start, end in spans:
        start = max(start, at)
        if end <= start:
            continue
        parts += [(text[at:start], False), (text[start:end], True)]
        at = end
    parts.append((text[at:], False))
    return [p for p in parts if p[0]]


def _side(student: str, cells: tuple[str, ...], regions: tuple[Region, ...]) -> dict:
    return {"student": student, "cells": [{"number": i + 1, "parts": _parts(c, [r for r in regions if r.cell == i])}
                                          for i, c in enumerate(cells) if c.strip()]}


def pair_page(pair: Pair, week: WeekSimilarity | None = None) -> str:
    """The two submissions side by side, code cells in order, matching regions marked."""
    base = "../../"  # the page lies in similarity/weekNN/
    return ENV.get_template("pair.html").render(
        csp=CSP, title=f"Week {pair.week}: {pair.a} and {pair.b} (similar enough to look at)", week=pair.week,
        a=pair.a, b=pair.b, share=_percent(pair.share), share_a=_percent(pair.share_a),
        share_b=_percent(pair.share_b), caution=CAUTION, index=base,
        sides=[_side(pair.a, pair.cells_a, pair.regions_a), _side(pair.b, pair.cells_b, pair.regions_b)])
