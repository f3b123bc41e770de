"""Which methodology governed each index-year (reference/methodology/versions.csv), and where the series break.

A trend or a pooled model that spans two methodologies compares numbers measured differently; every such span is
named by `breaks_within`, and the pooled analyses are repeated on each side of the declared breaks.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd

from analysis.core import config
from analysis.core.errors import DataError

VERSIONS_FILE = "reference/methodology/versions.csv"
VERSION_COLUMNS = ["index", "decision", "decision_date", "result_years", "years_confirmed"]


def load_versions(raw_dir: Path = config.RAW_DIR) -> pd.DataFrame:
    """One row per index and result year: `methodology` (the decision or framework), its date and whether a source
    ties it to that result year. An unreadable year span, an unknown index or two methodologies claiming the same
    index-year is an error naming the file, line, column and value."""
    path = Path(raw_dir) / VERSIONS_FILE
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in VERSION_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(path, f"missing column(s) {missing}; the file needs {VERSION_COLUMNS}")
    rows: list[dict] = []
    for line, record in enumerate(table.to_dict("records"), start=2):
        if record["index"] not in config.INDICES:
            raise DataError(
                path,
                f"unknown index; expected one of {list(config.INDICES)}",
                line=line,
                column="index",
                value=record["index"],
            )
        if record["years_confirmed"] not in ("yes", "no"):
            raise DataError(
                path,
                "years_confirmed must be yes or no",
                line=line,
                column="years_confirmed",
                value=record["years_confirmed"],
            )
        rows.extend(
            {
                "index": record["index"],
                "year": year,
                "methodology": record["decision"],
                "decision_date": record["decision_date"] or None,
                "methodology_confirmed": record["years_confirmed"] == "yes",
                "line": line,
            }
            for year in _year_span(record["result_years"], path, line)
        )
    versions = pd.DataFrame(rows)
    claimed = versions[versions.duplicated(["index", "year"], keep=False)]
    if not claimed.empty:
        first = claimed.iloc[0]
        raise DataError(
            path,
            f"{first['index']} {first['year']} is claimed by several rows "
            f"(lines {sorted(claimed.loc[claimed['year'] == first['year'], 'line'])})",
            line=int(first["line"]),
            column="result_years",
        )
    return versions.drop(columns="line").sort_values(["index", "year"]).reset_index(drop=True)


def _year_span(text: str, path: Path, line: int) -> list[int]:
    """'2016' or '2012-2015' as a list of years."""
    parts = text.split("-")
    if not 1 <= len(parts) <= 2 or not all(p.strip().isdigit() for p in parts):
        raise DataError(
            path, "result_years must be a year or a range like 2012-2015", line=line, column="result_years", value=text
        )
    first, last = int(parts[0]), int(parts[-1])
    if last < first:
        raise DataError(path, "result_years runs backwards", line=line, column="result_years", value=text)
    return list(range(first, last + 1))


def breaks_within(versions: pd.DataFrame, index: str, years: list[int]) -> list[int]:
    """Years among `years` (after the first) whose methodology differs from the previous year's in `years`.
    A year without a known methodology is not a break by itself: missing stays missing, never assumed."""
    known = versions[versions["index"] == index].set_index("year")["methodology"]
    spans = sorted(y for y in years if y in known.index)
    return [later for earlier, later in itertools.pairwise(spans) if known[later] != known[earlier]]


def series_starts(versions: pd.DataFrame) -> pd.Series:
    """The first result year each index's methodology table lists (index -> year): the year its series starts
    being comparable (SIPAS: the first nationwide survey). A year before it is outside the comparable series; an
    index the table does not list has no start, so none of its years is ruled out."""
    return versions.groupby("index")["year"].min()
