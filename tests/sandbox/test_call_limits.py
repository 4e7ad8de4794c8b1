"""A graded call's time limit is the function's time, not the time to import the libraries it
imports on its first call: a call that runs out while importing gets one more try with what it
had imported kept, and an endless loop still ends as a timeout."""

from __future__ import annotations

import pytest

from grader.grading import grade
from grader.results import Status
from grader.sandbox.limits import Limits
from tests.helpers import statuses, task

pytestmark = pytest.mark.slow

# A package whose import takes ~14 s in two halves: more than week 1's 10 s per call, but each
# half is kept once imported, as an interrupted `import sklearn` keeps the submodules it finished.
SLOW_PACKAGE = '''
import pathlib
pkg = pathlib.Path("slowpkg")
pkg.mkdir(exist_ok=True)
(pkg / "__init__.py").write_text("from . import first, second\\n")
(pkg / "first.py").write_text("import time\\ntime.sleep(7)\\n")
(pkg / "second.py").write_text("import time\\ntime.sleep(7)\\n")
'''

IMPORTS_ON_FIRST_CALL = '''
def running_total(numbers):
    import slowpkg  # noqa: F401  (a library imported inside the function)
    out, total = [], 0
    for n in numbers:
        total += n
        out.append(total)
    return out
'''

LOOPS_FOREVER = '''
def running_total(numbers):
    import slowpkg  # noqa: F401
    while True:
        pass
'''


def _grade(tmp_path, body: str):
    path = tmp_path / "lab.py"
    path.write_text(SLOW_PACKAGE + body)
    return grade(path, [1], seed=3, limits=Limits(total_timeout=240, cell_timeout=60), isolation="process")


def test_a_call_that_runs_out_while_importing_gets_a_second_try(tmp_path):
    report = _grade(tmp_path, IMPORTS_ON_FIRST_CALL)
    assert statuses(report)["running_total"] is Status.PASSED, task(report, "running_total").message


def test_a_call_that_loops_after_its_import_still_times_out(tmp_path):
    report = _grade(tmp_path, LOOPS_FOREVER)
    result = task(report, "running_total")
    assert result.status is Status.TIMEOUT and "did not return within 10 s" in result.message
