"""`grader` command line: check a submission, validate the course, release the student bundle.

Exit codes: 0 graded (whatever the score), 1 graded but below --fail-under, 2 usage error (bad
arguments, or an output folder, gradebook or disk the batch commands cannot use), 3 `check` could
not grade because the grader or its sandbox failed (not the submission: run it again).

A subcommand is a `Command` (grader/cli/command.py) defined in the module of its users; COMMANDS
below lists them in the order `grader --help` shows them. Adding one is a Command and a line here.
"""

from __future__ import annotations

import os
import sys

from grader.cli.check import CHECK, VALIDATE
from grader.cli.classes import EXPORT, GRADE, IMPORT_MANUAL, SIMILARITY
from grader.cli.command import EXIT_BROKEN_PIPE, EXIT_USAGE, Command, UsageError
from grader.cli.course import GRADESCOPE, NEW_LAB, RELEASE
from grader.cli.info import DOCTOR, SCHEME
from grader.cli.parser import Parser, build_parser
from grader.cli.warm import WARM

COMMANDS: tuple[Command, ...] = (CHECK, WARM, GRADE, EXPORT, IMPORT_MANUAL, SIMILARITY, VALIDATE, RELEASE, NEW_LAB,
                                 GRADESCOPE, DOCTOR, SCHEME)


def command_parser() -> Parser:
    """The `grader` parser with every command in COMMANDS."""
    return build_parser(COMMANDS)


def main(argv: list[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe shows up here for short, buffered output
        return code
    except BrokenPipeError:  # `grader scheme | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush cannot fail again
        return EXIT_BROKEN_PIPE


def _main(argv: list[str] | None) -> int:
    from grader.batch.errors import OperatorError

    args = command_parser().parse_args(argv)
    run = {c.name: c.run for c in COMMANDS}[args.command]
    try:
        return run(args)
    except (UsageError, OperatorError) as exc:
        print(f"grader: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
