"""The class gradebook: one SQLite file (WAL), written only by the batch client.

A result is keyed by (student, week, the submission's sha256, the week's grading fingerprint,
grader.fingerprint; the column keeps its old name `spec_version`), so a rerun grades only what
is new or changed, or graded differently now, and a result can never be stored twice. A result
the grader itself failed to produce (grader_failed, sandbox_failed) is stored but does not
count as done: the next run grades it again. Every
result is committed the moment it arrives: killing the client loses at most the submissions
being graded at that moment, and the next run grades exactly those. `events` is an
append-only log of stored results (the resume test counts it).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from grader.results import GRADER_PROBLEMS

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    student TEXT NOT NULL, week INTEGER NOT NULL, sha256 TEXT NOT NULL, spec_version TEXT NOT NULL,
    path TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
    outcome TEXT NOT NULL,            -- graded | error | timeout | grader_failed | sandbox_failed
    report TEXT NOT NULL,             -- the `grader check --json` document
    graded_at REAL NOT NULL,
    PRIMARY KEY (student, week, sha256, spec_version)
);
CREATE TABLE IF NOT EXISTS submissions (  -- the current file of each student and week
    student TEXT NOT NULL, week INTEGER NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,
    spec_version TEXT NOT NULL, seen_at REAL NOT NULL,
    PRIMARY KEY (student, week)
);
CREATE TABLE IF NOT EXISTS manual (        -- weeks graded by people (`grader import-manual`)
    student TEXT NOT NULL, week INTEGER NOT NULL, points REAL NOT NULL, comment TEXT NOT NULL,
    source TEXT NOT NULL, imported_at REAL NOT NULL,
    PRIMARY KEY (student, week)
);
CREATE TABLE IF NOT EXISTS unplaced (      -- files the last run could not place, with the reason
    path TEXT PRIMARY KEY, reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, student TEXT NOT NULL, week INTEGER NOT NULL,
    sha256 TEXT NOT NULL, what TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class StoredResult:
    student: str
    week: int
    sha256: str
    path: str
    score: float
    max_score: float
    outcome: str
    report: dict
    graded_at: float = 0.0  # seconds since the epoch (shown on the student's page)


@dataclass(frozen=True)
class ManualGrade:
    student: str
    week: int
    points: float
    comment: str = ""


class Gradebook:
    """The gradebook file. Open it with `with Gradebook(path) as book:`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)  # explicit transactions
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.db.close()

    # -- submissions and results ---------------------------------------------------------
    def record_submissions(self, rows: Iterable[tuple[str, int, str, str, str]]) -> None:
        """(student, week, path, sha256, spec_version) of this run's files: the current ones."""
        now = time.time()
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO submissions VALUES (?, ?, ?, ?, ?, ?)",
                                [(*row, now) for row in rows])

    def record_unplaced(self, rows: Iterable[tuple[str, str]]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM unplaced")
            self.db.executemany("INSERT OR REPLACE INTO unplaced VALUES (?, ?)", rows)

    def has_graded_content(self, student: str, week: int, sha256: str) -> bool:
        """Whether this file was graded under any grading fingerprint (without: it will be graded whatever the
        fingerprint is; a grader problem does not count)."""
        retried = sorted(o.value for o in GRADER_PROBLEMS)
        row = self.db.execute("SELECT 1 FROM results WHERE student=? AND week=? AND sha256=? "
                              f"AND outcome NOT IN ({', '.join('?' * len(retried))}) LIMIT 1",
                              (student, week, sha256, *retried)).fetchone()
        return row is not None

    def has_result(self, student: str, week: int, sha256: str, spec_version: str) -> bool:
        """Whether this file was graded under this fingerprint (a grader problem does not count)."""
        retried = sorted(o.value for o in GRADER_PROBLEMS)
        row = self.db.execute("SELECT 1 FROM results WHERE student=? AND week=? AND sha256=? AND spec_version=? "
                              f"AND outcome NOT IN ({', '.join('?' * len(retried))})",
                              (student, week, sha256, spec_version, *retried)).fetchone()
        return row is not None

    def store(self, student: str, week: int, sha256: str, spec_version: str, path: str, report: dict,
              outcome: str) -> None:
        """One result and its log line, in one transaction."""
        now = time.time()
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (student, week, sha256, spec_version, path, float(report["score"]),
                             float(report["max_score"]), outcome, json.dumps(report), now))
            self.db.execute("INSERT INTO events (at, student, week, sha256, what) VALUES (?, ?, ?, ?, ?)",
                            (now, student, week, sha256, "stored"))

    def current_results(self) -> list[StoredResult]:
        """The result of each student's current submission per week (those graded so far)."""
        rows = self.db.execute(
            "SELECT r.student, r.week, r.sha256, r.path, r.score, r.max_score, r.outcome, r.report, r.graded_at "
            "FROM submissions s JOIN results r ON r.student=s.student AND r.week=s.week "
            "AND r.sha256=s.sha256 AND r.spec_version=s.spec_version ORDER BY r.student, r.week").fetchall()
        return [StoredResult(r[0], int(r[1]), r[2], r[3], float(r[4]), float(r[5]), r[6], json.loads(r[7]),
                             float(r[8])) for r in rows]

    def students(self) -> list[str]:
        rows = self.db.execute("SELECT student FROM submissions UNION SELECT student FROM manual ORDER BY 1")
        return [r[0] for r in rows]

    def known_students(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT student FROM submissions")}

    def unplaced(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT path, reason FROM unplaced ORDER BY path")]

    # -- manual grades -------------------------------------------------------------------
    def import_manual(self, grades: list[ManualGrade], source: str) -> None:
        """All rows or none (the caller has validated them)."""
        now = time.time()
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO manual VALUES (?, ?, ?, ?, ?, ?)",
                                [(g.student, g.week, g.points, g.comment, source, now) for g in grades])

    def manual_grades(self) -> list[ManualGrade]:
        rows = self.db.execute("SELECT student, week, points, comment FROM manual ORDER BY student, week")
        return [ManualGrade(r[0], int(r[1]), float(r[2]), r[3]) for r in rows]
