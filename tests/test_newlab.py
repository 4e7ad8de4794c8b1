"""`grader new-lab`: a scaffolded week is a working lab (validate passes, a correct notebook earns full
marks on the hidden and the public seed), and nothing is ever overwritten."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import newlab

ROOT = Path(__file__).resolve().parents[1]


def _grader(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, timeout=600,
                          cwd=root, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)})


def _solve(template: Path, out: Path) -> None:
    """The template with its stubs written: what a student who did the lab hands in."""
    nb = json.loads(template.read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if source.startswith("def scale"):
            cell["source"] = ["def scale(values, factor):\n", "    return np.array(values, dtype=float) * factor\n"]
        elif source.startswith("# Fit your model"):
            cell["source"] = ["model = make_pipeline(StandardScaler(), LogisticRegression())"
                              ".fit(*lab_data(1000, seed=1))\n"]
        elif "check.week" in source:
            cell["source"] = []
    out.write_text(json.dumps(nb))


def test_new_lab_writes_every_file_once_and_refuses_to_overwrite(tmp_path):
    written = newlab.scaffold(tmp_path, 14, "Transformers, part 1")
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "exercises/week14/__init__.py", "exercises/week14/spec.py", "exercises/week14/lab14_transformers_part_1.ipynb",
        "reference/lab14.py", "examples/submissions/week14/untouched_template.ipynb",
        "examples/submissions/week14/expected.json"]
    (tmp_path / "exercises" / "week14" / "spec.py").write_text("# the author's work\n")
    with pytest.raises(newlab.LabExistsError):
        newlab.scaffold(tmp_path, 14, "Transformers")
    assert (tmp_path / "exercises" / "week14" / "spec.py").read_text() == "# the author's work\n"
    assert not (tmp_path / "exercises" / "week14" / "lab14_transformers.ipynb").exists()


def test_new_lab_refuses_a_week_outside_the_syllabus(tmp_path):
    with pytest.raises(KeyError, match="not in the syllabus"):
        newlab.scaffold(tmp_path, 18, "Extra")
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_a_scaffolded_lab_validates_and_a_solved_template_earns_full_marks(tmp_path):
    for part in ("grader", "reference", "exercises"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    # week 14 is the syllabus's graded week this test scaffolds; the copy drops its lab if one was added since
    shutil.rmtree(tmp_path / "exercises" / "week14", ignore_errors=True)
    (tmp_path / "reference" / "lab14.py").unlink(missing_ok=True)
    out = _grader(tmp_path, "new-lab", "14", "Transformers")
    assert out.returncode == 0, out.stderr
    assert "wrote 6 files" in out.stdout
    assert _grader(tmp_path, "new-lab", "14", "Transformers").returncode == 2
    examples = tmp_path / "examples" / "submissions" / "week14"
    _solve(tmp_path / "exercises" / "week14" / "lab14_transformers.ipynb", examples / "correct.ipynb")
    record = json.loads((examples / "expected.json").read_text())
    record["correct.ipynb"] = {"about": "both tasks done", "score": 5.0, "not_passed": {}}
    (examples / "expected.json").write_text(json.dumps(record))
    out = _grader(tmp_path, "validate", "--week", "14")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "everything agrees" in out.stdout
