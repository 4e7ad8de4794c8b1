"""Week 5 reference: Apriori's frequent itemsets and association rules on transaction lists.

Itemsets are tuples of items in sorted order; supports are shares of transactions. Rules
come from every frequent itemset of two or more items: each non-empty proper subset as the
antecedent, the rest as the consequent. tests/reference checks them against brute force.
"""

from __future__ import annotations

from itertools import combinations


def _baskets(transactions) -> list[frozenset]:
    return [frozenset(str(i) for i in t) for t in transactions]


def support(transactions, itemset) -> float:
    """Share of transactions containing every item of `itemset`."""
    baskets, wanted = _baskets(transactions), frozenset(str(i) for i in itemset)
    return sum(wanted <= b for b in baskets) / len(baskets)


def frequent_itemsets(transactions, min_support) -> list[tuple[tuple[str, ...], float]]:
    """Apriori: frequent k-itemsets are joined into (k+1)-candidates whose k-subsets are all
    frequent, then counted; returns (itemset, support) pairs, smallest itemsets first."""
    baskets = _baskets(transactions)
    n = len(baskets)

    def count(candidates):
        return {c: sum(c <= b for b in baskets) / n for c in candidates}

    level = {c: s for c, s in count({frozenset([i]) for b in baskets for i in b}).items() if s >= min_support}
    found = dict(level)
    size = 1
    while level:
        size += 1
        keys = list(level)
        candidates = {a | b for a in keys for b in keys if len(a | b) == size}
        candidates = {c for c in candidates if all(frozenset(s) in level for s in combinations(c, size - 1))}
        level = {c: s for c, s in count(candidates).items() if s >= min_support}
        found.update(level)
    return sorted(((tuple(sorted(c)), s) for c, s in found.items()), key=lambda p: (len(p[0]), p[0]))


def association_rules(transactions, min_support, min_confidence) -> list[tuple]:
    """(antecedent, consequent, support, confidence, lift) for every rule from the frequent
    itemsets with confidence >= min_confidence: confidence = supp(A u C) / supp(A),
    lift = confidence / supp(C)."""
    table = {frozenset(items): s for items, s in frequent_itemsets(transactions, min_support)}
    rules = []
    for itemset, s in table.items():
        for r in range(1, len(itemset)):
            for left in combinations(sorted(itemset), r):
                a = frozenset(left)
                c = itemset - a
                confidence = s / table[a]
                if confidence >= min_confidence:
                    rules.append((tuple(sorted(a)), tuple(sorted(c)), s, confidence, confidence / table[c]))
    return sorted(rules, key=lambda r: (len(r[0]) + len(r[1]), r[0], r[1]))
