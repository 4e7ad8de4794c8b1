"""Pure check functions: (actual, expected, tolerance) -> CheckResult. They never print."""

from grader.checks.arrays import check_array, check_equal, check_shape
from grader.checks.frames import check_frame
from grader.checks.structures import check_tuple

__all__ = ["check_array", "check_equal", "check_frame", "check_shape", "check_tuple"]
