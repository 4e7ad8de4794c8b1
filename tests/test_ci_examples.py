"""The CI examples in examples/ci: they parse, say what the platforms require (permissions, the
AppArmor sysctl before `grader doctor`, a pip cache, the JUnit artifact), and pass the workflow
schemas check-jsonschema ships offline (SchemaStore's GitHub workflow and GitLab CI schemas)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CI = Path(__file__).resolve().parents[1] / "examples" / "ci"
SYSCTL = "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"


def load(name: str) -> dict:
    doc = yaml.safe_load((CI / name).read_text())
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as True
    return doc


def run_lines(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def index_of(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if text in line)


@pytest.mark.parametrize("name", ["github-actions-grade.yml", "github-actions-validate.yml"])
def test_github_workflows_allow_bubblewrap_before_the_doctor_and_cache_pip(name):
    doc = load(name)
    (job,) = doc["jobs"].values()
    lines = run_lines(job)
    assert index_of(lines, SYSCTL) < index_of(lines, "grader doctor")
    assert not any("grader doctor || true" in line for line in lines)
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"]
    assert job["runs-on"] == "ubuntu-24.04" and doc["permissions"]["contents"] == "read"


def test_student_workflow_can_publish_checks_and_fails_visibly_without_the_strongest_level():
    doc = load("github-actions-grade.yml")
    job = doc["jobs"]["grade"]
    assert doc["permissions"]["checks"] == "write"
    doctor = next(s["run"] for s in job["steps"] if "grader doctor" in s.get("run", ""))
    assert "::error" in doctor and "exit 1" in doctor and job["env"]["REQUIRE_BUBBLEWRAP"] == "true"
    grade = next(s["run"] for s in job["steps"] if "grader check" in s.get("run", ""))
    assert "--junit junit.xml" in grade and "--fail-under" in grade and "--isolation" in grade
    report = next(s for s in job["steps"] if s.get("uses", "").startswith("mikepenz/action-junit-report"))
    assert report["if"] == "always()" and report["with"]["report_paths"] == "junit.xml"


def test_course_workflow_runs_grader_validate():
    assert any(line.strip() == "grader validate" for line in run_lines(load("github-actions-validate.yml")["jobs"]
                                                                       ["validate"]))


def test_gitlab_pipeline_reports_junit_even_when_the_score_fails_the_job():
    job = yaml.safe_load((CI / "gitlab-ci-grade.yml").read_text())["grade"]
    assert job["artifacts"]["reports"]["junit"] == "junit.xml" and job["artifacts"]["when"] == "always"
    assert any("grader check" in s and "--junit junit.xml" in s and "--fail-under" in s for s in job["script"])
    assert any("grader doctor" in s for s in job["before_script"])
    assert ".cache/pip" in job["cache"]["paths"] and "PIP_CACHE_DIR" in job["variables"]


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True)


@pytest.mark.parametrize(("schema", "name"), [("vendor.github-workflows", "github-actions-grade.yml"),
                                              ("vendor.github-workflows", "github-actions-validate.yml"),
                                              ("vendor.gitlab-ci", "gitlab-ci-grade.yml")])
def test_examples_pass_the_platform_schema(schema, name, tmp_path):
    pytest.importorskip("check_jsonschema", reason="pip install check-jsonschema (the dev extra)")
    done = check_jsonschema(schema, CI / name)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / name  # the same check refuses a misspelt key, so it is not vacuous
    broken.write_text((CI / name).read_text().replace("runs-on:", "run-on:").replace("script:", "scripts:", 1))
    assert check_jsonschema(schema, broken).returncode != 0
