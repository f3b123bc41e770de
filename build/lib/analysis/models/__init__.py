"""Model stage: the analysis plan executed on data/processed (associations, regressions, selection checks,
verdicts), written back as tidy rows of codes and numbers; no words, no charts."""
