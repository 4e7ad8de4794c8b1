"""The week catalogue: which weeks have an automated lab, and each one's specification.

In the course repository a week's spec is `exercises/weekNN/spec.py`; in a student bundle made by
`grader release` it is the public part frozen in `exercises/weekNN/public.json` (grader.frozen).
"""

from __future__ import annotations

import importlib
from importlib import resources

from grader import frozen
from grader.spec import WeekSpec


class NoSpecError(LookupError):
    """The week has no automated lab (graded by people, not yet written, or no points)."""


def load_week(week: int) -> WeekSpec:
    """The specification of `week`: exercises/weekNN/spec.py in the course repository, or, in a
    student bundle made by `grader release`, its public part frozen in exercises/weekNN/public.json."""
    try:
        module = importlib.import_module(f"exercises.week{week:02d}.spec")
    except ModuleNotFoundError as exc:
        if not (exc.name and exc.name.startswith("exercises")):
            raise
        if frozen.has_frozen(week):
            return frozen.load_frozen(week)
        raise NoSpecError(f"week {week} has no automated lab") from None
    spec = module.SPEC
    if spec.week != week:
        raise ValueError(f"exercises/week{week:02d}/spec.py declares week {spec.week}")
    return spec


def available_weeks() -> list[int]:
    """Weeks with an automated lab, in order."""
    found = []
    for entry in resources.files("exercises").iterdir():
        name = entry.name
        has_lab = entry.joinpath("spec.py").is_file() or entry.joinpath("public.json").is_file()
        if name.startswith("week") and name[4:].isdigit() and has_lab:
            found.append(int(name[4:]))
    return sorted(found)
