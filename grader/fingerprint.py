"""A content fingerprint of how a week is graded: the gradebook's cache key, so no grade goes stale.

It hashes the files on disk that decide a week's grade: the week's spec module and every
`exercises.*` / `reference.*` module it imports (transitively, plus the modules its tasks'
`reference` strings name), all of `grader.checks`, the grader's planning and evaluation
modules, the sandbox agent, codec and describe (they decide what comes back), and the grader
version. In a student bundle the frozen `public.json` / `.npz` stand for the spec and the
references. Files are named by module, not by path, so the same tree installed anywhere (a
Dask worker, a copy) gives the same fingerprint; any edit to one of them gives another.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from grader.catalog import load_week
from grader.version import __version__

LENGTH = 16  # hex characters shown and stored
COURSE_PACKAGES = ("exercises", "reference")  # followed through imports: their code decides grades
GRADING_MODULES = (  # the grader's own part of grading, outside grader.checks
    "grader.spec", "grader.authoring", "grader.catalog", "grader.plan", "grader.grading", "grader.evaluate",
    "grader.results", "grader.hints", "grader.sandbox.agent", "grader.sandbox.codec", "grader.sandbox.describe",
    "grader.sandbox.model_keys", "grader.sandbox.protocol", "grader.sandbox.arguments", "grader.sandbox.forbidden",
)


def _origin(module: str) -> Path | None:
    """The source file of `module`, without importing it (its parent packages are imported)."""
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError, AttributeError):  # a parent that is not a package, a bad name
        return None
    if found is None or not found.origin or not found.has_location:
        return None
    return Path(found.origin)


def _imports(module: str, path: Path) -> set[str]:
    """The course modules `module`'s source imports (`from reference import ann` names reference.ann)."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = importlib.util.resolve_name("." * node.level + base, package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return {n for n in names if n.split(".")[0] in COURSE_PACKAGES}


def _course_files(roots: Iterable[str]) -> dict[str, Path]:
    """Each root module and every course module it imports, transitively: module name -> file."""
    found: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        module = todo.pop()
        if module in found:
            continue
        path = _origin(module)
        if path is None or path.suffix != ".py":  # `from reference.ann import f`: f is no module
            continue
        found[module] = path
        todo.extend(_imports(module, path))
        parent = module.rpartition(".")[0]
        if parent:  # a package's __init__ runs on import too
            todo.append(parent)
    return found


def _grading_files() -> dict[str, Path]:
    files = {m: p for m in GRADING_MODULES if (p := _origin(m)) is not None}
    checks = _origin("grader.checks")
    if checks is not None:
        for path in sorted(checks.parent.glob("*.py")):
            files["grader.checks" if path.stem == "__init__" else f"grader.checks.{path.stem}"] = path
    return files


def fingerprint_files(week: int) -> dict[str, Path]:
    """Every file the week's fingerprint covers, by the name it is hashed under."""
    spec = load_week(week)
    if spec.public_only:  # a student bundle: the frozen public part replaces spec and references
        folder = Path(str(resources.files("exercises").joinpath(f"week{week:02d}")))
        course = {f"exercises.week{week:02d}/{p.name}": p for p in sorted(folder.glob("public.*"))}
    else:
        roots = [f"exercises.week{week:02d}.spec"]
        roots += [t.reference.__module__ for t in spec.tasks if t.reference]
        course = _course_files(roots)
    return {**course, **_grading_files()}


@functools.cache
def spec_fingerprint(week: int) -> str:
    """The week's grading fingerprint (LENGTH hex characters); computed once per process."""
    h = hashlib.sha256(f"grader {__version__}\n".encode())
    for name, path in sorted(fingerprint_files(week).items()):
        content = path.read_bytes()
        h.update(f"{name} {len(content)}\n".encode())
        h.update(content)
    return h.hexdigest()[:LENGTH]
