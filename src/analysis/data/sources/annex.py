"""Import a ministry annex table (PAR INDEX or SIPAS: one row per province with a total, a rank and component
scores) into the source folder, in the same tidy CSV form as the hand-collected rows, all or nothing.

A spec (YAML, examples in config/annex_*.yml) says where things are: the sheet, how many header rows, the column of
the province, total, rank and each component (a column letter such as `D`, or the header text, merged header cells
joined with a space), each component's code and maximum points, the index, the year and whether the table lists
every province. The importer copes with what government spreadsheets contain: multi-row and merged headers, a
numbering column, `Tỉnh`/`TP.` prefixes and other spellings the crosswalk knows, decimal commas, blank separator
rows, and total or footnote rows at the bottom. Every problem names the file, sheet, cell and value; nothing is
written unless the whole table passes.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

from openpyxl.utils import column_index_from_string, get_column_letter
from pydantic import BeforeValidator, Field, field_validator, model_validator

from analysis.core import config
from analysis.core.atomic import atomic_path
from analysis.core.errors import DataError, DataErrors
from analysis.core.settings import Strict, load_yaml_model
from analysis.data.provinces import Crosswalk, match_key

ANNEX_FOLDER = "annex"
ANNEX_NOTE = "Official annex imported from"  # reported.source_tiers ranks these rows with official portals
TOTAL_COLUMNS = ["year", "province_name_vi", "rank", "score", "source_url", "notes"]
COMPONENT_COLUMNS = [
    "year",
    "province_name_vi",
    "component_code",
    "component_name_vi",
    "score",
    "max_score",
    "source_url",
    "notes",
]
# Rows under the provinces that are not provinces: national totals or averages and footnotes.
NOT_A_PROVINCE = re.compile(r"^(tong|canuoc|toanquoc|trungbinh|binhquan|ghichu|nguon|chuthich|luuy)")
FOOTNOTE_MARK = re.compile(r"^\s*(\*|\(\d+\)|\d+\))")
COMPONENT_TOLERANCE = 0.05  # points: components may add to a little more than the total through rounding


Reference = Annotated[str, BeforeValidator(lambda value: str(value) if isinstance(value, int) else value)]


class Component(Strict):
    code: str
    column: Reference  # a column letter (D) or the header text
    max_points: Annotated[float, Field(gt=0)]
    name_vi: str = ""


class Columns(Strict):
    province: Reference
    total: Reference | None = None
    rank: Reference | None = None

    @model_validator(mode="after")
    def _total_or_rank(self) -> Columns:
        if self.total is None and self.rank is None:
            raise ValueError("needs a total or a rank column besides the province")
        return self


class AnnexSpec(Strict):
    """Where things are in a ministry annex table, and what the table promises (config/annex_*.yml)."""

    index: Literal["par_index", "sipas"]
    year: Annotated[int, Field(strict=True, ge=config.FIRST_YEAR, le=config.LAST_YEAR)]
    source: str  # where the table came from (URL or citation)
    sheet: str | None = None
    header_rows: Annotated[int, Field(strict=True, ge=0, le=10)] = 1
    columns: Columns
    max_total: Annotated[float, Field(gt=0)] = 100.0
    complete: Annotated[bool, Field(strict=True)] = False  # the table lists every province of the year
    # PAR INDEX components are points that add up to the total; SIPAS element scores are each a percentage (0-100)
    components_add_up: Annotated[bool, Field(strict=True)] = True
    components: tuple[Component, ...] = ()

    @field_validator("components")
    @classmethod
    def _distinct_codes(cls, components: tuple[Component, ...]) -> tuple[Component, ...]:
        codes = [component.code for component in components]
        if repeated := sorted({code for code in codes if codes.count(code) > 1}):
            raise ValueError(f"two components share the code {repeated[0]}")
        return components

    @property
    def province(self) -> str:
        return self.columns.province

    @property
    def total(self) -> str | None:
        return self.columns.total

    @property
    def rank(self) -> str | None:
        return self.columns.rank


def load_spec(path: Path) -> AnnexSpec:
    """Read and check a spec; a wrong or missing key, or a value of the wrong type, is an error naming the spec file
    and the key."""
    return load_yaml_model(AnnexSpec, Path(path))


def read_cells(path: Path, sheet: str | None) -> tuple[list[list[Any]], str]:
    """The sheet's cells row by row (merged cells carry their value into every cell they cover) and the label that
    names the table in messages ('annex.xlsx, sheet PAR 2021'). A file that is not what its name says, a formula
    without the value the spreadsheet last computed for it, or a CSV that is not UTF-8 is an error naming the file
    (and the cell)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_cells(path, sheet)
    if suffix == ".csv":
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                return [list(row) for row in csv.reader(handle)], path.name
        except UnicodeDecodeError as exc:
            raise DataError(str(path), f"is not UTF-8 text (byte {exc.start}); save the table as UTF-8 CSV") from None
    raise DataError(str(path), "must be a .csv or .xlsx file")


def _workbook_cells(path: Path, sheet: str | None) -> tuple[list[list[Any]], str]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True, read_only=False)
        formulas = load_workbook(path, data_only=False, read_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise DataError(
            str(path),
            f"is not an Excel workbook (.xlsx) despite its name ({type(exc).__name__}); "
            "open it in a spreadsheet and save it as .xlsx, or as UTF-8 .csv",
        ) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise DataError(str(path), f"has no sheet '{sheet}'; its sheets: {book.sheetnames}")
    table = book[sheet] if sheet is not None else book.worksheets[0]
    label = f"{path.name}, sheet {table.title}"
    cells = [list(row) for row in table.iter_rows(values_only=True)]
    uncomputed = [
        cell.coordinate
        for row in formulas[table.title].iter_rows()
        for cell in row
        if cell.data_type == "f" and cells[cell.row - 1][cell.column - 1] is None
    ]
    if uncomputed:
        raise DataError(
            label,
            f"cell {uncomputed[0]} holds a formula ({formulas[table.title][uncomputed[0]].value}) "
            f"with no value computed for it ({len(uncomputed)} such cell(s)): open the file in a "
            "spreadsheet, let it calculate, and save it again",
            column=uncomputed[0],
        )
    for merged in table.merged_cells.ranges:
        value = cells[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row - 1, merged.max_row):
            for column in range(merged.min_col - 1, merged.max_col):
                cells[row][column] = value
    return cells, label


def _column(reference: str, headers: list[str], label: str) -> int:
    """0-based column of a letter ('D') or a header text (case and spacing ignored)."""
    if re.fullmatch(r"[A-Z]{1,3}", reference):
        return column_index_from_string(reference) - 1
    wanted = " ".join(reference.split()).casefold()
    found = [i for i, header in enumerate(headers) if header.casefold() == wanted]
    if len(found) != 1:
        raise DataError(
            label,
            f"{'no' if not found else 'more than one'} header reads '{reference}'; headers: "
            f"{[h for h in headers if h]}",
        )
    return found[0]


def _headers(cells: list[list[Any]], rows: int) -> list[str]:
    width = max((len(row) for row in cells), default=0)
    out = []
    for column in range(width):
        parts = [str(row[column]).strip() for row in cells[:rows] if column < len(row) and row[column] is not None]
        out.append(" ".join(dict.fromkeys(p for p in parts if p)))
    return [" ".join(h.split()) for h in out]


def cell_number(value: Any) -> float | None:
    """A cell as a number: numbers as they are, text with a decimal comma or point, blank as missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(text) from None


def parse_annex(path: Path, spec: AnnexSpec, crosswalk: Crosswalk) -> tuple[list[dict], list[dict]]:
    """(total rows, component rows) in the source folder's CSV form; every problem found is raised together."""
    cells, label = read_cells(Path(path), spec.sheet)
    headers = _headers(cells, spec.header_rows)
    where = {"province": _column(spec.province, headers, label)}
    for role in ("total", "rank"):
        reference = getattr(spec, role)
        if reference is not None:
            where[role] = _column(reference, headers, label)
    for component in spec.components:
        where[component.code] = _column(component.column, headers, label)
    errors: list[DataError] = []
    size = config.SCHEME_SIZES[config.scheme_of(spec.year)]  # 63 provinces before 2025, 34 from 2025
    totals: list[dict[str, Any]] = []
    components: list[dict[str, Any]] = []
    seen: dict[str, int] = {}  # province code -> row
    ranks: dict[int, int] = {}  # rank -> row

    def problem(row: int, key: str, text: str, value: Any) -> None:
        cell = f"{get_column_letter(where[key] + 1)}{row}"
        errors.append(DataError(label, f"cell {cell}: {text}", line=row, column=key, value=value))

    for row_number, row in enumerate(cells[spec.header_rows :], start=spec.header_rows + 1):

        def cell(key: str, row: list[Any] = row) -> Any:
            return row[where[key]] if where[key] < len(row) else None

        name = cell("province")
        if name is None or not str(name).strip():
            continue  # a blank separator row
        key = match_key(str(name))
        if NOT_A_PROVINCE.match(key) or FOOTNOTE_MARK.match(str(name)):
            continue  # national total/average or a footnote under the table
        try:
            code = crosswalk.code(str(name), year=spec.year, file=label, line=row_number, column="province")
        except DataError as exc:
            problem(row_number, "province", exc.problem, name)
            continue
        if code in seen:
            twice = f"{crosswalk.name_vi(code, spec.year)} is listed twice (also row {seen[code]})"
            problem(row_number, "province", twice, name)
            continue
        seen[code] = row_number
        values: dict[str, float | None] = {}
        for field in where.keys() - {"province"}:
            try:
                values[field] = cell_number(cell(field))
            except ValueError:
                problem(row_number, field, "is not a number", cell(field))
        total, rank = values.get("total"), values.get("rank")
        if total is not None and not 0 <= total <= spec.max_total:
            problem(row_number, "total", f"the total must be from 0 to {spec.max_total:g}", total)
        if rank is not None:
            if rank != int(rank) or not 1 <= rank <= size:
                problem(row_number, "rank", f"a rank must be a whole number from 1 to {size}", rank)
            elif int(rank) in ranks:
                problem(row_number, "rank", f"rank {int(rank)} is listed twice (also row {ranks[int(rank)]})", rank)
            else:
                ranks[int(rank)] = row_number
        parts = []
        for component in spec.components:
            score = values.get(component.code)
            if score is None:
                continue
            if not 0 <= score <= component.max_points:
                problem(
                    row_number,
                    component.code,
                    f"{component.code} must be from 0 to its maximum {component.max_points:g}",
                    score,
                )
            parts.append(score)
            components.append(
                {
                    "year": spec.year,
                    "province_name_vi": crosswalk.name_vi(code, spec.year),
                    "component_code": component.code,
                    "component_name_vi": component.name_vi,
                    "score": score,
                    "max_score": component.max_points,
                }
            )
        if spec.components_add_up and total is not None and parts and sum(parts) > total + COMPONENT_TOLERANCE:
            problem(row_number, "total", f"the components add up to {sum(parts):.2f}, more than the total", total)
        totals.append(
            {
                "year": spec.year,
                "province_name_vi": crosswalk.name_vi(code, spec.year),
                "rank": None if rank is None else int(rank),
                "score": total,
                "_row": row_number,
            }
        )
    if spec.complete:
        missing = sorted(crosswalk.name_vi(c, spec.year) for c in set(crosswalk.codes(spec.year)) - set(seen))
        if missing:
            errors.append(
                DataError(
                    label,
                    f"the spec says the table is complete but {len(missing)} province(s) "
                    f"are missing: {', '.join(missing)}",
                )
            )
    if not totals and not errors:
        errors.append(DataError(label, "no province rows found under the header"))
    if errors:
        raise DataErrors(errors)
    provenance = f"{ANNEX_NOTE} {label}"
    for total_row in totals:
        total_row.update(source_url=spec.source, notes=f"{provenance}, row {total_row.pop('_row')}")
    by_name = {total_row["province_name_vi"]: total_row["notes"] for total_row in totals}
    for component_row in components:
        component_row.update(source_url=spec.source, notes=by_name[component_row["province_name_vi"]])
    return totals, components


def annex_paths(source_dir: Path, index: str, year: int) -> tuple[Path, Path]:
    """Where an imported table lives in the source folder (one pair of files per index and year)."""
    folder = Path(source_dir) / index / ANNEX_FOLDER
    return folder / f"{index}_{year}_total.csv", folder / f"{index}_{year}_components.csv"


def import_annex(path: Path, spec: AnnexSpec, source_dir: Path, crosswalk: Crosswalk) -> list[Path]:
    """Parse and check the whole table, then write its rows into the source folder (each file written completely
    or not at all). Returns the files written."""
    totals, components = parse_annex(path, spec, crosswalk)
    total_path, component_path = annex_paths(source_dir, spec.index, spec.year)
    total_path.parent.mkdir(parents=True, exist_ok=True)
    written = [total_path]
    _write(total_path, TOTAL_COLUMNS, totals)
    if components:
        _write(component_path, COMPONENT_COLUMNS, components)
        written.append(component_path)
    elif component_path.exists():
        component_path.unlink()  # a re-import without components leaves no stale components behind
    return written


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
