"""The sandbox kernel's entry point: ipykernel's own launcher, less what a graded run never uses.

A sandbox kernel is driven by the harness alone, never by a debugging front end, so it starts without
ipykernel's debugger (importing debugpy costs ~0.65 s of every kernel start, measured) and without
IPython's on-disk history database (a fresh SQLite file per sandbox, ~0.15 s). `In`, `Out` and `_i`
still work: the session's history is kept in memory. A student's own `import debugpy` still works.

Cold kernels run `python -m grader.sandbox.kernel_main -f CONNECTION_FILE` (kernel.write_kernelspec);
a kernel forked from the warm harness calls `launch` (kernel.ForkProvisioner).
"""

from __future__ import annotations

import sys

OPTIONS = ("--HistoryManager.enabled=False",)  # traitlets options every sandbox kernel starts with


def skip_debugger() -> None:
    """Import ipykernel.debugger with debugpy hidden, so the kernel records "no debugger available" and
    never imports it; debugpy stays importable afterwards."""
    if "ipykernel.debugger" in sys.modules:
        return
    missing = object()
    saved = sys.modules.get("debugpy", missing)
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import ipykernel.debugger  # noqa: F401
    finally:
        if saved is missing:
            del sys.modules["debugpy"]
        else:
            sys.modules["debugpy"] = saved  # type: ignore[assignment]


def launch(argv: list[str], **kwargs) -> None:
    """Start and serve the kernel (what `python -m ipykernel_launcher ARGV` does) until it is shut down."""
    skip_debugger()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=[*argv, *OPTIONS], **kwargs)


if __name__ == "__main__":
    launch(sys.argv[1:])
