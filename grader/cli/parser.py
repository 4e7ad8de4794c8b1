"""The `grader` argument parser: one subparser per Command, errors that name the subcommand, and
`--help` pages that end with an example and the exit codes."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterable

from grader.cli.command import EXIT_USAGE, Command
from grader.version import __version__

EXIT_CODES = """exit codes:
  0  done (for check: graded, whatever the score; a malformed submission included)
  1  graded but below --fail-under (check); differences found (validate); bubblewrap unavailable (doctor)
  2  usage error: a missing file, an unknown week or command, a bad option
  3  not graded: the grader itself failed (a reference or check raised, the sandbox did not start); rerun
  141  the output's reader went away (e.g. `grader scheme | head`)"""


class Parser(argparse.ArgumentParser):
    """argparse with errors that name the subcommand: its usage on a bad option, "did you mean" for a
    mistyped command or option, one error line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (usage: {self.short_usage()})\n")

    def short_usage(self) -> str:
        """'grader check path --week WEEK [options]; grader check --help': what is required, on one line."""
        if self.commands():
            return f"{self.prog} COMMAND [options]; {self.prog} --help"
        required = [a.metavar or a.dest for a in self._actions if not a.option_strings]
        required += [f"{a.option_strings[0]} {a.metavar or a.dest.upper()}" for a in self._actions
                     if a.option_strings and a.required]
        return f"{self.prog} {' '.join(map(str, required))} [options]; {self.prog} --help"

    def commands(self) -> dict[str, argparse.ArgumentParser]:
        """The subcommands' parsers by name ({} for a subcommand's own parser)."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        argv = list(sys.argv[1:] if args is None else args)
        commands = self.commands()
        first = next((a for a in argv if not a.startswith("-")), None)
        if commands and first is not None and first not in commands:
            close = difflib.get_close_matches(first, list(commands), n=1)
            self.error(f"unknown command {first!r}; " + (f"did you mean {close[0]!r}?" if close else
                                                          f"commands: {', '.join(commands)}"))
        parsed, extras = self.parse_known_args(argv, namespace)
        if extras:
            sub = commands.get(getattr(parsed, "command", None) or "", self)
            options = [o for a in sub._actions for o in a.option_strings]
            hints = [f"did you mean {m[0]!r}?" for e in extras if e.startswith("-")
                     if (m := difflib.get_close_matches(e.split("=")[0], options, n=1))]
            sub.error(f"unrecognized arguments: {' '.join(extras)}" + (f" ({'; '.join(hints)})" if hints else ""))
        return parsed


def build_parser(commands: Iterable[Command]) -> Parser:
    """`grader` with a subcommand per Command, in order; each subcommand's --help ends with its example and
    the exit codes, and `grader --help` with every example and the exit codes."""
    commands = list(commands)
    parser = Parser(prog="grader", description="EI320A Deep Learning lab grader",
                    formatter_class=argparse.RawDescriptionHelpFormatter,
                    epilog="examples:\n" + "\n".join(f"  {c.example}" for c in commands) + f"\n\n{EXIT_CODES}")
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in commands:
        command.arguments(sub.add_parser(command.name, help=command.help,
                                         epilog=f"example:\n  {command.example}\n\n{EXIT_CODES}",
                                         formatter_class=argparse.RawDescriptionHelpFormatter))
    return parser
