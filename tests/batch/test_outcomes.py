"""A submission's outcome is a field of its report; grader problems are stored but never count as graded."""

from grader.batch.run import outcome_of
from grader.batch.store import Gradebook
from grader.grading import GRADER_FAILED_TASK, error_report, grade
from grader.results import Outcome, Report, Status


def _report(score: float = 0.0, **extra) -> dict:
    return {"score": score, "max_score": 1.0, "weeks": [], "errors": [], **extra}


def test_the_outcome_comes_from_the_reports_field_not_from_its_sentences():
    assert outcome_of(_report(outcome="timeout"), "") == "timeout"  # no sentence says so
    assert outcome_of(_report(outcome="graded", errors=["the sandbox did not start"]), "") == "graded"
    assert outcome_of(_report(outcome="grader_failed"), "") == "grader_failed"
    assert outcome_of(_report(outcome="sandbox_failed"), "") == "sandbox_failed"
    assert outcome_of(_report(outcome="worker_died"), "the submission stopped the grading worker process") == "error"


def test_reports_stored_before_the_outcome_field_are_still_read_from_their_sentences():
    assert outcome_of(_report(errors=["the submission ran past its time limit (60 s) and was stopped"]), "") \
        == "timeout"
    assert outcome_of(_report(errors=["the sandbox did not start: boom"]), "") == "error"
    assert outcome_of(_report(), "the submission stopped the grading worker process") == "error"
    assert outcome_of(_report(), "") == "graded"


def test_a_grader_problem_is_stored_but_does_not_count_as_graded(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record_submissions([("alice", 1, "a.ipynb", "h1", "fp"), ("bob", 1, "b.ipynb", "h2", "fp")])
        book.store("alice", 1, "h1", "fp", "a.ipynb", _report(outcome="grader_failed"), "grader_failed")
        book.store("bob", 1, "h2", "fp", "b.ipynb", _report(outcome="sandbox_failed"), "sandbox_failed")
        assert not book.has_result("alice", 1, "h1", "fp") and not book.has_result("bob", 1, "h2", "fp")
        assert {r.outcome for r in book.current_results()} == {"grader_failed", "sandbox_failed"}  # reported
        book.store("alice", 1, "h1", "fp", "a.ipynb", _report(1.0, outcome="graded"), "graded")  # the retry
        assert book.has_result("alice", 1, "h1", "fp")


def test_a_sandbox_that_cannot_start_gives_a_sandbox_failed_report_not_an_exception(tmp_path):
    report = grade(tmp_path / "vanished.ipynb", [1], isolation="process")  # removed before grading
    assert report.outcome is Outcome.SANDBOX_FAILED
    assert "the sandbox did not start (FileNotFoundError" in report.errors[0]
    assert {t.status for t in report.weeks[0].tasks} == {Status.ERROR}
    assert {t.message for t in report.weeks[0].tasks} == {GRADER_FAILED_TASK}
    assert report.weeks[0].max_score == 1 and report.spec_fingerprints["1"]
    again = Report.from_json(report.to_json())
    assert again.outcome is Outcome.SANDBOX_FAILED and again.spec_fingerprints == report.spec_fingerprints


def test_reports_without_the_new_fields_read_back_as_graded():
    doc = error_report("a.ipynb", "", [1], "the submission stopped the grading worker process").to_json()
    del doc["outcome"], doc["spec_fingerprints"]
    old = Report.from_json(doc)
    assert old.outcome is Outcome.GRADED and old.spec_fingerprints == {}
