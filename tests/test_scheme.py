import pytest

from grader import scheme

SYLLABUS = {  # week: (points, running total), as printed in the course syllabus
    1: (1, 1), 2: (4, 5), 3: (5, 10), 4: (5, 15), 5: (5, 20), 6: (0, 20), 7: (0, 20), 8: (10, 30),
    9: (5, 35), 10: (5, 40), 11: (5, 45), 12: (10, 55), 13: (5, 60), 14: (5, 65), 15: (5, 70),
    16: (5, 75), 17: (30, 105),
}


def test_points_and_running_totals_equal_the_syllabus():
    rows = scheme.running_totals()
    assert [w.number for w, _ in rows] == list(range(1, 18))
    assert {w.number: (w.points, total) for w, total in rows} == SYLLABUS
    assert scheme.TOTAL_POINTS == 105


def test_presentations_are_graded_by_people():
    assert [w.number for w in scheme.WEEKS if w.manual] == [12, 17]
    assert scheme.week(12).kind is scheme.ItemKind.PROPOSAL
    assert scheme.week(17).kind is scheme.ItemKind.FINAL


def test_weeks_without_points_are_not_graded():
    assert {w.number for w in scheme.WEEKS if w.kind is scheme.ItemKind.NONE} == {6, 7}
    assert scheme.graded_by(scheme.week(6), {11}) == "-"


def test_task_weights_scale_to_the_week_points_whatever_their_number():
    assert scheme.task_points(5, {"a": 1, "b": 1}) == {"a": 2.5, "b": 2.5}
    grown = scheme.task_points(5, {"a": 1, "b": 1, "c": 2})
    assert sum(grown.values()) == pytest.approx(5)
    assert grown["c"] == pytest.approx(2.5)


def test_zero_weights_are_refused():
    with pytest.raises(ValueError):
        scheme.task_points(5, {"a": 0})


def test_unknown_week_names_the_valid_range():
    with pytest.raises(KeyError, match="weeks 1-17"):
        scheme.week(18)


def test_json_rows_carry_who_grades_each_week():
    rows = {r["week"]: r for r in scheme.as_json({11})}
    assert rows[11]["graded_by"] == "grader"
    assert rows[12]["graded_by"] == "people"
    assert rows[3]["graded_by"] == "people"  # no lab attached: people grade it (import-manual)
    assert rows[6]["graded_by"] == "-"
    assert rows[17]["running_total"] == 105
