"""`grader validate` agrees with the recorded outcomes, and says so when they are wrong."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.validate import check_scheme, load_expected

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"


def validate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", "validate", *args], capture_output=True, text=True,
                          timeout=600)


def test_every_recorded_example_exists_and_the_scheme_matches_the_syllabus():
    assert check_scheme() == []
    assert all(e.path.exists() for e in load_expected(EXAMPLES))


@pytest.mark.slow
def test_validate_passes_on_the_bundled_examples_of_a_week():
    out = validate("--week", "10")
    assert out.returncode == 0, out.stdout
    assert "everything agrees" in out.stdout


@pytest.mark.slow
def test_validate_fails_with_a_readable_diff_when_a_recorded_outcome_is_wrong(tmp_path):
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    record = copy / "week10" / "expected.json"
    doc = json.loads(record.read_text())
    doc["typical_mistakes.ipynb"]["score"] = 4.5
    doc["typical_mistakes.ipynb"]["not_passed"].pop("lstm_step")
    record.write_text(json.dumps(doc))
    (copy / "week10" / "unrecorded.ipynb").write_text((copy / "week10" / "correct.ipynb").read_text())
    out = validate("--examples", str(copy), "--week", "10")
    assert out.returncode == 1
    assert "week 10 typical_mistakes.ipynb: task lstm_step\n    expected: passed\n    got:      failed" in out.stdout
    assert "week 10 typical_mistakes.ipynb: score\n    expected: 4.5\n    got:      1.50" in out.stdout
    assert "unrecorded.ipynb: recorded outcome" in out.stdout
    assert "3 difference(s)" in out.stdout


@pytest.mark.slow
def test_validate_fails_when_a_correct_example_breaks(tmp_path):
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    nb = json.loads((copy / "week10" / "correct.ipynb").read_text())
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if src.startswith("def gru_step"):
            cell["source"] = src.replace("return z * h_prev + (1 - z) * h_tilde", "return h_tilde")
    (copy / "week10" / "correct.ipynb").write_text(json.dumps(nb))
    out = validate("--examples", str(copy), "--week", "10")
    assert out.returncode == 1
    assert "week 10 correct.ipynb: task gru_step" in out.stdout
    assert "week 10 correct.ipynb: public seed" in out.stdout


@pytest.mark.slow
def test_validate_fails_when_a_reference_solution_breaks(tmp_path):
    """A course copy whose reference LSTM swaps two gates: the correct examples stop agreeing."""
    root = Path(__file__).resolve().parents[1]
    for part in ("grader", "reference", "exercises"):
        shutil.copytree(root / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    cells = tmp_path / "reference" / "rnn_cells.py"
    source = cells.read_text()
    assert "i, f, g, o = np.split(z, 4, axis=-1)" in source
    cells.write_text(source.replace("i, f, g, o = np.split(z, 4, axis=-1)", "f, i, g, o = np.split(z, 4, axis=-1)"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "grader", "validate", "--examples", str(EXAMPLES), "--week", "10"],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env)
    assert out.returncode == 1, out.stdout
    assert "week 10 correct.ipynb: task lstm_step\n    expected: passed\n    got:      failed" in out.stdout
    assert "week 10 correct.ipynb: public seed" in out.stdout
