"""The sandbox kernel's entry point: a real kernel started as the sandbox starts it has no debugger
loaded, keeps its history in memory only, and still lets student code use both."""

from __future__ import annotations

import sys

import pytest
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import KernelManager

from grader.sandbox import kernel_main

pytestmark = pytest.mark.slow


def _run(kc, code: str) -> str:
    """Execute `code` and return what it printed."""
    printed: list[str] = []
    kc.execute_interactive(code, timeout=60, output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
    return "".join(printed)


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    km = KernelManager()
    km._kernel_spec = KernelSpec(argv=[sys.executable, "-m", "grader.sandbox.kernel_main", "-f", "{connection_file}"],
                                 language="python", display_name="sandbox")
    km.start_kernel(cwd=str(tmp_path))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    yield kc, tmp_path
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_the_sandbox_kernel_starts_without_importing_the_debugger(kernel):
    kc, _ = kernel
    assert _run(kc, "import sys; print('debugpy' in sys.modules)").strip() == "False"


def test_student_code_can_still_import_debugpy_and_read_its_history(kernel):
    kc, _ = kernel
    _run(kc, "x = 41")
    assert _run(kc, "import debugpy; print(In[1], x + 1)").strip() == "x = 41 42"


def test_the_sandbox_kernel_writes_no_history_database(kernel):
    kc, folder = kernel
    _run(kc, "y = 1")
    assert not list(folder.rglob("history.sqlite"))


def test_skip_debugger_leaves_debugpy_importable_in_this_process():
    kernel_main.skip_debugger()
    assert sys.modules.get("debugpy", "absent") is not None  # not left blocked
