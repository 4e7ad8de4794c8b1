"""`grader` command line: check a submission, validate the course, release the student bundle.

Exit codes: 0 graded (whatever the score), 1 graded but below --fail-under, 2 usage error (bad
arguments, or an output folder, gradebook or disk the batch commands cannot use).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grader import __version__, scheme
from grader.sandbox.limits import Limits

EXIT_OK, EXIT_BELOW, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the person running the grader (not from the submission)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description="EI320A Deep Learning lab grader")
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="grade one notebook (.ipynb) or module (.py)")
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

    batch = sub.add_parser("grade", help="TAs: grade a class folder into a gradebook (parallel, resumable)")
    batch.add_argument("submissions", type=Path, help="folder: <student>/weekNN.ipynb or <student>_weekNN.ipynb")
    batch.add_argument("--out", type=Path, required=True, metavar="OUTDIR", help="gradebook and reports go here")
    batch.add_argument("--workers", type=int, default=2, help="parallel workers of the embedded cluster (default 2)")
    batch.add_argument("--cluster", metavar="ADDRESS", help="use a running Dask scheduler, e.g. tcp://host:8786")
    batch.add_argument("--regrade", action="store_true", help="grade again even what is unchanged")
    batch.add_argument("--week", type=int, action="append", help="only these weeks (repeatable)")
    batch.add_argument("--seed", type=int, default=None, help="one fixed hidden seed for all (default: fresh each)")
    batch.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS", help="per submission (default 600)")
    batch.add_argument("--cell-timeout", type=float, default=None, metavar="SECONDS",
                       help="limit per notebook cell (default: min(120, timeout))")
    batch.add_argument("--memory-mb", type=int, default=4096, help="per submission (default 4096)")
    batch.add_argument("--isolation", choices=("auto", "bubblewrap", "process"), default="auto")
    batch.add_argument("--wait", action="store_true",
                       help="another run is writing to OUTDIR: wait for it to finish instead of refusing")

    man = sub.add_parser("import-manual", help="TAs: import weeks graded by people from a CSV (student,week,points)")
    man.add_argument("csv", type=Path)
    man.add_argument("--out", type=Path, required=True, metavar="OUTDIR", help="the folder of `grader grade --out`")
    man.add_argument("--allow-new", action="store_true", help="accept students the gradebook does not know yet")

    val = sub.add_parser("validate", help="course maintainers/CI: every example earns its recorded score")
    val.add_argument("--examples", type=Path, default=None, help="examples folder (default: the bundled one)")
    val.add_argument("--week", type=int, action="append", help="only these weeks (repeatable)")

    rel = sub.add_parser("release", help="course maintainers: write the student bundle (no solutions) to OUTDIR")
    rel.add_argument("outdir", type=Path)
    rel.add_argument("--week", type=int, action="append", help="only these weeks (default: every automated lab)")

    sub.add_parser("doctor", help="what isolation this machine gives submissions, and how to get the strongest")

    sch = sub.add_parser("scheme", help="print the syllabus point scheme")
    sch.add_argument("--json", action="store_true", help="print as JSON")
    return parser


def _scheme_table(automated: set[int]) -> str:
    rows = [f"{'week':>4}  {'content':<52} {'graded item':<11} {'points':>6} {'total':>6}  graded by"]
    for w, total in scheme.running_totals():
        rows.append(f"{w.number:>4}  {w.content[:52]:<52} {w.kind.value:<11} {w.points:>6g} {total:>6g}  "
                    f"{scheme.graded_by(w, automated)}")
    rows.append(f"{'':>4}  {'total':<52} {'':<11} {scheme.TOTAL_POINTS:>6g}")
    return "\n".join(rows)


def _limits(args: argparse.Namespace) -> Limits:
    """A submission's limits from --timeout, --cell-timeout and --memory-mb."""
    return Limits(total_timeout=args.timeout,
                  cell_timeout=getattr(args, "cell_timeout", None) or min(120.0, args.timeout),
                  memory_bytes=args.memory_mb * 1024 * 1024)


def _check(args: argparse.Namespace) -> int:
    from grader.grading import grade
    from grader.report.text import render
    from grader.spec import available_weeks

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
        try:
            scheme.week(w)
        except KeyError as exc:
            raise UsageError(str(exc.args[0])) from None
        if w not in automated:
            raise UsageError(f"week {w} has no automated lab; weeks with one: {', '.join(map(str, automated))}")
    from grader.sandbox.isolation import IsolationUnavailable, choose

    try:
        choose(args.isolation)
    except IsolationUnavailable as exc:
        raise UsageError(f"--isolation {args.isolation} is not available here: {exc} (see `grader doctor`)") from None
    report = grade(args.path, sorted(set(args.week)), seed=args.seed, limits=_limits(args), public=args.public,
                   isolation=args.isolation)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(render(report, color=color))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.to_json(), indent=2))
    if args.junit:
        from grader.report.junit import to_junit

        args.junit.parent.mkdir(parents=True, exist_ok=True)
        args.junit.write_text(to_junit(report))
    if args.fail_under is not None and report.score < args.fail_under:
        print(f"score {report.score:.2f} is below --fail-under {args.fail_under:g}", file=sys.stderr)
        return EXIT_BELOW
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from grader.grading import grade
    from grader.validate import validate

    examples = args.examples or Path(__file__).resolve().parents[1] / "examples" / "submissions"
    if not any(examples.glob("week*/expected.json")):
        raise UsageError(f"no weekNN/expected.json in {examples}")
    diffs = list(validate(examples, set(args.week) if args.week else None, grade,
                          progress=lambda what: print(f"grading {what} ...", file=sys.stderr)))
    for diff in diffs:
        print(diff)
    print(f"validate: {len(diffs)} difference(s)" if diffs else "validate: everything agrees")
    return EXIT_BELOW if diffs else EXIT_OK


def _grade(args: argparse.Namespace) -> int:
    from grader.batch.run import BatchOptions, grade_class

    if not args.submissions.is_dir():
        raise UsageError(f"no such folder: {args.submissions}")
    if args.workers < 1 or args.timeout <= 0 or (args.cell_timeout is not None and args.cell_timeout <= 0):
        raise UsageError("--workers, --timeout and --cell-timeout must be positive")
    for w in args.week or []:
        try:
            scheme.week(w)
        except KeyError as exc:
            raise UsageError(str(exc.args[0])) from None
    options = BatchOptions(workers=args.workers, cluster=args.cluster, regrade=args.regrade, seed=args.seed,
                           limits=_limits(args), isolation=args.isolation,
                           weeks=frozenset(args.week) if args.week else None, wait=args.wait)
    summary = grade_class(args.submissions, args.out, options)
    print(summary.text())
    for name, path in summary.outputs.items():
        print(f"  {name}: {path}")
    return EXIT_OK


def _import_manual(args: argparse.Namespace) -> int:
    from grader.batch import lock
    from grader.batch.errors import output_folder, reported
    from grader.batch.manual import ManualImportError, parse_manual
    from grader.batch.outputs import write_outputs
    from grader.batch.run import GRADEBOOK
    from grader.batch.store import Gradebook

    if not args.csv.is_file():
        raise UsageError(f"no such file: {args.csv}")
    output_folder(args.out)
    with reported(args.out, args.out / GRADEBOOK), lock.exclusive(args.out, None, sys.stderr), \
            Gradebook(args.out / GRADEBOOK) as book:
        try:
            grades = parse_manual(args.csv, book.known_students(), allow_new=args.allow_new)
        except ManualImportError as exc:
            print(f"grader: {exc}", file=sys.stderr)
            return EXIT_USAGE
        book.import_manual(grades, source=str(args.csv))
        write_outputs(book, args.out)
    print(f"imported {len(grades)} grade(s) for {len({g.student for g in grades})} student(s); "
          f"gradebook rewritten in {args.out}")
    return EXIT_OK


def _release(args: argparse.Namespace) -> int:
    from grader.frozen import FreezeError
    from grader.release import build

    try:
        weeks = build(args.outdir, sorted(set(args.week)) if args.week else None)
    except (FileExistsError, FreezeError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    print(f"student bundle for week(s) {', '.join(map(str, weeks))} written to {args.outdir}")
    print(f"students install it with: pip install {args.outdir}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    from grader.batch.errors import OperatorError

    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "grade":
            return _grade(args)
        if args.command == "import-manual":
            return _import_manual(args)
        if args.command == "release":
            return _release(args)
        if args.command == "doctor":
            from grader.doctor import report

            text, code = report()
            print(text)
            return code
        if args.command == "scheme":
            from grader.spec import available_weeks

            automated = set(available_weeks())
            print(json.dumps(scheme.as_json(automated), indent=2) if args.json else _scheme_table(automated))
            return EXIT_OK
        return _check(args)
    except (UsageError, OperatorError) as exc:
        print(f"grader: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
