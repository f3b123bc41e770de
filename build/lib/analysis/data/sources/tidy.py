"""The tidy frame every reader returns, and helpers shared by the readers."""

from __future__ import annotations

import pandas as pd

from analysis.data.schema import READER_COLUMNS


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Order columns as the readers' columns (data/panel_columns.yml), adding any a reader does not know as missing."""
    for column in READER_COLUMNS:
        if column not in frame:
            frame[column] = None
    out = frame[READER_COLUMNS].copy()
    out["year"] = out["year"].astype("int64")
    for column in ("score", "max_score", "rank", "n_ranked"):
        out[column] = pd.to_numeric(out[column]).astype("float64")
    return out
