import nbformat

from grader.sandbox import notebook


def test_only_code_cells_are_kept_with_their_notebook_positions(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_raw_cell("raw"),
        nbformat.v4.new_code_cell("y = 2"),
    ])
    nbformat.write(nb, tmp_path / "a.ipynb")
    loaded = notebook.load(tmp_path / "a.ipynb")
    assert [c.source for c in loaded.notebook.cells] == ["x = 1", "y = 2"]
    assert [c.metadata["grader_index"] for c in loaded.notebook.cells] == [2, 4]
    assert loaded.problems == []


def test_python_modules_split_at_cell_markers():
    nb = notebook.python_module_to_notebook("import os\n# %%\nx = 1\n# %% [markdown]\n\n#%%\ny = 2\n")
    assert [c.source.strip() for c in nb.cells] == ["import os", "# %%\nx = 1", "# %% [markdown]",
                                                    "#%%\ny = 2"]


def test_a_module_without_markers_is_one_cell():
    assert len(notebook.python_module_to_notebook("a = 1\nb = 2\n").cells) == 1


def test_truncated_json_is_reported(tmp_path):
    (tmp_path / "a.ipynb").write_text('{"cells": [')
    loaded = notebook.load(tmp_path / "a.ipynb")
    assert loaded.notebook is None and "not valid JSON" in loaded.problems[0]


def test_an_old_nbformat_version_is_upgraded(tmp_path):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [
        {"cells": [{"cell_type": "code", "input": "x = 1", "outputs": [], "language": "python"}]}]}
    (tmp_path / "a.ipynb").write_text(__import__("json").dumps(v3))
    loaded = notebook.load(tmp_path / "a.ipynb")
    assert [c.source for c in loaded.notebook.cells] == ["x = 1"]


def test_non_utf8_bytes_are_replaced_and_reported(tmp_path):
    (tmp_path / "a.py").write_bytes(b"x = 1\n# caf\xe9\n")
    loaded = notebook.load(tmp_path / "a.py")
    assert "not valid UTF-8" in loaded.problems[0]
    assert loaded.notebook.cells[0].source.startswith("x = 1")


def test_oversized_files_are_refused_without_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(notebook, "MAX_SUBMISSION_BYTES", 10)
    (tmp_path / "a.py").write_text("x = 1\n" * 10)
    loaded = notebook.load(tmp_path / "a.py")
    assert loaded.notebook is None and "limited" in loaded.problems[0]


def test_ten_thousand_cells_load(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"x{i} = {i}") for i in range(10_000)])
    nbformat.write(nb, tmp_path / "a.ipynb")
    assert len(notebook.load(tmp_path / "a.ipynb").notebook.cells) == 10_000


def test_a_byte_order_mark_and_any_line_ending_read_as_python_reads_them(tmp_path):
    (tmp_path / "a.py").write_bytes(b"\xef\xbb\xbfx = 1\r\n# %%\r\ny = '''a\rb'''\r\n")
    loaded = notebook.load(tmp_path / "a.py")
    assert loaded.problems == []
    assert [c.source for c in loaded.notebook.cells] == ["x = 1\n", "# %%\ny = '''a\nb'''\n"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\ufeffz = 3\r\nw = 4\rv = 5")])
    (tmp_path / "b.ipynb").write_bytes(b"\xef\xbb\xbf" + nbformat.writes(nb).encode())
    loaded = notebook.load(tmp_path / "b.ipynb")
    assert [c.source for c in loaded.notebook.cells] == ["z = 3\nw = 4\nv = 5"]
