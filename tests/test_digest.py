"""A submission is identified by the SHA-256 of its bytes, read in chunks."""

from __future__ import annotations

import hashlib

from grader.digest import sha256_file, sha256_or_empty


def test_the_digest_is_the_sha256_of_the_whole_file_across_chunks(tmp_path):
    data = bytes(range(256)) * 9000  # over two 1 MiB chunks
    path = tmp_path / "lab.ipynb"
    path.write_bytes(data)
    assert sha256_file(path) == sha256_or_empty(path) == hashlib.sha256(data).hexdigest()


def test_an_unreadable_file_has_an_empty_digest_for_reports_only(tmp_path):
    assert sha256_or_empty(tmp_path / "gone.ipynb") == ""
