"""What every `grader` subcommand shares: its record (name, help, example, options, handler), the exit
codes, the usage error and the options-to-limits translation."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from grader import scheme
from grader.sandbox.limits import Limits

EXIT_OK, EXIT_BELOW, EXIT_USAGE, EXIT_GRADER_FAILED = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a process ended by SIGPIPE


class UsageError(Exception):
    """Bad input from the person running the grader (not from the submission)."""


@dataclass(frozen=True)
class Command:
    """One subcommand: `arguments` adds its options to its parser, `run` does it and returns the exit code."""

    name: str
    help: str
    example: str  # shown by `grader --help` and by the subcommand's --help
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a subcommand without options."""


def syllabus_weeks(weeks: list[int]) -> None:
    """UsageError naming the first of `weeks` that is not a syllabus week."""
    for w in weeks:
        try:
            scheme.week(w)
        except KeyError as exc:
            raise UsageError(str(exc.args[0])) from None


def limits(args: argparse.Namespace) -> Limits:
    """A submission's limits from --timeout, --cell-timeout and --memory-mb."""
    return Limits(total_timeout=args.timeout,
                  cell_timeout=getattr(args, "cell_timeout", None) or min(120.0, args.timeout),
                  memory_bytes=args.memory_mb * 1024 * 1024)
