"""Checks for Apriori's answers: frequent itemsets and association rules, compared as sets
(order of itemsets, of rules and of items within them does not matter)."""

from __future__ import annotations

from typing import Any

from grader.checks.text import preview, type_name
from grader.results import CheckResult

ITEMSET_FORM = "a list of (itemset, support) pairs, the itemset a tuple of items"
RULE_FORM = "a list of (antecedent, consequent, support, confidence, lift), antecedent and consequent tuples"


def _key(items: Any) -> tuple[str, ...] | None:
    if isinstance(items, str) or not isinstance(items, (list, tuple)):
        return None
    return tuple(sorted(str(i) for i in items))


def _show(key: tuple[str, ...]) -> str:
    return "{" + ", ".join(key) + "}"


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _itemset_table(actual: Any) -> dict | CheckResult:
    if not isinstance(actual, (list, tuple)):
        return CheckResult.fail(f"returned {type_name(actual)}, expected {ITEMSET_FORM} (no frozensets: "
                                "use tuple(sorted(itemset)))")
    table = {}
    for row in actual:
        key = _key(row[0]) if isinstance(row, (list, tuple)) and len(row) == 2 else None
        support = _number(row[1]) if key is not None else None
        if key is None or support is None:
            return CheckResult.fail(f"the entry {preview(row)} is not (itemset, support): expected {ITEMSET_FORM}")
        if key in table:
            return CheckResult.fail(f"the itemset {_show(key)} is listed twice")
        table[key] = support
    return table


def check_itemsets(actual: Any, expected: list, *, atol: float = 1e-9) -> CheckResult:
    """Every frequent itemset with its support, none missing, none extra."""
    got = _itemset_table(actual)
    if isinstance(got, CheckResult):
        return got
    want = {_key(items): float(s) for items, s in expected}
    missing = sorted(set(want) - set(got), key=lambda k: (len(k), k))
    extra = sorted(set(got) - set(want), key=lambda k: (len(k), k))
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} frequent itemset(s) missing, e.g. {_show(missing[0])} "
                         f"(support {want[missing[0]]:.4g})")
        if extra:
            parts.append(f"{len(extra)} itemset(s) that are not frequent, e.g. {_show(extra[0])} "
                         f"(support {got[extra[0]]:.4g})")
        return CheckResult.fail(f"{'; '.join(parts)}; expected {len(want)} itemsets, got {len(got)}")
    for key in sorted(want, key=lambda k: (len(k), k)):
        if abs(got[key] - want[key]) > atol:
            return CheckResult.fail(f"the support of {_show(key)} is {got[key]:.6g}, expected {want[key]:.6g} "
                                    "(the share of transactions that contain every item of the set)")
    return CheckResult.passed()


def check_rules(actual: Any, expected: list, *, atol: float = 1e-9) -> CheckResult:
    """Every rule antecedent -> consequent with its support, confidence and lift."""
    if not isinstance(actual, (list, tuple)):
        return CheckResult.fail(f"returned {type_name(actual)}, expected {RULE_FORM}")
    got = {}
    for row in actual:
        ok = isinstance(row, (list, tuple)) and len(row) == 5
        key = (_key(row[0]), _key(row[1])) if ok else (None, None)
        values = [_number(v) for v in row[2:]] if ok else [None]
        if None in key or None in values:
            return CheckResult.fail(f"the entry {preview(row)} is not a rule: expected {RULE_FORM}")
        if key in got:
            return CheckResult.fail(f"the rule {_show(key[0])} -> {_show(key[1])} is listed twice")
        got[key] = values
    want = {(_key(a), _key(c)): [float(v) for v in rest] for a, c, *rest in expected}
    order = lambda k: (len(k[0]) + len(k[1]), k)  # noqa: E731
    missing, extra = sorted(set(want) - set(got), key=order), sorted(set(got) - set(want), key=order)
    if missing or extra:
        parts = []
        if missing:
            a, c = missing[0]
            parts.append(f"{len(missing)} rule(s) missing, e.g. {_show(a)} -> {_show(c)} "
                         f"(confidence {want[missing[0]][1]:.4g})")
        if extra:
            a, c = extra[0]
            parts.append(f"{len(extra)} rule(s) that should not be there, e.g. {_show(a)} -> {_show(c)} "
                         f"(confidence {got[extra[0]][1]:.4g})")
        return CheckResult.fail(f"{'; '.join(parts)}; expected {len(want)} rules, got {len(got)}")
    for key in sorted(want, key=order):
        for name, g, w in zip(("support", "confidence", "lift"), got[key], want[key], strict=True):
            if abs(g - w) > atol * max(1.0, abs(w)):
                return CheckResult.fail(f"the {name} of {_show(key[0])} -> {_show(key[1])} is {g:.6g}, "
                                        f"expected {w:.6g}")
    return CheckResult.passed()
