"""The grader's version, in a module of its own: any module can name it without importing the package's
`__init__` (which loads the self-check on `from grader import check`), so nothing loops back through it."""

__version__ = "0.1.0"
