"""LMS grade files checked against each importer's rules (Canvas's gradebook import, Moodle's CSV
grade import), written here as assertions; a real SQLite gradebook behind `grader export`."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from grader import scheme
from grader.batch.outputs import ROSTER, write_outputs
from grader.batch.store import Gradebook, ManualGrade
from grader.cli import main
from grader.report.gradebook import build_rows
from grader.report.lms import RosterError, parse_roster, to_canvas, to_moodle
from grader.results import Report, Status, TaskResult, WeekResult

WEEK_HEADER = re.compile(r"^Week (\d\d): [a-z -]+( \(\d+\))?$")
ROSTER_TEXT = """folder,name,canvas_id,sis_user_id,login_id,email,section
alice,"Liddell, Alice",101,S001,aliddell,alice@uni.example,A
bob,Bob Ross,102,S002,bross,,B
dave,Dave Null,103,S004,dnull,dave@uni.example,A
"""


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def assert_canvas_imports(text: str) -> None:
    """Canvas: identity columns first and exact, every other column an assignment (so no total),
    no points-possible row, a Canvas identity per row, grades numbers within the week's points."""
    header, *rows = table(text)
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    weeks = [int(WEEK_HEADER.match(h).group(1)) for h in header[5:]]  # fails on a Total or unknown column
    assert len(set(weeks)) == len(weeks)
    for row in rows:
        assert len(row) == len(header)
        assert row[0].strip() != "Points Possible"
        assert any(row[1:4]), f"no ID, SIS User ID or SIS Login ID for {row[0]}"
        for week, cell in zip(weeks, row[5:], strict=True):
            assert cell == "" or 0 <= float(cell) <= scheme.week(week).points
    for col in (1, 2, 3):
        values = [r[col] for r in rows if r[col]]
        assert len(values) == len(set(values)), f"{header[col]} repeats"


def assert_moodle_imports(text: str, field_header: str) -> None:
    """Moodle: exactly one identity column, a known user in every row (Moodle aborts the whole import
    on an unknown one, e.g. a points-possible row), one column per grade item, '.' decimals."""
    header, *rows = table(text)
    assert header[0] == field_header
    assert all(WEEK_HEADER.match(h) for h in header[1:])
    idents = [r[0] for r in rows]
    assert all(idents) and len(idents) == len(set(idents))
    assert "Points Possible" not in idents
    for row in rows:
        assert len(row) == len(header)
        assert all(c == "" or re.fullmatch(r"\d+(\.\d+)?", c) for c in row[1:])


@pytest.fixture
def roster(tmp_path) -> list:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER_TEXT)
    return parse_roster(path)


def rows():
    return build_rows(["alice", "bob", "eve"], {("alice", 11): 2.62, ("bob", 11): 5.0, ("eve", 11): 1.0},
                      {("alice", 12): 8.5})


def test_canvas_file_has_every_roster_student_no_total_and_lists_folders_missing_from_the_roster(roster):
    text, left = to_canvas(rows(), roster, {11: "1234"})
    assert_canvas_imports(text)
    header, *body = table(text)
    assert header[5:] == ["Week 11: hands-on (1234)", "Week 12: proposal"]
    by_name = {r[0]: r for r in body}
    assert by_name["Liddell, Alice"][1:5] == ["101", "S001", "aliddell", "A"]
    assert by_name["Liddell, Alice"][5:] == ["2.62", "8.5"]
    assert by_name["Dave Null"][5:] == ["", ""]  # in the roster, nothing graded: empty cells
    assert left == [("eve", "not in the roster")]


def test_canvas_without_a_roster_uses_the_folder_as_sis_login_id():
    text, left = to_canvas(rows(), None)
    assert_canvas_imports(text)
    assert {r[3] for r in table(text)[1:]} == {"alice", "bob", "eve"} and left == []


@pytest.mark.parametrize(("field", "header", "alice"), [("email", "Email address", "alice@uni.example"),
                                                        ("idnumber", "ID number", "S001"),
                                                        ("username", "Username", "aliddell")])
def test_moodle_file_has_one_identity_column_and_leaves_out_whom_it_cannot_identify(roster, field, header, alice):
    text, left = to_moodle(rows(), roster, field)
    assert_moodle_imports(text, header)
    body = {r[0]: r[1:] for r in table(text)[1:]}
    assert body[alice] == ["2.62", "8.5"]
    assert ("eve", "not in the roster") in left
    if field == "email":
        assert ("bob", "no email in the roster") in left and len(body) == 2


@pytest.mark.parametrize(("text", "says"), [
    ("student,name\nalice,A\n", "the header must be"),
    ("folder,name,mail\nalice,A,a@x\n", "the header must be"),
    ("folder,name\nalice,A\nalice,B\n", "line 3: folder 'alice' already on line 2"),
    ("folder,name\n,A\n", "line 2: every row needs a folder and a name"),
])
def test_a_roster_with_a_mistake_is_refused_with_the_line_to_fix(tmp_path, text, says):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(RosterError, match=re.escape(says)):
        parse_roster(path)


def stored(book: Gradebook, student: str, week: int, score: float) -> None:
    task = TaskResult("t", score, scheme.week(week).points, Status.PASSED if score else Status.FAILED, "m")
    report = Report(f"{student}.ipynb", "0" * 64, "0.1.0", (WeekResult(week, "w", (task,)),), seed=1)
    book.record_submissions([(student, week, f"{student}.ipynb", "h", "1")])
    book.store(student, week, "h", "1", f"{student}.ipynb", report.to_json(), "graded")


@pytest.fixture
def grades(tmp_path) -> Path:
    out = tmp_path / "grades"
    out.mkdir()
    with Gradebook(out / "gradebook.sqlite") as book:
        stored(book, "alice", 1, 1.0)
        stored(book, "eve", 1, 0.5)
        book.import_manual([ManualGrade("bob", 12, 9.0)], source="test")
    return out


def test_the_class_outputs_write_a_canvas_lms_csv_from_the_kept_roster(grades):
    (grades / ROSTER).write_text(ROSTER_TEXT)
    with Gradebook(grades / "gradebook.sqlite") as book:
        files = write_outputs(book, grades)
    text = files["lms"].read_text()
    assert_canvas_imports(text)
    assert [r[0] for r in table(text)[1:]] == ["Liddell, Alice", "Bob Ross", "Dave Null"]
    assert table((grades / "unrostered.csv").read_text())[1:] == [["eve", "not in the roster"]]


def test_export_writes_the_chosen_lms_file_and_lists_the_left_out_students_on_stderr_and_in_a_file(
        grades, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_TEXT)
    out = tmp_path / "moodle.csv"
    assert main(["export", str(grades), "--lms", "moodle", "--roster", str(roster), "--out", str(out)]) == 0
    assert_moodle_imports(out.read_text(), "Email address")
    err = capsys.readouterr().err
    assert "eve: not in the roster" in err and "bob: no email in the roster" in err
    assert table((tmp_path / "moodle.left_out.csv").read_text())[1:] == [["eve", "not in the roster"],
                                                                          ["bob", "no email in the roster"]]
    canvas = tmp_path / "canvas.csv"
    assert main(["export", str(grades), "--lms", "canvas", "--roster", str(roster), "--out", str(canvas),
                 "--canvas-assignment", "1=77"]) == 0
    assert_canvas_imports(canvas.read_text())
    assert table(canvas.read_text())[0][5] == "Week 01: homework (77)"


def test_export_refuses_a_folder_without_a_gradebook(tmp_path, capsys):
    assert main(["export", str(tmp_path), "--lms", "canvas", "--out", str(tmp_path / "x.csv")]) == 2
    assert "no gradebook" in capsys.readouterr().err


def test_grade_refuses_a_broken_roster_before_grading_anything(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    roster = tmp_path / "roster.csv"
    roster.write_text("folder,name\nalice,A\nalice,B\n")
    assert main(["grade", str(tmp_path / "class"), "--out", str(tmp_path / "grades"), "--roster", str(roster)]) == 2
    assert "line 3: folder 'alice' already on line 2" in capsys.readouterr().err
    assert not (tmp_path / "grades" / "gradebook.sqlite").exists()
