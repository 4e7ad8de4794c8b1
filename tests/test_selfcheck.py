"""The in-notebook self-check gives the same verdict per task as `grader check --public`."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from grader.grading import grade
from grader.sandbox.limits import Limits
from grader.spec import load_week
from grader.validate import load_expected

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = load_expected(ROOT / "examples" / "submissions")
MARK = "SELFCHECK:"


def self_check(path: Path, week: int, tmp_path: Path) -> dict[str, str]:
    """Run the notebook as a student would in Jupyter, then `check.week(week)` in a new cell."""
    nb = nbformat.read(path, as_version=4)
    # seeded as the grader seeds a kernel, so the notebook trains the same models both ways
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        "import random\nimport numpy as np\nrandom.seed(0)\nnp.random.seed(0)\n"
        "import keras\nkeras.utils.set_random_seed(0)" if load_week(week).seed_keras else
        "import random\nimport numpy as np\nrandom.seed(0)\nnp.random.seed(0)"))
    nb.cells.append(nbformat.v4.new_code_cell(
        f"import json\nfrom grader import check\nresult = check.week({week})\n"
        f"print({MARK!r} + json.dumps(result.statuses))\nresult"))
    NotebookClient(nb, timeout=300, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    last = nb.cells[-1]
    text = "".join(o.get("text", "") for o in last.outputs if o.get("output_type") == "stream")
    line = next(s for s in text.splitlines() if s.startswith(MARK))
    html = [o for o in last.outputs if o.get("output_type") == "execute_result"]
    assert html and "text/html" in html[0]["data"] and "Self-check, week" in html[0]["data"]["text/html"]
    return json.loads(line[len(MARK):])


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"week{e.week}-{e.path.name}" for e in EXAMPLES])
def test_self_check_and_grader_check_agree_task_by_task(example, tmp_path):
    with ThreadPoolExecutor(2) as pool:  # both ways at once: each spends much of its time waiting on a kernel
        graded = pool.submit(grade, example.path, [example.week], public=True, limits=Limits(total_timeout=300))
        mine = self_check(example.path, example.week, tmp_path)
        report = graded.result()
    assert mine == {t.name: t.status.value for w in report.weeks for t in w.tasks}


def test_an_untouched_template_is_not_attempted_not_an_error(tmp_path):
    template = ROOT / "exercises" / "week10" / "lab10_rnn_cells.ipynb"
    assert set(self_check(template, 10, tmp_path).values()) == {"not_attempted"}


def test_one_task_and_hint_levels():
    from grader.selfcheck import SelfCheck

    check = SelfCheck()
    first, second, again = check.hint("normalize"), check.hint("normalize"), check.hint("normalize")
    assert first.startswith("hint 1 of 2") and second.startswith("hint 2 of 2") and again == second
    with pytest.raises(KeyError):
        check.hint("no_such_task")
