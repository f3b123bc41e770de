"""The panel's schema: its columns described once in panel_columns.yml (type, allowed values, meaning), and built
from that file into the pandera schema that validates every build (types, ranges, unique keys, ranks consistent
with scores, at most the scheme's provinces), the column lists of the panel and of the source readers, and the
column table of the data dictionary.

Failures are turned into DataErrors that point at the source file and line each bad row came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pydantic import field_validator

from analysis.core import config
from analysis.core.errors import DataError, DataErrors
from analysis.core.settings import Strict, load_yaml_model

COLUMNS_FILE = Path(__file__).with_name("panel_columns.yml")
RANGE_TOLERANCE = 0.005  # published scores are rounded
NAMED = {
    "first_year": config.FIRST_YEAR,
    "last_year": config.LAST_YEAR,
    "largest_scheme": max(config.SCHEME_SIZES),
    "indices": list(config.INDICES),
    "schemes": list(config.SCHEME_SIZES),
    "qualities": list(config.QUALITIES),
}


class ColumnCheck(Strict):
    """At most one of: allowed values, a closed range, a pattern, a lower bound (strict or not)."""

    allowed: list[str] | list[int] | str | None = None
    range: tuple[int | float | str, int | float | str] | None = None
    pattern: str | None = None
    greater_than: float | None = None
    at_least: float | None = None

    def build(self) -> pa.Check:
        def value(item: object) -> object:
            return NAMED[item] if isinstance(item, str) and item in NAMED else item

        if self.allowed is not None:
            return pa.Check.isin(value(self.allowed))
        if self.range is not None:
            return pa.Check.in_range(value(self.range[0]), value(self.range[1]))
        if self.pattern is not None:
            return pa.Check.str_matches(self.pattern)
        if self.greater_than is not None:
            return pa.Check.gt(self.greater_than)
        return pa.Check.ge(self.at_least)


class Column(Strict):
    name: str
    type: Literal["int64", "float", "str"]
    nullable: bool = False
    check: ColumnCheck | None = None
    readers: bool = False
    panel: bool = True
    doc: str

    def build(self) -> pa.Column:
        kind = {"int64": "int64", "float": float, "str": str}[self.type]
        return pa.Column(kind, [] if self.check is None else [self.check.build()], nullable=self.nullable)


class PanelColumns(Strict):
    columns: list[Column]

    @field_validator("columns")
    @classmethod
    def _unique(cls, columns: list[Column]) -> list[Column]:
        names = [column.name for column in columns]
        if repeated := sorted({name for name in names if names.count(name) > 1}):
            raise ValueError(f"lists {repeated} more than once")
        return columns


COLUMNS = load_yaml_model(PanelColumns, COLUMNS_FILE).columns
PANEL_COLUMNS = [column.name for column in COLUMNS if column.panel]
READER_COLUMNS = [column.name for column in COLUMNS if column.readers]
COLUMN_DOCS = {column.name: column.doc for column in COLUMNS if column.panel}


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
        ok[table.index[np.asarray(inverted, dtype=bool)]] = False
    return ok


def _at_most_the_schemes_provinces(panel: pd.DataFrame) -> pd.Series:
    """At most 63 provinces in a table before 2025 and at most 34 from 2025."""
    counts = panel.groupby(["year", "index", "indicator_code"])["province_code"].transform("nunique")
    return counts <= panel["scheme"].map(config.SCHEME_SIZES)


def _scheme_of_the_year(panel: pd.DataFrame) -> pd.Series:
    return panel["scheme"] == panel["year"].map(config.scheme_of)


PANEL_SCHEMA = pa.DataFrameSchema(
    {column.name: column.build() for column in COLUMNS if column.panel},
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
    for (where, what), group in failures.groupby(["index", "check"], dropna=False, sort=False):
        check = str(what)
        if not isinstance(where, (int, np.integer)) or where not in panel.index:  # a frame-wide failure
            errors.append(
                DataError("panel", f"{group['column'].iloc[0]}: {check}", value=group["failure_case"].iloc[0])
            )
            continue
        index = int(where)
        row = panel.loc[index]
        column = next((c for key, c in CHECK_COLUMNS.items() if key in check), None)
        if column is None:
            column = group["column"].iloc[0] if group["column"].iloc[0] in panel else "score"
        column = str(column)
        raw_column = (
            str(row["indicator_code"]) if str(row["source_file"]).startswith("papi/") and column == "score" else column
        )
        problem = check
        if column == "score" and "range" in check:
            lower, upper = allowed_range(panel.loc[[index]])
            problem = f"{check} [{lower.iloc[0]:.2f}, {upper.iloc[0]:.2f}]"
        line = str(row["source_line"]).split(";")[0]
        errors.append(
            DataError(
                str(row["source_file"]),
                f"{row['province_name']} {row['year']} {row['indicator_code']}: {problem}",
                line=int(line) if line.isdigit() else None,
                column=raw_column,
                value=_plain(row[column]),
            )
        )
    return errors


def _plain(value):
    return value.item() if hasattr(value, "item") else value
