"""par_index/par_index_criteria_reported.csv: what a source says about a province's PAR INDEX criteria, read into
data/processed/par_index_criteria.csv, every bad row refused with its file, line, column and value (and then nothing
is written), and shown to the report by BriefingData.criteria_reported."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from analysis.core.errors import DataError
from analysis.data.provinces import load_crosswalk
from analysis.data.sources.criteria import FILE, read_criteria
from analysis.report.data import BriefingData
from helpers import refused_data_step

NAMES_VI = [
    "Thực hiện tiếp nhận hồ sơ, trả kết quả giải quyết TTHC qua dịch vụ công ích",
    "Mức độ thu hút đầu tư của tỉnh",
    "Mức độ thực hiện các chỉ tiêu phát triển KT-XH do HĐND tỉnh giao",
]
NAMES_EN = [
    "Receiving applications and returning results of administrative procedures through the public postal service",
    "The province's level of investment attraction",
    "Fulfilment of the socio-economic targets set by the provincial People's Council",
]


def test_the_real_file_gives_ha_nam_2021(processed_dir, raw_dir):
    data = BriefingData(2021, processed_dir)
    rows = data.criteria_reported("35")
    assert rows is not None and len(rows) == 1
    row = rows.iloc[0]
    assert (row["year"], row["province_code"], row["province_name"]) == (2021, "35", "Hà Nam")
    assert (row["criteria_total"], row["criteria_below_max"], row["criteria_zero"]) == (43, 22, 3)
    assert row["zero_criteria_vi"].split(" | ") == NAMES_VI
    assert row["zero_criteria_en"].split(" | ") == NAMES_EN
    assert row["source_url"].startswith("https://hanamtv.vn/") and "22/43" in row["quote"]
    assert data.criteria_reported("01") is None  # Hà Nội: no source reports its criteria
    assert BriefingData(2022, processed_dir).criteria_reported("35") is None
    # the same rows straight from the reader
    direct = read_criteria(raw_dir, load_crosswalk(raw_dir))
    assert list(direct["province_code"]) == ["35"] and direct["criteria_total"].tolist() == [43]


def _row(**changes: str) -> dict[str, str]:
    row = {
        "year": "2021",
        "province_name_vi": "Hà Nam",
        "criteria_total": "43",
        "criteria_below_max": "22",
        "criteria_zero": "3",
        "zero_criteria_vi": " | ".join(NAMES_VI),
        "zero_criteria_en": " | ".join(NAMES_EN),
        "source_url": "https://hanamtv.vn/ha-nam-ban-giai-phap-nang-cao-cac-chi-so-par-index-sipas-va-papi-27521.html",
        "quote": "22/43 tiêu chí không đạt điểm tối đa và 03/43 tiêu chí không có điểm",
    }
    return row | changes


def _write(folder, rows: list[dict[str, str]]) -> None:
    text = io.StringIO()
    writer = csv.DictWriter(text, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = folder / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_text(text.getvalue(), encoding="utf-8")


# (rows of the hand-made file, line, column, value, words of the problem): one per refusal class
REFUSALS = {
    "unknown province": ([_row(province_name_vi="Hà Nama")], 2, "province_name_vi", "Hà Nama", "unknown province"),
    "province merged in 2025": (
        [_row(year="2025", province_name_vi="Hà Nam")],
        2,
        "province_name_vi",
        "Hà Nam",
        "part of Ninh Bình",
    ),
    "count not a whole number": ([_row(criteria_total="43.5")], 2, "criteria_total", "43.5", "whole number"),
    "negative count": ([_row(criteria_below_max="-1")], 2, "criteria_below_max", "-1", "0 or more"),
    "text for a count": ([_row(criteria_zero="three")], 2, "criteria_zero", "three", "whole number"),
    "more at zero than below the maximum": (
        [_row(criteria_below_max="2")],
        2,
        "criteria_zero",
        "3",
        "criteria_zero is larger than criteria_below_max (2)",
    ),
    "more below the maximum than criteria": (
        [_row(criteria_below_max="44")],
        2,
        "criteria_below_max",
        "44",
        "criteria_below_max is larger than criteria_total (43)",
    ),
    "names fewer than criteria_zero": (
        [_row(zero_criteria_vi=" | ".join(NAMES_VI[:2]), zero_criteria_en=" | ".join(NAMES_EN[:2]))],
        2,
        "zero_criteria_vi",
        " | ".join(NAMES_VI[:2]),
        "names 2 criteria (separated by '|') but criteria_zero is 3",
    ),
    "Vietnamese and English lists of different lengths": (
        [_row(criteria_zero="", zero_criteria_en=" | ".join(NAMES_EN[:2]))],
        2,
        "zero_criteria_en",
        " | ".join(NAMES_EN[:2]),
        "names 2 criteria but zero_criteria_vi names 3",
    ),
    "empty name in a list": (
        [_row(zero_criteria_vi=f"{NAMES_VI[0]} |  | {NAMES_VI[2]}")],
        2,
        "zero_criteria_vi",
        f"{NAMES_VI[0]} |  | {NAMES_VI[2]}",
        "empty name",
    ),
    "source_url not http(s)": (
        [_row(source_url="hanamtv.vn/ha-nam-27521.html")],
        2,
        "source_url",
        "hanamtv.vn/ha-nam-27521.html",
        "http(s) address",
    ),
    "ftp source_url": ([_row(source_url="ftp://hanamtv.vn/x")], 2, "source_url", "ftp://hanamtv.vn/x", "http(s)"),
    "same province, year and source twice": (
        [_row(), _row(province_name_vi="Ha Nam", quote="the same article again")],
        3,
        "source_url",
        _row()["source_url"],
        "same province and year from the same source as line 2",
    ),
}


def _assert_named(error: DataError, line: int, column: str, value: str, words: str) -> None:
    found = error.errors if hasattr(error, "errors") else [error]
    assert any(
        e.file == FILE and e.line == line and e.column == column and e.value == value and words in e.problem
        for e in found
    ), str(error)
    message = str(error)
    assert FILE in message and f"line {line}" in message and f"column '{column}'" in message, message
    assert repr(value) in message, message


@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_each_bad_row_is_refused_with_file_line_column_and_value(case, tmp_path, raw_dir):
    rows, line, column, value, words = REFUSALS[case]
    _write(tmp_path, rows)
    with pytest.raises(DataError) as caught:
        read_criteria(tmp_path, load_crosswalk(raw_dir))
    _assert_named(caught.value, line, column, value, words)


def test_aliases_blank_counts_and_several_sources_are_accepted(tmp_path, raw_dir):
    _write(
        tmp_path,
        [
            _row(province_name_vi="HA NAM"),
            _row(source_url="https://example.gov.vn/ha-nam", criteria_total="", zero_criteria_en=""),
            _row(year="2025", province_name_vi="Ninh Bình", zero_criteria_vi="", zero_criteria_en=""),
        ],
    )
    table = read_criteria(tmp_path, load_crosswalk(raw_dir))
    assert list(table["province_code"]) == ["35", "35", "37"]
    assert list(table["province_name"]) == ["Hà Nam", "Hà Nam", "Ninh Bình"]
    assert pd.isna(table.at[1, "criteria_total"]) and pd.isna(table.at[1, "zero_criteria_en"])  # missing, never 0


def _refused_by_the_data_step(case, writable_raw, tmp_path):
    rows, line, column, value, words = REFUSALS[case]
    _write(writable_raw, rows)
    _assert_named(refused_data_step(writable_raw, tmp_path), line, column, value, words)


def test_a_bad_criteria_file_stops_the_data_step_and_nothing_is_written(writable_raw, tmp_path):
    _refused_by_the_data_step("more at zero than below the maximum", writable_raw, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_every_refusal_class_stops_the_data_step(case, writable_raw, tmp_path):
    _refused_by_the_data_step(case, writable_raw, tmp_path)
