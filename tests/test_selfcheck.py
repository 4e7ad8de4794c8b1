"""The in-notebook self-check gives the same verdict per task as `grader check --public`."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from grader.catalog import load_week
from grader.grading import grade
from grader.sandbox.limits import Limits
from grader.validate import load_expected
from tests.browser import dump_dom, needs_chromium

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
# Every example, except the independent examiners' correct notebooks of the two weeks whose training takes a
# minute or more (11, 13): their correct.ipynb already covers a trained model's self-check, and each such
# notebook costs ~3 minutes here (it trains twice); tests/test_examples_end_to_end.py still grades them.
EXAMPLES = [e for e in load_expected(ROOT / "examples" / "submissions")
            if not (e.week in (11, 13) and e.path.name == "indep_correct.ipynb")]
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
    assert str(first).startswith("hint 1 of 2") and str(second).startswith("hint 2 of 2") and again == second
    assert repr(first) == str(first)  # a terminal shows the text, not a quoted string
    with pytest.raises(KeyError):
        check.hint("no_such_task")


STYLE_PROBE = """<script>
// runs in the test's own page (not in any page the grader writes): report how the browser laid out the outputs
addEventListener('load', () => {
  const out = {};
  const box = document.querySelector('.grader-selfcheck');
  out.aligns = [...box.querySelectorAll('td,th')].map(c => getComputedStyle(c).textAlign);
  out.points_wrap = [...box.querySelectorAll('td:nth-child(2)')].map(c => getComputedStyle(c).whiteSpace);
  out.points_lines = [...box.querySelector('table').querySelectorAll('td:nth-child(2)')].map(c => {
    const r = document.createRange(); r.selectNodeContents(c); return r.getClientRects().length; });
  const table = box.querySelector('table');
  out.table_left = table.getBoundingClientRect().left - box.getBoundingClientRect().left;
  out.first_rows = [...table.querySelectorAll('tbody tr td:first-child code')].map(c => c.textContent);
  out.task_summaries = [...table.querySelectorAll('tbody tr td:first-child small')].length;
  out.details_open = box.querySelector('details') ? box.querySelector('details').open : null;
  out.summary = box.querySelector('.grader-summary').textContent;
  const hint = document.querySelector('.grader-hint');
  out.hint = hint ? hint.textContent : null;
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def notebook_html(nb: nbformat.NotebookNode, probe: bool = False) -> str:
    """The executed notebook as JupyterLab shows it: each output's richest type (HTML first, as JupyterLab's
    renderers rank them) under JupyterLab's table CSS."""
    from html import escape

    from tests.browser import JUPYTER_TABLE_CSS

    cells = []
    for cell in nb.cells:
        parts = [f"<div class='jp-InputArea'>{escape(cell.source)}</div>"]
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                parts.append(f"<pre>{escape(o['text'])}</pre>")
            elif "data" in o:
                data = o["data"]
                body = data["text/html"] if "text/html" in data else f"<pre>{escape(data.get('text/plain', ''))}</pre>"
                parts.append(f"<div class='jp-RenderedHTMLCommon'>{body}</div>")
            elif o.get("output_type") == "error":
                parts.append(f"<pre>{escape(o['ename'])}: {escape(o['evalue'])}</pre>")
        cells.append(f"<div class='jp-Cell'>{''.join(parts[:1])}<div class='jp-OutputArea'>{''.join(parts[1:])}"
                     "</div></div>")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{JUPYTER_TABLE_CSS}</style>"
            f"{STYLE_PROBE if probe else ''}</head><body>{''.join(cells)}</body></html>")


def executed_self_check(path: Path, week: int, tmp_path: Path, hint_task: str) -> nbformat.NotebookNode:
    """The student's notebook with two cells appended, `check.week(week)` and `check.hint(task)`, executed."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f"from grader import check\ncheck.week({week})"))
    nb.cells.append(nbformat.v4.new_code_cell(f"check.hint({hint_task!r})"))
    NotebookClient(nb, timeout=300, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


@needs_chromium
def test_jupyter_shows_the_self_check_left_aligned_with_total_failures_first_and_hints_rendered(tmp_path):
    nb = executed_self_check(ROOT / "examples" / "submissions" / "week01" / "typical_mistakes.ipynb", 1, tmp_path,
                             "running_total")
    table, hint = nb.cells[-2].outputs[-1], nb.cells[-1].outputs[-1]
    assert table["output_type"] == "execute_result" and "text/html" in table["data"]
    html = table["data"]["text/html"]
    assert "Self-check, week 1: 0.2 / 1 points" in html
    assert "text/markdown" in hint["data"] and "text/html" in hint["data"]
    assert hint["data"]["text/plain"].startswith("hint 1 of ")  # not a quoted repr: "'hint 1 of ...'"
    page = tmp_path / "selfcheck.html"
    page.write_text(notebook_html(nb, probe=True))
    dom = dump_dom(page)
    probe = json.loads(dom.split('<pre id="probe">')[1].split("</pre>")[0].replace("&quot;", '"'))
    assert probe["aligns"] and set(probe["aligns"]) == {"left"}, probe["aligns"]  # beats Jupyter's text-align:right
    assert set(probe["points_wrap"]) == {"nowrap"}
    assert probe["points_lines"] == [1, 1, 1, 1]  # each "0 / 0.2" on one line in the table of tasks to fix
    assert probe["table_left"] < 2  # not centred by Jupyter's margin:auto
    assert probe["first_rows"][:4] == ["running_total", "count_words", "top_n", "is_palindrome"]  # to fix, first
    assert probe["task_summaries"] == 4  # each task's summary under its name
    assert probe["summary"] == "4 of 5 tasks to fix; start with running_total"
    assert probe["details_open"] is False  # the passes are folded away
    assert probe["hint"].startswith("Hint 1 of ") and "running_total" in probe["hint"]
