"""Checks for matplotlib figures, as `describe_figure` reports them inside the sandbox.

Compared as data, never as pixels: axis labels, title, the lines (matched by their legend
label) with their x and y data, and the legend's entries.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.arrays import check_array
from grader.checks.text import preview
from grader.results import CheckResult

TEXTS = (("title", "ax.set_title"), ("xlabel", "ax.set_xlabel"), ("ylabel", "ax.set_ylabel"))


def check_figure(actual: Any, expected: dict, *, rtol: float = 1e-6, atol: float = 1e-8) -> CheckResult:
    """One axes whose title, x/y labels, labelled lines (x and y data) and legend match.

    `expected` is {"axes": [{"title", "xlabel", "ylabel", "lines": [{"label", "x", "y"}],
    "legend": [labels] or None}]}; a legend of None means none is required."""
    if not isinstance(actual, dict) or actual.get("axes") is None:
        got = actual.get("class") if isinstance(actual, dict) else type(actual).__name__
        return CheckResult.fail(f"the function returned {got}, expected a matplotlib Figure: "
                                "end it with `return fig` (fig, ax = plt.subplots())")
    want_axes, got_axes = expected["axes"], actual["axes"]
    if not isinstance(got_axes, list) or not all(isinstance(ax, dict) for ax in got_axes):
        return CheckResult.fail("the figure could not be read as axes with lines: return the matplotlib Figure "
                                "itself (fig, ax = plt.subplots(); ...; return fig)")
    if len(got_axes) != len(want_axes):
        return CheckResult.fail(f"the figure has {len(got_axes)} axes, expected {len(want_axes)}: draw every line "
                                "on the same axes (one plt.subplots() call, then ax.plot for each series)")
    for number, (got, want) in enumerate(zip(got_axes, want_axes, strict=True), start=1):
        where = f"axes {number}: " if len(want_axes) > 1 else ""
        problem = _compare_axes(got, want, rtol, atol)
        if problem:
            return CheckResult.fail(where + problem)
    return CheckResult.passed()


def _compare_axes(got: dict, want: dict, rtol: float, atol: float) -> str:
    for key, setter in TEXTS:
        value = got.get(key)
        if key in want and not (isinstance(value, str) and value == want[key]):
            shown = value if isinstance(value, str) else ""
            return (f"the {key} is {shown!r}, expected {want[key]!r}"
                    + (f": set it with {setter}({want[key]!r})" if not shown else ""))
    lines = got.get("lines") or []
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        return "the axes' lines could not be read: draw them with ax.plot(x, y, label=name)"
    want_lines = want.get("lines", [])
    if len(lines) != len(want_lines):
        return (f"{len(lines)} line(s) drawn, expected {len(want_lines)}: one ax.plot(x, y, label=name) per "
                "series, and nothing else")
    by_label = {str(line.get("label")): line for line in lines}
    for line in want_lines:
        mine = by_label.get(line["label"])
        if mine is None:
            labels = [ln.get("label") for ln in lines]
            return (f"no line is labelled {line['label']!r} (labels: {preview(labels)}): "
                    f"pass label={line['label']!r} to ax.plot")
        for axis in ("x", "y"):
            try:
                data = np.asarray(mine.get(axis, []), dtype=float)
            except (TypeError, ValueError):
                return f"line {line['label']!r}, {axis} data: not numbers"
            result = check_array(data, np.asarray(line[axis], dtype=float), rtol=rtol, atol=atol)
            if not result.ok:
                return f"line {line['label']!r}, {axis} data: {result.message}"
    legend = want.get("legend")
    if legend is not None:
        shown = got.get("legend")
        if shown is None:
            return "the axes have no legend: call ax.legend() after plotting the labelled lines"
        if not isinstance(shown, list) or sorted(map(str, shown)) != sorted(legend):
            return f"the legend shows {preview(shown)}, expected {preview(legend)}"
    return ""
