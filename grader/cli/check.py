"""`grader check` (students, CI: grade one submission) and `grader validate` (maintainers, CI: every
bundled example earns its recorded outcome)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from grader.cli.command import EXIT_BELOW, EXIT_GRADER_FAILED, EXIT_OK, Command, UsageError, limits, syllabus_weeks


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("path", type=Path)
    check.add_argument("--week", type=int, required=True, action="append",
                       help="syllabus week to grade (repeat for several)")
    check.add_argument("--json", type=Path, metavar="OUT", help="also write the report as JSON")
    check.add_argument("--junit", type=Path, metavar="OUT", help="also write JUnit XML (one testcase per task)")
    check.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                       help="wall-clock limit for the whole submission (default 600)")
    check.add_argument("--cell-timeout", type=float, default=None, metavar="SECONDS",
                       help="limit per notebook cell (default: min(120, timeout))")
    check.add_argument("--memory-mb", type=int, default=4096,
                       help="resident memory limit of the submission's processes (default 4096)")
    check.add_argument("--fail-under", type=float, default=None, metavar="SCORE",
                       help="exit 1 when the total score is below SCORE")
    seeds = check.add_mutually_exclusive_group()
    seeds.add_argument("--seed", type=int, default=None, help="fixed seed for hidden inputs (reproduce a run)")
    seeds.add_argument("--public", action="store_true", help="use the public self-check seed")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("--isolation", choices=("auto", "bubblewrap", "process"), default="auto",
                       help="sandbox level (default: the strongest this machine allows; see `grader doctor`)")
    check.add_argument("--warm", action=argparse.BooleanOptionalAction, default=None,
                       help="fork the kernel from an interpreter that has imported the course's libraries: "
                            "by default a running `grader warm start` daemon's if there is one (else a cold "
                            "kernel); --warm without a daemon pays a ~10 s warm-up itself; --no-warm: cold")


def _check(args: argparse.Namespace) -> int:
    from grader.catalog import available_weeks
    from grader.grading import grade
    from grader.report.text import render
    from grader.results import GRADER_PROBLEMS

    if not args.path.is_file():
        raise UsageError(f"no such file: {args.path}")
    if args.path.suffix.lower() not in (".ipynb", ".py"):
        raise UsageError(f"{args.path} is neither a notebook (.ipynb) nor a module (.py)")
    if args.path.is_symlink():
        print(f"note: {args.path} is a link to {args.path.resolve()}; grading that file", file=sys.stderr)
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    automated = available_weeks()  # found on disk: importing specs waits until the sandbox boots
    for w in args.week:
        syllabus_weeks([w])
        if w not in automated:
            raise UsageError(f"week {w} has no automated lab; weeks with one: {', '.join(map(str, automated))}")
    from grader.sandbox.isolation import IsolationUnavailable, choose

    try:
        choose(args.isolation)
    except IsolationUnavailable as exc:
        raise UsageError(f"--isolation {args.isolation} is not available here: {exc} (see `grader doctor`)") from None
    live = None
    if sys.stderr.isatty():  # a person watching: show the kernel start and the running cell; logs get nothing
        from grader.report.live import CheckProgress

        live = CheckProgress(sys.stderr, f"{args.path.name}, week {', '.join(map(str, sorted(set(args.week))))}")
        live.start()
    try:
        report = grade(args.path, sorted(set(args.week)), seed=args.seed, limits=limits(args),
                       public=args.public, isolation=args.isolation, progress=live,
                       warm={None: "auto", True: "daemon", False: False}[args.warm])
    finally:
        if live is not None:
            live.done()
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    print(render(report, color=color))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.to_json(), indent=2))
    if args.junit:
        from grader.report.junit import to_junit

        args.junit.parent.mkdir(parents=True, exist_ok=True)
        args.junit.write_text(to_junit(report))
    if report.outcome in GRADER_PROBLEMS:
        print(f"grader: {report.outcome.value}: the submission could not be graded because the grader itself "
              "failed (not the submission); run it again", file=sys.stderr)
        return EXIT_GRADER_FAILED
    if args.fail_under is not None and report.score < args.fail_under:
        print(f"score {report.score:.2f} is below --fail-under {args.fail_under:g}", file=sys.stderr)
        return EXIT_BELOW
    return EXIT_OK


def _validate_arguments(val: argparse.ArgumentParser) -> None:
    val.add_argument("--examples", type=Path, default=None, help="examples folder (default: the bundled one)")
    val.add_argument("--week", type=int, action="append", help="only these weeks (repeatable)")


def _validate(args: argparse.Namespace) -> int:
    from grader.grading import grade
    from grader.validate import validate

    examples = args.examples or Path(__file__).resolve().parents[2] / "examples" / "submissions"
    if not any(examples.glob("week*/expected.json")):
        raise UsageError(f"no weekNN/expected.json in {examples}")
    diffs = list(validate(examples, set(args.week) if args.week else None, grade,
                          progress=lambda what: print(f"grading {what} ...", file=sys.stderr)))
    for diff in diffs:
        print(diff)
    print(f"validate: {len(diffs)} difference(s)" if diffs else "validate: everything agrees")
    return EXIT_BELOW if diffs else EXIT_OK


CHECK = Command("check", "grade one notebook (.ipynb) or module (.py)",
                "grader check my_lab.ipynb --week 11 --json report.json", _check_arguments, _check)
VALIDATE = Command("validate", "course maintainers/CI: every example earns its recorded score",
                   "grader validate --week 11", _validate_arguments, _validate)
