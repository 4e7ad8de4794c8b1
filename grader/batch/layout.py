"""Which file is whose submission for which week: the submission layouts `grader grade` accepts.

Two layouts, mixable in one folder:

- one folder per student: `SUBMISSIONS/<student>/<name with the week>.ipynb`, e.g.
  `alice/week11.ipynb`, `alice/lab11_rnn_labs.ipynb`, `bob/Week_03.py` (subfolders allowed);
- flat files: `SUBMISSIONS/<student>_week<NN>.ipynb` (or `_lab<NN>`), e.g. `alice_week11.ipynb`.

The week is the number after `week`, `lab` or `w` in the file name. Every file that cannot be
placed (no week in its name, a week without an automated lab, two files for one student and
week, ...) is reported with the reason; nothing is skipped silently.

A class folder is untrusted input: a symbolic link is followed only to a regular file of the
same student inside the class folder (never outside it, never to another student's file, never
into a linked folder), and one file is never graded for two students (hard links included).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grader import scheme
from grader.digest import sha256_file

SUFFIXES = (".ipynb", ".py")
MAX_BYTES = 20 * 1024 * 1024  # a notebook bigger than this is an output flood, not a lab
WEEK_IN_NAME = re.compile(r"(?:^|[^a-z])(?:week|lab|w)[ _-]?0*(\d{1,2})(?!\d)", re.IGNORECASE)
FLAT_NAME = re.compile(r"^(?P<student>[\w.@+-]+?)[_-](?:week|lab|w)[ _-]?0*\d{1,2}(?!\d)", re.IGNORECASE)
STUDENT_ID = re.compile(r"^[^\W_][\w.@+-]{0,99}$")  # a letter or digit first: a safe file name, no option


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


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Every entry under `root` that is not a real folder, with '' or the reason it is no file to place.

    Links to folders are reported instead of entered, so nothing outside the class folder is walked."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            link = here / name
            if link.is_symlink():
                yield link, f"a link to a folder (-> {os.readlink(link)}): links to folders are not followed"
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in sorted(files):
            yield here / name, ""


def _link_problem(path: Path, root: Path, real_root: Path) -> str:
    """Why the link at `path` must not be followed, or '' for a link to a file of the same student."""
    shown = os.readlink(path)
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"a link loop (-> {shown}): it never reaches a file"
        return f"a broken link (-> {shown}): its target does not exist"
    except RuntimeError:  # Python < 3.13 reports loops so
        return f"a link loop (-> {shown}): it never reaches a file"
    if real_root not in target.parents:
        return (f"a link to {target}, outside the class folder: not followed; copy the student's own file "
                f"into the class folder instead")
    if not stat.S_ISREG(target.stat().st_mode):
        return f"a link to {target}, not a regular file"
    owner = _student_of(target, real_root)
    if owner != _student_of(path, root):
        whose = f"{owner}'s file" if owner else "a file of no student"
        return f"a link to {whose} {target.relative_to(real_root)}: a student's own file is graded, never another's"
    return ""


def _place_entry(path: Path, root: Path, real_root: Path, automated: set[int]) -> tuple[str, int] | str:
    """`_place` for any entry the walk found: links and special files are checked first."""
    if path.is_symlink():
        problem = _link_problem(path, root, real_root)
        if problem:
            return problem
    elif not stat.S_ISREG(path.lstat().st_mode):
        return "not a regular file (a pipe, socket or device)"
    return _place(path, root, automated)


def discover(root: Path, automated: set[int], weeks: set[int] | None = None) -> tuple[list[Submission], list[Unplaced]]:
    """Every gradable submission under `root` and every file that is not one.

    `weeks` limits grading to some weeks; files of other weeks come back with `left_out` set (a
    filter, not a placement error: callers count them apart)."""
    real_root = root.resolve()
    placed: dict[tuple[str, int], list[Path]] = {}
    unplaced = []
    for path, problem in sorted(_walk(root)):
        where = problem or _place_entry(path, root, real_root, automated)
        if isinstance(where, str):
            unplaced.append(Unplaced(path, where))
        elif weeks is not None and where[1] not in weeks:
            unplaced.append(Unplaced(path, f"week {where[1]} was not asked for (--week)", left_out=True))
        else:
            placed.setdefault(where, []).append(path)
    for (student, week), paths in list(placed.items()):
        if len(paths) > 1:
            names = ", ".join(str(p.relative_to(root)) for p in paths)
            unplaced.extend(Unplaced(p, f"{len(paths)} files for {student} week {week} ({names}): keep one")
                            for p in paths)
            del placed[student, week]
    owners: dict[tuple[int, int], set[str]] = {}
    for (student, _), (path,) in placed.items():
        info = path.stat()
        owners.setdefault((info.st_dev, info.st_ino), set()).add(student)
    submissions = []
    for (student, week), (path,) in sorted(placed.items()):
        info = path.stat()
        shared = owners[info.st_dev, info.st_ino] - {student}
        if shared:
            unplaced.append(Unplaced(path, f"the same file as {', '.join(sorted(shared))}'s (a hard link): "
                                           f"a student's own file is graded, never another's"))
            continue
        submissions.append(Submission(student, week, path, sha256_file(path)))
    return submissions, unplaced
