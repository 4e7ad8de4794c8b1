"""The bundled example submissions graded for real (real kernel, real TensorFlow/scikit-learn)."""

from pathlib import Path

import pytest

from grader.results import Status
from tests.helpers import grade11, points, statuses, write_notebook

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions" / "week11"
ALL = ["normalize", "denormalize", "standardize", "destandardize", "integer_encode", "one_hot_encode",
       "decode_one_hot", "pad_pre", "pad_post", "truncate_pre", "truncate_post", "series_to_supervised"]

# example -> {task: status} for every task that does not pass
EXPECTED = {
    "correct.ipynb": {},
    "typical_mistakes.ipynb": {
        "normalize": Status.ERROR,          # scaler fitted on a 1-D series
        "standardize": Status.FAILED,       # sample standard deviation
        "decode_one_hot": Status.NOT_ATTEMPTED,
        "pad_pre": Status.FAILED,           # post instead of pre padding
        "series_to_supervised": Status.FAILED,  # off-by-one shift
    },
    "broken.ipynb": {
        "integer_encode": Status.ERROR,     # its cell has a syntax error
        "one_hot_encode": Status.ERROR,     # OneHotEncoder(sparse=False)
        "truncate_post": Status.TIMEOUT,    # endless loop
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_earns_exactly_its_recorded_score_on_hidden_inputs(name):
    report = grade11(EXAMPLES / name, seed=None)  # a fresh hidden seed each run
    lost = EXPECTED[name]
    assert {t: s for t, s in statuses(report).items() if s is not Status.PASSED} == lost
    assert report.score == pytest.approx(points(*(t for t in ALL if t not in lost)))
    assert report.max_score == pytest.approx(5)


def test_typical_mistakes_are_diagnosed_in_words_a_student_can_act_on():
    report = grade11(EXAMPLES / "typical_mistakes.ipynb")
    messages = {t.name: (t.message, t.hint) for t in report.weeks[0].tasks}
    assert "reshape(-1, 1)" in messages["normalize"][1]
    assert "ddof=1" in messages["standardize"][0]
    assert "padding='post'" in messages["pad_pre"][0]
    assert "shift(k), not shift(k+1)" in messages["series_to_supervised"][0]


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


def test_template_is_all_not_attempted():
    template = Path(__file__).resolve().parents[1] / "exercises" / "week11" / "lab11_data_prep.ipynb"
    report = grade11(template)
    assert report.score == 0
    assert set(statuses(report).values()) == {Status.NOT_ATTEMPTED}
    assert not report.errors
