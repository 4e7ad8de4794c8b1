"""Reading a submission (.ipynb or .py) into notebook cells, tolerating damage.

Runs inside the sandbox harness: the grader never parses student files itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

MAX_SUBMISSION_BYTES = 20 * 1024 * 1024
CELL_MARKER = re.compile(r"^# ?%%", re.MULTILINE)


@dataclass
class Loaded:
    """A notebook ready to run, or None with the reason it could not be read."""

    notebook: NotebookNode | None
    problems: list[str] = field(default_factory=list)


def _decode(raw: bytes, problems: list[str]) -> str:
    """UTF-8 text with an optional byte-order mark, as Python reads a source file."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            f"the file is not valid UTF-8 (byte {exc.start}); undecodable bytes were replaced"
        )
        return raw.decode("utf-8-sig", errors="replace")


def as_python_source(text: str) -> str:
    """Code as Python itself would read it: no byte-order mark, any line ending (CRLF, CR) as a newline."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def python_module_to_notebook(source: str) -> NotebookNode:
    """A .py module as cells: split at '# %%' markers (Jupytext/VS Code style), else one cell."""
    starts = [m.start() for m in CELL_MARKER.finditer(source)]
    chunks = [source] if not starts else [source[:starts[0]]] + [
        source[a:b] for a, b in zip(starts, [*starts[1:], len(source)], strict=True)
    ]
    cells = [
        _code_cell(c, i) for i, c in enumerate((c for c in chunks if c.strip()), start=1)
    ]
    return nbformat.v4.new_notebook(cells=cells)


NBFORMAT_MINORS_OF_TODAY = (4, 5)  # what Jupyter writes (4.4 and 4.5); older ones are compiled when met


def compile_validators() -> None:
    """Compile nbformat's schema validators for today's notebook versions now (~0.14 s each): the warm parent
    does it once, so a harness forked from it does not again for every submission."""
    for minor in NBFORMAT_MINORS_OF_TODAY:
        nbformat.validator.get_validator(version=4, version_minor=minor)


def _code_cell(source: str, position: int) -> nbformat.NotebookNode:
    """What nbformat.v4.new_code_cell makes, without validating each cell against the schema (~1 ms a cell):
    its fields are ours and always valid."""
    return nbformat.NotebookNode(id=nbformat.v4.nbbase.random_cell_id(), cell_type="code",
                                 metadata=nbformat.NotebookNode(grader_index=position), execution_count=None,
                                 source=source, outputs=[])


def load(path: Path) -> Loaded:
    problems: list[str] = []
    size = path.stat().st_size
    if size > MAX_SUBMISSION_BYTES:
        return Loaded(None, [f"the file is {size} bytes; submissions are limited to {MAX_SUBMISSION_BYTES}"])
    text = _decode(path.read_bytes(), problems)
    if path.suffix == ".py":
        return Loaded(python_module_to_notebook(as_python_source(text)), problems)
    try:
        nb = nbformat.reads(text, as_version=4)
    except nbformat.reader.NotJSONError:
        return Loaded(None, [*problems, "the notebook is not valid JSON (was it saved completely?)"])
    except Exception as exc:  # nbformat raises many kinds on odd versions and shapes
        return Loaded(None, [*problems, f"the notebook could not be read: {type(exc).__name__}: {exc}"[:500]])
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        problems.append(f"the notebook does not follow nbformat 4 ({exc.message[:200]}); running its code cells anyway")
    cells = []
    for position, cell in enumerate(nb.get("cells", []), start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(s) for s in source)
        cells.append(_code_cell(as_python_source(str(source)), position))
    return Loaded(nbformat.v4.new_notebook(cells=cells, metadata=nb.get("metadata", {})), problems)
