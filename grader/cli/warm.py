"""`grader warm start|stop|status` (students): a warm daemon that keeps the course's libraries imported
between `grader check` runs, so each check's kernel starts warm without paying the warm-up again
(grader/sandbox/warm_daemon.py). `check` uses it when one runs and never starts one itself."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from grader.cli.command import EXIT_GRADER_FAILED, EXIT_OK, Command, UsageError

START_TIMEOUT_S = 180.0  # the warm-up (READY_TIMEOUT_S) and the daemon's own start


def _warm_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("start", "stop", "status"))
    parser.add_argument("--isolation", choices=("auto", "bubblewrap", "process"), default="auto",
                        help="the level of the checks it serves (default: what `grader check` chooses)")
    parser.add_argument("--idle-minutes", type=float, default=30.0, metavar="MINUTES",
                        help="start: the daemon exits after this long without a check (default 30)")


def _describe(info: dict) -> str:
    return (f"warm daemon {info['pid']} ({info['level']}; warm-up took {info['warmup_s']:.1f} s; "
            f"exits after {info['idle_s'] / 60:g} min without a check)")


def _warm(args: argparse.Namespace) -> int:
    from grader.sandbox import warm_daemon
    from grader.sandbox.isolation import IsolationUnavailable, choose

    try:
        level = choose(args.isolation)
    except IsolationUnavailable as exc:
        raise UsageError(f"--isolation {args.isolation} is not available here: {exc} (see `grader doctor`)") from None
    if args.action == "status":
        info = warm_daemon.status(level)
        print(_describe(info) if info else f"no warm daemon runs for {level} (`grader warm start` starts one)")
        return EXIT_OK
    if args.action == "stop":
        info = warm_daemon.stop(level)
        print(f"stopped warm daemon {info['pid']}" if info else f"no warm daemon runs for {level}")
        return EXIT_OK
    if args.idle_minutes <= 0:
        raise UsageError("--idle-minutes must be positive")
    if info := warm_daemon.status(level):
        print(f"already running: {_describe(info)}")
        return EXIT_OK
    try:
        warm_daemon.make_folder()
    except OSError as exc:
        raise UsageError(f"cannot use the warm daemon's folder: {exc} (set GRADER_WARM_DIR to a folder of yours)") \
            from None
    log = warm_daemon.log_path(level)
    with log.open("ab") as out:
        daemon = subprocess.Popen([sys.executable, "-m", "grader.sandbox.warm_daemon", "--level", level,
                                   "--idle-minutes", str(args.idle_minutes)],
                                  stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True, cwd="/", env=dict(os.environ))
    end = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < end and daemon.poll() is None:
        if info := warm_daemon.status(level):
            print(f"started {_describe(info)}")
            daemon.returncode = 0  # it runs on, detached: nothing to wait for at our exit
            return EXIT_OK
        time.sleep(0.2)
    if daemon.poll() is None:
        daemon.kill()
    tail = log.read_text(errors="replace").strip().splitlines()[-3:]
    print(f"grader: the warm daemon did not start ({' / '.join(tail) or 'no message'}; log: {log})", file=sys.stderr)
    return EXIT_GRADER_FAILED


WARM = Command("warm", "students: keep a warm kernel between `grader check` runs (start|stop|status)",
               "grader warm start", _warm_arguments, _warm)
