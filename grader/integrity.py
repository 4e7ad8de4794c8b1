"""Detect a submission that changed the grader's own files (code, references, specs) on disk.

Grading already uses what was loaded before student code ran; this makes tampering visible
so the TA can reinstall before the next run. (The sandbox's file system isolation is what
prevents it; see `grader doctor` once available.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGES = ("grader", "reference", "exercises")


def package_roots() -> list[Path]:
    import importlib

    roots = []
    for name in PACKAGES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:  # a student bundle has no `reference`
            continue
        roots.extend(Path(p) for p in module.__path__)
    return roots


def fingerprint(roots: list[Path] | None = None) -> dict[str, str]:
    """sha256 of every file under the grader's packages (bytecode caches excluded)."""
    digests = {}
    for root in roots if roots is not None else package_roots():
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or modified between two fingerprints."""
    changed = [p for p in before if after.get(p) != before[p]]
    added = [p for p in after if p not in before]
    return sorted(changed + added)
