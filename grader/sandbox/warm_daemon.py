"""A warm parent that outlives one `grader check`: `grader warm start` runs this module as a detached daemon
that owns one zygote (warm.WarmParent) for one isolation level and lends it to later checks.

It listens on a Unix socket in a per-user folder (0700; the socket 0600; a client refuses a folder another
uid owns, the daemon a peer of another uid). Protocol: the client sends one JSON line {"op": "attach" |
"status" | "stop"}. To "attach" the daemon answers a JSON line (level, home, pid) carrying the zygote's
stdin and stdout descriptors (SCM_RIGHTS); the client forks one sandbox's harness through them
(WarmParent.attached) and closes the connection when done. One client at a time: while one holds the
pipes the daemon does not read them and answers others {"busy": true}. After a client it kills whatever
run that client left and drains the pipe. It exits on "stop", SIGTERM, an idle time without clients, or
when the zygote dies, and removes its socket. Every limit and isolation is the sandbox's as before: the
daemon only saves the imports.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import select
import signal
import socket
import struct
import sys
import time
from pathlib import Path

from grader import __version__
from grader.sandbox import isolation, processes, warm

ANSWER_TIMEOUT_S = 5.0  # a client's wait for the daemon's answer (a daemon that does not answer is not used)
DRAIN_S = 1.0  # after a client: how long the pipe must stay quiet before the next client gets it
TICK_S = 1.0  # how often the daemon looks at its zygote and its idle clock
MAX_LINE = 65536
STOP_WAIT_S = 10.0  # for the zygote to end on EOF (killing what it started) before it is killed


def folder() -> Path:
    """Where the sockets live: $GRADER_WARM_DIR, else $XDG_RUNTIME_DIR/grader, else ~/.cache/grader/warm."""
    if os.environ.get("GRADER_WARM_DIR"):
        return Path(os.environ["GRADER_WARM_DIR"])
    if os.environ.get("XDG_RUNTIME_DIR"):
        return Path(os.environ["XDG_RUNTIME_DIR"]) / "grader"
    return Path.home() / ".cache" / "grader" / "warm"


def socket_path(level: str) -> Path:
    return folder() / f"{level}.sock"


def log_path(level: str) -> Path:
    return folder() / f"{level}.log"


def unsafe_folder(where: Path) -> str:
    """'' when `where` is a folder of this uid that nobody else may enter, else what is wrong with it."""
    try:
        st = os.lstat(where)
    except OSError:
        return f"{where} does not exist"
    if not os.path.isdir(where) or os.path.islink(where):
        return f"{where} is not a folder"
    if st.st_uid != os.getuid():
        return f"{where} belongs to uid {st.st_uid}, not to you"
    if st.st_mode & 0o077:
        return f"{where} is open to other users (mode {st.st_mode & 0o777:o}; it must be 700)"
    return ""


def make_folder() -> Path:
    """The socket folder, created 0700 if missing (raises OSError naming the problem if it is unsafe)."""
    where = folder()
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.lstat(where).st_uid == os.getuid():
        os.chmod(where, 0o700)
    if why := unsafe_folder(where):
        raise OSError(why)
    return where


# ----- client side (grader check, grader warm status|stop) -----


def _request(level: str, op: str, timeout: float = ANSWER_TIMEOUT_S) -> tuple[socket.socket, dict, list[int]] | None:
    """Connect, send `op`, read the answer and any descriptors; None when no usable daemon answers."""
    path = socket_path(level)
    if unsafe_folder(path.parent) or not path.exists():
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(str(path))
        conn.sendall((json.dumps({"op": op}) + "\n").encode())
        data, fds, _, _ = socket.recv_fds(conn, MAX_LINE, 2)
        try:
            answer = json.loads(data)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            for fd in fds:
                os.close(fd)
            conn.close()
            return None
        conn.settimeout(None)
        return conn, answer, fds
    except OSError:  # no daemon (a stale socket), or one that does not answer in time
        conn.close()
        return None


def code_version() -> str:
    """What a forked run executes, as it is on disk now: the grader's version and its sandbox package. A
    daemon records it at its start; a client whose own differs does not use it (a grader updated since)."""
    h = hashlib.sha256(f"grader {__version__}\n".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\n" + path.read_bytes())
    return h.hexdigest()[:16]


def status(level: str) -> dict | None:
    """The running daemon's status for `level` (pid, zygote, home, warm-up, busy), or None."""
    got = _request(level, "status")
    if got is None:
        return None
    got[0].close()
    return got[1]


def stop(level: str, wait_s: float = 2 * STOP_WAIT_S) -> dict | None:
    """Ask the daemon to stop and wait until its process and socket are gone; its status, or None."""
    got = _request(level, "stop")
    if got is None:
        return None
    conn, answer, _ = got
    with conn:
        end = time.monotonic() + wait_s
        while time.monotonic() < end and (processes.alive(int(answer.get("pid", 0))) or socket_path(level).exists()):
            time.sleep(0.05)
    return answer


class Lease:
    """A warm parent borrowed from the daemon for one sandbox; `close()` gives it back."""

    def __init__(self, conn: socket.socket, parent: warm.WarmParent) -> None:
        self.conn, self.parent = conn, parent

    def close(self) -> None:
        self.parent.close()
        self.conn.close()


def attach(level: str) -> Lease | str | None:
    """The daemon's warm parent for one sandbox; "busy" when it serves another client; None when no daemon
    for `level` runs (or its socket is stale, or its folder unsafe): the caller grades cold."""
    got = _request(level, "attach")
    if got is None:
        return None
    conn, answer, fds = got
    stale = answer.get("code") != code_version()
    if answer.get("busy") or len(fds) != 2 or answer.get("level") != level or stale:
        for fd in fds:
            os.close(fd)
        conn.close()
        return "busy" if answer.get("busy") else "stale" if stale and len(fds) == 2 else None
    return Lease(conn, warm.WarmParent.attached(level, str(answer["home"]), fds[0], fds[1]))


# ----- daemon side -----


class Daemon:
    """The socket, the zygote and the one client at a time (see the module's docstring)."""

    def __init__(self, level: str, idle_s: float) -> None:
        self.level, self.idle_s = level, idle_s
        self.path = socket_path(level)
        self.code = code_version()  # before the zygote imports the sandbox's modules
        self.parent = warm.WarmParent(level, deep=True, lend=True)  # serves every notebook
        began = time.monotonic()
        self.why = self.parent.wait_ready()
        self.warmup_s = time.monotonic() - began
        self.listener: socket.socket | None = None
        self.client: socket.socket | None = None
        self.last_client = time.monotonic()
        self.stopping = False

    def info(self) -> dict:
        assert self.parent.proc is not None
        return {"pid": os.getpid(), "zygote": self.parent.proc.pid, "level": self.level, "home": self.parent.home,
                "warmup_s": round(self.warmup_s, 2), "busy": self.client is not None,
                "idle_s": self.idle_s, "code": self.code}

    def listen(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # stale: the lock says no other daemon for this level runs
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            self.listener.bind(str(self.path))
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)
        self.listener.listen(8)

    def serve(self) -> None:
        assert self.listener is not None
        while not self.stopping and self.parent.alive():
            if self.client is None and time.monotonic() - self.last_client > self.idle_s:
                return
            watched = [self.listener] + ([self.client] if self.client is not None else [])
            ready = select.select(watched, [], [], TICK_S)[0]
            if self.client is not None and self.client in ready:
                with contextlib.suppress(OSError):
                    if self.client.recv(4096):
                        continue  # a client says nothing after attaching; ignore it until it closes
                self.client.close()
                self.client = None
                self._settle()
                self.last_client = time.monotonic()
            if self.listener in ready:
                with contextlib.suppress(OSError):
                    conn, _ = self.listener.accept()
                    self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        """One request; `conn` is kept open only by a client that attached."""
        conn.settimeout(ANSWER_TIMEOUT_S)
        uid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[1]
        try:
            line = conn.recv(MAX_LINE) if uid == os.getuid() else b""
            op = json.loads(line).get("op") if line else None
        except (ValueError, AttributeError, OSError):
            op = None
        if op == "attach" and self.client is None:
            assert self.parent.proc is not None and self.parent.proc.stdin and self.parent.proc.stdout
            lent = {"level": self.level, "home": self.parent.home, "pid": os.getpid(), "code": self.code}
            try:
                socket.send_fds(conn, [(json.dumps(lent) + "\n").encode()],
                                [self.parent.proc.stdin.fileno(), self.parent.proc.stdout.fileno()])
            except OSError:
                conn.close()
                return
            conn.settimeout(None)
            self.client = conn
            return
        with conn, contextlib.suppress(OSError):
            if op == "attach":
                conn.sendall(b'{"busy": true}\n')
            elif op in ("status", "stop"):
                conn.sendall((json.dumps(self.info()) + "\n").encode())
                self.stopping = op == "stop"

    def _settle(self) -> None:
        """After a client: end any run it left (a check killed mid-way) and drain what the zygote said."""
        assert self.parent.proc is not None and self.parent.proc.stdout is not None
        self.parent.signal(signal.SIGKILL, group=True)  # nothing when no harness runs
        out = self.parent.proc.stdout.fileno()
        while select.select([out], [], [], DRAIN_S)[0]:
            if not os.read(out, MAX_LINE):
                return  # EOF: the zygote is gone; serve() sees it

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self.listener is not None:
                self.listener.close()
                self.path.unlink()
        if self.client is not None:
            self.client.close()
        proc = self.parent.proc
        if proc is not None and proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()  # EOF: the zygote ends and kills what it started
            with contextlib.suppress(Exception):
                proc.wait(timeout=STOP_WAIT_S)
        self.parent.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.sandbox.warm_daemon")
    parser.add_argument("--level", default=isolation.PROCESS, choices=(isolation.PROCESS, isolation.BUBBLEWRAP))
    parser.add_argument("--idle-minutes", type=float, default=30.0)
    args = parser.parse_args(argv)
    where = make_folder()
    lock = open(where / f"{args.level}.lock", "w")  # noqa: SIM115 (held for the daemon's life)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(f"a warm daemon for {args.level} already runs", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    daemon = Daemon(args.level, args.idle_minutes * 60)
    try:
        if daemon.why:
            print(f"the warm-up failed: {daemon.why}", file=sys.stderr)
            return 1
        daemon.listen()
        print(f"warm daemon {os.getpid()} ready ({args.level}, warm-up {daemon.warmup_s:.1f} s)", flush=True)
        daemon.serve()
        return 0
    finally:
        daemon.close()


if __name__ == "__main__":
    sys.exit(main())
