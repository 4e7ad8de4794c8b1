"""EI320A autograder: runs student notebooks in a sandbox and scores them per the syllabus.

Kept import-light on purpose: the sandbox agent imports this package inside the student's
kernel, so nothing heavy (numpy, pandas, TensorFlow) may load here.
"""

from grader.version import __version__ as __version__  # grader.__version__, as before


def __getattr__(name: str):
    """`from grader import check` loads the self-check only when a notebook asks for it."""
    if name == "check":
        from grader.selfcheck import check

        return check
    raise AttributeError(f"module 'grader' has no attribute {name!r}")
