"""The grader's temp folders: marked with their owner, removed only once that process is gone."""

import json
import os
import subprocess
import sys
import tempfile

from grader.sandbox import scratch


def test_only_marked_folders_of_gone_processes_are_swept(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mine = scratch.make("grader-job-")
    done = subprocess.run([sys.executable, "-c", "from grader.sandbox import scratch; print(scratch.make('grader-'))"],
                          capture_output=True, text=True, check=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    gone = tmp_path / done.stdout.strip().rsplit("/", 1)[1]
    reused = scratch.make("grader-")  # then marked with a live pid (our parent) of another start time: reused
    owner = json.loads((reused / scratch.OWNER_FILE).read_text())
    (reused / scratch.OWNER_FILE).write_text(json.dumps({**owner, "pid": os.getppid(), "started": "1"}))
    unmarked = tmp_path / "grader-someone-else"
    unmarked.mkdir()
    other = tmp_path / "other-tool-x"
    other.mkdir()
    (other / scratch.OWNER_FILE).write_text(json.dumps({"pid": 999999999, "started": "1"}))

    assert gone.is_dir() and (gone / scratch.OWNER_FILE).is_file()
    assert sorted(scratch.sweep()) == sorted([gone, reused])
    assert mine.is_dir() and unmarked.is_dir() and other.is_dir()
    assert not gone.exists() and not reused.exists()
