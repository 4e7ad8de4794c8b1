"""Grade files an LMS imports as they are, matched to its users through a roster.

Roster CSV (header required, UTF-8, extra columns refused so a typo is not silently ignored):
`folder,name,canvas_id,sis_user_id,login_id,email,section`. `folder` is the student's name in the
submissions folder (the gradebook's student) and `name` the display name; the others are optional
(absent or empty) LMS identities. Canvas: columns Student, ID, SIS User ID, SIS Login ID, Section,
then one column per graded week; no total (Canvas would create it as an assignment) and no
"Points Possible" row. Moodle: one identity column (email, ID number or username) and one column
per graded week; no total, no points row (Moodle aborts a whole import on a row whose user it
cannot find). Roster students without a grade get an empty cell; gradebook students missing from
the roster are returned so the caller lists them: they are never silently dropped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from grader import scheme
from grader.report.gradebook import GradebookRow
from grader.report.text import format_points

ROSTER_COLUMNS = ("folder", "name", "canvas_id", "sis_user_id", "login_id", "email", "section")
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_FIELDS = {"email": ("email", "Email address"), "idnumber": ("sis_user_id", "ID number"),
                 "username": ("login_id", "Username")}


class RosterError(ValueError):
    """A roster that cannot be used, with the line to fix."""


@dataclass(frozen=True)
class Person:
    folder: str
    name: str
    canvas_id: str = ""
    sis_user_id: str = ""
    login_id: str = ""
    email: str = ""
    section: str = ""


def parse_roster(path: Path) -> list[Person]:
    """Read and check a roster: header, a folder and a name per row, no folder twice."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = [h.strip() for h in reader.fieldnames or []]
        unknown = [h for h in header if h not in ROSTER_COLUMNS]
        if unknown or not {"folder", "name"} <= set(header):
            raise RosterError(f"{path}: the header must be {','.join(ROSTER_COLUMNS)} (folder and name required, "
                              f"the others optional); found {','.join(header) or 'nothing'}")
        people, seen = [], {}
        for line, raw in enumerate(reader, start=2):
            row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
            if not any(row.values()):
                continue
            if not row.get("folder") or not row.get("name"):
                raise RosterError(f"{path}, line {line}: every row needs a folder and a name")
            if row["folder"] in seen:
                first = seen[row["folder"]]
                raise RosterError(f"{path}, line {line}: folder {row['folder']!r} already on line {first}")
            seen[row["folder"]] = line
            people.append(Person(**{k: row.get(k, "") for k in ROSTER_COLUMNS}))
    return people


def graded_weeks(rows: list[GradebookRow]) -> list[scheme.Week]:
    """Syllabus weeks with points that hold at least one grade: the columns an import carries."""
    return [w for w in scheme.WEEKS if w.points > 0 and any(w.number in r.weeks for r in rows)]


def week_column(w: scheme.Week, assignment_ids: dict[int, str] | None = None) -> str:
    """`Week 11: hands-on`, or Canvas's export form `Week 11: hands-on (1234)` when its assignment id is known."""
    name = f"Week {w.number:02d}: {w.kind.value}"
    ident = (assignment_ids or {}).get(w.number)
    return f"{name} ({ident})" if ident else name


Left = list[tuple[str, str]]  # (folder, why it is not in the file)


def _split(rows: list[GradebookRow], roster: list[Person] | None) -> tuple[list[tuple[Person, GradebookRow | None]],
                                                                          Left]:
    by_folder = {r.student: r for r in rows}
    if roster is None:
        return [(Person(r.student, r.student, login_id=r.student), r) for r in rows], []
    known = {p.folder for p in roster}
    left = [(f, "not in the roster") for f in sorted(set(by_folder) - known)]
    return [(p, by_folder.get(p.folder)) for p in roster], left


def _cells(row: GradebookRow | None, weeks: list[scheme.Week]) -> list[str]:
    return [format_points(row.weeks[w.number].points) if row and w.number in row.weeks else "" for w in weeks]


def to_canvas(rows: list[GradebookRow], roster: list[Person] | None,
              assignment_ids: dict[int, str] | None = None) -> tuple[str, Left]:
    """Canvas's gradebook import CSV, and the gradebook students not in the roster. Without a
    roster, the folder name stands as the SIS Login ID."""
    weeks = graded_weeks(rows)
    people, missing = _split(rows, roster)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CANVAS_IDENTITY, *(week_column(w, assignment_ids) for w in weeks)])
    for person, row in people:
        writer.writerow([person.name, person.canvas_id, person.sis_user_id, person.login_id, person.section,
                         *_cells(row, weeks)])
    return out.getvalue(), missing


def to_moodle(rows: list[GradebookRow], roster: list[Person] | None, id_field: str) -> tuple[str, Left]:
    """Moodle's grade import CSV keyed by `id_field` (email, idnumber or username), and the
    students left out: not in the roster, or in it without that identity. Without a roster the
    folder name stands as the identity."""
    attr, header = MOODLE_FIELDS[id_field]
    weeks = graded_weeks(rows)
    people, missing = _split(rows, roster)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header, *(week_column(w) for w in weeks)])
    for person, row in people:
        ident = getattr(person, attr) if roster is not None else person.folder
        if not ident:
            missing.append((person.folder, f"no {attr} in the roster"))
            continue
        writer.writerow([ident, *_cells(row, weeks)])
    return out.getvalue(), missing


def left_out_csv(left: Left) -> str:
    """The students an LMS file could not carry, and why (folder,reason)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["folder", "reason"])
    writer.writerows(left)
    return out.getvalue()
