"""One reader per source format; each returns the same tidy rows (the readers' columns of data/panel_columns.yml)."""
