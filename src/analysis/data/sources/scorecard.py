"""A province's PAR INDEX scorecard: the points it achieved on each criterion, as the ministry's notice gives them.

The criteria are the user's (every methodology has its own: ../shared/data/reference/methodology/), so the template
is made from the year's fields in the methodology reference plus the criteria the user lists, never invented. A filled
scorecard lives in the source folder as par_index/scorecards/par_index_<year>_<GSO code>.csv (or .xlsx) and is
checked before use: points between 0 and the maximum, the maxima adding up to the scale, the points adding up to the
province's PAR INDEX in the panel within rounding.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.core.atomic import atomic_path
from analysis.core.errors import DataError, DataErrors
from analysis.core.settings import Responsibilities
from analysis.data.methodology import load_versions
from analysis.data.sources.annex import cell_number, read_cells
from analysis.data.store import total_rows

COLUMNS = ["field", "criterion_code", "criterion", "max_points", "points", "note"]
FOLDER = "par_index/scorecards"
SCALE = 100.0
TOLERANCE = 0.015  # points: the ministry publishes totals rounded to two decimals


def scorecard_name(year: int, code: str, suffix: str = ".csv") -> str:
    """Where a province's scorecard for a year lives, relative to the source (and raw) folder."""
    return f"{FOLDER}/par_index_{year}_{code}{suffix}"


SCORECARD_FILE = re.compile(r"^par_index_(\d{4})_(\d{2})\.(csv|xlsx)$")
PROCESSED_COLUMNS = ["year", "province_code", *COLUMNS, "lost", "lead_agency", "source_file", "source_line"]


def read_scorecards(
    raw_dir: Path, panel: pd.DataFrame, agencies: tuple[str, Responsibilities] | None = None
) -> pd.DataFrame:
    """Every filled scorecard in the raw folder (par_index/scorecards/), each checked against the province's
    published PAR INDEX in the panel, as one table (PROCESSED_COLUMNS) for data/processed. A file whose name does
    not say its year and province, or a province or year the panel does not know, is an error naming the file.
    `agencies` (province code, config/responsibilities.yml) gives that province's rows their lead agency ('' when
    not assigned, and for every other province)."""
    folder = Path(raw_dir) / FOLDER
    par = total_rows(panel, "par_index").set_index(["year", "province_code"])
    frames = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        rel = path.relative_to(raw_dir).as_posix()
        named = SCORECARD_FILE.match(path.name)
        if not named:
            raise DataError(
                rel, "a scorecard's name must be par_index_<year>_<GSO code>.csv or .xlsx, e.g. par_index_2021_35.csv"
            )
        year, code = int(named.group(1)), named.group(2)
        if code not in set(panel.loc[panel["year"] == year, "province_code"]):
            raise DataError(rel, f"names province {code} in {year}, which the panel does not have", value=path.name)
        published = par["score"].get((year, code))
        card = read_scorecard(path, None if published is None or pd.isna(published) else float(published), rel)
        lead = [
            agencies[1].agency(str(field), str(criterion)) if agencies and agencies[0] == code else ""
            for field, criterion in zip(card["field"], card["criterion"], strict=True)
        ]
        frames.append(card.assign(year=year, province_code=code, lead_agency=lead, source_file=rel))
    if not frames:
        return pd.DataFrame(columns=PROCESSED_COLUMNS)
    return pd.concat(frames, ignore_index=True)[PROCESSED_COLUMNS]


def year_fields(raw_dir: Path, year: int) -> pd.DataFrame:
    """The fields (lĩnh vực) of the PAR INDEX methodology that governed `year`, as far as the reference lists them:
    code, name_vi, max_points (missing where no source states it)."""
    versions = load_versions(raw_dir)
    governing = versions[(versions["index"] == "par_index") & (versions["year"] == year)]["methodology"]
    structure = pd.read_csv(Path(raw_dir) / "reference" / "methodology" / "par_index_structure.csv", dtype=str)
    fields = structure[structure["level"] == "field"]
    if governing.empty:
        return fields.iloc[0:0][["code", "name_vi", "max_points"]]
    decision = governing.iloc[0].split()[0]  # e.g. "1149/QĐ-BNV"
    mine = fields[fields["methodology"].str.contains(re.escape(decision), regex=True)]
    out = mine[["code", "name_vi", "max_points"]].copy()
    out["max_points"] = pd.to_numeric(out["max_points"])
    return out.reset_index(drop=True)


def write_template(path: Path, fields: pd.DataFrame, criteria: pd.DataFrame | None) -> Path:
    """A scorecard to fill: the user's criteria (columns field, criterion_code, criterion, max_points) or, without
    them, one row per known field for the user to split into criteria; points and note left empty."""
    if criteria is not None:
        missing = [c for c in ("field", "criterion_code", "criterion", "max_points") if c not in criteria]
        if missing:
            raise DataError("the criteria file", f"needs the columns {missing}")
        rows = criteria[["field", "criterion_code", "criterion", "max_points"]].copy()
    else:
        rows = pd.DataFrame(
            {
                "field": fields["code"] + " " + fields["name_vi"],
                "criterion_code": "",
                "criterion": "",
                "max_points": fields["max_points"],
            }
        )
    rows["points"], rows["note"] = "", ""
    with atomic_path(Path(path)) as tmp:
        if Path(path).suffix.lower() == ".xlsx":
            rows[COLUMNS].to_excel(tmp, index=False, sheet_name="scorecard", engine="openpyxl")
        else:
            rows[COLUMNS].to_csv(tmp, index=False, encoding="utf-8")
    return Path(path)


def read_scorecard(path: Path, published_total: float | None, label: str | None = None) -> pd.DataFrame:
    """The filled scorecard, checked: numbers (decimal comma accepted), 0 ≤ points ≤ maximum, unique criterion
    codes, maxima adding up to the scale, points adding up to the published total. Errors name line and column
    (`label` names the file in them)."""
    cells, sheet_label = read_cells(Path(path), None)
    label = label or sheet_label
    header = [str(h).strip() if h is not None else "" for h in cells[0]] if cells else []
    if missing := [c for c in COLUMNS if c not in header]:
        raise DataError(label, f"needs the columns {missing} (found {header})")
    errors: list[DataError] = []
    rows = []
    for line, values in enumerate(cells[1:], start=2):
        row = {c: values[header.index(c)] if header.index(c) < len(values) else None for c in COLUMNS}
        if all(v is None or not str(v).strip() for v in row.values()):
            continue
        numbers: dict[str, float] = {}
        for column in ("max_points", "points"):
            try:
                value = cell_number(row[column])
            except ValueError:
                value = None
            if value is None:
                errors.append(DataError(label, "must be a number", line=line, column=column, value=row[column]))
            else:
                numbers[column] = value
        if len(numbers) == 2 and not 0 <= numbers["points"] <= numbers["max_points"]:
            errors.append(
                DataError(
                    label,
                    f"points must be from 0 to the maximum {numbers['max_points']:g}",
                    line=line,
                    column="points",
                    value=numbers["points"],
                )
            )
        row |= numbers
        errors += [
            DataError(label, "is empty", line=line, column=column)
            for column in ("field", "criterion_code")
            if row[column] is None or not str(row[column]).strip()
        ]
        rows.append({**row, "_line": line})
    table = pd.DataFrame(rows, columns=[*COLUMNS, "_line"])
    for code, group in table.groupby("criterion_code"):
        if len(group) > 1:
            errors.append(
                DataError(
                    label,
                    f"criterion {code} is listed twice",
                    line=int(group["_line"].iloc[1]),
                    column="criterion_code",
                    value=code,
                )
            )
    if errors:
        raise DataErrors(errors)
    if abs(table["max_points"].sum() - SCALE) > TOLERANCE:
        raise DataError(
            label, f"the maximum points add up to {table['max_points'].sum():.2f}, not {SCALE:g}", column="max_points"
        )
    if published_total is not None and abs(table["points"].sum() - published_total) > TOLERANCE:
        raise DataError(
            label,
            f"the points add up to {table['points'].sum():.2f} but the published PAR INDEX is {published_total:.2f}",
            column="points",
        )
    return table.rename(columns={"_line": "source_line"}).assign(lost=lambda t: t["max_points"] - t["points"])
