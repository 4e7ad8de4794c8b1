"""Apriori checks: itemsets and rules compared as sets, with what is missing or extra named."""

from grader.checks.itemsets import check_itemsets, check_rules

WANT = [(("bread",), 0.8), (("milk",), 0.8), (("bread", "milk"), 0.6)]
RULES = [(("bread",), ("milk",), 0.6, 0.75, 0.9375), (("milk",), ("bread",), 0.6, 0.75, 0.9375)]


def test_itemsets_pass_in_any_order_with_items_in_any_order_and_lists_for_tuples():
    assert check_itemsets([[["milk", "bread"], 0.6], [["milk"], 0.8], [["bread"], 0.8]], WANT).ok


def test_missing_extra_and_wrong_supports_are_named():
    missing = check_itemsets(WANT[:2], WANT)
    assert not missing.ok and "1 frequent itemset(s) missing, e.g. {bread, milk}" in missing.message
    extra = check_itemsets([*WANT, (("eggs",), 0.2)], WANT)
    assert not extra.ok and "not frequent, e.g. {eggs}" in extra.message
    wrong = check_itemsets([(("bread",), 4), (("milk",), 0.8), (("bread", "milk"), 0.6)], WANT)
    assert not wrong.ok and "support of {bread} is 4" in wrong.message


def test_sets_and_malformed_entries_get_a_readable_message():
    assert "not (itemset, support)" in check_itemsets([("bread", 0.8)], WANT).message
    assert "expected a list of (itemset, support) pairs" in check_itemsets({"bread": 0.8}, WANT).message
    assert "listed twice" in check_itemsets([*WANT, (("milk", "bread"), 0.6)], WANT).message


def test_rules_are_compared_as_a_set_and_each_measure_is_named():
    assert check_rules(list(reversed(RULES)), RULES).ok
    lift = check_rules([RULES[0], (("milk",), ("bread",), 0.6, 0.75, 1.0)], RULES)
    assert not lift.ok and "the lift of {milk} -> {bread} is 1" in lift.message
    missing = check_rules(RULES[:1], RULES)
    assert not missing.ok and "1 rule(s) missing, e.g. {milk} -> {bread}" in missing.message
    assert "not a rule" in check_rules([("bread", "milk")], RULES).message
