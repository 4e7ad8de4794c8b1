"""The kernel session in a real kernel: its one execute call tells a finished cell, a timeout and a dead
kernel apart, and an interrupted kernel answers again."""

import nbformat
import pytest
from nbclient.exceptions import DeadKernelError

from grader.sandbox.kernel import KernelSession, write_kernelspec

pytestmark = pytest.mark.slow


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "")  # write_kernelspec points it at the run's folder; restored after
    write_kernelspec(tmp_path, tmp_path / "channel")
    sources = ("x = 41", "raise KeyError('a')", "import time\ntime.sleep(30)", "x + 1", "import os\nos._exit(7)")
    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    (tmp_path / "scratch").mkdir()
    kernel = KernelSession(cells, tmp_path / "scratch", cell_timeout=20, max_output_bytes=1000, fork_kernel=False)
    yield kernel
    kernel.stop()


def test_execute_tells_a_finished_cell_a_timeout_and_a_dead_kernel_apart(session):
    assert session.execute(0, 20).ok
    raised = session.execute(1, 20)  # the student's exception is the cell's output, not the kernel's failure
    assert raised.ok and session.cell(1).outputs[0].ename == "KeyError"
    slow = session.execute(2, 1)
    assert slow.timed_out and session.timeout == 1
    assert session.interrupt()  # the sleep is interrupted and the kernel answers again, state intact
    assert session.execute(3, 20).ok and session.cell(3).outputs[0]["data"]["text/plain"] == "42"
    died = session.execute(4, 20)
    assert isinstance(died.failure, DeadKernelError) and not died.ok
    assert not session.responsive(1.0)


def test_the_agent_and_prelude_cells_follow_the_students(session):
    assert (session.agent_index, session.prelude_index) == (5, 6)
    assert "serve" in session.cell(session.agent_index).source
    assert "prelude" in session.cell(session.prelude_index).source
