"""EI320A autograder: runs student notebooks in a sandbox and scores them per the syllabus.

Kept import-light on purpose: the sandbox agent imports this package inside the student's
kernel, so nothing heavy (numpy, pandas, TensorFlow) may load here.
"""

__version__ = "0.1.0"
