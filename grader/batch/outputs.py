"""Everything a batch writes into OUTDIR, always rebuilt from the gradebook (never from memory),
so a resumed or partial run writes the same files as an uninterrupted one.

    OUTDIR/gradebook.sqlite                  the gradebook itself (see store.py)
    OUTDIR/gradebook.csv                     per syllabus week, total out of 105
    OUTDIR/lms.csv                           Canvas grade import (identities from OUTDIR/roster.csv if any)
    OUTDIR/unrostered.csv                    gradebook students lms.csv leaves out (not in the roster)
    OUTDIR/report.html                       class report
    OUTDIR/students/<student>.html           feedback page per student
    OUTDIR/reports/<student>/weekNN.json     `grader check --json` per submission
    OUTDIR/gradescope/<student>/weekNN/results.json
    OUTDIR/junit/<student>_weekNN.xml
    OUTDIR/unplaced.csv                      files the last run could not place, and why
    OUTDIR/similarity.html, similarity/weekNN/<a>--<b>.html   similar pairs, side by side
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from grader.batch.store import Gradebook
from grader.report.gradebook import GradebookRow, build_rows, to_csv
from grader.report.gradescope import to_gradescope
from grader.report.html import Graded, OutputFile, class_report, student_page
from grader.report.junit import to_junit
from grader.report.lms import left_out_csv, parse_roster, to_canvas
from grader.results import GRADER_PROBLEMS, Report

ROSTER = "roster.csv"  # `grader grade --roster` keeps its copy here
LINKED = [  # what the class report links to, relative to it
    OutputFile("gradebook.csv", "gradebook.csv", "points per student and syllabus week, and the total"),
    OutputFile("lms.csv", "lms.csv", "Canvas grade import (`grader export --lms moodle` writes Moodle's)"),
    OutputFile("unrostered.csv", "unrostered.csv", "graded students missing from the roster"),
    OutputFile("unplaced.csv", "unplaced.csv", "files the last run could not place, and why"),
    OutputFile("gradebook.sqlite", "gradebook.sqlite", "the gradebook itself (SQLite)"),
    OutputFile("students/", "students/", "one feedback page per student"),
    OutputFile("reports/", "reports/", "the JSON report of each submission"),
    OutputFile("gradescope/", "gradescope/", "Gradescope results.json per submission"),
    OutputFile("junit/", "junit/", "JUnit XML per submission"),
    OutputFile("similarity.html", "similarity.html", "pairs of submissions similar enough to look at"),
]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def gradebook_rows(book: Gradebook) -> list[GradebookRow]:
    """Every student's points per syllabus week, manual grades replacing automated ones. A grader
    problem is no score of the student's: its cell stays empty until it is regraded."""
    scores = {(r.student, r.week): r.score for r in book.current_results() if r.outcome not in GRADER_PROBLEMS}
    return build_rows(book.students(), scores,
                      {(m.student, m.week): m.points for m in book.manual_grades()})


def similarity_section(results, outdir: Path) -> dict:
    """The class report's similar pairs, from the graded files still in the class folder, with their pages
    written; never raises: a failure here is a note in the report, and every grade is written anyway."""
    try:
        from grader.report.similarity import section
        from grader.similarity.run import by_week, write_pages

        found = by_week({(r.student, r.week): Path(r.path) for r in results
                         if r.outcome not in GRADER_PROBLEMS and Path(r.path).is_file()})
        write_pages(found, outdir)
        return section(found)
    except Exception as exc:  # an aid for the TA, off the grades' path
        return {"similar_error": f"similar submissions could not be computed ({type(exc).__name__}: {exc}); "
                                 "the grades above are complete. `grader similarity` runs it alone."}


def write_outputs(book: Gradebook, outdir: Path) -> dict[str, Path]:
    """Write every view; returns the main files by name."""
    results = book.current_results()
    manual = book.manual_grades()
    rows = gradebook_rows(book)
    graded = [Graded(r.student, r.week, r.outcome, Report.from_json(r.report), r.path, r.graded_at) for r in results]
    for r, g in zip(results, graded, strict=True):
        stem = f"week{r.week:02d}"
        _write(outdir / "reports" / r.student / f"{stem}.json", json.dumps(r.report, indent=2))
        _write(outdir / "gradescope" / r.student / stem / "results.json",
               json.dumps(to_gradescope(g.report), indent=2))
        _write(outdir / "junit" / f"{r.student}_{stem}.xml", to_junit(g.report))
    comments: dict[str, dict[int, str]] = {}
    for m in manual:
        comments.setdefault(m.student, {})[m.week] = m.comment
    for row in rows:
        _write(outdir / "students" / f"{row.student}.html",
               student_page(row.student, [g for g in graded if g.student == row.student], row,
                            comments.get(row.student, {})))
    unplaced = book.unplaced()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "reason"])
    writer.writerows(unplaced)
    files = {
        "gradebook": outdir / "gradebook.csv",
        "lms": outdir / "lms.csv",
        "report": outdir / "report.html",
        "unplaced": outdir / "unplaced.csv",
    }
    _write(files["gradebook"], to_csv(rows))
    roster_path = outdir / ROSTER
    canvas, left = to_canvas(rows, parse_roster(roster_path) if roster_path.is_file() else None)
    _write(files["lms"], canvas)
    _write(outdir / "unrostered.csv", left_out_csv(left))
    _write(files["report"], class_report(graded, rows, unplaced, files=LINKED,
                                         similar=similarity_section(results, outdir)))
    _write(files["unplaced"], out.getvalue())
    return files
