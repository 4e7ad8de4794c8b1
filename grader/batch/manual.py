"""Weeks graded by people: a TA's CSV (`student,week,points[,comment]`), validated as a whole.

Any error (unknown student, unknown week, points not a number, negative or above the week's
maximum, the same student and week twice) is reported with its line, and nothing is imported.
A manual grade for a week that also has an automated lab replaces the automated score.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from grader import scheme
from grader.batch.layout import STUDENT_ID
from grader.batch.store import ManualGrade

REQUIRED = ("student", "week", "points")


@dataclass(frozen=True)
class ManualImportError(Exception):
    problems: tuple[str, ...]

    def __str__(self) -> str:
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        return f"nothing imported: {len(self.problems)} problem(s)\n{shown}{more}"


def _week(text: str) -> int | None:
    text = text.strip().lower().removeprefix("week").strip()
    return int(text) if text.isdigit() else None


def parse_manual(path: Path, known_students: set[str], allow_new: bool = False) -> list[ManualGrade]:
    """The CSV's grades, or ManualImportError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManualImportError((f"{path}: cannot be read as UTF-8 text ({exc})",)) from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ManualImportError((f"{path}: the header needs columns {', '.join(REQUIRED)} (missing: "
                                 f"{', '.join(missing)}); found: {', '.join(header) or 'nothing'}",))
    grades, problems, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        student, week_text, points_text = row["student"], row["week"], row["points"]
        where = f"line {line}"
        if not student:
            problems.append(f"{where}: no student")
            continue
        if not STUDENT_ID.match(student):
            problems.append(f"{where}: student {student!r} must start with a letter or digit and use only "
                            "letters, digits and . _ - @ +")
            continue
        if student not in known_students and not allow_new:
            problems.append(f"{where}: unknown student {student!r} (not in the gradebook; check the spelling, "
                            "or pass --allow-new to add students)")
        week = _week(week_text)
        row_week = None
        if week is None:
            problems.append(f"{where}: week {week_text!r} is not a number")
        else:
            try:
                row_week = scheme.week(week)
            except KeyError:
                problems.append(f"{where}: week {week} is not a syllabus week (1-17)")
        try:
            points = float(points_text)
        except ValueError:
            problems.append(f"{where}: points {points_text!r} is not a number")
            continue
        if row_week is None:
            continue
        if not math.isfinite(points) or points < 0 or points > row_week.points:
            problems.append(f"{where}: {points:g} points for week {week}, whose maximum is {row_week.points:g}")
            continue
        if (student, week) in seen:
            problems.append(f"{where}: {student} week {week} again (first on line {seen[(student, week)]})")
            continue
        seen[(student, week)] = line
        grades.append(ManualGrade(student, week, points, row.get("comment", "")))
    if problems:
        raise ManualImportError(tuple(problems))
    if not grades:
        raise ManualImportError((f"{path}: no rows",))
    return grades
