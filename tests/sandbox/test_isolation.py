"""What a submission can reach under each isolation level, run for real under bwrap
(grader/sandbox/isolation.py): its scratch folder only, no references, no network, its own pids."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from grader.sandbox import isolation
from grader.sandbox.isolation import BUBBLEWRAP, PROCESS, IsolationUnavailable, choose, wrap

ROOT = Path(__file__).resolve().parents[2]

LOOK = """
import json, os, socket, sys
port = int(sys.argv[1])
open("written.txt", "w").write("ok")
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    network = True
except OSError:
    network = False
print(json.dumps({"cwd": os.getcwd(), "written": os.path.exists("written.txt"), "network": network,
                  "reference": sorted(os.listdir(sys.argv[2])) if os.path.isdir(sys.argv[2]) else None,
                  "beside": os.path.exists(sys.argv[3]), "readme": os.path.exists(sys.argv[4]),
                  "pids": len([p for p in os.listdir("/proc") if p.isdigit()])}))
"""


def _bwrap_runs(workdir: Path) -> bool:
    if shutil.which("bwrap") is None:
        return False
    done = subprocess.run(wrap(BUBBLEWRAP, workdir, [sys.executable, "-S", "-c", "pass"]), capture_output=True,
                          timeout=60)
    return done.returncode == 0


def _look(level: str, workdir: Path, beside: Path) -> dict:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        command = [sys.executable, "-S", "-c", LOOK, str(port), str(ROOT / "reference"), str(beside),
                   str(ROOT / "README.md")]
        done = subprocess.run(wrap(level, workdir, command), cwd=workdir, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_under_bubblewrap_only_the_scratch_folder_is_there_and_nothing_is_reachable(tmp_path):
    workdir, beside = tmp_path / "work", tmp_path / "beside.txt"
    workdir.mkdir()
    beside.write_text("another submission")
    if not _bwrap_runs(workdir):
        pytest.skip("bwrap cannot start a sandbox on this machine")
    seen = _look(BUBBLEWRAP, workdir, beside)
    assert seen["cwd"] == str(workdir) and seen["written"] and (workdir / "written.txt").read_text() == "ok"
    assert not seen["network"]
    assert not seen["reference"]  # absent or masked by an empty folder
    assert not seen["beside"] and not seen["readme"]
    assert seen["pids"] < 5  # its own pid namespace: the machine's processes are not listed


def test_the_process_level_runs_the_command_as_it_is_and_sees_what_the_grader_sees(tmp_path):
    beside = tmp_path / "beside.txt"
    beside.write_text("")
    assert wrap(PROCESS, tmp_path, ["python", "x.py"]) == ["python", "x.py"]
    seen = _look(PROCESS, tmp_path, beside)
    assert seen["network"] and seen["beside"] and seen["readme"] and "python_warmup.py" in seen["reference"]


def test_choose_takes_the_strongest_level_that_works_and_refuses_one_that_does_not():
    assert choose(PROCESS) == PROCESS
    probe = isolation.probe_bubblewrap()
    if probe.ok:
        assert choose("auto") == BUBBLEWRAP == choose(BUBBLEWRAP)
    else:
        assert choose("auto") == PROCESS
        with pytest.raises(IsolationUnavailable, match="bwrap"):
            choose(BUBBLEWRAP)
