"""PAPI: sub-dimension files (one wide CSV per year, provinces P01..P63) and the official totals for cross-checks."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataError
from analysis.data.csvfile import LINE, convert_numeric, parse_years, read_csv
from analysis.data.provinces import Crosswalk
from analysis.data.sources.tidy import tidy

SUBDIMENSION_FILE = "papi/papi_subdimensions_{year}.csv"
SUBDIMENSION_COLUMN = re.compile(r"^SC(\d)(\d)$")
SUBDIMENSION_SOURCE = (
    "PAPI (CECODES, VFF-CRT, RTA, UNDP; papi.org.vn) sub-dimension scores, via "
    "github:hnks-gh/ml-mcdm@d165721ef5b79e96a1f9daa013612eef57d31734:data/csv/{year}.csv"
)
# Official sheets whose sub-dimension rows carry Vietnamese names as 'd.k: name' (newest definitions first).
NAMED_EXTRACTS = ("HungNT1st_PAPI_2023.csv", "HungNT1st_PAPI_2018.csv")


def papi_years(raw_dir: Path) -> list[int]:
    return sorted(int(p.stem.rsplit("_", 1)[1]) for p in (raw_dir / "papi").glob("papi_subdimensions_*.csv"))


def read_codebook(raw_dir: Path) -> tuple[dict[str, str], pd.DataFrame, dict[str, str]]:
    """(P-code -> province name, sub-dimension table, dimension code C0d -> English name)."""
    book = raw_dir / "papi" / "codebook"
    provinces = read_csv(
        book / "codebook_provinces.csv",
        ["Variable_Code", "Variable_Name"],
        label="papi/codebook/codebook_provinces.csv",
    )
    subs = read_csv(
        book / "codebook_subcriteria.csv",
        ["Variable_Code", "Variable_Name", "Criteria_Code"],
        label="papi/codebook/codebook_subcriteria.csv",
    )
    dims = read_csv(
        book / "codebook_criteria.csv", ["Variable_Code", "Variable_Name"], label="papi/codebook/codebook_criteria.csv"
    )
    return (
        dict(zip(provinces["Variable_Code"], provinces["Variable_Name"], strict=True)),
        subs,
        dict(zip(dims["Variable_Code"], dims["Variable_Name"], strict=True)),
    )


def subdimension_names_vi(raw_dir: Path) -> dict[str, str]:
    """SCdk -> Vietnamese name, read from the official sheets' 'd.k: name' row labels."""
    names: dict[str, str] = {}
    for extract in NAMED_EXTRACTS:
        path = raw_dir / "papi_official" / "raw_extracts" / extract
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                match = re.match(r"^\s*(\d)\.(\d):\s*(.+?)\*?\s*$", row[1]) if len(row) > 1 else None
                if match:
                    names.setdefault(f"SC{match[1]}{match[2]}", unicodedata.normalize("NFC", match[3]))
    return names


def _refuse_blank_cells(frame: pd.DataFrame, columns: list[str], rel: str) -> None:
    """A blank cell is an error unless the whole of what it belongs to is blank: a province not surveyed (blank
    row), a sub-dimension that did not exist that year (blank column), or a dimension a province has no score on
    (all of its surveyed sub-dimensions blank, as PAPI 2018 publishes for two provinces)."""
    values = frame[columns]
    surveyed = [c for c in columns if values[c].notna().any()]
    for dimension in sorted({c[2] for c in surveyed}):
        part = values[[c for c in surveyed if c[2] == dimension]]
        partial = part.isna().any(axis=1) & part.notna().any(axis=1)
        if partial.any():
            row = frame[partial].iloc[0]
            column = part.columns[part[partial].iloc[0].isna()][0]
            raise DataError(
                rel,
                f"blank {column} for {row['Province']}, whose other D{dimension} sub-dimensions have scores",
                line=int(row[LINE]),
                column=column,
                value="",
            )


def read_subdimensions(raw_dir: Path, year: int, crosswalk: Crosswalk) -> pd.DataFrame:
    """One year's sub-dimension scores as tidy rows (level 'subdimension'); a province or sub-dimension not
    surveyed stays missing, a single blank cell is an error."""
    rel = SUBDIMENSION_FILE.format(year=year)
    frame = read_csv(raw_dir / rel, ["Province"], label=rel)
    sub_columns = [c for c in frame.columns if SUBDIMENSION_COLUMN.match(c)]
    unexpected = [c for c in frame.columns if c not in sub_columns and c not in ("Province", LINE)]
    if unexpected:
        raise DataError(rel, f"unexpected column(s) {unexpected}; expected Province and SCdk sub-dimension codes")
    if not sub_columns:
        raise DataError(rel, "has no sub-dimension columns (SC11 ... SC83)")
    province_names, subs_book, _ = read_codebook(raw_dir)
    if missing := sorted(set(subs_book["Variable_Code"]) - set(sub_columns)):
        raise DataError(
            rel,
            f"misses the sub-dimension column(s) {missing} that the codebook lists (a sub-dimension "
            f"not surveyed that year stays as an empty column)",
            line=1,
        )
    if frame.empty:
        raise DataError(rel, "has a header but no rows")
    convert_numeric(frame, sub_columns, rel)
    _refuse_blank_cells(frame, sub_columns, rel)
    seen: dict[str, int] = {}
    codes = []
    for pcode, line in zip(frame["Province"], frame[LINE], strict=True):
        if pcode not in province_names:
            raise DataError(
                rel,
                "unknown PAPI province code (expected P01..P63 from the codebook)",
                line=line,
                column="Province",
                value=pcode,
            )
        code = crosswalk.code(province_names[pcode], file="papi/codebook/codebook_provinces.csv")
        if code in seen:
            raise DataError(
                rel, f"duplicate province (also on line {seen[code]})", line=line, column="Province", value=pcode
            )
        seen[code] = line
        codes.append(code)
    frame["province_code"] = codes
    long = frame.melt(
        id_vars=["province_code", LINE], value_vars=sub_columns, var_name="indicator_code", value_name="score"
    )
    long["year"] = year
    long["index"] = "papi"
    long["level"] = "subdimension"
    long["source"] = SUBDIMENSION_SOURCE.format(year=year)
    long["source_file"] = rel
    long["source_line"] = long[LINE]
    return tidy(long)


def read_official_totals(raw_dir: Path, crosswalk: Crosswalk) -> pd.DataFrame:
    """papi_official/papi_totals.csv -> (year, province_code, total) for the cross-check."""
    rel = "papi_official/papi_totals.csv"
    frame = read_csv(raw_dir / rel, ["year", "province_name", "total_score"], numeric=["total_score"], label=rel)
    return _with_codes(frame, rel, crosswalk).rename(columns={"total_score": "official"})


def read_official_dimensions(raw_dir: Path, crosswalk: Crosswalk) -> pd.DataFrame:
    """papi_official/papi_dimensions.csv -> (year, province_code, dimension_code, official, names)."""
    rel = "papi_official/papi_dimensions.csv"
    frame = read_csv(
        raw_dir / rel,
        ["year", "province_name", "dimension_code", "dimension_name", "score"],
        numeric=["score"],
        label=rel,
    )
    return _with_codes(frame, rel, crosswalk).rename(columns={"score": "official"})


def _with_codes(frame: pd.DataFrame, rel: str, crosswalk: Crosswalk) -> pd.DataFrame:
    frame["province_code"] = [
        crosswalk.code(n, file=rel, line=line, column="province_name")
        for n, line in zip(frame["province_name"], frame[LINE], strict=True)
    ]
    frame["year"] = parse_years(frame, rel)
    return frame
