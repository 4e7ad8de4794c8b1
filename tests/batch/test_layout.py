"""Which files `grader grade` places, and the reason for every file it does not."""

from pathlib import Path

from grader.batch.layout import discover

AUTOMATED = {10, 11, 13}


def _touch(root: Path, *names: str, text: str = "{}") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + name)  # distinct contents, distinct hashes


def test_folder_per_student_and_flat_names_are_both_placed(tmp_path):
    _touch(tmp_path, "alice/week11.ipynb", "alice/lab10_rnn_cells.ipynb", "bob/sub/Week_13.py",
           "carol_smith_week11.ipynb", "dave-lab10.ipynb")
    found, unplaced = discover(tmp_path, AUTOMATED)
    assert unplaced == []
    assert {(s.student, s.week) for s in found} == {("alice", 11), ("alice", 10), ("bob", 13),
                                                    ("carol_smith", 11), ("dave", 10)}
    assert len({s.sha256 for s in found}) == 5


def test_every_file_not_placed_is_reported_with_its_reason(tmp_path):
    _touch(tmp_path, "alice/notes.txt", "alice/homework.ipynb", "bob/week12.ipynb", "bob/week99.ipynb",
           "loose.ipynb", "carol/.ipynb_checkpoints/week11-checkpoint.ipynb", "carol/week11.ipynb",
           "carol/week11_v2.ipynb", ".hidden/week11.ipynb")
    found, unplaced = discover(tmp_path, AUTOMATED)
    assert found == []
    reasons = {str(u.path.relative_to(tmp_path)): u.reason for u in unplaced}
    assert "not a notebook" in reasons["alice/notes.txt"]
    assert "no week number" in reasons["alice/homework.ipynb"]
    assert "graded by people" in reasons["bob/week12.ipynb"] and "import-manual" in reasons["bob/week12.ipynb"]
    assert "not a syllabus week" in reasons["bob/week99.ipynb"]
    assert "no student" in reasons["loose.ipynb"]
    assert "checkpoint" in reasons["carol/.ipynb_checkpoints/week11-checkpoint.ipynb"]
    assert "2 files for carol week 11" in reasons["carol/week11.ipynb"] == reasons["carol/week11_v2.ipynb"]
    assert "must start with a letter or digit" in reasons[".hidden/week11.ipynb"]
    assert len(unplaced) == 9


def test_weeks_not_asked_for_are_left_out_not_placement_errors(tmp_path):
    _touch(tmp_path, "alice/week11.ipynb", "alice/week10.ipynb", "alice/notes.txt")
    found, unplaced = discover(tmp_path, AUTOMATED, weeks={11})
    assert [(s.student, s.week) for s in found] == [("alice", 11)]
    assert [(u.reason, u.left_out) for u in unplaced if u.left_out] == [("week 10 was not asked for (--week)", True)]
    assert [u.path.name for u in unplaced if not u.left_out] == ["notes.txt"]


def test_a_week_filter_is_counted_apart_not_as_files_not_placed(tmp_path):
    import io

    from grader.batch.run import BatchOptions, grade_class

    _touch(tmp_path / "class", "alice/week10.ipynb", "bob_week10.ipynb", "notes.txt")
    stream = io.StringIO()
    summary = grade_class(tmp_path / "class", tmp_path / "out", BatchOptions(weeks=frozenset({1})), stream)
    assert (summary.unplaced, summary.left_out) == (1, 2)
    assert summary.text().endswith("files not placed 1, left out by --week 2")
    assert "week10" not in (tmp_path / "out" / "unplaced.csv").read_text()
    report = (tmp_path / "out" / "report.html").read_text()
    assert "notes.txt" in report and "week10.ipynb" not in report
    assert "left out by --week: 2 file(s) of other weeks" in stream.getvalue()


def test_a_student_name_starts_with_a_letter_or_digit(tmp_path):
    _touch(tmp_path, "-rf/week11.ipynb", "@eve/week11.ipynb", "+x/week11.ipynb", "_y/week11.ipynb",
           "7ann/week11.ipynb", "zoë.k@uni+1/week11.ipynb")
    found, unplaced = discover(tmp_path, AUTOMATED)
    assert {s.student for s in found} == {"7ann", "zoë.k@uni+1"}
    assert len(unplaced) == 4 and all("must start with a letter or digit" in u.reason for u in unplaced)


def test_a_link_out_of_the_class_folder_is_not_followed_and_names_its_target(tmp_path):
    outside = tmp_path / "reference" / "python_warmup.py"
    _touch(tmp_path, "reference/python_warmup.py")
    subs = tmp_path / "class"
    _touch(subs, "alice/week11.ipynb")
    (subs / "dave_week11.py").symlink_to(outside)
    (subs / "erin").symlink_to(tmp_path / "reference")  # a linked folder is not entered either
    found, unplaced = discover(subs, AUTOMATED)
    assert [s.student for s in found] == ["alice"]
    reasons = {u.path.name: u.reason for u in unplaced}
    assert "outside the class folder" in reasons["dave_week11.py"] and str(outside) in reasons["dave_week11.py"]
    assert "links to folders are not followed" in reasons["erin"]
    assert len(unplaced) == 2


def test_a_link_to_another_students_file_is_not_graded_for_either_twice(tmp_path):
    _touch(tmp_path, "bob/week11.ipynb", "carol/draft/final.ipynb")
    (tmp_path / "mallory").mkdir()
    (tmp_path / "mallory" / "week11.ipynb").symlink_to(tmp_path / "bob" / "week11.ipynb")
    (tmp_path / "carol" / "week10.ipynb").symlink_to("draft/final.ipynb")  # her own file: followed
    (tmp_path / "trent_week11.ipynb").hardlink_to(tmp_path / "bob" / "week11.ipynb")
    found, unplaced = discover(tmp_path, AUTOMATED)
    assert {(s.student, s.week) for s in found} == {("carol", 10)}
    reasons = {str(u.path.relative_to(tmp_path)): u.reason for u in unplaced}
    assert "a link to bob's file bob/week11.ipynb" in reasons["mallory/week11.ipynb"]
    assert "the same file as trent's (a hard link)" in reasons["bob/week11.ipynb"]
    assert "the same file as bob's (a hard link)" in reasons["trent_week11.ipynb"]
    assert "no week number" in reasons["carol/draft/final.ipynb"]
    assert len(unplaced) == 4


def test_link_loops_and_broken_links_are_listed_not_skipped(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "week11.ipynb").symlink_to("week11.ipynb")
    (tmp_path / "bob_week10.ipynb").symlink_to("carol_week10.ipynb")
    (tmp_path / "carol_week10.ipynb").symlink_to("bob_week10.ipynb")
    (tmp_path / "dan_week13.py").symlink_to("gone.py")
    found, unplaced = discover(tmp_path, AUTOMATED)
    assert found == []
    reasons = {str(u.path.relative_to(tmp_path)): u.reason for u in unplaced}
    assert set(reasons) == {"alice/week11.ipynb", "bob_week10.ipynb", "carol_week10.ipynb", "dan_week13.py"}
    assert all("a link loop" in reasons[k] for k in ("alice/week11.ipynb", "bob_week10.ipynb", "carol_week10.ipynb"))
    assert "a broken link (-> gone.py)" in reasons["dan_week13.py"]
