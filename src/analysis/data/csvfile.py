"""Strict CSV reading: encoding, truncation, missing columns and non-numeric cells fail with file/line/column."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.core import config
from analysis.core.errors import DataError

LINE = "_line"  # column holding the 1-based line of the file each row came from


def first_row_error(file: str | Path, rows: pd.DataFrame, column: str, problem: str) -> DataError:
    """The error for the first of `rows` (as read_csv gives them, with their line): file, line, column, value."""
    first = rows.iloc[0]
    return DataError(file, problem, line=int(first[LINE]), column=column, value=first[column])


def read_csv(
    path: str | Path, required: list[str], numeric: Sequence[str] = (), label: str | None = None
) -> pd.DataFrame:
    """Read a UTF-8 CSV (a BOM is accepted) into strings, checking it fully before anything uses it.

    Numeric columns are converted to floats; an empty cell stays missing (NaN), anything else non-numeric is an
    error. `label` is how the file is named in messages (defaults to the path).
    """
    path = Path(path)
    label = label or str(path)
    data = path.read_bytes()
    if not data.strip():
        raise DataError(label, "the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            label,
            f"is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be decoded); it may be saved in a "
            "legacy encoding such as Windows-1258. Re-save it as UTF-8",
            line=line,
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        rows, lines = [], []
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise DataError(
                    label,
                    f"has {len(fields)} fields but the header has {len(header)} (a truncated or malformed row)",
                    line=reader.line_num,
                )
            rows.append(fields)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise DataError(label, f"is not valid CSV ({exc}); the file may be truncated", line=reader.line_num) from None
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(label, f"is missing required column(s) {missing}; columns found: {header}")
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise DataError(label, f"has duplicated column name(s) {duplicated}")
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame = frame.apply(lambda col: col.str.strip())
    frame = frame.replace("", None)
    frame[LINE] = lines
    return convert_numeric(frame, numeric, label)


def convert_numeric(frame: pd.DataFrame, columns: Sequence[str], label: str) -> pd.DataFrame:
    """Turn text columns into floats in place; a non-numeric cell is an error naming its line and column."""
    for column in columns:
        frame[column] = _to_float(frame[column], column, label, list(frame[LINE]))
    return frame


def _to_float(values: pd.Series, column: str, label: str, lines: list[int]) -> pd.Series:
    out = []
    for value, line in zip(values, lines, strict=True):
        if value is None:
            out.append(math.nan)
            continue
        try:
            number = float(value)
        except ValueError:
            raise DataError(
                label,
                "is not a number (use '.' as the decimal mark; leave the cell empty if the value is unknown)",
                line=line,
                column=column,
                value=value,
            ) from None
        if not math.isfinite(number):
            raise DataError(label, "is not a finite number", line=line, column=column, value=value)
        out.append(number)
    return pd.Series(out, index=values.index, dtype="float64")


def parse_years(frame: pd.DataFrame, label: str, column: str = "year") -> list[int]:
    """The year column as whole numbers within the supported range, or an error naming the line."""
    years = []
    for value, line in zip(frame[column], frame[LINE], strict=True):
        try:
            year = int(value)
        except (TypeError, ValueError):
            raise DataError(label, "year is not a whole number", line=line, column=column, value=value) from None
        if not config.FIRST_YEAR <= year <= config.LAST_YEAR:
            raise DataError(
                label, f"year outside {config.FIRST_YEAR}-{config.LAST_YEAR}", line=line, column=column, value=value
            )
        years.append(year)
    return years
