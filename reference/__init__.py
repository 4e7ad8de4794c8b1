"""Reference solutions of the EI320A labs. They define the expected values the grader compares
against, and they reproduce the printed outputs of the course notes (tests/reference pins it).
Instructor-side only: the student bundle ships frozen expected values instead.
"""
