"""Rule 2 on its own: the guard disables the named APIs during a call, records the use and restores them."""

from __future__ import annotations

import fractions
import json
import sys

import pytest

from grader.sandbox.forbidden import ForbiddenCall, Guard


def test_a_forbidden_function_trips_through_its_module_and_the_namespace_and_is_restored():
    dumps = json.dumps
    namespace = {"dumps": dumps}
    with Guard(("json.dumps",), namespace) as guard:
        with pytest.raises(ForbiddenCall, match=r"json\.dumps"):
            json.dumps({})
        with pytest.raises(ForbiddenCall):
            namespace["dumps"]({})
        assert json.loads("1") == 1  # what is not named still works
    assert guard.used == ["json.dumps"]
    assert json.dumps is dumps and namespace["dumps"] is dumps
    assert json.dumps({}) == "{}"


def test_a_forbidden_class_trips_for_instances_made_before_and_subclasses():
    class Mine(fractions.Fraction):
        pass

    made_before = fractions.Fraction(1, 2)
    with Guard(("fractions.Fraction",)) as guard:
        with pytest.raises(ForbiddenCall):
            Mine(1, 3)
        with pytest.raises(ForbiddenCall):
            fractions.Fraction(1, 3)
    assert guard.used == ["fractions.Fraction"]
    assert Mine(1, 3) == fractions.Fraction(1, 3) and made_before == 0.5


def test_a_module_first_imported_inside_the_call_is_guarded_when_it_loads(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    hooks = list(sys.meta_path)
    with Guard(("colorsys.rgb_to_hsv",)) as guard:
        import colorsys

        with pytest.raises(ForbiddenCall):
            colorsys.rgb_to_hsv(0.1, 0.2, 0.3)
    assert guard.used == ["colorsys.rgb_to_hsv"] and sys.meta_path == hooks  # the import hook is gone
    assert colorsys.rgb_to_hsv(0.0, 0.0, 0.0) == (0.0, 0.0, 0.0)


def test_a_students_except_exception_cannot_swallow_the_guard():
    with Guard(("json.dumps",)) as guard, pytest.raises(ForbiddenCall):
        try:
            json.dumps({})
        except Exception:  # what a student writes around the call; ForbiddenCall is a BaseException
            guard.used.append("swallowed")
    assert guard.used == ["json.dumps"]
