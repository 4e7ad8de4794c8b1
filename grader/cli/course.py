"""The course maintainers' subcommands that build what others install: `grader release` (the student
bundle, without solutions), `grader gradescope` (a Gradescope autograder.zip for one week) and
`grader new-lab` (a new week's files, scaffolded in the course repository)."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.cli.command import EXIT_OK, Command, UsageError, syllabus_weeks


def _release_arguments(rel: argparse.ArgumentParser) -> None:
    rel.add_argument("outdir", type=Path)
    rel.add_argument("--week", type=int, action="append", help="only these weeks (default: every automated lab)")


def _release(args: argparse.Namespace) -> int:
    from grader.catalog import NoSpecError, available_weeks
    from grader.freeze import FreezeError
    from grader.release import build

    for w in args.week or []:
        syllabus_weeks([w])
        if w not in available_weeks():
            raise UsageError(f"week {w} has no automated lab to release; weeks with one: "
                             f"{', '.join(map(str, available_weeks()))}")
    try:
        weeks = build(args.outdir, sorted(set(args.week)) if args.week else None)
    except (FileExistsError, FreezeError, ValueError, NoSpecError) as exc:
        raise UsageError(str(exc)) from None
    print(f"student bundle for week(s) {', '.join(map(str, weeks))} written to {args.outdir}")
    print(f"students install it with: pip install {args.outdir}")
    return EXIT_OK


def _new_lab_arguments(new: argparse.ArgumentParser) -> None:
    new.add_argument("week", type=int, help="the syllabus week (1-17), one without a lab yet")
    new.add_argument("title", help="the lab's title (also names the template, e.g. lab14_transformers.ipynb)")


def _new_lab(args: argparse.Namespace) -> int:
    from grader.newlab import main as new_lab

    return new_lab(args.week, args.title, Path(__file__).resolve().parents[2])


def _gradescope_arguments(gs: argparse.ArgumentParser) -> None:
    gs.add_argument("outdir", type=Path)
    gs.add_argument("--week", type=int, required=True, help="the syllabus week this Gradescope assignment grades")
    gs.add_argument("--hidden-visibility", default="after_due_date",
                    choices=("after_due_date", "after_published", "hidden", "visible"),
                    help="when students see the hidden-input tests (default after_due_date; public ones: at once)")
    gs.add_argument("--timeout", type=float, default=240.0, metavar="SECONDS",
                    help="per grading run; run_autograder grades twice (default 240)")
    gs.add_argument("--memory-mb", type=int, default=4096, help="per submission (default 4096)")


def _gradescope(args: argparse.Namespace) -> int:
    from grader.autograder import Config, build
    from grader.catalog import available_weeks

    if args.week not in available_weeks():
        raise UsageError(f"week {args.week} has no automated lab; weeks with one: "
                         f"{', '.join(map(str, available_weeks()))}")
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    try:
        path = build(args.outdir, Config(args.week, args.hidden_visibility, args.timeout, args.memory_mb))
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    print(f"{path}: Gradescope autograder for week {args.week} (hidden-input tests: {args.hidden_visibility})")
    print("upload it as the assignment's autograder (Ubuntu 22.04 or 24.04 base image); setup.sh reports the "
          "isolation level submissions get")
    return EXIT_OK


RELEASE = Command("release", "course maintainers: write the student bundle (no solutions) to OUTDIR",
                  "grader release bundle/ --week 11", _release_arguments, _release)
GRADESCOPE = Command("gradescope", "course staff: write a Gradescope autograder.zip for one week to OUTDIR",
                     "grader gradescope autograder/ --week 11 --hidden-visibility after_due_date",
                     _gradescope_arguments, _gradescope)
NEW_LAB = Command("new-lab", "course maintainers: scaffold a week's lab (spec, template, reference, examples); "
                  "see docs/adding-a-lab.md", 'grader new-lab 14 "Transformers"', _new_lab_arguments, _new_lab)
