"""check_figure on figure descriptions, as describe_figure produces them in the sandbox."""

import copy

from grader.checks.figures import check_figure
from reference import crash_course as ref

SPEC = ref.plot_lines_spec([1, 2, 3], {"train": [3, 2, 1], "validation": [3, 2.5, 2]}, "Loss", "epoch", "loss")


def described(spec: dict) -> dict:
    got = copy.deepcopy(spec)
    for ax in got["axes"]:
        ax.update(collections=0, patches=0)
    return {"class": "Figure", "suptitle": "", **got}


def test_the_expected_figure_passes_and_line_order_does_not_matter():
    assert check_figure(described(SPEC), SPEC).ok
    swapped = described(SPEC)
    swapped["axes"][0]["lines"].reverse()
    assert check_figure(swapped, SPEC).ok


def test_no_figure_returned_says_return_fig():
    result = check_figure({"class": "NoneType", "axes": None}, SPEC)
    assert not result.ok and "return fig" in result.message


def test_a_missing_label_title_and_legend_are_named():
    got = described(SPEC)
    got["axes"][0]["xlabel"] = ""
    assert "ax.set_xlabel('epoch')" in check_figure(got, SPEC).message
    got = described(SPEC)
    got["axes"][0]["title"] = "loss"
    assert "the title is 'loss', expected 'Loss'" in check_figure(got, SPEC).message
    got = described(SPEC)
    got["axes"][0]["legend"] = None
    assert "ax.legend()" in check_figure(got, SPEC).message


def test_wrong_data_and_unlabelled_lines_are_named():
    got = described(SPEC)
    got["axes"][0]["lines"][1]["y"] = [3, 2.5, 9]
    result = check_figure(got, SPEC)
    assert not result.ok and "line 'validation', y data" in result.message
    got = described(SPEC)
    got["axes"][0]["lines"][0]["label"] = ""
    assert "no line is labelled 'train'" in check_figure(got, SPEC).message


def test_one_axes_per_series_is_not_one_plot():
    got = described(SPEC)
    got["axes"] = [dict(got["axes"][0], lines=[line]) for line in got["axes"][0]["lines"]]
    result = check_figure(got, SPEC)
    assert not result.ok and "2 axes, expected 1" in result.message
