"""`grader import-manual`: a TA's CSV is validated as a whole; any problem imports nothing."""

from pathlib import Path

import pytest

from grader.batch.manual import ManualImportError, parse_manual

KNOWN = {"alice", "bob"}


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "manual.csv"
    path.write_text(text)
    return path


def test_valid_rows_are_read_with_weeks_written_either_way(tmp_path):
    grades = parse_manual(_csv(tmp_path, "Student,Week,Points,Comment\nalice,12,8.5,clear\nbob,week 17,30,\n"), KNOWN)
    assert [(g.student, g.week, g.points, g.comment) for g in grades] == [("alice", 12, 8.5, "clear"),
                                                                          ("bob", 17, 30.0, "")]


def test_every_problem_is_reported_with_its_line(tmp_path):
    text = ("student,week,points\nzed,12,5\nalice,12,11\nalice,18,1\nbob,12,lots\nbob,17,-1\n"
            "alice,17,10\nalice,17,12\n,12,3\n")
    with pytest.raises(ManualImportError) as err:
        parse_manual(_csv(tmp_path, text), KNOWN)
    problems = err.value.problems
    assert problems == (
        "line 2: unknown student 'zed' (not in the gradebook; check the spelling, or pass --allow-new to add students)",
        "line 3: 11 points for week 12, whose maximum is 10",
        "line 4: week 18 is not a syllabus week (1-17)",
        "line 5: points 'lots' is not a number",
        "line 6: -1 points for week 17, whose maximum is 30",
        "line 8: alice week 17 again (first on line 7)",
        "line 9: no student",
    )
    assert str(err.value).startswith("nothing imported: 7 problem(s)")


def test_a_missing_column_or_an_empty_file_is_refused(tmp_path):
    with pytest.raises(ManualImportError, match="missing: points"):
        parse_manual(_csv(tmp_path, "student,week\nalice,12\n"), KNOWN)
    with pytest.raises(ManualImportError, match="no rows"):
        parse_manual(_csv(tmp_path, "student,week,points\n"), KNOWN)


def test_new_students_only_when_allowed(tmp_path):
    path = _csv(tmp_path, "student,week,points\nzed,12,5\n")
    assert [g.student for g in parse_manual(path, KNOWN, allow_new=True)] == ["zed"]
    with pytest.raises(ManualImportError, match="must start with a letter or digit"):
        parse_manual(_csv(tmp_path, "student,week,points\n../etc,12,5\n"), KNOWN, allow_new=True)
