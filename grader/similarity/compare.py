"""Pairs of submissions of one week whose code matches, with the share of matching code and where it is.

The week's template (what every student was given) never counts: its k-grams are removed from
both sides, and so are the tokens they cover, from the matches and from the code counted. The
share is symmetric: matching tokens of both submissions over the countable tokens of both. Winnowed
fingerprints (an inverted index) pick the candidate pairs; candidates are then measured on all
their k-grams, so the share and the highlighted regions are exact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from grader.similarity.fingerprint import K, Source, from_cells, kgram_hashes, read_source, winnow

THRESHOLD = 0.7  # share of matching code from which a pair is listed (measured margins: README)
MIN_MATCHED = 60  # matching tokens (both sides together) a listed pair needs: a shared idiom is not a pair


@dataclass(frozen=True)
class Region:
    """A run of matching code in one cell: from (line, col) to (line, col), lines 1-based as tokenize counts."""

    cell: int
    start: tuple[int, int]
    end: tuple[int, int]


@dataclass(frozen=True)
class Pair:
    """Two students' submissions of a week and how much of their code matches."""

    week: int
    a: str
    b: str
    share: float  # matching tokens of both over countable tokens of both (template left out)
    share_a: float
    share_b: float
    matched: int  # matching tokens, both sides together
    regions_a: tuple[Region, ...]
    regions_b: tuple[Region, ...]
    cells_a: tuple[str, ...] = ()  # the code cells, for the side-by-side page
    cells_b: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """A submission ready to compare: its tokens, k-gram hashes, which tokens are template, fingerprints."""

    student: str
    source: Source
    hashes: tuple[int | None, ...]  # None: a run of K tokens across two cells
    template: tuple[bool, ...]  # per token: covered by a k-gram of the template
    own: frozenset[int]  # k-gram hashes that are not the template's
    prints: frozenset[int]  # winnowed fingerprints that are not the template's
    countable: int  # tokens not covered by the template (short cells included): the code that is the student's


@dataclass(frozen=True)
class WeekSimilarity:
    """What comparing a week's submissions found: listed pairs (highest share first), the highest share of
    any pair that was measured (listed or not), how many pairs, and notes on files that could not be read."""

    week: int
    students: int
    pairs: tuple[Pair, ...]
    compared: int
    highest: float
    notes: tuple[str, ...]
    threshold: float = THRESHOLD


def template_hashes(week: int, exercises: Path | None = None) -> frozenset[int]:
    """Every k-gram hash of the week's template notebooks (exercises/weekNN/*.ipynb)."""
    root = exercises or Path(__file__).resolve().parents[2] / "exercises"
    found: set[int] = set()
    for path in sorted((root / f"week{week:02d}").glob("*.ipynb")):
        found.update(kgram_hashes(read_source(path).tokens))
    return frozenset(found - {None})


def prepare(student: str, source: Source, template: frozenset[int]) -> Prepared:
    hashes = kgram_hashes(source.tokens, K)
    covered = [False] * len(source.tokens)
    for i, h in enumerate(hashes):
        if h in template:
            covered[i:i + K] = [True] * K
    own = frozenset(h for h in hashes if h is not None and h not in template)
    return Prepared(student, source, tuple(hashes), tuple(covered), own, frozenset(winnow(hashes) - template),
                    len(covered) - sum(covered))


def _matched(p: Prepared, shared: frozenset[int]) -> list[bool]:
    mask = [False] * len(p.template)
    for i, h in enumerate(p.hashes):
        if h in shared:
            mask[i:i + K] = [True] * K
    return [m and not t for m, t in zip(mask, p.template, strict=True)]


def _regions(p: Prepared, mask: list[bool]) -> tuple[Region, ...]:
    """Runs of matching tokens, split where a cell ends."""
    out: list[Region] = []
    run: list[int] = []
    tokens = p.source.tokens
    for i, hit in enumerate([*mask, False]):
        if hit and (not run or tokens[i].cell == tokens[run[0]].cell):
            run.append(i)
            continue
        if run:
            out.append(Region(tokens[run[0]].cell, tokens[run[0]].start, tokens[run[-1]].end))
        run = [i] if hit else []
    return tuple(out)


def measure(week: int, a: Prepared, b: Prepared) -> Pair:
    shared = a.own & b.own
    mask_a, mask_b = _matched(a, shared), _matched(b, shared)
    hit_a, hit_b = sum(mask_a), sum(mask_b)
    total = a.countable + b.countable
    share = (hit_a + hit_b) / total if total else 0.0
    return Pair(week, a.student, b.student, share, hit_a / a.countable if a.countable else 0.0,
                hit_b / b.countable if b.countable else 0.0, hit_a + hit_b, _regions(a, mask_a), _regions(b, mask_b),
                a.source.cells, b.source.cells)


def candidates(prepared: list[Prepared], threshold: float) -> list[tuple[int, int]]:
    """Pairs (by index) sharing enough winnowed fingerprints to be worth measuring exactly."""
    index: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(prepared):
        for h in p.prints:
            index[h].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for owners in index.values():
        if len(owners) <= len(prepared) // 2 or len(prepared) < 6:  # a fingerprint half the class has is an idiom
            for pair in combinations(owners, 2):
                shared[pair] += 1
    out = []
    for (i, j), n in shared.items():
        smaller = min(len(prepared[i].prints), len(prepared[j].prints)) or 1
        if n / smaller >= threshold / 3:
            out.append((i, j))
    return sorted(out)


def compare_week(week: int, sources: dict[str, Source], template: frozenset[int], threshold: float = THRESHOLD,
                 notes: tuple[str, ...] = ()) -> WeekSimilarity:
    """Every pair of the week's submissions whose share of matching code reaches `threshold`."""
    prepared = [prepare(s, sources[s], template) for s in sorted(sources)]
    measured = [measure(week, prepared[i], prepared[j]) for i, j in candidates(prepared, threshold)]
    listed = sorted((p for p in measured if p.share >= threshold and p.matched >= MIN_MATCHED),
                    key=lambda p: (-p.share, p.a, p.b))
    n = len(prepared)
    return WeekSimilarity(week, n, tuple(listed), n * (n - 1) // 2, max((p.share for p in measured), default=0.0),
                          notes + tuple(f"{s}: {note}" for s in sorted(sources) for note in sources[s].notes),
                          threshold)


__all__ = ["THRESHOLD", "Pair", "Region", "WeekSimilarity", "compare_week", "from_cells", "template_hashes"]
