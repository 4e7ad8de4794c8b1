"""Week 1 reference: a Python warm-up on lists, strings and dicts, in plain Python (no NumPy)."""

from __future__ import annotations

import string

PUNCTUATION = str.maketrans("", "", string.punctuation)


def running_total(numbers: list[float]) -> list[float]:
    """The cumulative sums: [1, 2, 3] -> [1, 3, 6]."""
    total, out = 0, []
    for value in numbers:
        total += value
        out.append(total)
    return out


def count_words(text: str) -> dict[str, int]:
    """How often each word occurs, words lower-cased and stripped of punctuation."""
    counts: dict[str, int] = {}
    for word in text.lower().translate(PUNCTUATION).split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def top_n(scores: dict[str, float], n: int) -> list[str]:
    """The n names with the highest scores, best first; equal scores in alphabetical order."""
    return [name for name, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:n]]


def is_palindrome(text: str) -> bool:
    """True when the letters and digits read the same both ways, ignoring case and the rest."""
    kept = [c.lower() for c in text if c.isalnum()]
    return kept == kept[::-1]


def merge_counts(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    """Two count dicts added key by key; a key missing from one counts as 0. Inputs unchanged."""
    merged = dict(a)
    for key, value in b.items():
        merged[key] = merged.get(key, 0) + value
    return merged
