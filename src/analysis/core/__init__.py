"""Core, used by every stage: paths and settings (config, settings), errors, atomic writes, build records (builds),
provenance, and the words a reader sees in both languages with their number formats (text)."""
