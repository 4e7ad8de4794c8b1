"""The SQLite gradebook: keyed results, current submissions, all-or-nothing manual imports."""

import sqlite3

import pytest

from grader.batch.store import Gradebook, ManualGrade


def _report(score: float) -> dict:
    return {"score": score, "max_score": 5.0, "weeks": [], "errors": []}


def test_gradebook_uses_wal_and_stores_a_result_once_per_key(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        assert book.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        book.record_submissions([("alice", 10, "a.ipynb", "h1", "1")])
        book.store("alice", 10, "h1", "1", "a.ipynb", _report(2.0), "graded")
        book.store("alice", 10, "h1", "1", "a.ipynb", _report(3.0), "graded")  # --regrade replaces
        assert book.has_result("alice", 10, "h1", "1") and not book.has_result("alice", 10, "h1", "2")
        assert [(r.student, r.score) for r in book.current_results()] == [("alice", 3.0)]
    rows = sqlite3.connect(tmp_path / "g.sqlite").execute("SELECT count(*) FROM results").fetchone()
    assert rows == (1,)


def test_a_changed_submission_or_spec_version_is_a_new_key_and_only_the_current_one_counts(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record_submissions([("alice", 10, "a.ipynb", "old", "1")])
        book.store("alice", 10, "old", "1", "a.ipynb", _report(1.0), "graded")
        book.record_submissions([("alice", 10, "a.ipynb", "new", "1")])
        assert book.current_results() == []  # the new file is not graded yet: the old score is not shown
        book.store("alice", 10, "new", "1", "a.ipynb", _report(4.0), "graded")
        assert [r.score for r in book.current_results()] == [4.0]


def test_manual_import_is_all_or_nothing(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.import_manual([ManualGrade("alice", 12, 8.0, "ok")], "first.csv")
        with pytest.raises(sqlite3.IntegrityError):
            book.import_manual([ManualGrade("bob", 12, 7.0), ManualGrade("carol", 12, None)], "broken.csv")
        assert [(m.student, m.points) for m in book.manual_grades()] == [("alice", 8.0)]


def test_content_graded_under_any_fingerprint_counts_but_a_grader_problem_does_not(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record_submissions([("alice", 10, "a.ipynb", "h1", "1"), ("bob", 10, "b.ipynb", "h2", "1")])
        book.store("alice", 10, "h1", "old", "a.ipynb", _report(2.0), "graded")
        book.store("bob", 10, "h2", "1", "b.ipynb", _report(0.0), "grader_failed")
        assert book.has_graded_content("alice", 10, "h1")  # graded before an update of the grader
        assert not book.has_graded_content("alice", 10, "other")  # a new file
        assert not book.has_graded_content("bob", 10, "h2")  # retried: it will be graded again
