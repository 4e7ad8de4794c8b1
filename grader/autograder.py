"""`grader gradescope OUTDIR --week N`: a Gradescope autograder, and the run it does there.

`build` writes `autograder.zip`: `setup.sh` and `run_autograder` (grader/gradescope_files/),
`autograder.json` (week, visibility, limits) and `grader-src/`, this project's source tree,
which setup.sh installs with pip the way a course would. On Gradescope, `run_autograder` calls
`python -m grader.autograder --root /autograder`, i.e. `main` below: it grades the one notebook
or module in `<root>/submission/` on the public seed and on a fresh hidden seed, and writes
`<root>/results/results.json`. Every path hangs off the root, so a test can stand in for
/autograder with a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader.version import __version__

FILES = Path(__file__).resolve().parent / "gradescope_files"
SOURCE_PARTS = ("pyproject.toml", "README.md", "grader", "reference", "exercises")
SKIPPED = ("__pycache__", ".ipynb_checkpoints", "*.pyc")
SUBMISSION_SUFFIXES = (".ipynb", ".py")


@dataclass(frozen=True)
class Config:
    """What autograder.json holds: which week, how hidden results show, the submission's limits."""

    week: int
    visibility: str = "after_due_date"
    timeout: float = 300.0
    memory_mb: int = 4096
    grader_version: str = __version__

    def to_json(self) -> dict:
        return {"week": self.week, "visibility": self.visibility, "timeout": self.timeout,
                "memory_mb": self.memory_mb, "grader_version": self.grader_version}


def project_root() -> Path:
    """The course repository this grader runs from (its source is what the zip installs)."""
    root = Path(__file__).resolve().parents[1]
    if not (root / "pyproject.toml").is_file() or not (root / "reference").is_dir():
        raise FileNotFoundError(f"{root} is not the course repository (no pyproject.toml and reference/): "
                                "run `grader gradescope` from a checkout of the course repository")
    return root


def build(outdir: Path, config: Config) -> Path:
    """Write OUTDIR/autograder.zip; returns its path."""
    root = project_root()
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "autograder.zip"
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        for part in SOURCE_PARTS:
            src = root / part
            if src.is_dir():
                shutil.copytree(src, staging / "grader-src" / part, ignore=shutil.ignore_patterns(*SKIPPED))
            else:
                (staging / "grader-src").mkdir(exist_ok=True)
                shutil.copy2(src, staging / "grader-src" / part)
        (staging / "autograder.json").write_text(json.dumps(config.to_json(), indent=2) + "\n")
        tmp_zip = target.with_name(target.name + ".tmp")
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in ("setup.sh", "run_autograder"):  # at the zip's root, executable
                info = zipfile.ZipInfo(name)
                info.external_attr = 0o755 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, (FILES / name).read_bytes())
            for path in sorted(staging.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(staging).as_posix())
        tmp_zip.replace(target)
    return target


def find_submission(folder: Path) -> tuple[Path | None, str]:
    """The one notebook or module the student uploaded, or why there is none to grade."""
    found = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUBMISSION_SUFFIXES
                   and not any(part.startswith((".", "__MACOSX")) for part in p.relative_to(folder).parts))
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, ("No notebook (.ipynb) or Python module (.py) was found in your submission. "
                      "Upload your lab notebook, e.g. lab11_rnn_labs.ipynb.")
    names = ", ".join(p.relative_to(folder).as_posix() for p in found)
    return None, (f"Your submission holds {len(found)} notebooks/modules ({names}); the grader grades exactly one. "
                  "Upload only your lab notebook (or only your .py module) and submit again.")


def _model_tasks(week: int) -> dict[int, list[str]]:
    from grader.catalog import load_week

    return {week: [t.name for t in load_week(week).tasks if t.mode == "predict"]}


def run(root: Path) -> dict:
    """Grade <root>/submission/ per <root>/source/autograder.json; returns results.json's content."""
    from grader.grading import grade
    from grader.report.gradescope import autograder_results
    from grader.sandbox.limits import Limits

    started = time.monotonic()
    doc = json.loads((root / "source" / "autograder.json").read_text())
    config = Config(**{k: doc[k] for k in ("week", "visibility", "timeout", "memory_mb") if k in doc})
    submission, problem = find_submission(root / "submission")
    if submission is None:
        return {"score": 0.0, "execution_time": round(time.monotonic() - started, 1), "output": problem,
                "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden",
                "extra_data": {"grader_version": __version__, "week": config.week}, "tests": []}
    limits = Limits(total_timeout=config.timeout, cell_timeout=min(120.0, config.timeout),
                    memory_bytes=config.memory_mb * 1024 * 1024)
    public = grade(submission, [config.week], limits=limits, public=True)
    hidden = grade(submission, [config.week], limits=limits)
    return autograder_results(hidden, public, visibility=config.visibility, model_tasks=_model_tasks(config.week))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.autograder",
                                     description="Gradescope's run_autograder: grade <root>/submission/")
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    args = parser.parse_args(argv)
    results_dir = args.root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    try:
        results = run(args.root)
    except Exception as exc:  # the grader's own failure: say so on Gradescope instead of a blank result
        results = {"score": 0.0, "output": f"The autograder itself failed ({type(exc).__name__}: {exc}); this is "
                   "not your fault. Tell the course staff; they can rerun it.", "output_format": "text",
                   "visibility": "visible", "stdout_visibility": "hidden", "tests": []}
        print(f"run_autograder: {type(exc).__name__}: {exc}", file=sys.stderr)
    (results_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(results.get("output", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
