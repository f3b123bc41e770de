"""The panel's schema (pandera): types, allowed values and ranges, unique keys, ranks consistent with scores.

Failures are turned into DataErrors that point at the source file and line each bad row came from.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.core import config
from analysis.core.errors import DataError, DataErrors

LEVELS = ("total", "dimension", "subdimension", "component")
RANGE_TOLERANCE = 0.005  # published scores are rounded


def allowed_range(panel: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Lower and upper bound of each row's score.

    PAPI: a part of a scale whose maximum is m ranges from m/10 to m (sub-dimension 0.25-2.5 or 0.33-3.33,
    dimension 1-10, total 6-60 or 8-80). PAR INDEX and SIPAS: 0-100, or 0 to the component's stated maximum.
    """
    is_papi = panel["index"] == "papi"
    upper = panel["max_score"].fillna(100.0)
    lower = (upper / 10).where(is_papi, 0.0)
    return lower - RANGE_TOLERANCE, upper + RANGE_TOLERANCE


def _score_in_range(panel: pd.DataFrame) -> pd.Series:
    lower, upper = allowed_range(panel)
    return panel["score"].isna() | panel["score"].between(lower, upper)


def _rank_within_n(panel: pd.DataFrame) -> pd.Series:
    return panel["rank"].isna() | (panel["rank"] <= panel["n_ranked"])


def _rank_follows_score(panel: pd.DataFrame) -> pd.Series:
    """False for a row whose rank is better than another's in the same table while its score is lower."""
    ok = pd.Series(True, index=panel.index)
    both = panel[panel["rank"].notna() & panel["score"].notna()]
    for _, table in both.groupby(["year", "index", "indicator_code"]):
        rank, score = table["rank"].to_numpy(), table["score"].to_numpy()
        inverted = ((rank[:, None] < rank[None, :]) & (score[:, None] < score[None, :] - 1e-9)).any(axis=1)
        inverted |= ((rank[:, None] > rank[None, :]) & (score[:, None] > score[None, :] + 1e-9)).any(axis=1)
        ok[table.index[inverted]] = False
    return ok


def _at_most_the_schemes_provinces(panel: pd.DataFrame) -> pd.Series:
    """At most 63 provinces in a table before 2025 and at most 34 from 2025."""
    counts = panel.groupby(["year", "index", "indicator_code"])["province_code"].transform("nunique")
    return counts <= panel["scheme"].map(config.SCHEME_SIZES)


def _scheme_of_the_year(panel: pd.DataFrame) -> pd.Series:
    return panel["scheme"] == panel["year"].map(config.scheme_of)


PANEL_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column("int64", pa.Check.in_range(config.FIRST_YEAR, config.LAST_YEAR)),
        "province_code": pa.Column(str, pa.Check.str_matches(r"^\d{2}$")),
        "province_name": pa.Column(str),
        "region": pa.Column(str),
        "index": pa.Column(str, pa.Check.isin(config.INDICES)),
        "level": pa.Column(str, pa.Check.isin(LEVELS)),
        "indicator_code": pa.Column(str),
        "indicator_name_vi": pa.Column(str, nullable=True),
        "indicator_name_en": pa.Column(str, nullable=True),
        "score": pa.Column(float, nullable=True),
        "max_score": pa.Column(float, pa.Check.gt(0), nullable=True),
        "rank": pa.Column(float, pa.Check.ge(1), nullable=True),
        "n_ranked": pa.Column(float, pa.Check.in_range(1, max(config.SCHEME_SIZES)), nullable=True),
        "basis": pa.Column(str),
        "source": pa.Column(str),
        "source_file": pa.Column(str),
        "source_line": pa.Column(str, nullable=True),
        "methodology": pa.Column(str, nullable=True),
        "scheme": pa.Column("int64", pa.Check.isin(list(config.SCHEME_SIZES))),
    },
    checks=[
        pa.Check(_score_in_range, error="score outside the allowed range for its index and level"),
        pa.Check(_rank_within_n, error="rank larger than the number of provinces ranked"),
        pa.Check(_rank_follows_score, error="rank contradicts score order (a better rank with a lower score)"),
        pa.Check(
            _at_most_the_schemes_provinces,
            error="more provinces in one year's table than its scheme has (63 before 2025, 34 from 2025)",
        ),
        pa.Check(_scheme_of_the_year, error="province scheme does not match the year (63 before 2025, 34 from 2025)"),
    ],
    unique=["year", "province_code", "index", "indicator_code"],
    report_duplicates="all",
    strict=True,
    coerce=False,
)


def validate_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """Validate the whole panel; raise DataErrors naming source file, line, column and value of each failure."""
    try:
        return PANEL_SCHEMA.validate(panel, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataErrors(_as_data_errors(panel, exc.failure_cases)) from None


CHECK_COLUMNS = {"score outside": "score", "rank": "rank", "more provinces": "province_code", "scheme": "scheme"}


def _as_data_errors(panel: pd.DataFrame, failures: pd.DataFrame) -> list[DataError]:
    """One error per failing row and check, pointing at the raw file, line and column it came from."""
    errors = []
    failures = failures.assign(check=failures["check"].astype(str))
    for (index, check), group in failures.groupby(["index", "check"], dropna=False, sort=False):
        if pd.isna(index) or index not in panel.index:
            errors.append(
                DataError("panel", f"{group['column'].iloc[0]}: {check}", value=group["failure_case"].iloc[0])
            )
            continue
        row = panel.loc[index]
        column = next((c for key, c in CHECK_COLUMNS.items() if key in check), None)
        if column is None:
            column = group["column"].iloc[0] if group["column"].iloc[0] in panel else "score"
        raw_column = row["indicator_code"] if row["source_file"].startswith("papi/") and column == "score" else column
        problem = check
        if column == "score" and "range" in check:
            lower, upper = allowed_range(panel.loc[[index]])
            problem = f"{check} [{lower.iloc[0]:.2f}, {upper.iloc[0]:.2f}]"
        line = str(row["source_line"]).split(";")[0]
        errors.append(
            DataError(
                row["source_file"],
                f"{row['province_name']} {row['year']} {row['indicator_code']}: {problem}",
                line=int(line) if line.isdigit() else None,
                column=raw_column,
                value=_plain(row[column]),
            )
        )
    return errors


def _plain(value):
    return value.item() if hasattr(value, "item") else value
