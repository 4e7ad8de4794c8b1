"""Class batch grading for TAs: layout -> store (SQLite) -> engine (Dask) -> outputs."""
