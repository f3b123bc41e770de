"""Model stage: associations, regressions, selection checks and plain-language summaries, written as tidy data."""
