"""`grader gradescope`: the autograder.zip, unpacked into a stand-in for /autograder and run
on real submissions; results.json checked against Gradescope's specification (tests/schemas)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from grader.autograder import find_submission
from grader.report.gradescope import autograder_results, to_gradescope
from grader.results import Report, Status, TaskResult, WeekResult

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "gradescope-results.schema.json").read_text())
WEEK01 = ROOT / "examples" / "submissions" / "week01"


def validate(results: dict) -> None:
    jsonschema.validate(results, SCHEMA)


def report(score: float, seed: int, kind: str) -> Report:
    tasks = (TaskResult("normalize", score, 1.0, Status.PASSED if score else Status.FAILED, "" if score else "off"),
             TaskResult("series_model", 0.5, 2.0, Status.FAILED, "MAE 0.12: half points", "train longer"))
    return Report("lab.ipynb", "0" * 64, "0.1.0", (WeekResult(11, "RNN", tasks),), seed=seed, seed_kind=kind,
                  isolation="bubblewrap", spec_versions={"11": "week11-3"}, notes=("cell 3 raised <b>x</b>",))


def test_hidden_run_carries_the_points_with_the_chosen_visibility_and_public_run_shows_at_once():
    results = autograder_results(report(1.0, 99, "hidden"), report(0.0, 0, "public"), visibility="after_due_date",
                                 model_tasks={11: ["series_model"]})
    validate(results)
    hidden = [t for t in results["tests"] if "hidden inputs" in t["name"]]
    public = [t for t in results["tests"] if "public inputs" in t["name"]]
    assert {t["visibility"] for t in hidden} == {"after_due_date"} and {t["visibility"] for t in public} == {"visible"}
    assert all("score" not in t for t in public)
    assert results["score"] == pytest.approx(sum(t["score"] for t in hidden)) == 1.5
    assert results["leaderboard"] == [{"name": "week 11: series_model", "value": 0.5, "order": "desc"}]
    assert results["extra_data"]["seed"] == 99 and results["extra_data"]["spec_versions"] == {"11": "week11-3"}
    assert results["extra_data"]["isolation"] == "bubblewrap" and results["extra_data"]["grader_version"]


def test_per_submission_results_are_raw_text_so_exception_text_is_not_rendered():
    results = to_gradescope(report(0.0, 5, "hidden"))
    validate(results)
    assert results["output_format"] == "text" and {t["output_format"] for t in results["tests"]} == {"text"}
    assert "<b>x</b>" in results["output"]


def test_none_or_several_notebooks_in_a_submission_get_a_message_saying_what_to_upload(tmp_path):
    assert find_submission(tmp_path)[1].startswith("No notebook (.ipynb) or Python module (.py)")
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("{}")
    assert find_submission(tmp_path) == (tmp_path / "a.ipynb", "")
    (tmp_path / "b.py").write_text("")
    assert "Upload only your lab notebook" in find_submission(tmp_path)[1]


@pytest.fixture(scope="module")
def autograder_root(tmp_path_factory) -> Path:
    """autograder.zip unpacked as Gradescope does: the zip into source/, run_autograder beside it;
    setup.sh run with the installs skipped (the grader is already installed here)."""
    out = tmp_path_factory.mktemp("zip")
    built = subprocess.run([sys.executable, "-m", "grader", "gradescope", str(out), "--week", "1",
                            "--hidden-visibility", "after_published", "--timeout", "120"],
                           capture_output=True, text=True, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    root = tmp_path_factory.mktemp("autograder")
    with zipfile.ZipFile(out / "autograder.zip") as zf:
        names = zf.namelist()
        assert {"setup.sh", "run_autograder", "autograder.json"} <= set(names)
        assert not any(n.startswith("grader-src/examples") for n in names), "the zip must not ship example answers"
        assert zf.getinfo("run_autograder").external_attr >> 16 & 0o111
        zf.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        (root / "source" / name).chmod(0o755)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], capture_output=True, text=True,
                           cwd=root / "source", env=env_for(root))
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "submissions will be graded at the" in setup.stdout
    assert (root / "source" / "isolation.txt").read_text().strip() in ("bubblewrap", "process")
    return root


def env_for(root: Path) -> dict[str, str]:
    return {**os.environ, "AUTOGRADER_ROOT": str(root), "GRADER_PREINSTALLED": "1", "GRADER_PYTHON": sys.executable}


def run_autograder(root: Path, *files: tuple[str, str | bytes]) -> dict:
    shutil.rmtree(root / "submission", ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    (root / "submission").mkdir()
    for name, content in files:
        path = root / "submission" / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    done = subprocess.run([str(root / "run_autograder")], capture_output=True, text=True, cwd=root,
                          env=env_for(root), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    validate(results)
    return results


@pytest.mark.slow
def test_a_correct_submission_earns_full_points_from_the_unpacked_autograder(autograder_root):
    results = run_autograder(autograder_root, ("lab01.ipynb", (WEEK01 / "correct.ipynb").read_bytes()))
    assert results["score"] == pytest.approx(1.0)
    hidden = [t for t in results["tests"] if "hidden inputs" in t["name"]]
    assert hidden and {t["visibility"] for t in hidden} == {"after_published"}
    assert {t["status"] for t in results["tests"]} == {"passed"}
    assert results["extra_data"]["seed_kind"] == "hidden" and results["extra_data"]["public_seed"] is not None
    assert results["extra_data"]["isolation"] in ("bubblewrap", "process")
    assert results["leaderboard"] == []  # week 1 trains no model


@pytest.mark.slow
def test_a_wrong_submission_earns_its_recorded_score_and_says_what_to_fix(autograder_root):
    expected = json.loads((WEEK01 / "expected.json").read_text())["typical_mistakes.ipynb"]
    results = run_autograder(autograder_root, ("lab01.ipynb", (WEEK01 / "typical_mistakes.ipynb").read_bytes()))
    assert results["score"] == pytest.approx(expected["score"], abs=0.01)
    failed = {t["name"].split(": ")[1].split(" (")[0] for t in results["tests"]
              if t["status"] == "failed" and "hidden" in t["name"]}
    assert failed == set(expected["not_passed"])
    assert all(t["output"] and t["output"] != "passed" for t in results["tests"] if t["status"] == "failed")


@pytest.mark.slow
def test_a_broken_submission_gets_zero_and_a_readable_results_file(autograder_root):
    results = run_autograder(autograder_root, ("lab01.ipynb", "{ not a notebook"))
    assert results["score"] == 0 and results["tests"]
    assert "notebook" in results["output"].lower()


def test_an_empty_or_ambiguous_submission_gets_a_message_instead_of_a_crash(autograder_root):
    results = run_autograder(autograder_root)
    assert results["score"] == 0 and results["output"].startswith("No notebook")
    results = run_autograder(autograder_root, ("a.ipynb", "{}"), ("b.ipynb", "{}"))
    assert "grades exactly one" in results["output"]


@pytest.mark.slow
def test_the_bundled_source_builds_a_wheel_with_what_run_autograder_needs(autograder_root, tmp_path):
    """setup.sh pip-installs source/grader-src: it must package the grader, its data files, the specs
    and the reference solutions (built offline here, as pip does with setuptools present)."""
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path), str(autograder_root / "source" / "grader-src")],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"grader/autograder.py", "grader/gradescope_files/run_autograder", "exercises/week01/spec.py",
            "exercises/week01/lab01_python_warmup.ipynb", "reference/python_warmup.py"} <= names
