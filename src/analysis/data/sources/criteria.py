"""What a source reports about a province's PAR INDEX criteria when no full scorecard is published
(par_index/par_index_criteria_reported.csv; par_index/SOURCES.md):

    year, province_name_vi, criteria_total, criteria_below_max, criteria_zero, zero_criteria_vi, zero_criteria_en,
    source_url, quote

one row per province-year and source; the criteria at zero are named in zero_criteria_vi (as quoted) and
zero_criteria_en (a translation), separated by " | ". Counts, not points: they say where points were lost, not how
many.

Every row is checked before anything is written, and every problem is named with the file, line, column and value:
a province the crosswalk does not know in the year's scheme (aliases are read, and a province merged in 2025 is
named with the one it joined), a count that is not a whole number of 0 or more (an empty cell is not reported,
never 0), criteria_zero above criteria_below_max or criteria_below_max above criteria_total, a list of names whose
length is not criteria_zero, Vietnamese and English lists of different lengths, an empty name in a list, a
source_url that is not an http(s) address, and a province-year reported twice by the same source.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataError, DataErrors
from analysis.data.csvfile import LINE, parse_years, read_csv
from analysis.data.provinces import Crosswalk

FILE = "par_index/par_index_criteria_reported.csv"
COUNTS = ["criteria_total", "criteria_below_max", "criteria_zero"]
NAMES = ["zero_criteria_vi", "zero_criteria_en"]
REQUIRED = ["year", "province_name_vi", *COUNTS, *NAMES, "source_url", "quote"]
SEPARATOR = "|"
COLUMNS = ["year", "province_code", "province_name", *COUNTS, *NAMES, "source_url", "quote"]


def empty_criteria() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def read_criteria(raw_dir: Path, crosswalk: Crosswalk, rel: str = FILE) -> pd.DataFrame:
    """The reported criteria counts as COLUMNS (counts as nullable integers, province_code as text); no file means
    no rows. Raises a DataError (DataErrors when there are several) naming file, line, column and value."""
    path = Path(raw_dir) / rel
    if not path.is_file():
        return empty_criteria()
    frame = read_csv(path, REQUIRED, label=rel)
    if frame.empty:
        raise DataError(rel, "has a header but no rows: an empty table would silently remove every value it held")
    frame["year"] = parse_years(frame, rel)
    errors = _province_codes(frame, crosswalk, rel)
    counts, count_errors = _counts(frame, rel)
    errors += count_errors
    errors += _order(frame, counts, rel)
    errors += _name_lists(frame, counts, rel)
    errors += _urls(frame, rel)
    errors += _duplicates(frame, rel)
    if errors:
        errors.sort(key=lambda e: (e.line or 0, REQUIRED.index(e.column) if e.column in REQUIRED else 0))
        raise errors[0] if len(errors) == 1 else DataErrors(errors)
    out = frame.assign(**{c: counts[c] for c in COUNTS})
    out["province_name"] = [crosswalk.name_vi(c, y) for c, y in zip(out["province_code"], out["year"], strict=True)]
    for column in NAMES:
        out[column] = out[column].map(lambda text: None if text is None else f" {SEPARATOR} ".join(_split(text)))
    out["year"] = out["year"].astype("int64")
    return out[COLUMNS].reset_index(drop=True)


def _province_codes(frame: pd.DataFrame, crosswalk: Crosswalk, rel: str) -> list[DataError]:
    """Each distinct name is looked up once per year, in that year's scheme, as the other readers do."""
    errors: list[DataError] = []
    codes: dict[tuple[str | None, int], str | None] = {}
    for name, year, line in zip(frame["province_name_vi"], frame["year"], frame[LINE], strict=True):
        if (name, year) in codes:
            continue
        try:
            codes[(name, year)] = crosswalk.code(name or "", year=year, file=rel, line=line, column="province_name_vi")
        except DataError as error:
            codes[(name, year)] = None
            errors.append(error)
    frame["province_code"] = [codes[key] for key in zip(frame["province_name_vi"], frame["year"], strict=True)]
    return errors


def _refuse(frame: pd.DataFrame, bad: pd.Series, rel: str, column: str, problem: str | pd.Series) -> list[DataError]:
    """One DataError per row where `bad` holds, naming its line, the column and the row's value there."""
    problems = problem.tolist() if isinstance(problem, pd.Series) else [problem] * len(frame)
    rows = zip(bad.fillna(False).to_numpy(bool), problems, frame[LINE].tolist(), frame[column].tolist(), strict=True)
    return [
        DataError(rel, str(text), line=int(line), column=column, value=value)
        for wrong, text, line, value in rows
        if wrong
    ]


def _counts(frame: pd.DataFrame, rel: str) -> tuple[pd.DataFrame, list[DataError]]:
    """The counts as nullable integers; a cell that is not a whole number of 0 or more is an error."""
    errors: list[DataError] = []
    counts: dict[str, pd.Series] = {}
    for column in COUNTS:
        text = frame[column]
        whole = text.str.fullmatch(r"\d+").fillna(False).astype(bool)
        errors += _refuse(
            frame, text.notna() & ~whole, rel, column, "must be a whole number of criteria, 0 or more (or empty)"
        )
        counts[column] = pd.to_numeric(text.where(whole)).astype("Int64")
    return pd.DataFrame(counts, index=frame.index), errors


def _order(frame: pd.DataFrame, counts: pd.DataFrame, rel: str) -> list[DataError]:
    """criteria_zero <= criteria_below_max <= criteria_total (a criterion at zero is below its maximum)."""
    errors: list[DataError] = []
    for smaller, larger in (("criteria_zero", "criteria_below_max"), ("criteria_below_max", "criteria_total")):
        above = counts[smaller] > counts[larger]
        problem = f"{smaller} is larger than {larger} (" + counts[larger].astype("string").fillna("") + ")"
        errors += _refuse(frame, above, rel, smaller, problem)
    return errors


def _split(text: str) -> list[str]:
    return [name.strip() for name in str(text).split(SEPARATOR)]


def _name_lists(frame: pd.DataFrame, counts: pd.DataFrame, rel: str) -> list[DataError]:
    """Each list (when given) names criteria_zero criteria, none empty; the two lists are equally long."""
    errors: list[DataError] = []
    lengths: dict[str, pd.Series] = {}
    for column in NAMES:
        names = frame[column].map(lambda text: None if text is None else _split(text))
        lengths[column] = names.map(lambda items: np.nan if items is None else len(items)).astype("Float64")
        blank = names.map(lambda items: items is not None and any(not item for item in items))
        errors += _refuse(frame, blank, rel, column, f"has an empty name between the '{SEPARATOR}' separators")
        differs = lengths[column].notna() & counts["criteria_zero"].notna() & ~blank
        differs &= lengths[column] != counts["criteria_zero"].astype("Float64")
        problem = (
            "names "
            + lengths[column].astype("Int64").astype("string").fillna("")
            + f" criteria (separated by '{SEPARATOR}') but criteria_zero is "
            + counts["criteria_zero"].astype("string").fillna("")
        )
        errors += _refuse(frame, differs, rel, column, problem)
    vi, en = lengths["zero_criteria_vi"], lengths["zero_criteria_en"]
    unequal = vi.notna() & en.notna() & (vi != en)
    problem = (
        "names "
        + en.astype("Int64").astype("string").fillna("")
        + " criteria but zero_criteria_vi names "
        + vi.astype("Int64").astype("string").fillna("")
        + ": the English list translates the Vietnamese one, name for name"
    )
    return errors + _refuse(frame, unequal, rel, "zero_criteria_en", problem)


def _urls(frame: pd.DataFrame, rel: str) -> list[DataError]:
    url = frame["source_url"]
    web = url.str.fullmatch(r"(?i)https?://[^\s/?#]+[^\s]*").fillna(False).astype(bool)
    return _refuse(frame, ~web, rel, "source_url", "must be the http(s) address of the source")


def _duplicates(frame: pd.DataFrame, rel: str) -> list[DataError]:
    """A province-year reported twice by the same source: the later row is named, with the line it repeats."""
    key = ["province_code", "year", "source_url"]
    known = frame["province_code"].notna()
    repeated = known & frame.duplicated(key, keep="first")
    first_line = frame[known].groupby(key, sort=False)[LINE].transform("min").reindex(frame.index)
    problem = (
        "reports the same province and year from the same source as line "
        + first_line.astype("Int64").astype("string").fillna("")
        + "; keep one row per province, year and source"
    )
    return _refuse(frame, repeated, rel, "source_url", problem)
