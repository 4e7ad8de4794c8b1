"""`grader` as a user runs it: exit codes, the table and the JSON report."""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import TWO_CORRECT, points, write_notebook

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions" / "week11"


def grader(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, timeout=300)


def test_scheme_prints_all_weeks_and_the_total():
    out = grader("scheme")
    assert out.returncode == 0
    assert "Final project presentation" in out.stdout and "105" in out.stdout.splitlines()[-1]


def test_scheme_json_is_machine_readable():
    rows = json.loads(grader("scheme", "--json").stdout)
    assert len(rows) == 17 and rows[-1]["running_total"] == 105


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "missing.ipynb", "--week", "11"], "no such file"),
        (["check", str(EXAMPLES / "correct.ipynb"), "--week", "12"], "no automated lab"),
        (["check", str(EXAMPLES / "correct.ipynb"), "--week", "40"], "not in the syllabus"),
        (["check", str(EXAMPLES / "correct.ipynb")], "--week"),
        (["check", str(EXAMPLES / "correct.ipynb"), "--week", "11", "--bogus"], "unrecognized"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args, words):
    out = grader(*args)
    assert out.returncode == 2
    assert words in out.stderr


@pytest.mark.slow
def test_check_writes_the_fixed_json_shape_and_honours_fail_under(tmp_path):
    nb = write_notebook(tmp_path / "two.ipynb", TWO_CORRECT)
    report_path = tmp_path / "out" / "report.json"
    junit_path = tmp_path / "out" / "junit.xml"
    out = grader("check", str(nb), "--week", "11", "--json", str(report_path), "--fail-under", "1",
                 "--junit", str(junit_path))
    assert out.returncode == 1, out.stderr
    assert "below --fail-under" in out.stderr
    assert "normalize" in out.stdout and f"Total: {points('normalize', 'denormalize'):.2f} / 5" in out.stdout
    report = json.loads(report_path.read_text())
    assert set(report) >= {"submission", "sha256", "grader_version", "score", "max_score", "weeks", "errors"}
    week = report["weeks"][0]
    assert set(week) >= {"week", "title", "score", "max_score", "tasks"} and week["week"] == 11
    assert set(week["tasks"][0]) >= {"name", "score", "max_score", "status", "message"}
    assert {t["status"] for t in week["tasks"]} <= {"passed", "failed", "error", "timeout", "not_attempted"}
    assert report["score"] == pytest.approx(sum(t["score"] for t in week["tasks"]), abs=1e-3)
    assert len(report["sha256"]) == 64
    import xml.etree.ElementTree as ET

    suite = ET.parse(junit_path).getroot().find("testsuite")
    assert suite.get("name") == "week11" and int(suite.get("tests")) == len(week["tasks"])


@pytest.mark.slow
def test_a_malformed_submission_is_graded_and_exits_0(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{ not a notebook")
    out = grader("check", str(bad), "--week", "11", "--fail-under", "0")
    assert out.returncode == 0
    assert "not valid JSON" in out.stdout and "Total: 0 / 5" in out.stdout


def test_doctor_names_every_isolation_level_and_the_one_check_will_use():
    from grader.sandbox.isolation import probe_bubblewrap

    out = grader("doctor")
    assert out.returncode == (0 if probe_bubblewrap().ok else 1)  # 1: the strongest level is missing here
    assert "bubblewrap" in out.stdout and "process" in out.stdout
    assert "`grader check` will use:" in out.stdout


def test_asking_for_an_unavailable_isolation_level_is_a_usage_error(tmp_path, monkeypatch):
    nb = write_notebook(tmp_path / "two.ipynb", TWO_CORRECT)
    env_path = str(tmp_path)  # a PATH without bwrap on it
    out = subprocess.run([sys.executable, "-m", "grader", "check", str(nb), "--week", "11",
                          "--isolation", "bubblewrap"], capture_output=True, text=True, timeout=120,
                         env={"PATH": env_path})
    assert out.returncode == 2
    assert "not available here" in out.stderr and "grader doctor" in out.stderr


@pytest.mark.slow
def test_the_report_states_the_isolation_level_used(tmp_path):
    nb = write_notebook(tmp_path / "two.ipynb", TWO_CORRECT)
    out = grader("check", str(nb), "--week", "11", "--isolation", "process", "--json", str(tmp_path / "r.json"))
    assert out.returncode == 0
    assert "isolation: process" in out.stdout
    assert json.loads((tmp_path / "r.json").read_text())["isolation"] == "process"


def test_grade_and_import_manual_refuse_bad_input_with_exit_2(tmp_path):
    out = grader("grade", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert out.returncode == 2 and "no such folder" in out.stderr
    out = grader("grade", str(tmp_path), "--out", str(tmp_path / "out"), "--week", "18")
    assert out.returncode == 2 and "weeks 1-17" in out.stderr
    bad = tmp_path / "manual.csv"
    bad.write_text("student,week,points\nzed,12,11\n")
    out = grader("import-manual", str(bad), "--out", str(tmp_path / "out"))
    assert out.returncode == 2
    assert "nothing imported: 2 problem(s)" in out.stderr and "line 2: unknown student 'zed'" in out.stderr


def test_import_manual_then_grade_an_empty_class_writes_the_gradebook(tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "notes.txt").write_text("not a lab")
    manual = tmp_path / "manual.csv"
    manual.write_text("student,week,points,comment\nalice,12,8.5,clear\nalice,17,27,\n")
    out = grader("import-manual", str(manual), "--out", str(tmp_path / "out"), "--allow-new")
    assert out.returncode == 0 and "imported 2 grade(s) for 1 student(s)" in out.stdout
    out = grader("grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert "graded 0, errors 0, timeouts 0, skipped as unchanged 0, files not placed 1" in out.stdout
    assert "not placed: " in out.stderr and "notes.txt: not a notebook" in out.stderr
    rows = (tmp_path / "out" / "gradebook.csv").read_text().splitlines()
    assert rows[1].startswith("alice,") and rows[1].endswith(",35.5")


def _on_a_terminal(*args: str, timeout: float = 300) -> tuple[int, str, str]:
    """Run grader with stderr on a pseudo-terminal (as a person at a shell sees it), stdout piped."""
    import os
    import pty
    import select

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "grader", *args], stdout=subprocess.PIPE, stderr=follower,
                            text=True)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data.decode(errors="replace"))
    os.close(leader)
    out = proc.stdout.read()
    return proc.wait(), out, "".join(chunks)


@pytest.mark.slow
def test_check_shows_kernel_start_and_the_running_cell_on_a_terminal_only(tmp_path):
    nb = write_notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(3)", TWO_CORRECT)
    code, out, terminal = _on_a_terminal("check", str(nb), "--week", "11", "--isolation", "process")
    assert code == 0, terminal
    assert "starting the sandbox, 0 s" in terminal and "kernel started for slow.ipynb, week 11" in terminal
    assert "running cell 1 (1 of 2 code cells), " in terminal and "\r\x1b[K" in terminal  # rewritten in place
    assert "Total:" in out and "kernel started" not in out  # the table on stdout, untouched
    piped = grader("check", str(nb), "--week", "11", "--isolation", "process")
    assert piped.returncode == 0 and piped.stderr == ""  # nothing extra in a log


def test_a_mistyped_command_gets_a_suggestion_in_one_line():
    out = grader("chek", "x.ipynb")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "unknown command 'chek'; did you mean 'check'?" in out.stderr


def test_a_bad_option_names_the_subcommand_and_its_usage_in_one_line():
    out = grader("check", "x.ipynb", "--week", "11", "--timout", "3")
    assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith("grader check: error: unrecognized arguments: --timout 3")
    assert "did you mean '--timeout'?" in out.stderr and "usage: grader check path --week WEEK" in out.stderr
    out = grader("grade", "class/")
    assert out.returncode == 2 and out.stderr.startswith("grader grade: error:") and "--out" in out.stderr


def test_releasing_a_week_without_a_lab_is_a_usage_error_not_a_traceback(tmp_path):
    out = grader("release", str(tmp_path / "bundle"), "--week", "12")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "week 12 has no automated lab to release" in out.stderr
    assert not (tmp_path / "bundle").exists()


def test_a_closed_pipe_ends_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "grader", "scheme"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # as `| head` does once it has its lines
    assert proc.wait(timeout=60) == 141
    assert proc.stderr.read() == b""


@pytest.mark.slow
def test_no_color_turns_off_colours_even_when_asked_automatically(tmp_path):
    nb = write_notebook(tmp_path / "two.ipynb", TWO_CORRECT)
    import os
    import pty

    def stdout_on_terminal(env: dict) -> str:
        leader, follower = pty.openpty()
        subprocess.run([sys.executable, "-m", "grader", "check", str(nb), "--week", "11", "--isolation", "process"],
                       stdout=follower, stderr=subprocess.DEVNULL, env=env, timeout=300)
        os.close(follower)
        text = b""
        try:
            while chunk := os.read(leader, 65536):
                text += chunk
        except OSError:
            pass
        os.close(leader)
        return text.decode()

    coloured = stdout_on_terminal({**os.environ, "NO_COLOR": ""})
    plain = stdout_on_terminal({**os.environ, "NO_COLOR": "1"})
    assert "\x1b[3" in coloured and "Total:" in coloured
    assert "\x1b[" not in plain and "Total:" in plain


def test_help_lists_exit_codes_and_an_example_for_every_subcommand():
    from grader.cli import command_parser

    out = grader("--help")
    assert out.returncode == 0 and "exit codes:" in out.stdout and "2  usage error" in out.stdout
    commands = next(a for a in command_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name in commands:
        assert f"  grader {name}" in out.stdout.split("examples:")[1], name
        sub = grader(name, "--help")
        assert "example:" in sub.stdout and f"grader {name}" in sub.stdout.split("example:")[1]


@pytest.mark.slow
def test_check_grades_a_linked_file_and_says_where_the_link_points(tmp_path):
    target = write_notebook(tmp_path / "real.ipynb", TWO_CORRECT)
    (tmp_path / "link.ipynb").symlink_to(target)
    out = grader("check", str(tmp_path / "link.ipynb"), "--week", "11", "--isolation", "process")
    assert out.returncode == 0, out.stderr
    assert f"note: {tmp_path / 'link.ipynb'} is a link to {target}; grading that file" in out.stderr
    assert f"Total: {points('normalize', 'denormalize'):.2f} / 5" in out.stdout


def test_every_command_defined_in_the_cli_package_is_registered_once():
    import importlib
    import pkgutil

    import grader.cli
    from grader.cli import COMMANDS
    from grader.cli.command import Command

    defined = [value.name for info in pkgutil.iter_modules(grader.cli.__path__) if info.name != "__main__"
               for value in vars(importlib.import_module(f"grader.cli.{info.name}")).values()
               if isinstance(value, Command)]
    registered = [c.name for c in COMMANDS]
    assert sorted(registered) == sorted(set(registered)) == sorted(set(defined))
