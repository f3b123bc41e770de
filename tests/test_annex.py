"""Ministry annex tables brought by the user: an XLSX built from data already in the project (PAR INDEX 2021 as the
panel has it), laid out as government spreadsheets are, imported into a copy of the source folder and rebuilt into
the panel; bad tables stop with the cell named and leave the folder unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from analysis.core.errors import DataError
from analysis.core.settings import ConfigError
from analysis.core.text import number
from analysis.data.panel import build_panel
from analysis.data.provinces import load_crosswalk
from analysis.data.sources.annex import annex_paths, import_annex, load_spec
from helpers import tree_digest

SPEC = Path(__file__).resolve().parents[1] / "config" / "annex_par_index.yml"
HA_NAM = "35"


def _par_2021(panel: pd.DataFrame) -> pd.DataFrame:
    rows = panel[(panel["index"] == "par_index") & (panel["year"] == 2021)]
    totals = rows[rows["level"] == "total"].set_index("province_code")[["province_name", "score", "rank"]]
    sipas = rows[rows["indicator_code"] == "C8_SIPAS"].set_index("province_code")["score"]
    return totals.assign(c8=sipas).sort_values("rank")


def _annex_book():
    """A workbook whose sheet has the ministry annex's two merged header rows (total, rank, the SIPAS component)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "PAR INDEX 2021"
    sheet.append(["STT", "Tỉnh, thành phố", "Chỉ số CCHC", None, "Điểm thành phần"])
    sheet.append([None, None, "Tổng điểm", "Xếp hạng", "Hài lòng (SIPAS)"])
    for cells in ("A1:A2", "B1:B2", "C1:D1"):
        sheet.merge_cells(cells)
    return book, sheet


def write_annex(path: Path, table: pd.DataFrame, change: dict | None = None) -> Path:
    """Two merged header rows, a numbering column, 'Tỉnh'/'TP.' prefixes, decimal commas in text cells, a blank
    separator row, a national average row and a footnote, as the ministry's annexes have them."""
    book, sheet = _annex_book()
    for number_, (code, row) in enumerate(table.iterrows(), start=1):
        name = ("TP. " if code in {"01", "31", "48", "79", "92"} else "Tỉnh ") + row["province_name"]
        score = None if pd.isna(row["score"]) else (number(row["score"], "vi") if number_ % 2 else row["score"])
        values = [
            number_,
            name,
            score,
            None if pd.isna(row["rank"]) else int(row["rank"]),
            None if pd.isna(row["c8"]) else row["c8"],
        ]
        for column, value in (change or {}).get(code, {}).items():
            values[column] = value
        sheet.append(values)
        if number_ == 10:
            sheet.append([])
    sheet.append([None, "Trung bình cả nước", 85.2, None, None])
    sheet.append([None, "(*) Ghi chú: điểm làm tròn đến hai chữ số thập phân", None, None, None])
    book.save(path)
    return path


@pytest.fixture
def source_copy(tmp_path, raw_dir) -> Path:
    import shutil

    copy = tmp_path / "source"
    shutil.copytree(raw_dir, copy)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return copy


@pytest.mark.slow
def test_an_xlsx_annex_imports_and_rebuilds_the_panel(tmp_path, source_copy, panel):
    table = _par_2021(panel)
    annex = write_annex(tmp_path / "phu_luc_2021.xlsx", table)
    written = import_annex(annex, load_spec(SPEC), source_copy, load_crosswalk(source_copy))
    total_path, component_path = annex_paths(source_copy, "par_index", 2021)
    assert written == [total_path] and not component_path.exists(), "the panel has no 2021 component to carry"
    rows = pd.read_csv(total_path, dtype={"year": int})
    assert len(rows) == len(table) and set(rows["year"]) == {2021}
    assert (
        rows["notes"].str.match(r"Official annex imported from phu_luc_2021\.xlsx, sheet PAR INDEX 2021, row \d+").all()
    )
    rebuilt, _ = build_panel(source_copy)
    got = _par_2021(rebuilt)
    assert got.loc[HA_NAM, "score"] == pytest.approx(81.51) and got.loc[HA_NAM, "rank"] == 60
    pd.testing.assert_series_equal(got["score"].sort_index(), table["score"].sort_index(), check_names=False)
    mine = rebuilt[
        (rebuilt["index"] == "par_index")
        & (rebuilt["year"] == 2021)
        & (rebuilt["province_code"] == HA_NAM)
        & (rebuilt["level"] == "total")
    ].iloc[0]
    assert "annex" in mine["source_file"] and mine["basis"] == "stated"


@pytest.mark.parametrize(
    "change, cell, found",
    [
        ({HA_NAM: {1: "Tỉnh Hà Nama"}}, "B", "Hà Nama"),  # beyond any spelling the crosswalk knows
        ({HA_NAM: {4: 12.5}}, "E", "12.5"),  # the SIPAS component above its maximum of 10
        ({"31": {3: 60}}, "D", "60"),  # Hải Phòng given Hà Nam's rank: a rank listed twice
        ({"31": {2: "9x,5"}}, "C", "9x,5"),
    ],
)
def test_a_bad_annex_names_the_cell_and_writes_nothing(tmp_path, source_copy, panel, change, cell, found):
    annex = write_annex(tmp_path / "phu_luc_2021.xlsx", _par_2021(panel), change)
    before = tree_digest(source_copy)
    with pytest.raises(DataError) as caught:
        import_annex(annex, load_spec(SPEC), source_copy, load_crosswalk(source_copy))
    message = str(caught.value)
    assert "phu_luc_2021.xlsx, sheet PAR INDEX 2021" in message
    assert re.search(rf"cell {cell}\d+", message) and found in message, message
    assert tree_digest(source_copy) == before


def test_a_complete_table_must_list_every_province(tmp_path, source_copy, panel):
    spec = load_spec(SPEC)
    annex = write_annex(tmp_path / "phu_luc_2021.xlsx", _par_2021(panel))
    complete = spec.model_copy(update={"complete": True})
    with pytest.raises(DataError, match=r"complete but 3\d province\(s\) are missing: .*Bắc Ninh"):
        import_annex(annex, complete, source_copy, load_crosswalk(source_copy))


def test_a_component_sum_above_the_total_is_refused(tmp_path, source_copy, panel):
    spec = load_spec(SPEC)
    annex = write_annex(tmp_path / "phu_luc_2021.xlsx", _par_2021(panel), {HA_NAM: {2: 5.0, 4: 6.0}})
    with pytest.raises(DataError, match=r"cell C\d+: the components add up to 6.00, more than the total"):
        import_annex(annex, spec, source_copy, load_crosswalk(source_copy))


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "index: papi\nyear: 2021\nsource: x\ncolumns: {province: B, total: C}\n",
            "'index' Input should be 'par_index' or 'sipas' (found 'papi')",
        ),
        (
            "index: sipas\nyear: 2021\nsource: x\ncolumns: {province: B}\n",
            "'columns' needs a total or a rank column besides the province",
        ),
        (
            "index: sipas\nyear: '2021'\nsource: x\ncolumns: {province: B, total: C}\n",
            "'year' Input should be a valid integer (found '2021')",
        ),
        (
            "index: sipas\nyear: 2021\nsource: x\ncolumns: {province: B, total: C}\nsheets: 1\n",
            "'sheets' Extra inputs are not permitted",
        ),
        (
            "index: sipas\nyear: 2021\nsource: x\ncolumns: {province: B, total: C}\ncomplete: 'false'\n",
            "'complete' Input should be a valid boolean (found 'false')",
        ),
        (
            "index: sipas\nyear: 2021\nsource: x\ncolumns: {province: B, total: C}\n"
            "components: [{code: C1, column: D}]\n",
            "'components.1.max_points' Field required",
        ),
    ],
)
def test_a_bad_spec_is_refused_by_key(tmp_path, text, message):
    spec = tmp_path / "spec.yml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_spec(spec)
    assert f"{spec}: {message}" in str(error.value)


def test_the_import_command_adds_the_table_and_records_the_manifest(tmp_path, source_copy, panel, monkeypatch, capsys):
    from analysis import cli
    from analysis.core import config
    from analysis.data.fetch import read_manifest

    manifest = tmp_path / "manifest.csv"
    monkeypatch.setattr(config, "MANIFEST_PATH", manifest)
    annex = write_annex(tmp_path / "phu_luc_2021.xlsx", _par_2021(panel))
    assert cli.main(["import", str(annex), "--spec", str(SPEC), "--source", str(source_copy)]) == 0
    recorded = {row["path"] for row in read_manifest(manifest)}
    assert "par_index/annex/par_index_2021_total.csv" in recorded and "papi/papi_subdimensions_2021.csv" in recorded
    assert "make data" in capsys.readouterr().out
    bad = write_annex(tmp_path / "bad.xlsx", _par_2021(panel), {HA_NAM: {1: "Tỉnh Hà Nama"}})
    assert cli.main(["import", str(bad), "--spec", str(SPEC), "--source", str(source_copy)]) == 2
    assert "Hà Nama" in capsys.readouterr().err


def test_a_formula_without_a_computed_value_is_refused_by_cell(tmp_path, source_copy, panel):
    """openpyxl reads a formula's last computed value; a file written by a program that never calculated it has
    none: that would be a blank total, so the cell is named and nothing is written."""
    from openpyxl import load_workbook

    annex = write_annex(tmp_path / "phu_luc_2021.xlsx", _par_2021(panel))
    book = load_workbook(annex)
    sheet = book["PAR INDEX 2021"]
    sheet["C5"] = "=1+1"  # saved by openpyxl: a formula with no cached value
    book.save(annex)
    before = tree_digest(source_copy)
    with pytest.raises(DataError) as caught:
        import_annex(annex, load_spec(SPEC), source_copy, load_crosswalk(source_copy))
    message = str(caught.value)
    assert "phu_luc_2021.xlsx, sheet PAR INDEX 2021" in message and "cell C5 holds a formula (=1+1)" in message
    assert tree_digest(source_copy) == before


def test_a_file_that_is_not_what_its_name_says_gets_one_line(tmp_path, source_copy):
    fake = tmp_path / "phu_luc_2021.xlsx"
    fake.write_text("STT,Tỉnh\n1,Hà Nam\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"phu_luc_2021.xlsx: is not an Excel workbook \(.xlsx\) despite its name"):
        import_annex(fake, load_spec(SPEC), source_copy, load_crosswalk(source_copy))
    latin = tmp_path / "phu_luc_2021.csv"
    latin.write_bytes("STT,Tỉnh\n1,Hà Nam\n".encode("cp1258", errors="replace").replace(b"?", b"\xe0"))
    with pytest.raises(DataError, match=r"phu_luc_2021.csv: is not UTF-8 text"):
        import_annex(latin, load_spec(SPEC), source_copy, load_crosswalk(source_copy))


def test_the_shipped_sipas_spec_reads_a_sipas_annex_whose_elements_are_percentages(tmp_path, source_copy):
    """SIPAS element scores are each 0-100 % (not points adding to the index): the shipped spec says so
    (components_add_up: false) and imports a table laid out like the ministry's SIPAS annex. Values MADE UP."""
    spec = load_spec(Path(__file__).resolve().parents[1] / "config" / "annex_sipas.yml")
    assert spec.index == "sipas" and spec.year == 2023 and not spec.components_add_up
    book = Workbook()
    sheet = book.active
    sheet.title = "SIPAS 2023"
    sheet.append(["STT", "Tỉnh, thành phố", "Chỉ số SIPAS (%)", "Các yếu tố", None, None, None, None, "Xếp hạng"])
    sheet.append([None, None, None, "Tiếp cận", "Thủ tục", "Công chức", "Kết quả", "Góp ý", None])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:H1", "I1:I2"):
        sheet.merge_cells(cells)
    made_up = [
        ("Hà Nội", 84.12, 1, 86.0, 83.5, 85.2, 84.0, 81.9),
        ("Hà Nam", 83.20, 2, 85.1, 82.0, 84.4, 83.3, 81.2),
        ("Cà Mau", 80.05, 3, 82.2, 79.9, 80.8, 80.1, 77.3),
    ]
    for number_, (name, total, rank, *elements) in enumerate(made_up, start=1):
        sheet.append([number_, f"Tỉnh {name}", total, *elements, rank])
    annex = tmp_path / "sipas_2023.xlsx"
    book.save(annex)
    written = import_annex(annex, spec, source_copy, load_crosswalk(source_copy))
    totals, components = (pd.read_csv(path) for path in annex_paths(source_copy, "sipas", 2023))
    assert [p.name for p in written] == ["sipas_2023_total.csv", "sipas_2023_components.csv"]
    assert totals["score"].tolist() == [84.12, 83.20, 80.05] and len(components) == 15
    assert components.loc[components["province_name_vi"] == "Hà Nam", "score"].tolist() == [
        85.1,
        82.0,
        84.4,
        83.3,
        81.2,
    ]


def test_a_2025_table_naming_a_province_before_the_merger_says_which_one_it_became(tmp_path, source_copy):
    spec = load_spec(SPEC).model_copy(update={"year": 2025})
    book, sheet = _annex_book()
    sheet.append([1, "Tỉnh Hà Nam", 88.1, 5, 9.1])
    annex = tmp_path / "par_2025.xlsx"
    book.save(annex)
    with pytest.raises(DataError) as caught:
        import_annex(annex, spec, source_copy, load_crosswalk(source_copy))
    message = str(caught.value)
    assert (
        "cell B3" in message and "from 1 July 2025 it is part of Ninh Bình" in message and "write Ninh Bình" in message
    )
