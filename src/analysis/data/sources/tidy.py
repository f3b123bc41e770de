"""The tidy frame every reader returns, and helpers shared by the readers."""

from __future__ import annotations

import pandas as pd

TIDY_COLUMNS = [
    "year",
    "province_code",
    "index",
    "level",
    "indicator_code",
    "indicator_name_vi",
    "indicator_name_en",
    "score",
    "max_score",
    "rank",
    "n_ranked",
    "source",
    "source_file",
    "source_line",
    "note",
]


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Order columns as TIDY_COLUMNS, adding any a reader does not know as missing."""
    for column in TIDY_COLUMNS:
        if column not in frame:
            frame[column] = None
    out = frame[TIDY_COLUMNS].copy()
    out["year"] = out["year"].astype("int64")
    for column in ("score", "max_score", "rank", "n_ranked"):
        out[column] = pd.to_numeric(out[column]).astype("float64")
    return out
