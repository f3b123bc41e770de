"""The official PAPI sheets in papi_official/raw_extracts/, read into tidy rows with their uncertainty.

Two layouts:
- indicator sheets (HungNT1st_PAPI_2018/2019/2022/2023): one row per total, dimension, sub-dimension or indicator,
  one column per province (GSO codes or names in the header), a scale column, and in 2022/2023 an English label
  column before the Vietnamese one. Rows under a total give its 95% CI bounds and standard error; 2019 also
  gives each dimension's variance.
- province sheets (mdtrinh_PAPI_2011-2016, HungNT1st_PAPI_2017): one row per province, one column per dimension
  and sub-dimension (mdtrinh: in framework order without numbers, so matched by position; 2017: numbered labels).

Indicators get stable codes from data/papi_indicator_codebook.csv (tools/papi_codebook.py writes it from these
sheets: the same Vietnamese wording under the same sub-dimension keeps its code across years). Percent rows are
stored as 0-100: the sheets mostly store fractions, so a percent row whose values all lie in 0-1 is multiplied by
100 (one row, the crime-victim rate, is already in percent).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import config
from analysis.core.errors import DataError, DataErrors
from analysis.data.provinces import Crosswalk

EXTRACTS = "papi_official/raw_extracts"
CODEBOOK_PATH = config.PROJECT_ROOT / "data" / "papi_indicator_codebook.csv"
CODEBOOK_COLUMNS = ["year", "label_vi", "indicator_code", "parent_code", "name_en"]
INDICATOR_COLUMNS = [
    "year",
    "province_code",
    "index",
    "level",
    "indicator_code",
    "parent_code",
    "indicator_name_vi",
    "indicator_name_en",
    "score",
    "scale",
    "std_error",
    "ci_low",
    "ci_high",
    "variance",
    "source_file",
    "source_line",
]

TOTAL = re.compile(r"^Chỉ số PAPI (?:\d{4} )?(?:tổng hợp )?\((không có|có) trọng số\)$")
DIMENSION = re.compile(r"^(?:Chỉ số nội dung )?(\d)\s*:")
SUBDIMENSION = re.compile(r"^(\d)\.(\d)\s*:")
VARIANCE = re.compile(r"^Phương sai \(Chỉ số nội dung (\d)\)")
UNCERTAINTY = {
    "điểm tối thiểu trong khoảng tin cậy 95%": "ci_low",
    "điểm tối đa trong khoảng tin cậy 95%": "ci_high",
    "sai số": "std_error",
}
FOOTERS = ("ghi chú", "bản quyền", "note", "copyright", "số quan sát", "observations")


def normalise_label(text: str) -> str:
    """Wording key for matching a label across years: NFC, case, '*', '(%)', spacing and end punctuation ignored."""
    text = unicodedata.normalize("NFC", str(text)).casefold().replace("*", "").replace("(%)", "")
    return re.sub(r"\s+", " ", text).strip(" .:;,")


@dataclass
class SheetRow:
    line: int
    label_vi: str
    label_en: str
    scale: str
    values: dict[str, str] = field(default_factory=dict)  # province code -> cell text
    lines: dict[str, int] = field(default_factory=dict)  # province code -> line, where provinces are rows


@dataclass
class Sheet:
    year: int
    file: str
    layout: str  # "indicators" or "provinces"
    rows: list[SheetRow]


def sheet_files(raw_dir: Path) -> list[Path]:
    return sorted((Path(raw_dir) / EXTRACTS).glob("*_PAPI_*.csv"))


def read_sheet(path: Path, raw_dir: Path, crosswalk: Crosswalk) -> Sheet:
    """Either layout, as rows of (label, scale, value per province code)."""
    rel = path.relative_to(raw_dir).as_posix()
    year = int(re.search(r"_(\d{4})\.csv$", path.name).group(1))  # type: ignore[union-attr]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        records = [(reader.line_num, row) for row in reader]
    if not records:
        raise DataError(rel, "the sheet is empty")
    header = records[0][1]
    scale_column = next((i for i, cell in enumerate(header) if "thang điểm" in cell.casefold()), None)
    if scale_column is None:
        return Sheet(year, rel, "provinces", _province_rows(records, rel, crosswalk))
    codes = _province_codes(records, scale_column, rel, crosswalk)
    first = 2 if records[1][1][0].startswith("Tỉnh/Thành phố") else 1
    rows = []
    for line, short in records[first:]:
        cells = short + [""] * (len(header) - len(short))
        label_vi = cells[scale_column - 1].strip()
        label_en = cells[0].strip() if scale_column == 2 else ""
        values = {code: cells[i].strip() for i, code in codes.items()}
        rows.append(SheetRow(line, label_vi, label_en, cells[scale_column].strip(), values))
    return Sheet(year, rel, "indicators", rows)


def _province_codes(records, scale_column: int, rel: str, crosswalk: Crosswalk) -> dict[int, str]:
    """Column position -> GSO code, from a header of codes (2019+) or of names (2018)."""
    line, header = records[0]
    out = {}
    for position in range(scale_column + 1, len(header)):
        cell = header[position].strip()
        if not cell:
            continue
        code = f"{int(cell):02d}" if cell.isdigit() else crosswalk.code(cell, file=rel, line=line, column=cell)
        if code not in crosswalk.codes():
            raise DataError(
                rel, "unknown GSO province code in the header", line=line, column=str(position + 1), value=cell
            )
        out[position] = code
    return out


def _province_rows(records, rel: str, crosswalk: Crosswalk) -> list[SheetRow]:
    """Province-per-row sheets turned around: one SheetRow per column (dimension, sub-dimension or total)."""
    two_headers = records[1][1][0] == records[0][1][0]  # mdtrinh repeats the id header in Vietnamese
    header_vi = records[1][1] if two_headers else records[0][1]
    header_en = records[0][1] if two_headers else [""] * len(header_vi)
    body = records[2:] if two_headers else records[1:]
    name_column = header_en.index("tentinh_vie") if "tentinh_vie" in header_en else 0
    first_value = name_column + 1
    rows = [SheetRow(0, header_vi[i].strip(), header_en[i].strip(), "", {}) for i in range(first_value, len(header_vi))]
    for line, cells in body:
        name = cells[name_column].strip()
        if not name or (two_headers and not cells[0].strip().isdigit()) or cells[0].strip() == "999":
            continue  # summary rows such as 'Điểm cao nhất' (highest score)
        code = crosswalk.code(name, file=rel, line=line, column=header_vi[name_column])
        for row, cell in zip(rows, cells[first_value:], strict=False):
            row.values[code], row.lines[code] = cell.strip(), line
    return rows


def load_codebook(path: Path = CODEBOOK_PATH) -> pd.DataFrame:
    book = pd.read_csv(path, dtype={"year": "int64"}, keep_default_na=False)
    if list(book.columns) != CODEBOOK_COLUMNS:
        raise DataError(path, f"columns must be {CODEBOOK_COLUMNS}", value=list(book.columns))
    return book


def _number(text: str, rel: str, line: int, column: str) -> float:
    if text in ("", "KCDL", "-", "NA", "n/a"):
        return np.nan
    try:
        return float(text)
    except ValueError:
        raise DataError(rel, "not a number", line=line, column=column, value=text) from None


def tidy_sheet(sheet: Sheet, codebook: pd.DataFrame | None, structure: dict[str, list[str]]) -> pd.DataFrame:
    """Tidy rows (INDICATOR_COLUMNS) of one sheet. `structure` maps each dimension code to its sub-dimension codes
    for the sheet's year (from the panel), used to place the unnumbered mdtrinh columns. Without a codebook the
    indicator rows keep an empty code (enough to check the sheet's totals and dimensions)."""
    known = (
        None if codebook is None else codebook[codebook["year"] == sheet.year].set_index(["parent_code", "label_vi"])
    )
    out: list[dict] = []
    for row, (level, code, parent) in _classified(sheet, structure, known):
        if level == "skip":
            continue
        if level in UNCERTAINTY.values() or level == "variance":
            target = parent or ("total_weighted" if "(có trọng số)" in row.label_vi else "total")
            for record in out:
                if record["indicator_code"] == target:
                    record[level] = _number(
                        row.values.get(record["province_code"], ""), sheet.file, row.line, record["province_code"]
                    )
            continue
        percent = "%" in row.scale
        values = {p: _number(v, sheet.file, row.line, p) for p, v in row.values.items()}
        finite = [v for v in values.values() if np.isfinite(v)]
        scale = 100.0 if percent and finite and max(finite) <= 1 else 1.0
        name_en = _english(codebook, code, row.label_en)
        out += [
            {
                "year": sheet.year,
                "province_code": province,
                "index": "papi",
                "level": level,
                "indicator_code": code,
                "parent_code": parent,
                "indicator_name_vi": row.label_vi,
                "indicator_name_en": name_en,
                "score": value * scale,
                "scale": _scale(row.scale),
                "std_error": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "variance": np.nan,
                "source_file": sheet.file,
                "source_line": row.lines.get(province, row.line),
            }
            for province, value in values.items()
        ]
    frame = pd.DataFrame(out, columns=INDICATOR_COLUMNS)
    return _without_unassessed(frame)


def _without_unassessed(frame: pd.DataFrame) -> pd.DataFrame:
    """Zero is below every PAPI scale's minimum and marks 'no data' in the official files (e.g. Bắc Giang and Bắc
    Ninh 2022, not assessed because their survey data were inaccurate): zero scores become missing, and so do all
    indicator values of a province whose total is zero. Rows left with nothing are dropped."""
    structural = frame["level"].isin(["total", "dimension", "subdimension"])
    zero_total = frame["level"].eq("total") & frame["score"].eq(0)
    unassessed = set(frame.loc[zero_total, "province_code"])
    frame.loc[structural & frame["score"].eq(0), ["score", "std_error", "ci_low", "ci_high"]] = np.nan
    frame.loc[frame["level"].eq("indicator") & frame["province_code"].isin(unassessed), "score"] = np.nan
    has_value = frame[["score", "std_error", "variance"]].notna().any(axis=1)
    return frame[has_value].reset_index(drop=True)


def _scale(text: str) -> str:
    """'0.25-2.5 điểm/points' -> '0.25-2.5'; '0%-100%' -> '0-100%'."""
    text = text.replace("điểm/points", "").replace("điểm", "").strip()
    return "0-100%" if text == "0%-100%" else text


def _english(codebook: pd.DataFrame | None, code: str, label_en: str) -> str:
    """The sheet's own English label, else the codebook's (from a newer sheet with the same indicator)."""
    if label_en or codebook is None:
        return label_en
    names = codebook.loc[(codebook["indicator_code"] == code) & (codebook["name_en"] != ""), "name_en"]
    return names.iloc[0] if len(names) else ""


def _classified(sheet: Sheet, structure: dict[str, list[str]], known: pd.DataFrame | None):
    """(row, (level, code, parent)) for every row, in order. Indicators take their code from `known` (codebook
    rows of the year, indexed by normalised label) and are an error when missing; with `known` None (building the
    codebook) their code is left empty."""
    out = []
    dimension = subdimension = ""
    positional = iter(_framework_order(structure)) if sheet.layout == "provinces" else None
    for row in sheet.rows:
        label = row.label_vi
        key = normalise_label(label)
        uncertainty = next((v for k, v in UNCERTAINTY.items() if label.endswith(k)), None)
        numbered = SUBDIMENSION.match(label) or DIMENSION.match(label)
        if not label or key.startswith(FOOTERS) or not any(row.values.values()):
            out.append((row, ("skip", "", "")))
        elif TOTAL.match(label):
            out.append((row, ("total", "total_weighted" if "(có trọng số)" in label else "total", "")))
        elif uncertainty:
            out.append((row, (uncertainty, "", "")))
        elif match := VARIANCE.match(label):
            out.append((row, ("variance", "", f"D{match.group(1)}")))
        elif positional is not None and not numbered:
            level, code = next(positional)
            out.append((row, (level, code, "" if level == "dimension" else f"D{code[2]}")))
        elif match := SUBDIMENSION.match(label):
            subdimension = f"SC{match.group(1)}{match.group(2)}"
            out.append((row, ("subdimension", subdimension, f"D{match.group(1)}")))
        elif match := DIMENSION.match(label):
            dimension = f"D{match.group(1)}"
            out.append((row, ("dimension", dimension, "")))
        elif known is None:
            out.append((row, ("indicator", "", subdimension or dimension)))
        elif (subdimension or dimension, key) in known.index:
            code = str(known.loc[(subdimension or dimension, key), "indicator_code"])
            out.append((row, ("indicator", code, subdimension or dimension)))
        else:
            raise DataError(
                sheet.file,
                f"indicator not in {CODEBOOK_PATH.name} (under {subdimension or dimension}); "
                "run tools/papi_codebook.py after checking the new wording",
                line=row.line,
                value=label,
            )
    return out


def build_codebook(sheets: list[Sheet]) -> pd.DataFrame:
    """Codes for every indicator row of the indicator sheets: newest year first, the same normalised wording under
    the same sub-dimension keeps its code (e.g. SC11_01), and the English name comes from the newest sheet that has
    one."""
    codes: dict[tuple[str, str], str] = {}
    english: dict[str, str] = {}
    rows = []
    for sheet in sorted((s for s in sheets if s.layout == "indicators"), key=lambda s: -s.year):
        for row, (level, _, parent) in _classified(sheet, {}, None):
            if level != "indicator":
                continue
            key = (parent, normalise_label(row.label_vi))
            if key not in codes:
                codes[key] = f"{parent}_{sum(p == parent for p, _ in codes) + 1:02d}"
            code = codes[key]
            if row.label_en:
                english.setdefault(code, row.label_en)
            rows.append({"year": sheet.year, "label_vi": key[1], "indicator_code": code, "parent_code": parent})
    book = pd.DataFrame(rows, columns=CODEBOOK_COLUMNS[:-1]).drop_duplicates(["year", "parent_code", "label_vi"])
    book["name_en"] = book["indicator_code"].map(english).fillna("")
    return book.sort_values(["year", "indicator_code"]).reset_index(drop=True)


def _framework_order(structure: dict[str, list[str]]) -> list[tuple[str, str]]:
    """mdtrinh column order: each dimension followed by its sub-dimensions, then the total."""
    order = []
    for dimension in sorted(structure):
        order.append(("dimension", dimension))
        order += [("subdimension", code) for code in structure[dimension]]
    return [*order, ("total", "total")]


AGREEMENT_TOLERANCE = 0.001
CHECK_COLUMNS = ["year", "file", "layout", "status", "reason", "rows", "indicators", "compared", "agreeing"]


def read_official_sheets(
    raw_dir: Path, crosswalk: Crosswalk, panel: pd.DataFrame, codebook: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tidy rows of every sheet, one check row per sheet). A sheet whose scores equal another year's panel rather
    than its own year's is a copy and is rejected (listed, not loaded); any other disagreement with the panel
    beyond AGREEMENT_TOLERANCE stops the build with an error per value."""
    codebook = load_codebook() if codebook is None else codebook
    papi = panel[(panel["index"] == "papi") & panel["score"].notna()]
    frames, checks, errors = [], [], []
    for path in sheet_files(raw_dir):
        sheet = read_sheet(path, raw_dir, crosswalk)
        subs = papi.loc[(papi["year"] == sheet.year) & (papi["level"] == "subdimension"), "indicator_code"].unique()
        structure = {f"D{d}": sorted(c for c in subs if c[2] == str(d)) for d in sorted({c[2] for c in subs})}
        rows = tidy_sheet(sheet, None, structure)
        compared, agreeing, problems = _agreement(rows, papi, sheet.year)
        check = {
            "year": sheet.year,
            "file": sheet.file,
            "layout": sheet.layout,
            "status": "loaded",
            "reason": "",
            "rows": len(rows),
            "indicators": 0,
            "compared": compared,
            "agreeing": agreeing,
        }
        copied = _copied_year(rows, papi, sheet.year) if compared and agreeing < compared / 2 else None
        if copied is not None:
            check |= {"status": "rejected", "reason": f"its scores are the {copied} scores: a copy of another year"}
        else:
            errors += problems
            rows = tidy_sheet(sheet, codebook, structure)
            frames.append(rows)
            check["indicators"] = rows.loc[rows["level"] == "indicator", "indicator_code"].nunique()
        checks.append(check)
    if errors:
        raise DataErrors(errors)
    indicators = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=INDICATOR_COLUMNS)
    return indicators, pd.DataFrame(checks, columns=CHECK_COLUMNS)


def _against_panel(rows: pd.DataFrame, papi: pd.DataFrame, year: int) -> pd.DataFrame:
    """The sheet's total, dimension and sub-dimension scores beside the panel's for `year`, with `agrees`."""
    keep = rows["level"].isin(["total", "dimension", "subdimension"]) & (rows["indicator_code"] != "total_weighted")
    merged = rows[keep & rows["score"].notna()].merge(
        papi[papi["year"] == year], on=["province_code", "indicator_code"], suffixes=("", "_panel")
    )
    return merged.assign(agrees=(merged["score"] - merged["score_panel"]).abs() <= AGREEMENT_TOLERANCE)


def _agreement(rows: pd.DataFrame, papi: pd.DataFrame, year: int) -> tuple[int, int, list[DataError]]:
    """(values compared, values agreeing, an error per disagreement) against the panel's PAPI rows of `year`."""
    merged = _against_panel(rows, papi, year)
    problems = [
        DataError(
            str(r.source_file),
            f"PAPI {r.indicator_code} {year}, province {r.province_code}: the official "
            f"sheet gives {r.score:.4f} but the panel has {r.score_panel:.4f} "
            f"(from {r.source_file_panel} line {r.source_line_panel})",
            line=int(str(r.source_line)),
            column=str(r.province_code),
            value=r.score,
        )
        for r in merged[~merged["agrees"]].itertuples()
    ]
    return len(merged), int(merged["agrees"].sum()), problems


def _copied_year(rows: pd.DataFrame, papi: pd.DataFrame, year: int) -> int | None:
    """The other year whose panel scores this sheet reproduces (at least 95% of compared values), if any."""
    for other in sorted(set(papi["year"]) - {year}):
        merged = _against_panel(rows, papi, other)
        if len(merged) and merged["agrees"].mean() >= 0.95:
            return int(other)
    return None
