"""The bundled example submissions graded for real (real kernel, real TensorFlow/scikit-learn)."""

from pathlib import Path

import pytest

from grader import scheme
from grader.catalog import load_week
from grader.grading import grade
from grader.results import Status
from grader.sandbox.limits import Limits
from grader.validate import compare, load_expected
from tests.helpers import grade11, statuses, write_notebook

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions" / "week11"

EXPECTED = load_expected(ROOT / "examples" / "submissions")  # the recorded outcome of every example


def test_every_bundled_example_has_a_recorded_outcome():
    bundled = {p.resolve() for p in (ROOT / "examples" / "submissions").glob("week*/*.ipynb")}
    assert bundled == {e.path.resolve() for e in EXPECTED}


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"week{e.week}-{e.path.name}" for e in EXPECTED])
def test_example_earns_exactly_its_recorded_outcome_on_hidden_inputs(expected):
    report = grade(expected.path, [expected.week], limits=Limits(total_timeout=180))  # a fresh hidden seed
    assert [str(d) for d in compare(report, expected)] == []
    assert report.max_score == pytest.approx(scheme.week(expected.week).points)
    partial = {t.name: t.score for w in report.weeks for t in w.tasks if t.name in expected.not_passed and t.score}
    assert partial == {}, "only passed tasks earn points in the examples"
    shares = scheme.task_points(scheme.week(expected.week).points, load_week(expected.week).weights())
    assert report.score == pytest.approx(sum(p for t, p in shares.items() if t not in expected.not_passed))


def test_typical_mistakes_are_diagnosed_in_words_a_student_can_act_on():
    report = grade11(EXAMPLES / "typical_mistakes.ipynb")
    messages = {t.name: (t.message, t.hint) for t in report.weeks[0].tasks}
    assert "reshape(-1, 1)" in messages["normalize"][1]
    assert "ddof=1" in messages["standardize"][0]
    assert "padding='post'" in messages["pad_pre"][0]
    assert "shift(k), not shift(k+1)" in messages["series_to_supervised"][0]
    assert "return_sequences=True" in messages["build_stacked_lstm"][1]
    assert "the output has no sigmoid (its activation is 'linear')" in messages["build_sequence_classifier"][0]
    assert "mean absolute error is" in messages["series_model"][0]


def test_hard_coded_answers_from_the_notes_fail_on_hidden_inputs(tmp_path):
    hard_coded = '''
import numpy as np
def normalize(values):
    return np.array([[0.0], [0.11111111], [0.22222222], [0.33333333], [0.44444444], [0.55555556],
                     [0.66666667], [0.77777778], [0.88888889], [1.0]])
def pad_pre(sequences):
    return np.array([[1, 2, 3, 4], [0, 1, 2, 3], [0, 0, 0, 1]])
'''
    report = grade11(write_notebook(tmp_path / "hard.ipynb", hard_coded), seed=None)
    assert report.score == 0
    st = statuses(report)
    assert st["normalize"] is Status.FAILED and st["pad_pre"] is Status.FAILED


@pytest.mark.parametrize("week", sorted({e.week for e in EXPECTED}))
def test_template_is_all_not_attempted(week):
    template = ROOT / "exercises" / load_week(week).template
    report = grade(template, [week], limits=Limits(total_timeout=120))
    assert report.score == 0
    assert set(statuses(report).values()) == {Status.NOT_ATTEMPTED}
    assert not report.errors


def test_rnn_cell_mistakes_are_named_not_just_values_differ():
    week10 = ROOT / "examples" / "submissions" / "week10"
    mistakes = grade(week10 / "typical_mistakes.ipynb", [10], seed=3)
    messages = {t.name: t.message for t in mistakes.weeks[0].tasks}
    assert "i, f, o, c" in messages["lstm_step"] and "i, f, o, c" in messages["lstm_forward"]
    assert "z keeps the old state" in messages["gru_step"]
    reset = grade(week10 / "gru_reset_wrong_side.ipynb", [10], seed=3)
    assert "wrong side of the recurrent matmul" in {t.name: t.message for t in reset.weeks[0].tasks}["gru_forward"]
