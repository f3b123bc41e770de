"""One reader per source format; each returns the same tidy frame (see sources.tidy.TIDY_COLUMNS)."""
