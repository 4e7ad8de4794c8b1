"""The syllabus point scheme of EI320A as data: 17 weeks, 105 points.

The table is the course's own ("Note" and "Total" columns of the syllabus); running totals
are derived, never typed, so they cannot drift from the points.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ItemKind(StrEnum):
    """What is graded in a week."""

    HOMEWORK = "homework"
    HANDS_ON = "hands-on"
    PROPOSAL = "proposal"
    FINAL = "final"
    NONE = "none"


@dataclass(frozen=True)
class Week:
    """One syllabus row. `manual` weeks are graded by people, not by this grader."""

    number: int
    content: str
    kind: ItemKind
    points: float
    manual: bool = False


WEEKS: tuple[Week, ...] = (
    Week(1, "Welcome to the course", ItemKind.HOMEWORK, 1),
    Week(2, "Crash course: Python, NumPy, Pandas, Matplotlib", ItemKind.HANDS_ON, 4),
    Week(3, "Data; ML classification models", ItemKind.HANDS_ON, 5),
    Week(4, "ML regression models", ItemKind.HANDS_ON, 5),
    Week(5, "ML clustering / Apriori models", ItemKind.HANDS_ON, 5),
    Week(6, "Holiday", ItemKind.NONE, 0),
    Week(7, "Introduction to deep learning (ANN)", ItemKind.NONE, 0),
    Week(8, "ANN labs; introduction to CNN", ItemKind.HANDS_ON, 10),
    Week(9, "CNN and CNN labs", ItemKind.HANDS_ON, 5),
    Week(10, "Introduction to RNN", ItemKind.HANDS_ON, 5),
    Week(11, "RNN and RNN labs", ItemKind.HANDS_ON, 5),
    Week(12, "Wrap-up ANN/CNN/RNN: project proposal presentation", ItemKind.PROPOSAL, 10, manual=True),
    Week(13, "NLP, Seq2Seq and attention", ItemKind.HANDS_ON, 5),
    Week(14, "N/A (content not announced)", ItemKind.HANDS_ON, 5),
    Week(15, "Generative adversarial networks", ItemKind.HANDS_ON, 5),
    Week(16, "Reinforcement learning", ItemKind.HANDS_ON, 5),
    Week(17, "Final project presentation", ItemKind.FINAL, 30, manual=True),
)

TOTAL_POINTS: float = sum(w.points for w in WEEKS)


def week(number: int) -> Week:
    """The syllabus row of week `number`; KeyError names the valid range."""
    for w in WEEKS:
        if w.number == number:
            return w
    raise KeyError(f"week {number} is not in the syllabus (weeks 1-{len(WEEKS)})")


def running_totals() -> list[tuple[Week, float]]:
    """Each week with the cumulative points up to and including it."""
    total: float = 0
    rows = []
    for w in WEEKS:
        total += w.points
        rows.append((w, total))
    return rows


def task_points(week_points: float, weights: dict[str, float]) -> dict[str, float]:
    """Scale relative task weights so they add up to the week's points.

    A week can gain tasks later without its total drifting: only the shares change.
    """
    total_weight = sum(weights.values())
    if total_weight <= 0:
        raise ValueError("a week's task weights must add up to more than zero")
    return {name: week_points * wt / total_weight for name, wt in weights.items()}


def graded_by(w: Week, automated: set[int]) -> str:
    """Who grades a week: 'grader' when a lab is attached (exercises/weekNN/spec.py), else
    'people' (presentations always; week 14 until a course attaches an exercise set), '-' without points."""
    if not w.points:
        return "-"
    if w.manual or w.number not in automated:
        return "people"
    return "grader"


def as_json(automated: set[int]) -> list[dict]:
    """The scheme as plain data, for `grader scheme --json`."""
    return [
        {
            "week": w.number,
            "content": w.content,
            "kind": w.kind.value,
            "points": w.points,
            "running_total": total,
            "graded_by": graded_by(w, automated),
        }
        for w, total in running_totals()
    ]
