"""What the self-check shows, in Jupyter (HTML) and in a terminal (text): the same content, tasks to fix first."""

from grader.results import Status, TaskResult
from grader.selfcheck import Hint, SelfCheckResult

RESULT = SelfCheckResult(11, (
    TaskResult("normalize", 0.24, 0.24, Status.PASSED),
    TaskResult("standardize", 0.0, 0.24, Status.FAILED, "9 of 9 values differ", "use `ddof=0`"),
    TaskResult("denormalize", 0.24, 0.24, Status.PASSED),
    TaskResult("pad_pre", 0.0, 0.24, Status.ERROR, "pad_pre() raised <ValueError>"),
))


def test_terminal_text_has_the_total_the_summary_and_tasks_to_fix_first():
    lines = repr(RESULT).splitlines()
    assert lines[0].startswith("Self-check, week 11: 0.48 / 0.96 points")
    assert lines[1] == "2 of 4 tasks to fix; start with standardize"
    assert lines[2].split()[0] == "standardize" and "hint: use `ddof=0`" in lines[4]
    assert lines[5].split()[0] == "pad_pre"
    assert lines[-1] == "  2 passed: normalize, denormalize"


def test_jupyter_html_says_the_same_with_passes_folded_and_text_escaped():
    html = RESULT._repr_html_()
    assert "Self-check, week 11: 0.48 / 0.96 points" in html
    assert "<b>2 of 4 tasks to fix</b>; start with <code>standardize</code>" in html
    assert html.index("standardize") < html.index("pad_pre") < html.index("<details")
    assert "<summary>2 passed: normalize, denormalize</summary>" in html
    assert "&lt;ValueError&gt;" in html and "<ValueError>" not in html
    assert "use <code>ddof=0</code>" in html
    assert html.count("text-align:left") >= html.count("<td") + html.count("<th")


def test_each_task_shows_its_summary_beside_its_name_escaped_in_html():
    task = TaskResult("top_n", 0.0, 0.2, Status.FAILED, "wrong order", summary="({name: score}, n) -> <names>")
    shown = SelfCheckResult(1, (task,))
    assert "      task: ({name: score}, n) -> <names>" in repr(shown).splitlines()
    assert "<code>top_n</code><br><small>({name: score}, n) -&gt; &lt;names&gt;</small>" in shown._repr_html_()


def test_a_week_without_problems_shows_every_task_without_folding():
    done = SelfCheckResult(1, (TaskResult("top_n", 0.2, 0.2, Status.PASSED),
                               TaskResult("count_words", 0.2, 0.2, Status.PASSED)))
    assert "all 2 tasks pass" in repr(done) and "<details" not in done._repr_html_()
    assert "count_words" in done._repr_html_()


def test_a_hint_displays_as_itself_not_as_a_quoted_string():
    hint = Hint("pad_pre", 1, 2, "keras.utils.pad_sequences(`sequences`)")
    assert repr(hint) == str(hint) == "hint 1 of 2: keras.utils.pad_sequences(`sequences`)"
    assert hint._repr_markdown_() == "**Hint 1 of 2** for `pad_pre`: keras.utils.pad_sequences(`sequences`)"
    assert "<code>sequences</code>" in hint._repr_html_()
