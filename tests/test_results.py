"""The one result model: its JSON round-trips (the gradebook stores reports as JSON)."""

from grader.grading import error_report
from grader.results import Report, Status, TaskResult, WeekResult


def test_report_json_round_trips():
    tasks = (TaskResult("normalize", 0.5, 1.0, Status.FAILED, "3 of 9 values differ", "reshape(-1, 1)"),
             TaskResult("pad_pre", 0.0, 2.0, Status.NOT_ATTEMPTED, "still raises NotImplementedError"))
    report = Report("lab.ipynb", "abc", "0.1.0", (WeekResult(11, "RNN and RNN labs", tasks),), errors=("e",),
                    notes=("n",), seed=7, seed_kind="fixed", isolation="process", duration_s=1.5,
                    spec_versions={"11": "3"}, timings={"cells_s": 0.25})
    assert Report.from_json(report.to_json()) == report


def test_an_error_report_lists_every_task_of_the_week_as_an_error_worth_nothing():
    report = error_report("lab.ipynb", "abc", [10], "the submission stopped the grading worker process")
    tasks = report.weeks[0].tasks
    assert report.score == 0 and report.max_score == 5
    assert {t.status for t in tasks} == {Status.ERROR} and len(tasks) == 8
    assert report.errors == ("the submission stopped the grading worker process",)
