"""describe_figure turns a real matplotlib Figure into plain data the codec carries."""

import pytest

from grader.checks.figures import check_figure
from grader.sandbox import codec
from grader.sandbox.describe import describe_figure
from reference import crash_course as ref

pytest.importorskip("matplotlib")

ARGS = ([0, 1, 2, 3], {"up": [0, 1, 2, 3], "down": [3, 2, 1, 0.5]}, "Two lines", "time", "value")


def test_the_reference_figure_described_matches_its_spec_after_the_channel():
    doc, arrays = codec.encode(describe_figure(ref.plot_lines(*ARGS)))
    described = codec.decode(doc["value"], arrays)
    assert check_figure(described, ref.plot_lines_spec(*ARGS)).ok
    assert described["axes"][0]["legend"] == ["up", "down"]


def test_an_axes_stands_for_its_figure_and_other_values_are_named():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    ax.set_title("t")
    described = describe_figure(ax)
    assert described["axes"][0]["title"] == "t" and described["axes"][0]["lines"][0]["label"] == ""
    assert described["axes"][0]["legend"] is None
    assert describe_figure(None) == {"class": "NoneType", "axes": None}
    plt.close(fig)
