"""Rule 2 of every graded call, inside the sandbox (and the self-check): "by hand" tasks.

APIs a task names as off-limits are replaced, during that call only, by guards that record the use
and raise `ForbiddenCall`.

Design of the guards (robust and simple, restored after every call, timeouts included):
- a forbidden *class* gets guarded methods on the class itself (`__init__`, `__call__`, `fit`,
  `predict`, ...): every alias (`keras.layers.LSTM`, `tf.keras.layers.LSTM`, a name imported
  into the notebook earlier), every subclass and every instance made before the call are
  caught, since Keras 3 shares one class object across all its import paths;
- a forbidden *function* (or other callable) is replaced in the public module that names it,
  in Keras's `tf.keras` twin of that module, in the module that defines it (its private path,
  `sklearn.metrics._classification.f1_score`), and wherever the student's namespace holds the
  same object (`from sklearn.metrics import f1_score` before the call);
- a forbidden *module* guards each of its public callables as above;
- a name whose package is not imported yet is guarded when the call imports it: an import hook
  (like the agent's `_SeedOnImport`) re-tries the pending names after each of their packages
  loads, so `from sklearn.metrics import f1_score` inside the function meets the guard too.
  The grader never imports a package just to guard it.
Not covered: a private module's OTHER names for a forbidden function (an alias assigned under another name).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import inspect
import sys
from typing import Any

_GUARDED_METHODS = ("__init__", "__call__", "call", "fit", "fit_transform", "fit_predict", "predict",
                    "predict_proba", "transform", "score")


class ForbiddenCall(BaseException):
    """Raised by a guard (BaseException, like _CallTimeout: a student's `except Exception` cannot hide it)."""


def _alias_modules(module_name: str) -> list[str]:
    """Module names that hold the same public objects: Keras's `tf.keras` twin of `keras.x`."""
    if module_name == "keras" or module_name.startswith("keras."):
        return [module_name, "keras._tf_keras." + module_name]
    if module_name.startswith("tensorflow.keras"):
        rest = module_name[len("tensorflow."):]
        return [rest, "keras._tf_keras." + rest]
    return [module_name]


def _lookup(name: str) -> tuple[Any, Any, str] | None:
    """(holder, object, attribute) for a dotted name, without importing anything: the longest
    imported module prefix, then attributes read from module dicts (no lazy __getattr__)."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        module = sys.modules.get(".".join(parts[:cut]))
        if module is None:
            continue
        holder, obj = None, module
        for part in parts[cut:]:
            holder = obj
            table = vars(obj) if hasattr(obj, "__dict__") else {}
            if part not in table:
                return None
            obj = table[part]
        return holder, obj, parts[-1]
    return None


class Guard:
    """Disables the named APIs while active; `used` lists the ones the call touched."""

    def __init__(self, names: tuple[str, ...] | list[str], namespace: dict | None = None) -> None:
        self.names = tuple(names)
        self.namespace = namespace if namespace is not None else {}
        self.used: list[str] = []
        self._undo: list[tuple[Any, str, Any]] = []  # (target, attribute, original or _MISSING)
        self._guarded_ids: set[int] = set()
        self._pending: set[str] = set()
        self._hook: _ImportHook | None = None

    # the context manager -------------------------------------------------------------
    def __enter__(self) -> Guard:
        for name in self.names:
            if not self._install(name):
                self._pending.add(name)
        if self._pending:
            self._hook = _ImportHook(self)
            sys.meta_path.insert(0, self._hook)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._hook is not None:
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(self._hook)
            self._hook = None
        for target, attribute, original in reversed(self._undo):
            with contextlib.suppress(Exception):
                if original is _ABSENT:
                    delattr(target, attribute)
                elif isinstance(target, dict):
                    target[attribute] = original
                else:
                    setattr(target, attribute, original)
        self._undo.clear()

    # installing guards -----------------------------------------------------------------
    def retry_pending(self) -> None:
        for name in list(self._pending):
            if self._install(name):
                self._pending.discard(name)

    def watched_packages(self) -> set[str]:
        watched = set()
        for name in self._pending:
            parts = name.replace("tensorflow.keras", "keras").split(".")
            watched.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
        return watched

    def _install(self, name: str) -> bool:
        found = _lookup(name)
        if found is None and name.startswith("tensorflow.keras"):
            found = _lookup(name[len("tensorflow."):])
        if found is None:
            return False
        holder, obj, attribute = found
        if inspect.ismodule(obj):
            public = getattr(obj, "__all__", None) or [n for n in vars(obj) if not n.startswith("_")]
            for member in public:
                value = vars(obj).get(member)
                if callable(value) and not inspect.ismodule(value):
                    self._guard_object(obj, member, value, f"{name}.{member}")
            return True
        self._guard_object(holder, attribute, obj, name)
        return True

    def _guard_object(self, holder: Any, attribute: str, obj: Any, label: str) -> None:
        if id(obj) in self._guarded_ids:
            return
        self._guarded_ids.add(id(obj))
        if inspect.isclass(obj):
            for method in _GUARDED_METHODS:
                if callable(getattr(obj, method, None)):
                    self._set(obj, method, self._method_guard(label))
            return
        guard = _Tripwire(self, label)
        modules = []
        if inspect.ismodule(holder):
            modules = [sys.modules.get(m) for m in _alias_modules(holder.__name__)]
        for module in {id(m): m for m in [holder, *modules] if m is not None}.values():
            if vars(module).get(attribute) is obj:
                self._set(module, attribute, guard)
        defining = sys.modules.get(str(getattr(obj, "__module__", None) or ""))  # the private path it lives at
        own_name = getattr(obj, "__name__", None)
        if defining is not None and isinstance(own_name, str) and vars(defining).get(own_name) is obj:
            self._set(defining, own_name, guard)
        for key, value in list(self.namespace.items()):
            if value is obj:
                self._set(self.namespace, key, guard)

    def _set(self, target: Any, attribute: str, value: Any) -> None:
        if isinstance(target, dict):
            original = target.get(attribute, _ABSENT)
            target[attribute] = value
        else:
            original = vars(target).get(attribute, _ABSENT) if hasattr(target, "__dict__") else _ABSENT
            try:
                setattr(target, attribute, value)
            except (TypeError, AttributeError):  # a built-in type: left alone
                return
        self._undo.append((target, attribute, original))

    def _method_guard(self, label: str):
        guard = self

        def forbidden(self: Any, *args: Any, **kwargs: Any) -> Any:  # `self` named: Keras inspects __init__
            guard.trip(label)

        return forbidden

    def trip(self, label: str) -> None:
        if label not in self.used:
            self.used.append(label)
        raise ForbiddenCall(label)


_ABSENT = object()


class _Tripwire:
    """Stands in for a forbidden function (or object): calling it, or reading an attribute, trips."""

    def __init__(self, guard: Guard, label: str) -> None:
        self._guard, self._label = guard, label

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._guard.trip(self._label)

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("_"):  # introspection (IPython, inspect), not a use
            raise AttributeError(attribute)
        self._guard.trip(f"{self._label}.{attribute}")


class _ImportHook(importlib.abc.MetaPathFinder):
    """Guards a pending name as soon as the call imports its package."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def find_spec(self, name, path, target=None):
        if name not in self.guard.watched_packages():
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        load, guard = spec.loader.exec_module, self.guard

        def exec_and_guard(module) -> None:
            load(module)
            guard.retry_pending()

        spec.loader.exec_module = exec_and_guard
        return spec
