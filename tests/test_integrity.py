"""Tampering with the grader's files on disk is detected by comparing fingerprints (grader/integrity.py)."""

from __future__ import annotations

from pathlib import Path

from grader.integrity import changes, fingerprint, package_roots


def _tree(root: Path) -> Path:
    (root / "pkg" / "__pycache__").mkdir(parents=True)
    (root / "pkg" / "a.py").write_text("A = 1\n")
    (root / "pkg" / "b.json").write_text("{}")
    (root / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    return root / "pkg"


def test_an_untouched_tree_shows_no_changes_and_bytecode_is_not_counted(tmp_path):
    pkg = _tree(tmp_path)
    before = fingerprint([pkg])
    assert sorted(Path(p).name for p in before) == ["a.py", "b.json"]
    (pkg / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"recompiled")
    assert changes(before, fingerprint([pkg])) == []


def test_a_modified_added_or_removed_file_is_listed(tmp_path):
    pkg = _tree(tmp_path)
    before = fingerprint([pkg])
    (pkg / "a.py").write_text("A = 2\n")
    (pkg / "b.json").unlink()
    (pkg / "c.py").write_text("")
    assert changes(before, fingerprint([pkg])) == sorted(str(pkg / n) for n in ("a.py", "b.json", "c.py"))


def test_the_grader_watches_its_own_package_and_the_references():
    names = {p.name for p in package_roots()}
    assert {"grader", "reference", "exercises"} <= names
