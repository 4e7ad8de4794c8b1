"""Similar submissions: per week, pairs of students whose code cells match more than independent work does."""
