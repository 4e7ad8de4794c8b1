"""A submission's code as normalised Python tokens, their k-gram hashes and winnowed fingerprints.

Normalising makes renamed variables, changed literals, comments and whitespace invisible: every
name a program chooses becomes `V`, numbers `N`, strings `S`; keywords, operators, builtins and
attribute names (the APIs called: `.fit`, `.mean`) stay, so independent solutions that happen to
use the same shapes of code do not look alike just because all names vanished. Winnowing
(Schleimer, Wilkerson, Aiken 2003) keeps the minimum hash of every window of `WINDOW` k-grams:
any match of at least K + WINDOW - 1 tokens shares a fingerprint, wherever it sits (reordered
functions included). Hashes are blake2b, so a run is reproducible (Python's `hash` is salted).
"""

from __future__ import annotations

import builtins
import hashlib
import io
import keyword
import tokenize
from dataclasses import dataclass
from pathlib import Path

from grader.sandbox.notebook import load

K = 16  # tokens per k-gram: shorter runs are idioms independent solutions share (measured: README)
WINDOW = 8  # k-grams per winnowing window: any common run of K + WINDOW - 1 = 23 tokens is seen
BUILTINS = frozenset(dir(builtins))
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
           tokenize.ENCODING, tokenize.ENDMARKER, tokenize.ERRORTOKEN}
FSTRING_PARTS = {getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
                 if hasattr(tokenize, n)}  # Python >= 3.12 splits f-strings


@dataclass(frozen=True)
class Token:
    """A normalised token and where it is: cell number (0-based among code cells), start and end (line, col)."""

    text: str
    cell: int
    start: tuple[int, int]
    end: tuple[int, int]


@dataclass(frozen=True)
class Source:
    """One submission's code cells, its normalised tokens and the notes on what could not be read."""

    cells: tuple[str, ...]
    tokens: tuple[Token, ...]
    notes: tuple[str, ...] = ()


def _normal(kind: int, text: str, previous: str) -> str | None:
    if kind in SKIPPED:
        return None
    if kind == tokenize.NAME:
        if keyword.iskeyword(text) or keyword.issoftkeyword(text) or text in BUILTINS or previous == ".":
            return text
        return "V"
    if kind == tokenize.NUMBER:
        return "N"
    if kind == tokenize.STRING or kind in FSTRING_PARTS:
        return "S"
    return text


def cell_tokens(source: str, cell: int) -> tuple[list[Token], str]:
    """The normalised tokens of one cell and a note when it does not tokenise to its end (kept up to there).

    IPython lines (`%matplotlib inline`, `!pip ...`) are skipped: they are no student's code."""
    lines = "".join(line if not line.lstrip().startswith(("%", "!")) else "\n"
                    for line in source.splitlines(keepends=True))
    out: list[Token] = []
    previous = ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(lines).readline):
            text = _normal(tok.type, tok.string, previous)
            if text is None:
                continue
            if text == "S" and out and out[-1].text == "S" and tok.type in FSTRING_PARTS:
                out[-1] = Token("S", cell, out[-1].start, tok.end)  # one f-string, one token
            else:
                out.append(Token(text, cell, tok.start, tok.end))
            previous = tok.string
    except (tokenize.TokenError, SyntaxError) as exc:
        return out, f"code cell {cell + 1} could not be read to its end ({type(exc).__name__}); compared up to there"
    return out, ""


def read_source(path: Path) -> Source:
    """A notebook's or module's code cells and tokens; an unreadable file is an empty Source with a note."""
    try:
        loaded = load(path)
    except OSError as exc:
        return Source((), (), (f"{path.name} could not be read: {exc.strerror or exc}",))
    if loaded.notebook is None:
        return Source((), (), tuple(f"{path.name}: {p}" for p in loaded.problems))
    cells = tuple(str(c.source) for c in loaded.notebook.cells)
    return from_cells(cells)


def from_cells(cells: tuple[str, ...]) -> Source:
    tokens: list[Token] = []
    notes = []
    for i, text in enumerate(cells):
        found, note = cell_tokens(text, i)
        tokens.extend(found)
        if note:
            notes.append(note)
    return Source(cells, tuple(tokens), tuple(notes))


def kgram_hashes(tokens: tuple[Token, ...], k: int | None = None) -> list[int | None]:
    """The hash of every run of k tokens within one cell, by the position of its first token; None where the
    run crosses into the next cell (so reordered cells match as well as reordered functions)."""
    k = k or K
    texts = [t.text for t in tokens]
    return [int.from_bytes(hashlib.blake2b("\x1f".join(texts[i:i + k]).encode(), digest_size=8).digest(), "big")
            if tokens[i].cell == tokens[i + k - 1].cell else None for i in range(len(texts) - k + 1)]


def winnow(hashes: list[int | None], window: int = WINDOW) -> set[int]:
    """The fingerprints: the minimum hash of every window of `window` consecutive k-grams of a cell."""
    picked: set[int] = set()
    run: list[int] = []
    for h in [*hashes, None]:
        if h is not None:
            run.append(h)
            continue
        if run:
            picked.update({min(run)} if len(run) <= window else
                          {min(run[i:i + window]) for i in range(len(run) - window + 1)})
        run = []
    return picked
