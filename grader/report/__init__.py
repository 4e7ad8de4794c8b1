"""Views of a Report: terminal text and JSON (CSV, JUnit, Gradescope and HTML come later)."""
