"""Similarity of a whole class: submissions found as `grader grade` finds them (batch/layout.py), compared
per week, and the pages written (report/similarity.py). Everything stays on this machine."""

from __future__ import annotations

from pathlib import Path

from grader.batch.layout import discover
from grader.catalog import available_weeks
from grader.similarity.compare import THRESHOLD, WeekSimilarity, compare_week, template_hashes
from grader.similarity.fingerprint import read_source

INDEX = "similarity.html"
PAGES = "similarity"  # folder of the pair pages, next to the index


def by_week(paths: dict[tuple[str, int], Path], threshold: float = THRESHOLD) -> list[WeekSimilarity]:
    """Compare each week's submissions ({(student, week): file}) with the week's template as boilerplate."""
    weeks: dict[int, dict[str, Path]] = {}
    for (student, week), path in paths.items():
        weeks.setdefault(week, {})[student] = path
    return [compare_week(w, {s: read_source(p) for s, p in sorted(files.items())}, template_hashes(w), threshold)
            for w, files in sorted(weeks.items())]


def class_similarity(folder: Path, weeks: set[int] | None = None, threshold: float = THRESHOLD
                     ) -> list[WeekSimilarity]:
    """Every automated week's pairs in a class folder (the same files `grader grade` would grade)."""
    found, _ = discover(folder, set(available_weeks()), weeks)
    return by_week({(s.student, s.week): s.path for s in found}, threshold)


def write_pages(results: list[WeekSimilarity], outdir: Path, prefix: str = "") -> Path:
    """OUTDIR/similarity.html and one page per listed pair under OUTDIR/similarity/; returns the index."""
    from grader.report.similarity import index_page, pair_href, pair_page

    outdir.mkdir(parents=True, exist_ok=True)
    for old in (outdir / PAGES).glob("week*/*--*.html"):  # a pair of an earlier run may be gone now
        old.unlink()
    for week in results:
        for pair in week.pairs:
            page = outdir / pair_href(pair)
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(pair_page(pair, week), encoding="utf-8")
    index = outdir / INDEX
    index.write_text(index_page(results, prefix), encoding="utf-8")
    return index
