"""Report stage: parameters, labels, figures, tables and the papermill + nbconvert batch."""
