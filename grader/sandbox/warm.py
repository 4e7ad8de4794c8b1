"""Grader side of the warm sandbox: one warm parent (zygote.py) per grading process and isolation level,
started once and reused, and the decision whether a submission may use it.

A warm kernel is a fresh fork per submission: no state passes between submissions (each harness and
kernel is a new process, its scratch folder new, and the parent itself never runs student code). Under
bubblewrap the parent lives in one bwrap sandbox and each run it forks enters its own view (fresh /tmp
and /dev/shm with only its folder, own IPC, no capabilities: private_run.py), so a run sees what a cold
bubblewrap sandbox shows. A notebook that sets environment variables gets a cold kernel (KERAS_BACKEND,
TF_*, CUDA_*, OMP_* act at import, and the warm parent has imported already), and so does any run the
parent cannot serve; the report says why.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from grader.sandbox import isolation, scratch

READY_TIMEOUT_S = 120.0  # the warm-up: importing the course's libraries once
SPAWN_TIMEOUT_S = 30.0  # the parent's answer to a request for a harness
AUTO = "auto"  # use a running warm daemon's parent (warm_daemon.py), else a cold kernel
DAEMON = "daemon"  # use a running warm daemon's parent, else this process's own
READ_POLL_S = 0.2  # how often a reader looks whether its handle was closed
# a notebook that touches the environment may change how a library imports: it needs a cold kernel
SETS_ENVIRONMENT = re.compile(
    r"environ\s*\[[^\]]*\]\s*=(?!=)|environ\.(?:update|setdefault|pop|popitem|clear)\s*\(|environ\s*=(?!=)"
    r"|putenv|unsetenv|load_dotenv|^\s*%(?:set_)?env\b|^\s*!\s*export\b", re.MULTILINE)
# a notebook that imports these gets the warm parent that has imported them too (the "deep" one)
IMPORTS_DEEP_LEARNING = re.compile(r"^[ \t]*(?:from|import)[ \t]+[^\n#]*\b(?:tensorflow|keras)\b", re.MULTILINE)


@dataclass(frozen=True)
class Choice:
    """Whether a submission's kernel is forked warm, and if not, why (said in the report); `deep`: from the
    warm parent that has imported TensorFlow/Keras too."""

    warm: bool
    reason: str = ""
    deep: bool = False


def _code(submission: Path) -> str | None:
    """The submission's code (a notebook's code cells joined); None if unreadable."""
    try:
        text = submission.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    if submission.suffix.lower() != ".ipynb":
        return text
    try:
        doc = json.loads(text)
        cells = doc.get("cells", []) if isinstance(doc, dict) else []
        return "\n".join("".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source", ""))
                         for c in cells if isinstance(c, dict) and c.get("cell_type") == "code")
    except (ValueError, TypeError, KeyError):
        return ""  # not a notebook: the harness reports it, no code will run


class WarmProcess:
    """The Popen-like handle of a harness the warm parent forked (runner.Sandbox waits on it)."""

    def __init__(self, parent: WarmParent, pid: int) -> None:
        self.parent, self.pid = parent, pid
        self.returncode: int | None = None
        self.leftovers = 0
        self.done = threading.Event()

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self.done.wait(timeout):
            raise subprocess.TimeoutExpired(f"warm harness {self.pid}", timeout or 0)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        self.parent.signal(sig)

    def kill_group(self) -> None:
        """SIGKILL the harness's process group (the pid is the parent's to use: under bubblewrap it is
        a pid of the warm sandbox's own namespace)."""
        self.parent.signal(signal.SIGKILL, group=True)


class WarmParent:
    """A started zygote: `spawn()` forks one harness for one sandbox folder, one at a time.

    Under bubblewrap every run's folder must be made in `runs` (the one folder the parent's sandbox can
    write), and the run sees only that folder of it. `WarmParent(level)` starts its own zygote;
    `WarmParent.attached(...)` talks to one a warm daemon lends (warm_daemon.py), for one sandbox."""

    def __init__(self, level: str = isolation.PROCESS, deep: bool = False, lend: bool = False) -> None:
        """Start a zygote (`deep`: with TensorFlow/Keras imported). `lend`: read only its ready line (a daemon
        hands its pipes to clients, who read)."""
        self.level = level
        self.home = str(scratch.make("grader-zygote-"))  # marked: a later run removes it if this process dies
        self.runs = Path(self.home) / "runs"
        self.runs.mkdir()
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE",
                                                            "OPENBLAS_L2_SIZE", "PYTHONPATH")}
        env.update({"HOME": self.home, "TMPDIR": self.home, "MPLCONFIGDIR": self.home, "MPLBACKEND": "Agg",
                    "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "TF_CPP_MIN_LOG_LEVEL": "2"})
        command = [sys.executable, "-m", "grader.sandbox.zygote", *(["--deep"] if deep else [])]
        if level == isolation.BUBBLEWRAP:  # no --die-with-parent: EOF on stdin ends it (see zygote.main)
            command = [*isolation.bwrap_command(Path(self.home), die_with_parent=False), *command,
                       "--private-runs", self.home]
        self.proc: subprocess.Popen | None = subprocess.Popen(
            command, cwd=self.home, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._connect(self.proc.stdin.fileno(), self.proc.stdout.fileno(), until_ready=lend, single_use=False)

    @classmethod
    def attached(cls, level: str, home: str, to_parent: int, from_parent: int) -> WarmParent:
        """A handle on a ready zygote another process started (its pipes' descriptors, now ours to close),
        good for one sandbox: its reader stops once that sandbox's harness has ended."""
        self = cls.__new__(cls)
        self.level, self.home, self.runs, self.proc = level, home, Path(home) / "runs", None
        self._connect(to_parent, from_parent, until_ready=False, single_use=True)
        self.ready = {"ready": True}  # the daemon waited for it before lending
        return self

    def _connect(self, to_parent: int, from_parent: int, *, until_ready: bool, single_use: bool) -> None:
        """What both kinds share: the pipes (raw descriptors), the answers and the reader thread."""
        self.to_parent, self.from_parent = to_parent, from_parent
        self.single_use, self.spent, self.closed = single_use, False, False
        self.lock = threading.Lock()  # one harness at a time
        self.current: WarmProcess | None = None
        self.answers: list[dict] = []
        self.answered = threading.Condition()
        self.ready: dict = {}
        self.failure = ""
        self.reader = threading.Thread(target=self._read, args=(until_ready,), daemon=True)
        self.reader.start()

    def _read(self, until_ready: bool) -> None:
        pending = b""
        while not self.closed:
            if not select.select([self.from_parent], [], [], READ_POLL_S)[0]:
                continue
            try:
                chunk = os.read(self.from_parent, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                if self._take(line) or until_ready:
                    return  # a lent parent's pipe is the client's to read from now on
        with self.answered:  # the zygote is gone (or this handle closed)
            self.failure = self.failure or "the warm parent exited"
            self.answered.notify_all()
        if self.current is not None and not self.current.done.is_set():
            self.current.returncode = -signal.SIGKILL
            self.current.done.set()

    def _take(self, line: bytes) -> bool:
        """Handle one line of the zygote's; True when this handle reads no further (its one run ended)."""
        try:
            doc = json.loads(line)
        except ValueError:
            return False
        if "exited" in doc:  # an "exited" of no run of ours (one a client before us left) is no answer
            if self.current is not None and doc["exited"] == self.current.pid:
                self.current.returncode = int(doc.get("code", 1))
                self.current.leftovers = int(doc.get("leftovers", 0))
                self.current.done.set()
                return self.single_use
            return False
        with self.answered:
            self.answers.append(doc)
            self.answered.notify_all()
        return False

    def _answer(self, timeout: float) -> dict | None:
        end = time.monotonic() + timeout
        with self.answered:
            while not self.answers and not self.failure and (left := end - time.monotonic()) > 0:
                self.answered.wait(left)
            return self.answers.pop(0) if self.answers else None

    def alive(self) -> bool:
        """Whether the zygote (own) still runs; an attached handle cannot tell before it reads EOF."""
        return not self.failure and (self.proc is None or self.proc.poll() is None)

    def wait_ready(self) -> str:
        """'' once the warm-up is done, else why it failed (the zygote is then stopped)."""
        if not self.ready and not self.failure:
            doc = self._answer(READY_TIMEOUT_S)
            if doc and doc.get("ready"):
                self.ready = doc
            else:
                self.failure = str((doc or {}).get("error") or self.failure or "no answer")
                if self.proc is None:
                    self.close()
                else:
                    self._stop()  # its folder stays: a run may be about to go cold in it
        return self.failure

    @property
    def failed(self) -> bool:
        """Its warm-up failed (it will not serve)."""
        return not self.ready and bool(self.failure)

    def _tell(self, doc: dict) -> None:
        data = (json.dumps(doc) + "\n").encode()
        try:
            while data:
                data = data[os.write(self.to_parent, data):]
        except OSError as exc:
            raise RuntimeError(f"the warm parent is gone ({exc})") from None

    def signal(self, sig: int, group: bool = False) -> None:
        """Signal the running harness (or its process group) through the parent."""
        with contextlib.suppress(RuntimeError):
            self._tell({"signal": int(sig), "group": group})

    def spawn(self, workdir: Path, env: dict[str, str], log: Path) -> WarmProcess:
        """Fork a harness for `workdir` (raises RuntimeError when the parent cannot serve)."""
        if self.wait_ready():
            raise RuntimeError(self.failure)
        if self.spent:
            raise RuntimeError("a lent warm parent serves one sandbox")
        if self.current is not None and not self.current.done.is_set():
            raise RuntimeError("the warm parent is serving another sandbox")
        if self.level == isolation.BUBBLEWRAP and self.runs not in workdir.parents:
            raise RuntimeError(f"the run's folder is not in the warm sandbox's {self.runs}")
        with self.lock:
            self.current = None
            self.spent = self.single_use
            self._tell({"workdir": str(workdir), "env": env, "log": str(log)})
            doc = self._answer(SPAWN_TIMEOUT_S)
            if not doc or "pid" not in doc:
                raise RuntimeError(str((doc or {}).get("error") or self.failure or "no answer"))
            self.current = WarmProcess(self, int(doc["pid"]))
            return self.current

    def close(self) -> None:
        """Own zygote: kill it (its harness dies with it, PDEATHSIG, and kills its own tree) and remove its
        folder. Attached: stop reading and close our copies of the pipes; the zygote is the daemon's."""
        if self.proc is None:
            if not self.closed:
                self.closed = True
                if self.reader is not threading.current_thread():
                    self.reader.join()
                for fd in (self.to_parent, self.from_parent):
                    with contextlib.suppress(OSError):
                        os.close(fd)
            return
        self._stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def _stop(self) -> None:
        """Kill an own zygote (its harness dies with it, PDEATHSIG, and kills its own tree)."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            self.proc.wait()


_PARENTS: dict[tuple[str, bool], WarmParent] = {}
_PARENTS_LOCK = threading.Lock()


def parent(level: str = isolation.PROCESS, deep: bool = False) -> WarmParent:
    """This process's warm parent for an isolation level (and with TensorFlow/Keras or not), started on first
    use and kept until the process exits (or restarted, should it have ended)."""
    with _PARENTS_LOCK:
        current = _PARENTS.get((level, deep))
        if current is None or (not current.alive() and not current.failed):  # a warm-up that
            # failed is not tried again by this process (its runs go cold, saying why); a parent that served
            # and then ended (a run killed it) is replaced
            if current is not None:
                current.close()
            current = _PARENTS[(level, deep)] = WarmParent(level, deep)
            atexit.register(current.close)
        return current


def choose(submission: Path) -> Choice:
    """Whether this submission may have a warm kernel, and whether from the parent with TensorFlow/Keras."""
    code = _code(submission)
    if code is None or SETS_ENVIRONMENT.search(code):
        return Choice(False, "cold kernel: the notebook sets environment variables, which act when "
                             "libraries are imported")
    return Choice(True, deep=bool(IMPORTS_DEEP_LEARNING.search(code)))
