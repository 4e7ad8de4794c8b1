"""Gradebook rows per the syllabus: totals are sums of week scores; manual grades replace automated ones."""

import csv
import io

from grader.report.gradebook import build_rows, to_csv


def test_totals_equal_the_sum_of_week_scores_and_manual_replaces_auto():
    auto = {("alice", 10): 5.0, ("alice", 11): 2.62, ("bob", 10): 1.5, ("bob", 12): 4.0}
    manual = {("alice", 12): 8.5, ("bob", 12): 9.0, ("carol", 17): 28.0}
    rows = {r.student: r for r in build_rows(["alice", "bob", "carol"], auto, manual)}
    assert rows["alice"].total == 5.0 + 2.62 + 8.5
    assert rows["bob"].total == 1.5 + 9.0 and rows["bob"].weeks[12].source == "manual"
    assert rows["carol"].total == 28.0

    table = list(csv.reader(io.StringIO(to_csv(list(rows.values())))))
    assert table[0][0] == "student" and table[0][-1] == "total (max 105)" and len(table[0]) == 17 + 2
    assert table[0][12] == "week12 (max 10)"
    for line in table[1:]:
        weeks = [float(x) for x in line[1:-1] if x]
        assert float(line[-1]) == round(sum(weeks), 2)
    alice = next(line for line in table if line[0] == "alice")
    assert alice[10:13] == ["5", "2.62", "8.5"] and alice[1] == ""  # empty: not graded yet
