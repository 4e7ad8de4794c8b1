"""`grader release OUTDIR`: the student bundle, without solutions.

The bundle is an installable package holding the grader, each week's notebook template and
its public part frozen as data (see `grader.freeze` and `grader.frozen`). It leaves out `reference/`, the specs
(hidden-input generators, mistake models) and the example submissions (they include correct
answers). Its `grader check` and in-notebook `check` grade on the public seed and say so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from grader import freeze
from grader.catalog import available_weeks, load_week
from grader.plan import PUBLIC_SEED
from grader.version import __version__

KEPT_OUT = ("spec.py", "__pycache__")  # per-week files that never reach students

PYPROJECT = """[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "ei320a-labs"
version = "{version}"
description = "EI320A Deep Learning with Python: lab templates and the self-check (public inputs only)"
readme = "README.md"
requires-python = ">=3.11"
dependencies = [
{dependencies}
]

[project.scripts]
grader = "grader.cli:main"

[tool.setuptools.packages.find]
include = ["grader*", "exercises*"]

[tool.setuptools.package-data]
exercises = ["**/*.ipynb", "**/*.json", "**/*.npz", "**/*.csv", "**/*.txt"]
"""

GRADING_ONLY = ("dask", "jinja2", "cryptography")  # `grader grade` and its reports: not in a student bundle


def bundle_dependencies() -> list[str]:
    """The grader's own requirements (its installed metadata, i.e. pyproject.toml), less extras and what
    only class grading needs: the bundle can never drift from what the grader declares."""
    from importlib.metadata import requires
    from re import match

    kept = []
    for requirement in requires("ei320a-grader") or []:
        name = match(r"[A-Za-z0-9_.-]+", requirement)
        if "extra ==" in requirement or (name and name.group(0).lower() in GRADING_ONLY):
            continue
        kept.append(requirement)
    return kept


README = """# EI320A labs: templates and self-check

Install once (in the environment your Jupyter uses):

    pip install .

Each lab is a notebook in `exercises/weekNN/`. Copy it, fill in the functions, and check your
work while you go, in a notebook cell:

    from grader import check
    check("normalize")      # one task
    check.week(11)          # every task of the week
    check.hint("normalize") # the next hint, one level at a time

or from a terminal: `grader check my_lab.ipynb --week 11`.

This bundle knows only the **public** inputs (the course notes' examples and one public draw).
The course grades your submission on hidden inputs as well, with the same checks and messages,
so a solution that passes here because it matches the examples rather than the method can
still lose points. Weeks in this bundle: {weeks}.
"""


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def build(outdir: Path, weeks: list[int] | None = None, seed: int = PUBLIC_SEED) -> list[int]:
    """Write the bundle into `outdir` (which must not exist or be empty); returns the weeks in it."""
    import exercises
    import grader

    if outdir.exists() and any(outdir.iterdir()):
        raise FileExistsError(f"{outdir} is not empty; give a new folder")
    weeks = weeks or available_weeks()
    specs = [load_week(w) for w in weeks]
    if any(s.public_only for s in specs):
        raise ValueError("this is already a student bundle (public part only); release from the course repository")
    outdir.mkdir(parents=True, exist_ok=True)
    _copy_tree(Path(grader.__file__).parent, outdir / "grader")
    source = Path(exercises.__file__).parent
    (outdir / "exercises").mkdir()
    shutil.copy2(source / "__init__.py", outdir / "exercises" / "__init__.py")
    for spec in specs:
        src, dst = source / f"week{spec.week:02d}", outdir / "exercises" / f"week{spec.week:02d}"
        dst.mkdir()
        for entry in src.iterdir():
            if entry.name in KEPT_OUT or entry.suffix == ".pyc":
                continue
            (_copy_tree if entry.is_dir() else shutil.copy2)(entry, dst / entry.name)
        freeze.write_frozen(spec, seed, dst)
    listed = ",\n".join(f"    '{requirement}'" for requirement in bundle_dependencies())  # TOML literal strings
    (outdir / "pyproject.toml").write_text(PYPROJECT.format(version=__version__, dependencies=listed))
    (outdir / "README.md").write_text(README.format(weeks=", ".join(str(s.week) for s in specs)))
    return [s.week for s in specs]
