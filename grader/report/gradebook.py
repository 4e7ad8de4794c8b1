"""The class gradebook as rows per the syllabus, and its CSV view.

`gradebook.csv`: student, one column per syllabus week (header `weekNN (max P)`), total out
of 105. An empty cell is "not graded yet"; it counts 0 in the total. A manual grade replaces
an automated one. The LMS imports (Canvas, Moodle) are in lms.py.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from grader import scheme
from grader.report.text import format_points as _points


@dataclass(frozen=True)
class Cell:
    points: float
    source: str  # "auto" | "manual"


@dataclass(frozen=True)
class GradebookRow:
    student: str
    weeks: dict[int, Cell] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(c.points for c in self.weeks.values())


def build_rows(students: list[str], auto: dict[tuple[str, int], float],
               manual: dict[tuple[str, int], float]) -> list[GradebookRow]:
    """One row per student; `auto`/`manual` map (student, week) to points."""
    rows = []
    for student in sorted(students):
        cells = {}
        for w in scheme.WEEKS:
            if (student, w.number) in manual:
                cells[w.number] = Cell(manual[(student, w.number)], "manual")
            elif (student, w.number) in auto:
                cells[w.number] = Cell(auto[(student, w.number)], "auto")
        rows.append(GradebookRow(student, cells))
    return rows


def to_csv(rows: list[GradebookRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *(f"week{w.number:02d} (max {w.points:g})" for w in scheme.WEEKS),
                     f"total (max {scheme.TOTAL_POINTS:g})"])
    for row in rows:
        writer.writerow([row.student,
                         *(_points(row.weeks[w.number].points) if w.number in row.weeks else "" for w in scheme.WEEKS),
                         _points(row.total)])
    return out.getvalue()
