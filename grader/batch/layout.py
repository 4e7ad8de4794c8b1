"""Which file is whose submission for which week: the submission layouts `grader grade` accepts.

Two layouts, mixable in one folder:

- one folder per student: `SUBMISSIONS/<student>/<name with the week>.ipynb`, e.g.
  `alice/week11.ipynb`, `alice/lab11_rnn_labs.ipynb`, `bob/Week_03.py` (subfolders allowed);
- flat files: `SUBMISSIONS/<student>_week<NN>.ipynb` (or `_lab<NN>`), e.g. `alice_week11.ipynb`.

The week is the number after `week`, `lab` or `w` in the file name. Every file that cannot be
placed (no week in its name, a week without an automated lab, two files for one student and
week, ...) is reported with the reason; nothing is skipped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from grader import scheme
from grader.grading import sha256_file

SUFFIXES = (".ipynb", ".py")
MAX_BYTES = 20 * 1024 * 1024  # a notebook bigger than this is an output flood, not a lab
WEEK_IN_NAME = re.compile(r"(?:^|[^a-z])(?:week|lab|w)[ _-]?0*(\d{1,2})(?!\d)", re.IGNORECASE)
FLAT_NAME = re.compile(r"^(?P<student>[\w.@+-]+?)[_-](?:week|lab|w)[ _-]?0*\d{1,2}(?!\d)", re.IGNORECASE)
STUDENT_ID = re.compile(r"^[\w@+-][\w.@+-]{0,99}$")  # also a safe file name: no leading dot


@dataclass(frozen=True)
class Submission:
    """One student's file for one week, identified by its content."""

    student: str
    week: int
    path: Path
    sha256: str


@dataclass(frozen=True)
class Unplaced:
    """A file `grader grade` did not grade, and why."""

    path: Path
    reason: str
    left_out: bool = False  # a gradable file of a week the run did not ask for (--week): not a placement error


def _week_of(name: str) -> int | None:
    found = WEEK_IN_NAME.search(Path(name).stem)
    return int(found.group(1)) if found else None


def _student_of(path: Path, root: Path) -> str | None:
    relative = path.relative_to(root)
    if len(relative.parts) > 1:
        return relative.parts[0]
    found = FLAT_NAME.match(path.name)
    return found.group("student") if found else None


def _place(path: Path, root: Path, automated: set[int]) -> tuple[str, int] | str:
    """(student, week), or the reason the file cannot be placed."""
    if any(part == ".ipynb_checkpoints" for part in path.relative_to(root).parts):
        return "a Jupyter checkpoint copy, not a submission"
    if path.suffix.lower() not in SUFFIXES:
        return "not a notebook (.ipynb) or module (.py)"
    student = _student_of(path, root)
    if student is None:
        return "no student in the name: put it in a folder per student or name it <student>_week<NN>"
    if not STUDENT_ID.match(student):
        return f"student {student!r} must start with a letter or digit and use only letters, digits and . _ - @ +"
    week = _week_of(path.name)
    if week is None:
        return "no week number in the file name (e.g. week11.ipynb)"
    try:
        row = scheme.week(week)
    except KeyError:
        return f"week {week} is not a syllabus week (1-17)"
    if week not in automated:
        who = "people" if row.manual or row.points else "nobody (no points)"
        return f"week {week} has no automated lab; it is graded by {who}: use `grader import-manual`"
    if path.stat().st_size > MAX_BYTES:
        return f"{path.stat().st_size // (1024 * 1024)} MiB is over the {MAX_BYTES // (1024 * 1024)} MiB limit"
    return student, week


def discover(root: Path, automated: set[int], weeks: set[int] | None = None) -> tuple[list[Submission], list[Unplaced]]:
    """Every gradable submission under `root` and every file that is not one.

    `weeks` limits grading to some weeks; files of other weeks come back with `left_out` set (a
    filter, not a placement error: callers count them apart)."""
    placed: dict[tuple[str, int], list[Path]] = {}
    unplaced = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        where = _place(path, root, automated)
        if isinstance(where, str):
            unplaced.append(Unplaced(path, where))
        elif weeks is not None and where[1] not in weeks:
            unplaced.append(Unplaced(path, f"week {where[1]} was not asked for (--week)", left_out=True))
        else:
            placed.setdefault(where, []).append(path)
    submissions = []
    for (student, week), paths in sorted(placed.items()):
        if len(paths) > 1:
            names = ", ".join(str(p.relative_to(root)) for p in paths)
            unplaced.extend(Unplaced(p, f"{len(paths)} files for {student} week {week} ({names}): keep one")
                            for p in paths)
            continue
        submissions.append(Submission(student, week, paths[0], sha256_file(paths[0])))
    return submissions, unplaced
