"""The warm daemon (`grader warm start|stop|status`, sandbox/warm_daemon.py): later `grader check` runs fork
their kernel from its warm parent, `--no-warm` and a stale socket grade cold, and it leaves nothing behind
when stopped or idle. Every test has its own socket folder (GRADER_WARM_DIR), never the user's."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.sandbox import isolation, processes, warm_daemon
from tests.copied_tree import append, copy_tree
from tests.helpers import warm_parent_or_skip, write_notebook

ROOT = Path(__file__).resolve().parents[2]
WEEK1 = ROOT / "examples" / "submissions" / "week01" / "correct.ipynb"


def _grader(env: dict[str, str], *args: str, timeout: float = 400) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=ROOT)


def _check(env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    return _grader(env, "check", str(WEEK1), "--week", "1", *extra)


def _leftovers(info: dict) -> list[int]:
    """The daemon, its zygote, and any process that runs in (or names) the daemon's warm folder."""
    found = [pid for pid in (info["pid"], info["zygote"]) if processes.alive(pid)]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
                cwd = os.readlink(entry / "cwd")
            except OSError:
                continue
            if info["home"] in cmdline or cwd.startswith(info["home"]):
                found.append(int(entry.name))
    return found


@pytest.fixture
def warm_env(tmp_path, monkeypatch):
    """An environment whose warm daemon lives in this test's folder; whatever the test started is stopped."""
    warm_parent_or_skip(isolation.choose("auto"))
    where = tmp_path / "warm"
    monkeypatch.setenv("GRADER_WARM_DIR", str(where))
    env = {**os.environ, "GRADER_WARM_DIR": str(where)}
    yield env
    _grader(env, "warm", "stop", timeout=60)


def _start(env: dict[str, str], *extra: str) -> dict:
    started = _grader(env, "warm", "start", *extra)
    assert started.returncode == 0, started.stderr
    assert "warm-up took" in started.stdout
    info = warm_daemon.status(warm_daemon_level())
    assert info is not None
    return info


def warm_daemon_level() -> str:
    return isolation.choose("auto")  # what `grader warm start` and `grader check` choose by default


@pytest.mark.slow
def test_checks_after_warm_start_fork_from_the_daemon(warm_env):
    info = _start(warm_env)
    durations = []
    for _ in range(2):
        began = time.monotonic()
        out = _check(warm_env)
        durations.append(time.monotonic() - began)
        assert out.returncode == 0, out.stderr
        assert "(warm kernel)" in out.stdout and "Total: 1 / 1" in out.stdout
        assert "cold kernel" not in out.stdout
    assert warm_daemon.status(info["level"])["pid"] == info["pid"]  # the same daemon served both
    assert durations[1] < info["warmup_s"] + 10  # loosely: a check does not pay the warm-up again


@pytest.mark.slow
def test_a_check_killed_mid_run_leaves_the_daemon_serving_the_next(warm_env, tmp_path):
    _start(warm_env)
    sleeper = write_notebook(tmp_path / "sleeper.ipynb", "import time\ntime.sleep(120)")
    killed = subprocess.Popen([sys.executable, "-m", "grader", "check", str(sleeper), "--week", "1"], env=warm_env,
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(6)  # the sleeping cell runs in a kernel forked from the daemon's parent
    killed.kill()
    killed.wait()
    out = _check(warm_env)  # the daemon ended the orphaned run and drained its pipe
    assert out.returncode == 0, out.stderr
    assert "(warm kernel)" in out.stdout and "Total: 1 / 1" in out.stdout


@pytest.mark.slow
def test_no_warm_grades_cold_while_a_daemon_runs(warm_env):
    _start(warm_env)
    out = _check(warm_env, "--no-warm")
    assert out.returncode == 0, out.stderr
    assert "(warm kernel)" not in out.stdout and "Total: 1 / 1" in out.stdout


@pytest.mark.slow
def test_warm_stop_leaves_no_process_and_no_socket(warm_env):
    info = _start(warm_env)
    assert _check(warm_env).returncode == 0
    stopped = _grader(warm_env, "warm", "stop")
    assert stopped.returncode == 0 and f"stopped warm daemon {info['pid']}" in stopped.stdout
    assert _leftovers(info) == []
    assert not warm_daemon.socket_path(info["level"]).exists()
    assert "no warm daemon runs" in _grader(warm_env, "warm", "status").stdout


@pytest.mark.slow
def test_idle_daemon_exits_and_removes_its_socket(warm_env):
    info = _start(warm_env, "--idle-minutes", "0.05")  # 3 s without a check
    end = time.monotonic() + 60
    while time.monotonic() < end and (_leftovers(info) or warm_daemon.socket_path(info["level"]).exists()):
        time.sleep(0.5)
    assert _leftovers(info) == []
    assert not warm_daemon.socket_path(info["level"]).exists()


@pytest.mark.slow
def test_stale_socket_grades_cold_silently(warm_env):
    path = warm_daemon.socket_path(warm_daemon_level())
    warm_daemon.make_folder()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))  # the file stays; nobody listens: as a killed daemon leaves it
    out = _check(warm_env)
    assert out.returncode == 0, out.stderr
    assert "(warm kernel)" not in out.stdout and "Total: 1 / 1" in out.stdout
    assert "warm" not in out.stderr


def test_a_socket_folder_others_may_enter_is_not_used(warm_env):
    where = warm_daemon.folder()
    where.mkdir(mode=0o755)
    os.chmod(where, 0o755)
    assert "open to other users" in warm_daemon.unsafe_folder(where)
    assert warm_daemon.attach(warm_daemon_level()) is None  # a check grades cold
    os.chmod(where, 0o700)
    assert warm_daemon.unsafe_folder(where) == ""


@pytest.mark.slow
def test_a_daemon_started_before_the_grader_was_updated_is_not_used(warm_env, tmp_path):
    """What a fork runs is the daemon's code: after an update the check grades cold and says how to renew it."""
    old = copy_tree(tmp_path / "old")
    append(old / "grader" / "sandbox" / "agent.py", "\n# the grader before an update\n")
    started = subprocess.run([sys.executable, "-m", "grader", "warm", "start"], capture_output=True, text=True,
                             timeout=400, env={**warm_env, "PYTHONPATH": str(old)}, cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    out = _check(warm_env)
    assert out.returncode == 0, out.stderr
    assert "(warm kernel)" not in out.stdout and "Total: 1 / 1" in out.stdout
    assert "warm daemon runs a grader from before an update" in out.stdout
