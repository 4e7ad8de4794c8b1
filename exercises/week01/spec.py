"""Week 1 grading specification: a Python warm-up on lists, strings and dicts (homework).

Each function is called on the example from the lab's text and on hidden inputs drawn per
run, and compared with `reference.python_warmup`. Known slips (sums that skip the current
value, counting 'The' and 'the' apart, ties in the wrong order, a merge that overwrites
instead of adding) are named in the message.
"""

from __future__ import annotations

import re
import string

import numpy as np

from grader.checks import check_array, check_equal
from grader.checks.mappings import check_dict
from grader.spec import Case, FunctionTask, Mistake, WeekSpec
from reference import python_warmup
from reference.python_warmup import top_n as ref_top_n

WORDS = ("the", "cat", "sat", "on", "mat", "a", "dog", "ran", "to", "park", "and", "hat", "big", "red")
NAMES = ("ana", "ben", "cy", "dee", "eli", "fay", "gus", "hal", "ivy", "jo", "kim", "lea")
# words with punctuation inside: the statement separates words by whitespace only, so "don't" is one word, "dont"
INNER_PUNCTUATION = ("don't", "it's", "cat's", "dog's", "can't", "well-read")
FRUITS = ("apples", "pears", "plums", "figs", "kiwis", "limes", "dates")


# -- hidden inputs -----------------------------------------------------------------------
def _total_cases(rng: np.random.Generator) -> list[Case]:
    ints = [int(v) for v in rng.integers(-20, 50, size=int(rng.integers(5, 12)))]
    ints[int(rng.integers(1, len(ints)))] = int(rng.integers(-20, 0))  # always a negative value, never first
    floats = [float(v) for v in np.round(rng.uniform(-5, 5, size=int(rng.integers(4, 9))), 2)]
    return [Case(([1, 2, 3, 4],), label="[1, 2, 3, 4]", public=True),
            Case((ints,), label=f"hidden integers ({len(ints)} values, some negative)"),
            Case((floats,), label=f"hidden floats ({len(floats)} values)"),
            Case(([],), label="an empty list")]


def _sentence(rng: np.random.Generator) -> str:
    words = [str(w) for w in rng.choice(WORDS, size=int(rng.integers(8, 20)))]
    words[int(rng.integers(1, len(words)))] = str(rng.choice(INNER_PUNCTUATION))  # in every hidden sentence
    words[0] = words[0].capitalize()
    for i in rng.choice(len(words), size=3, replace=False):  # capitals and punctuation mid-text
        words[i] = words[i].upper() if rng.random() < 0.3 else words[i].capitalize()
    for i in rng.choice(len(words) - 1, size=3, replace=False):
        words[i] += str(rng.choice(list(",;:!?")))
    text = " ".join(words) + "."
    cut = text.index(" ", len(text) // 2)  # words apart by more than one space: "count each word"
    return text[:cut] + str(rng.choice(["  ", "   ", " \n"])) + text[cut + 1:]


def _words_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(("The cat and the hat.",), label="'The cat and the hat.'", public=True)]
    for i in range(2):
        text = _sentence(rng)
        cases.append(Case((text,), label=f"hidden sentence {i + 1} ({len(text.split())} words, capitals, "
                                          "punctuation inside and after words, repeated spaces)"))
    return cases


def _scores(rng: np.random.Generator, tie_listed_reversed: bool = True) -> dict[str, int]:
    """Names with scores and a tie at the top, listed against alphabetical order (insertion order and
    reverse=True both get it wrong) or along it (only reverse=True does: the two mistakes differ)."""
    names = [str(n) for n in rng.choice(NAMES, size=int(rng.integers(5, 10)), replace=False)]
    values = [int(v) for v in rng.integers(50, 100, size=len(names))]
    values[1] = values[0] = max(values)
    names[:2] = sorted(names[:2], reverse=tie_listed_reversed)
    return dict(zip(names, values, strict=True))


def _top_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(({"dee": 60, "cy": 90, "ben": 75, "ana": 90}, 2), label="{'dee': 60, 'cy': 90, 'ben': 75, "
                  "'ana': 90} with n=2", public=True)]
    for i, tie_listed_reversed in enumerate((True, False)):
        scores = _scores(rng, tie_listed_reversed)
        n = int(rng.integers(3, len(scores)))  # never the public n=2: an n that is ignored shows on every draw
        cases.append(Case((scores, n), label=f"hidden scores {i + 1} ({len(scores)} names, ties, n={n})"))
    return cases


ALNUM = list("abcdeflmnorstu0123456789")


def _palindrome(rng: np.random.Generator, keep: bool) -> str:
    """A palindrome of letters and digits (a digit always among them, a capital letter always
    facing its lower-case mirror), with spaces and punctuation sprinkled in; `keep=False` breaks it
    at the first character."""
    letters = [str(c) for c in rng.choice(ALNUM[:14], size=int(rng.integers(3, 7)))]
    letters[int(rng.integers(len(letters)))] = str(rng.choice(ALNUM[14:]))
    chars = letters + ([str(rng.choice(letters))] if rng.random() < 0.5 else []) + letters[::-1]
    if not keep:
        chars[0] = "x" if chars[0] != "x" else "y"
    upper = next(i for i, c in enumerate(chars) if c.isalpha() and i < len(chars) // 2)
    text = []
    for i, c in enumerate(chars):
        text.append(c.upper() if i == upper or (i < len(chars) - 1 - upper and rng.random() < 0.4) else c)
        if i == 0:  # punctuation that only isalnum() removes
            text.append(str(rng.choice([", ", "! ", "'"])))
        elif rng.random() < 0.3:
            text.append(str(rng.choice([" ", ", ", "! ", "'"])))
    return "".join(text)


def _digit_breaks(rng: np.random.Generator) -> str:
    """Letters that read the same both ways, but two digits that do not: not a palindrome."""
    letters = [str(c) for c in rng.choice(ALNUM[:14], size=int(rng.integers(2, 5)))]
    a, b = (str(d) for d in rng.choice(ALNUM[14:], size=2, replace=False))
    return " ".join(["".join(letters).capitalize() + a, "".join(letters[::-1]) + b + "!"])


def _palindrome_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(("A man, a plan, a canal: Panama",), label="'A man, a plan, a canal: Panama'", public=True),
            Case(("Hello, world",), label="'Hello, world'", public=True),
            Case((_palindrome(rng, True),), label="a hidden palindrome with digits, capitals, spaces and "
                                                 "punctuation"),
            Case((_palindrome(rng, False),), label="a hidden phrase that is almost a palindrome"),
            Case((_digit_breaks(rng),), label="hidden letters that read the same both ways around digits that "
                                               "do not")]


def _counts(rng: np.random.Generator, keys: list[str]) -> dict[str, int]:
    return {k: int(v) for k, v in zip(keys, rng.integers(1, 20, size=len(keys)), strict=True)}


def _merge_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case(({"apples": 3, "pears": 1}, {"pears": 2, "plums": 5}),
                  label="{'apples': 3, 'pears': 1} and {'pears': 2, 'plums': 5}", public=True)]
    for i in range(2):
        keys = [str(k) for k in rng.permutation(FRUITS)]
        a, b = keys[: int(rng.integers(2, 5))], keys[1: int(rng.integers(3, len(keys) + 1))]  # keys[1] shared
        cases.append(Case((_counts(rng, a), _counts(rng, b)), label=f"hidden counts {i + 1} ({len(a)} and "
                                                                   f"{len(b)} keys, some shared)"))
    return cases


# -- known mistakes ----------------------------------------------------------------------
def _exclusive_total(numbers):
    out, total = [], 0
    for value in numbers:
        out.append(total)
        total += value
    return out


def _counts_of(words):
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return counts


PUNCTUATION = str.maketrans("", "", string.punctuation)


def _palindrome_of(keep):
    def produce(text):
        kept = [c for c in text if keep(c)]
        return kept == kept[::-1]
    return produce

TASKS = (
    FunctionTask(
        name="running_total", weight=1, reference=python_warmup.running_total,
        summary="a list of numbers -> the list of cumulative sums ([1, 2, 3] -> [1, 3, 6])",
        cases=_total_cases, check=check_array,
        mistakes=(Mistake(_exclusive_total, "each sum stops before the current value: add the value to the total "
                                            "first, then append the total"),),
        hints=("Keep a running `total`; for each value: total += value, then append total to the result.",
               "An empty list gives an empty list; itertools.accumulate(numbers) does the same in one line."),
    ),
    FunctionTask(
        name="count_words", weight=1, reference=python_warmup.count_words,
        summary="text -> {word: count}, words lower-cased and stripped of punctuation",
        cases=_words_cases, check=check_dict,
        mistakes=(Mistake(lambda text: _counts_of(text.translate(PUNCTUATION).split()),
                          "'The' and 'the' are counted apart: lower-case the text first (text.lower())"),
                  Mistake(lambda text: _counts_of(text.lower().split()),
                          "punctuation stays attached to words ('hat.'): remove it first, e.g. "
                          "text.translate(str.maketrans('', '', string.punctuation))"),
                  Mistake(lambda text: _counts_of(text.lower().translate(PUNCTUATION).split(" ")),
                          "words apart by two spaces or a line break give an empty word '': split on any "
                          "whitespace with text.split() (no argument)"),
                  Mistake(lambda text: _counts_of(re.findall(r"\w+", text.lower())),
                          "punctuation inside a word split it in two (\"don't\" -> 'don', 't'): words are "
                          "separated by whitespace only; delete the punctuation first (text.translate(...)), then "
                          "text.split()")),
        hints=("Lower-case, remove punctuation, then text.split() and count in a dict with counts.get(word, 0) + 1.",
               "str.maketrans('', '', string.punctuation) builds a table that deletes punctuation with "
               "text.translate(table); collections.Counter counts a list."),
    ),
    FunctionTask(
        name="top_n", weight=1, reference=python_warmup.top_n,
        summary="({name: score}, n) -> the n best names, highest score first, ties alphabetical",
        cases=_top_cases, check=check_equal,
        mistakes=(Mistake(lambda scores, n: [k for k, _ in sorted(scores.items(), key=lambda kv: kv[1])[:n]],
                          "these are the lowest scores: sort from the highest down"),
                  Mistake(lambda scores, n: [k for k, _ in sorted(scores.items(), key=lambda kv: (kv[1], kv[0]),
                                                                  reverse=True)[:n]],
                          "equal scores are in reverse alphabetical order: reverse=True also reverses the names; "
                          "sort by (-score, name) instead"),
                  Mistake(lambda scores, n: [k for k, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:n]],
                          "equal scores keep the dict's order: break ties by name, key=lambda kv: (-kv[1], kv[0])"),
                  Mistake(lambda scores, n: ref_top_n(scores, 2),
                          "you always return 2 names (the example's n): return the first n names, [:n]")),
        hints=("sorted(scores.items(), key=...) sorts (name, score) pairs; return a list of the first n names.",
               "key=lambda kv: (-kv[1], kv[0]) sorts by score from high to low, then by name."),
    ),
    FunctionTask(
        name="is_palindrome", weight=1, reference=python_warmup.is_palindrome,
        summary="text -> True when its letters and digits read the same backwards (case and punctuation ignored)",
        cases=_palindrome_cases, check=check_equal,
        mistakes=(Mistake(_palindrome_of(str.isalnum), "upper- and lower-case letters were compared as different: "
                                                       "lower-case every character first (c.lower())"),
                  Mistake(lambda text: _palindrome_of(str.isalpha)([c.lower() for c in text]),
                          "digits were dropped: keep letters AND digits (c.isalnum()), ignore the rest"),
                  Mistake(lambda text: _palindrome_of(lambda c: c != " ")([c.lower() for c in text]),
                          "punctuation was compared too: keep only letters and digits (c.isalnum())")),
        hints=("Keep only c.lower() for the characters where c.isalnum(), then compare with the reversed list.",
               "Return a bool (True/False), not a string; s[::-1] reverses a string or a list."),
    ),
    FunctionTask(
        name="merge_counts", weight=1, reference=python_warmup.merge_counts,
        summary="two {key: count} dicts -> one dict with the counts added (a missing key counts as 0)",
        cases=_merge_cases, check=check_dict,
        mistakes=(Mistake(lambda a, b: {**a, **b}, "the second dict's counts replace the first's: add them "
                                                   "(merged[key] = merged.get(key, 0) + value)"),),
        hints=("Copy the first dict (dict(a)), then for each key, value in b.items() add value to it.",
               "merged.get(key, 0) gives 0 for a key the first dict does not have."),
    ),
)

SPEC = WeekSpec(week=1, version="1.3", tasks=TASKS, template="week01/lab01_python_warmup.ipynb", call_timeout=10.0)
