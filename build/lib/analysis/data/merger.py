"""Results of the 63-province years read in the 34-province map of 2025: each old province listed under the new
province it joined, its own scores side by side. No combined score is made: the ministry and PAPI published none for
the new units before 2025, and an average of the old ones would be ours, not theirs."""

from __future__ import annotations

import pandas as pd

from analysis.core import config
from analysis.data.provinces import Crosswalk
from analysis.data.store import total_rows

INDEX_COLUMNS = {"papi": "PAPI", "par_index": "PAR INDEX", "sipas": "SIPAS"}


def grouped_by_new_province(panel: pd.DataFrame, crosswalk: Crosswalk, year: int) -> pd.DataFrame:
    """One row per old province of `year` (before 2025): the new province it joined, and its score and rank on
    each index that year (missing stays missing)."""
    if config.scheme_of(year) != 63:
        raise ValueError(f"{year} already uses the 34 provinces of 2025; the grouped view is for 2011-2024")
    totals = total_rows(panel, year=year)
    rows = []
    for new_code in crosswalk.codes(config.MERGER_YEAR):
        for old_code in crosswalk.constituents(new_code):
            row: dict[str, object] = {
                "new_code": new_code,
                "new_province": crosswalk.name_vi(new_code, config.MERGER_YEAR),
                "old_code": old_code,
                "old_province": crosswalk.name_vi(old_code),
            }
            for index, label in INDEX_COLUMNS.items():
                mine = totals[(totals["index"] == index) & (totals["province_code"] == old_code)]
                row[f"{label} score"] = mine["score"].iloc[0] if len(mine) else None
                row[f"{label} rank"] = mine["rank"].iloc[0] if len(mine) else None
            rows.append(row)
    return pd.DataFrame(rows)
