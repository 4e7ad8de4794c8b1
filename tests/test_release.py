"""`grader release`: the student bundle carries no solution, and it works on its own."""

from __future__ import annotations

import ast
import json
import site
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader import freeze
from grader.catalog import available_weeks, load_week
from grader.plan import PUBLIC_SEED
from grader.release import build
from grader.sandbox import codec

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "reference"
TEXT_SUFFIXES = {".py", ".ipynb", ".json", ".md", ".toml", ".txt", ".csv"}


def _solutions() -> set[tuple[str, str]]:
    """(reference module, function) of every graded task's reference solution."""
    found = set()
    for week in available_weeks():
        for task in load_week(week).tasks:
            if task.reference:
                found.add((task.reference.__module__.rpartition(".")[2], task.reference.__name__))
    return found


def _reference_functions() -> list[tuple[str, str, list[str]]]:
    """(module, name, distinctive body lines) of every reference solution of a graded task.

    Helpers the templates hand out on purpose (data generators, `sigmoid`) are not solutions."""
    solutions, found = _solutions(), []
    for path in sorted(REFERENCE.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and (path.stem, node.name) in solutions:
                body = node.body[1:] if ast.get_docstring(node) else node.body
                lines = {ln.strip() for stmt in body for ln in ast.unparse(stmt).splitlines()}
                code = [ln for ln in lines if not ln.startswith(("import ", "from "))]
                # short solutions (`return pad(sequences)`) have no 30-character line: their lines count whole
                distinctive = [ln for ln in code if len(ln) >= 30] or [ln for ln in code if len(ln) >= 12]
                assert distinctive, f"{path.stem}.{node.name}: nothing to look for in the bundle"
                found.append((path.stem, node.name, sorted(distinctive)))
    return found


def _is_stub(fn: ast.FunctionDef) -> bool:
    body = fn.body[1:] if ast.get_docstring(fn) else fn.body
    return all(isinstance(s, (ast.Pass, ast.Raise)) or
               (isinstance(s, ast.Return) and s.value is None) or
               (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in body)


def _python_sources(bundle: Path) -> list[tuple[Path, str]]:
    sources = [(p, p.read_text()) for p in bundle.rglob("*.py")]
    for nb in bundle.rglob("*.ipynb"):
        cells = json.loads(nb.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        sources.append((nb, "\n".join(ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!")))))
    return sources


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "bundle"
    assert build(out) == available_weeks()
    return out


def test_bundle_has_templates_and_frozen_public_parts_but_no_reference_specs_or_examples(bundle):
    assert not (bundle / "reference").exists() and not (bundle / "examples").exists()
    assert list((bundle / "exercises").rglob("spec.py")) == []
    for week in available_weeks():
        folder = bundle / "exercises" / f"week{week:02d}"
        assert (folder / load_week(week).template.split("/")[-1]).is_file()
        doc, arrays = codec.read_doc(folder / "public")
        assert codec.decode(doc["value"], arrays)["seed"] == PUBLIC_SEED  # the only seed there


def test_the_bundles_dependencies_are_the_graders_own_less_what_only_class_grading_needs(bundle):
    import tomllib
    from importlib.metadata import requires

    listed = tomllib.loads((bundle / "pyproject.toml").read_text())["project"]["dependencies"]
    runtime = [r for r in requires("ei320a-grader") if "extra ==" not in r]
    assert set(listed) <= set(runtime) and any(r.startswith("tensorflow") for r in listed)
    assert {r.split(">")[0].split("[")[0] for r in set(runtime) - set(listed)} == {"dask", "jinja2", "cryptography"}


def test_no_reference_function_body_appears_anywhere_in_the_bundle(bundle):
    texts = {p: p.read_text(errors="replace") for p in bundle.rglob("*") if p.suffix in TEXT_SUFFIXES}
    tasks = [t for w in available_weeks() for t in load_week(w).tasks]
    hints = [json.dumps(h)[1:-1] for t in tasks for h in (*t.hints, *(m.message for m in t.mistakes))]
    for path in texts:  # hints and mistake messages are shown to students who fail: public by design
        for hint in hints:
            texts[path] = texts[path].replace(hint, "")
    leaks = []
    for module, name, lines in _reference_functions():
        for path, text in texts.items():
            hits = [ln for ln in lines if ln in text]
            if len(hits) >= 2 or (lines and len(hits) == len(lines)):
                leaks.append(f"{module}.{name} in {path.relative_to(bundle)}: {hits[:2]}")
    assert leaks == []


def test_functions_named_like_graded_ones_are_stubs_in_the_bundle(bundle):
    """A graded function may be implemented only in a later week's template (week 10 hands out the
    `sigmoid` week 8 grades); release weeks as the course goes (`--week`) to keep even that back."""
    graded_in: dict[str, int] = {}
    for week in available_weeks():
        for task in load_week(week).tasks:
            names = [task.function] if task.mode == "call" else []
            names += [task.reference.__name__] if task.reference else []
            for name in names:
                graded_in[name] = min(graded_in.get(name, week), week)
    implemented = []
    for path, source in _python_sources(bundle):
        parts = path.relative_to(bundle).parts
        file_week = int(parts[1][4:]) if parts[0] == "exercises" and parts[1].startswith("week") else 0
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.FunctionDef) and node.name in graded_in and not _is_stub(node)
                    and file_week <= graded_in[node.name]):
                implemented.append(f"{node.name} (graded in week {graded_in[node.name]}) in {'/'.join(parts)}")
    assert implemented == []


def test_release_refuses_a_check_the_bundle_could_not_run():
    from functools import partial

    from grader.checks import check_array

    assert freeze.describe_check(partial(check_array, rtol=1e-3), "t")["keywords"] == {"rtol": 1e-3}
    with pytest.raises(freeze.FreezeError, match=r"not a function of grader\.checks"):
        freeze.describe_check(lambda a, e: check_array(a, e), "t")


def test_release_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        build(tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"


SELF_CHECK = textwrap.dedent('''
    import json, sys
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(sys.argv[1], as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import sys, json, importlib.util\\n"
        "from grader import check\\n"
        "r = check.week(10)\\n"
        "print('RESULT' + json.dumps({'prefix': sys.prefix, 'statuses': r.statuses,"
        " 'reference': importlib.util.find_spec('reference') is not None}))"))
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    print(next(ln for ln in text.splitlines() if ln.startswith("RESULT"))[6:])
''')


@pytest.mark.slow
def test_bundle_installed_in_a_fresh_venv_self_checks_a_correct_notebook_without_reference(bundle, tmp_path):
    venv = tmp_path / "student-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Offline stand-in for `pip install` of the heavy dependencies: the course venv's packages are
    # put on the path (a plain path entry: its editable `grader`/`reference` installs stay inactive).
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "course-deps.pth").write_text(site.getsitepackages()[0] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    str(bundle)], check=True, cwd=tmp_path, capture_output=True)

    no_reference = subprocess.run([str(python), "-c", "import reference"], capture_output=True, text=True,
                                  cwd=tmp_path)
    assert no_reference.returncode != 0 and "No module named 'reference'" in no_reference.stderr

    correct = ROOT / "examples" / "submissions" / "week10" / "correct.ipynb"
    out = subprocess.run([str(venv / "bin" / "grader"), "check", str(correct), "--week", "10",
                          "--isolation", "process"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "the public seed only" in out.stdout and "Total: 5 / 5" in out.stdout

    script = tmp_path / "self_check.py"
    script.write_text(SELF_CHECK)
    done = subprocess.run([str(python), str(script), str(correct)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(result["prefix"]) == venv and result["reference"] is False
    assert set(result["statuses"].values()) == {"passed"}
