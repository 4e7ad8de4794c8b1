"""`grader` command line: check a submission, validate the course, release the student bundle.

Exit codes: 0 graded (whatever the score), 1 graded but below --fail-under, 2 usage error (bad
arguments, or an output folder, gradebook or disk the batch commands cannot use), 3 `check` could
not grade because the grader or its sandbox failed (not the submission: run it again).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from pathlib import Path

from grader import __version__, scheme
from grader.sandbox.limits import Limits

EXIT_OK, EXIT_BELOW, EXIT_USAGE, EXIT_GRADER_FAILED = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a process ended by SIGPIPE


class UsageError(Exception):
    """Bad input from the person running the grader (not from the submission)."""


EXAMPLES = {  # one per subcommand, shown by `grader --help` and by the subcommand's --help
    "check": "grader check my_lab.ipynb --week 11 --json report.json",
    "grade": "grader grade class/ --out grades/ --workers 4 --week 11",
    "export": "grader export grades/ --lms moodle --roster roster.csv --moodle-id email --out moodle.csv",
    "import-manual": "grader import-manual presentations.csv --out grades/",
    "similarity": "grader similarity class/ --out similar/ --week 11",
    "validate": "grader validate --week 11",
    "release": "grader release bundle/ --week 11",
    "new-lab": 'grader new-lab 14 "Transformers"',
    "gradescope": "grader gradescope autograder/ --week 11 --hidden-visibility after_due_date",
    "doctor": "grader doctor",
    "scheme": "grader scheme --json",
}
EXIT_CODES = """exit codes:
  0  done (for check: graded, whatever the score; a malformed submission included)
  1  graded but below --fail-under (check); differences found (validate); bubblewrap unavailable (doctor)
  2  usage error: a missing file, an unknown week or command, a bad option
  3  not graded: the grader itself failed (a reference or check raised, the sandbox did not start); rerun
  141  the output's reader went away (e.g. `grader scheme | head`)"""


class _Parser(argparse.ArgumentParser):
    """argparse with errors that name the subcommand: its usage on a bad option, "did you mean" for a
    mistyped command or option, one error line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (usage: {self.short_usage()})\n")

    def short_usage(self) -> str:
        """'grader check path --week WEEK [options]; grader check --help': what is required, on one line."""
        if self._commands():
            return f"{self.prog} COMMAND [options]; {self.prog} --help"
        required = [a.metavar or a.dest for a in self._actions if not a.option_strings]
        required += [f"{a.option_strings[0]} {a.metavar or a.dest.upper()}" for a in self._actions
                     if a.option_strings and a.required]
        return f"{self.prog} {' '.join(map(str, required))} [options]; {self.prog} --help"

    def _commands(self) -> dict[str, argparse.ArgumentParser]:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        argv = list(sys.argv[1:] if args is None else args)
        commands = self._commands()
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


def _with_examples(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Exit codes and one example per subcommand in `grader --help`; each subcommand's example in its own."""
    commands = parser._commands()
    for name, sub in commands.items():
        if name in EXAMPLES:
            sub.epilog = f"example:\n  {EXAMPLES[name]}\n\n{EXIT_CODES}"
            sub.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = ("examples:\n" + "\n".join(f"  {EXAMPLES[n]}" for n in commands if n in EXAMPLES)
                     + f"\n\n{EXIT_CODES}")
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="grader", description="EI320A Deep Learning lab grader")
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
    check.add_argument("--warm", action=argparse.BooleanOptionalAction, default=False,
                       help="fork the kernel from an interpreter that has imported the course's libraries "
                            "(process isolation only; default off)")

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
    batch.add_argument("--warm", action=argparse.BooleanOptionalAction, default=False,
                       help="one warm parent per worker forks every kernel (process isolation only; default off)")
    batch.add_argument("--wait", action="store_true",
                       help="another run is writing to OUTDIR: wait for it to finish instead of refusing")
    batch.add_argument("--roster", type=Path, metavar="CSV",
                       help="folder,name,canvas_id,sis_user_id,login_id,email,section: LMS identities for lms.csv")

    exp = sub.add_parser("export", help="TAs: a grade file Canvas or Moodle imports as is, from a `grade --out` folder")
    exp.add_argument("grades", type=Path, metavar="GRADES_DIR", help="the folder of `grader grade --out`")
    exp.add_argument("--lms", choices=("canvas", "moodle"), required=True)
    exp.add_argument("--roster", type=Path, metavar="CSV",
                     help="default: GRADES_DIR/roster.csv when `grade --roster` left one there")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE", help="the CSV to write")
    exp.add_argument("--moodle-id", choices=("email", "idnumber", "username"), default="email",
                     help="the Moodle user field the identity column holds (default email)")
    exp.add_argument("--canvas-assignment", action="append", default=[], metavar="WEEK=ID",
                     help="Canvas assignment id of a week (from Canvas's own export header 'Name (ID)'); repeatable")

    man = sub.add_parser("import-manual", help="TAs: import weeks graded by people from a CSV (student,week,points)")
    man.add_argument("csv", type=Path)
    man.add_argument("--out", type=Path, required=True, metavar="OUTDIR", help="the folder of `grader grade --out`")
    man.add_argument("--allow-new", action="store_true", help="accept students the gradebook does not know yet")

    sim = sub.add_parser("similarity", help="TAs: pairs of students whose code is similar enough to look at (local)")
    sim.add_argument("submissions", type=Path, help="the class folder, laid out as for `grader grade`")
    sim.add_argument("--out", type=Path, required=True, metavar="OUTDIR", help="similarity.html and pair pages go here")
    sim.add_argument("--week", type=int, action="append", help="only these weeks (repeatable)")
    sim.add_argument("--threshold", type=float, default=None, metavar="SHARE",
                     help="share of matching code (0-1) from which a pair is listed (default 0.7)")

    val = sub.add_parser("validate", help="course maintainers/CI: every example earns its recorded score")
    val.add_argument("--examples", type=Path, default=None, help="examples folder (default: the bundled one)")
    val.add_argument("--week", type=int, action="append", help="only these weeks (repeatable)")

    new = sub.add_parser("new-lab", help="course maintainers: scaffold a week's lab (spec, template, reference, "
                                         "examples); see docs/adding-a-lab.md")
    new.add_argument("week", type=int, help="the syllabus week (1-17), one without a lab yet")
    new.add_argument("title", help="the lab's title (also names the template, e.g. lab14_transformers.ipynb)")

    rel = sub.add_parser("release", help="course maintainers: write the student bundle (no solutions) to OUTDIR")
    rel.add_argument("outdir", type=Path)
    rel.add_argument("--week", type=int, action="append", help="only these weeks (default: every automated lab)")

    gs = sub.add_parser("gradescope", help="course staff: write a Gradescope autograder.zip for one week to OUTDIR")
    gs.add_argument("outdir", type=Path)
    gs.add_argument("--week", type=int, required=True, help="the syllabus week this Gradescope assignment grades")
    gs.add_argument("--hidden-visibility", default="after_due_date",
                    choices=("after_due_date", "after_published", "hidden", "visible"),
                    help="when students see the hidden-input tests (default after_due_date; public ones: at once)")
    gs.add_argument("--timeout", type=float, default=240.0, metavar="SECONDS",
                    help="per grading run; run_autograder grades twice (default 240)")
    gs.add_argument("--memory-mb", type=int, default=4096, help="per submission (default 4096)")

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
    from grader.results import GRADER_PROBLEMS
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
    live = None
    if sys.stderr.isatty():  # a person watching: show the kernel start and the running cell; logs get nothing
        from grader.report.live import CheckProgress

        live = CheckProgress(sys.stderr, f"{args.path.name}, week {', '.join(map(str, sorted(set(args.week))))}")
        live.start()
    try:
        report = grade(args.path, sorted(set(args.week)), seed=args.seed, limits=_limits(args),
                       public=args.public, isolation=args.isolation, progress=live, warm=args.warm)
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
    if args.roster is not None:
        _keep_roster(args.roster, args.out)
    options = BatchOptions(workers=args.workers, cluster=args.cluster, regrade=args.regrade, seed=args.seed,
                           limits=_limits(args), isolation=args.isolation, warm=args.warm,
                           weeks=frozenset(args.week) if args.week else None, wait=args.wait)
    summary = grade_class(args.submissions, args.out, options)
    print(summary.text())
    for name, path in summary.outputs.items():
        print(f"  {name}: {path}")
    _report_unrostered(args.out)
    return EXIT_OK


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
    from grader.spec import NoSpecError, available_weeks

    for w in args.week or []:
        try:
            scheme.week(w)
        except KeyError as exc:
            raise UsageError(str(exc.args[0])) from None
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


def _gradescope(args: argparse.Namespace) -> int:
    from grader.autograder import Config, build
    from grader.spec import available_weeks

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

    parser = _with_examples(_parser())
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
        if args.command == "new-lab":
            from grader.newlab import main as new_lab

            return new_lab(args.week, args.title, Path(__file__).resolve().parents[1])
        if args.command == "gradescope":
            return _gradescope(args)
        if args.command == "export":
            return _export(args)
        if args.command == "similarity":
            return _similarity(args)
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
