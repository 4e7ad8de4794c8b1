"""The week-1 references on the lab's examples and on edge cases worked out by hand."""

import itertools
from collections import Counter

from reference import python_warmup as ref


def test_running_total_matches_itertools_accumulate():
    assert ref.running_total([1, 2, 3, 4]) == [1, 3, 6, 10]
    assert ref.running_total([]) == []
    values = [5, -2, 7.5, 0, -10]
    assert ref.running_total(values) == list(itertools.accumulate(values))


def test_count_words_ignores_case_and_punctuation():
    assert ref.count_words("The cat and the hat.") == {"the": 2, "cat": 1, "and": 1, "hat": 1}
    text = "Dog; dog! DOG, a cat?"
    assert ref.count_words(text) == dict(Counter(["dog", "dog", "dog", "a", "cat"]))
    assert ref.count_words("") == {}


def test_top_n_breaks_ties_alphabetically():
    assert ref.top_n({"dee": 60, "cy": 90, "ben": 75, "ana": 90}, 2) == ["ana", "cy"]
    assert ref.top_n({"b": 1, "a": 1, "c": 2}, 3) == ["c", "a", "b"]
    assert ref.top_n({"a": 1}, 5) == ["a"]


def test_is_palindrome_on_phrases():
    assert ref.is_palindrome("A man, a plan, a canal: Panama")
    assert ref.is_palindrome("Was it a car or a cat I saw?")
    assert not ref.is_palindrome("Hello, world")
    assert ref.is_palindrome("")


def test_merge_counts_adds_shared_keys_and_leaves_inputs_alone():
    a, b = {"apples": 3, "pears": 1}, {"pears": 2, "plums": 5}
    assert ref.merge_counts(a, b) == {"apples": 3, "pears": 3, "plums": 5}
    assert a == {"apples": 3, "pears": 1} and b == {"pears": 2, "plums": 5}
