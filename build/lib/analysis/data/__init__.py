"""Data stage: fetch and verify the sources, read each format, resolve names and sources into one validated panel,
and write data/processed (with the crosswalk, scorecards, boundaries and PAPI's errors and rank ranges)."""
