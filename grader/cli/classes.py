"""The TAs' subcommands on a whole class: `grader grade` (into a resumable gradebook), `grader export`
(a grade file for Canvas or Moodle), `grader import-manual` (weeks graded by people) and
`grader similarity` (pairs of submissions worth a look)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.cli.command import EXIT_OK, EXIT_USAGE, Command, UsageError, limits, syllabus_weeks


def _grade_arguments(batch: argparse.ArgumentParser) -> None:
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
    batch.add_argument("--warm", action=argparse.BooleanOptionalAction, default=None,
                       help="fork every kernel from a warm parent per worker, libraries imported once "
                            "(default: when there are at least 8 submissions per worker to grade)")
    batch.add_argument("--wait", action="store_true",
                       help="another run is writing to OUTDIR: wait for it to finish instead of refusing")
    batch.add_argument("--roster", type=Path, metavar="CSV",
                       help="folder,name,canvas_id,sis_user_id,login_id,email,section: LMS identities for lms.csv")


def _grade(args: argparse.Namespace) -> int:
    from grader.batch.run import BatchOptions, grade_class

    if not args.submissions.is_dir():
        raise UsageError(f"no such folder: {args.submissions}")
    if args.workers < 1 or args.timeout <= 0 or (args.cell_timeout is not None and args.cell_timeout <= 0):
        raise UsageError("--workers, --timeout and --cell-timeout must be positive")
    syllabus_weeks(args.week or [])
    if args.roster is not None:
        _keep_roster(args.roster, args.out)
    options = BatchOptions(workers=args.workers, cluster=args.cluster, regrade=args.regrade, seed=args.seed,
                           limits=limits(args), isolation=args.isolation, warm=args.warm,
                           weeks=frozenset(args.week) if args.week else None, wait=args.wait)
    summary = grade_class(args.submissions, args.out, options)
    print(summary.text())
    for name, path in summary.outputs.items():
        print(f"  {name}: {path}")
    _report_unrostered(args.out)
    return EXIT_OK


def _keep_roster(roster: Path, outdir: Path) -> None:
    """Check a roster before grading and keep a copy in OUTDIR, where every rebuild of lms.csv reads it."""
    from grader.batch.outputs import ROSTER
    from grader.report.lms import RosterError, parse_roster

    if not roster.is_file():
        raise UsageError(f"no such file: {roster}")
    try:
        parse_roster(roster)
    except RosterError as exc:
        raise UsageError(str(exc)) from None
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / ROSTER).write_bytes(roster.read_bytes())


def _report_unrostered(outdir: Path) -> None:
    """Graded students lms.csv leaves out (their folder is not in the roster): said, never silent."""
    import csv

    path = outdir / "unrostered.csv"
    left = list(csv.reader(path.open(encoding="utf-8")))[1:] if path.is_file() else []
    if left:
        print(f"grader: {len(left)} graded student(s) are not in the roster, so not in lms.csv "
              f"(listed in {path}): {', '.join(row[0] for row in left)}", file=sys.stderr)


def _export_arguments(exp: argparse.ArgumentParser) -> None:
    exp.add_argument("grades", type=Path, metavar="GRADES_DIR", help="the folder of `grader grade --out`")
    exp.add_argument("--lms", choices=("canvas", "moodle"), required=True)
    exp.add_argument("--roster", type=Path, metavar="CSV",
                     help="default: GRADES_DIR/roster.csv when `grade --roster` left one there")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE", help="the CSV to write")
    exp.add_argument("--moodle-id", choices=("email", "idnumber", "username"), default="email",
                     help="the Moodle user field the identity column holds (default email)")
    exp.add_argument("--canvas-assignment", action="append", default=[], metavar="WEEK=ID",
                     help="Canvas assignment id of a week (from Canvas's own export header 'Name (ID)'); repeatable")


def _export(args: argparse.Namespace) -> int:
    from grader.batch.outputs import ROSTER, gradebook_rows
    from grader.batch.run import GRADEBOOK
    from grader.batch.store import Gradebook
    from grader.report.lms import RosterError, left_out_csv, parse_roster, to_canvas, to_moodle

    if not (args.grades / GRADEBOOK).is_file():
        raise UsageError(f"no gradebook in {args.grades} (expected {args.grades / GRADEBOOK} from `grader grade`)")
    roster_path = args.roster or (args.grades / ROSTER if (args.grades / ROSTER).is_file() else None)
    if roster_path is not None and not roster_path.is_file():
        raise UsageError(f"no such file: {roster_path}")
    ids = {}
    for item in args.canvas_assignment:
        week, _, ident = item.partition("=")
        if not (week.strip().isdigit() and ident.strip().isdigit()):
            raise UsageError(f"--canvas-assignment takes WEEK=ID with two numbers, e.g. 11=1234; got {item!r}")
        ids[int(week)] = ident.strip()
    try:
        roster = parse_roster(roster_path) if roster_path else None
    except RosterError as exc:
        raise UsageError(str(exc)) from None
    with Gradebook(args.grades / GRADEBOOK) as book:
        rows = gradebook_rows(book)
    text, left = to_canvas(rows, roster, ids) if args.lms == "canvas" else to_moodle(rows, roster, args.moodle_id)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {args.lms} grade import, {len(text.splitlines()) - 1} student row(s)"
          + ("" if roster else " (no roster: folder names stand as the LMS identity)"))
    if left:
        left_path = args.out.with_name(args.out.stem + ".left_out.csv")
        left_path.write_text(left_out_csv(left), encoding="utf-8")
        print(f"grader: {len(left)} graded student(s) are NOT in {args.out} (listed in {left_path}):", file=sys.stderr)
        for folder, why in left:
            print(f"  {folder}: {why}", file=sys.stderr)
    return EXIT_OK


def _import_manual_arguments(man: argparse.ArgumentParser) -> None:
    man.add_argument("csv", type=Path)
    man.add_argument("--out", type=Path, required=True, metavar="OUTDIR", help="the folder of `grader grade --out`")
    man.add_argument("--allow-new", action="store_true", help="accept students the gradebook does not know yet")


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


def _similarity_arguments(sim: argparse.ArgumentParser) -> None:
    sim.add_argument("submissions", type=Path, help="the class folder, laid out as for `grader grade`")
    sim.add_argument("--out", type=Path, required=True, metavar="OUTDIR", help="similarity.html and pair pages go here")
    sim.add_argument("--week", type=int, action="append", help="only these weeks (repeatable)")
    sim.add_argument("--threshold", type=float, default=None, metavar="SHARE",
                     help="share of matching code (0-1) from which a pair is listed (default 0.7)")


def _similarity(args: argparse.Namespace) -> int:
    from grader.similarity.compare import THRESHOLD
    from grader.similarity.run import class_similarity, write_pages

    if not args.submissions.is_dir():
        raise UsageError(f"no such folder: {args.submissions}")
    threshold = THRESHOLD if args.threshold is None else args.threshold
    if not 0 < threshold <= 1:
        raise UsageError("--threshold is a share of matching code between 0 and 1, e.g. 0.7")
    results = class_similarity(args.submissions, set(args.week) if args.week else None, threshold)
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file, not a folder")
    index = write_pages(results, args.out)
    for w in results:
        print(f"week {w.week}: {w.students} submissions, {len(w.pairs)} pair(s) similar enough to look at"
              + "".join(f"\n  {p.a} and {p.b}: {round(100 * p.share)}% of the code matches" for p in w.pairs))
    print(f"report: {index}")
    return EXIT_OK


GRADE = Command("grade", "TAs: grade a class folder into a gradebook (parallel, resumable)",
                "grader grade class/ --out grades/ --workers 4 --week 11", _grade_arguments, _grade)
EXPORT = Command("export", "TAs: a grade file Canvas or Moodle imports as is, from a `grade --out` folder",
                 "grader export grades/ --lms moodle --roster roster.csv --moodle-id email --out moodle.csv",
                 _export_arguments, _export)
IMPORT_MANUAL = Command("import-manual", "TAs: import weeks graded by people from a CSV (student,week,points)",
                        "grader import-manual presentations.csv --out grades/", _import_manual_arguments,
                        _import_manual)
SIMILARITY = Command("similarity", "TAs: pairs of students whose code is similar enough to look at (local)",
                     "grader similarity class/ --out similar/ --week 11", _similarity_arguments, _similarity)
