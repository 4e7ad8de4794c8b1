"""`grader doctor` (what isolation this machine gives) and `grader scheme` (the syllabus point scheme)."""

from __future__ import annotations

import argparse
import json

from grader import scheme
from grader.cli.command import EXIT_OK, Command, no_arguments


def _doctor(args: argparse.Namespace) -> int:
    from grader.doctor import report

    text, code = report()
    print(text)
    return code


def _scheme_arguments(sch: argparse.ArgumentParser) -> None:
    sch.add_argument("--json", action="store_true", help="print as JSON")


def _scheme_table(automated: set[int]) -> str:
    rows = [f"{'week':>4}  {'content':<52} {'graded item':<11} {'points':>6} {'total':>6}  graded by"]
    for w, total in scheme.running_totals():
        rows.append(f"{w.number:>4}  {w.content[:52]:<52} {w.kind.value:<11} {w.points:>6g} {total:>6g}  "
                    f"{scheme.graded_by(w, automated)}")
    rows.append(f"{'':>4}  {'total':<52} {'':<11} {scheme.TOTAL_POINTS:>6g}")
    return "\n".join(rows)


def _scheme(args: argparse.Namespace) -> int:
    from grader.catalog import available_weeks

    automated = set(available_weeks())
    print(json.dumps(scheme.as_json(automated), indent=2) if args.json else _scheme_table(automated))
    return EXIT_OK


DOCTOR = Command("doctor", "what isolation this machine gives submissions, and how to get the strongest",
                 "grader doctor", no_arguments, _doctor)
SCHEME = Command("scheme", "print the syllabus point scheme", "grader scheme --json", _scheme_arguments, _scheme)
