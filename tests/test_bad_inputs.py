"""Hand-made bad inputs: each gives a clear error naming the file (and line/column where there is one), and the
previous data/processed/ output is left exactly as it was."""

import unicodedata
from pathlib import Path

import pytest

from analysis.core.errors import DataError
from analysis.data.build import build_processed
from analysis.data.provinces import match_key
from helpers import line_containing, line_count, tree_digest

pytestmark = pytest.mark.slow

PAR = "par_index/par_index_total.csv"
PAPI_2021 = "papi/papi_subdimensions_2021.csv"


def _ha_nam_line(raw: Path) -> int:
    """The line of Hà Nam in the PAPI 2021 file, found through the codebook's province code."""
    codebook = raw / "papi" / "codebook" / "codebook_provinces.csv"
    rows = [line.split(",") for line in codebook.read_text(encoding="utf-8").splitlines()]
    code = next(code for code, name in rows if match_key(name) == match_key("Hà Nam"))
    return line_containing(raw / PAPI_2021, f"{code},")


def _replace_line(path: Path, line_no: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line_no - 1] = new
    path.write_text("".join(lines), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def unknown_province(raw):
    _append(raw / PAR, "2021,Hà Nama,12,85.0,https://example.org/a,Quote: test\n")
    return PAR, ["Hà Nama", "closest known", "Hà Nam", f"line {line_count(raw / PAR)}"]


def duplicate_province_year(raw):
    original = _ha_nam_line(raw)
    lines = (raw / PAPI_2021).read_text(encoding="utf-8").splitlines(keepends=True)
    _append(raw / PAPI_2021, lines[original - 1])  # Hà Nam's row again
    return PAPI_2021, ["duplicate province", f"line {line_count(raw / PAPI_2021)}", f"also on line {original}"]


def score_out_of_range(raw):
    _append(raw / PAR, "2021,Hà Nội,9,185.0,https://example.org/b,Quote: test\n")
    return PAR, ["score must be from 0 to 100", "185", f"line {line_count(raw / PAR)}"]


def _set_ha_nam_cell(raw: Path, position: int, value: str) -> int:
    """Put `value` in field `position` of Hà Nam's PAPI 2021 row; returns the row's line."""
    path, number = raw / PAPI_2021, _ha_nam_line(raw)
    line = path.read_text(encoding="utf-8").splitlines()[number - 1].split(",")
    line[position] = value
    _replace_line(path, number, ",".join(line) + "\n")
    return number


def papi_subdimension_out_of_range(raw):
    number = _set_ha_nam_cell(raw, 1, "7.5")
    return PAPI_2021, [f"line {number}", "'SC11'", "outside the allowed range", "7.5"]


def non_numeric_cell(raw):
    _append(raw / PAR, "2021,Hà Nội,9,tám mươi,https://example.org/c,Quote: test\n")
    return PAR, ["not a number", f"line {line_count(raw / PAR)}", "'score'", "tám mươi"]


def decimal_comma(raw):
    _append(raw / PAR, '2021,Hà Nội,9,"81,5",https://example.org/c,Quote: test\n')
    return PAR, ["not a number", "'score'", "81,5"]


def missing_column(raw):
    path = raw / "sipas" / "sipas_total.csv"
    text = path.read_text(encoding="utf-8").replace("year,province_name_vi,rank,score", "year,province,rank,score", 1)
    path.write_text(text, encoding="utf-8")
    return "sipas/sipas_total.csv", ["missing required column", "province_name_vi"]


def empty_file(raw):
    (raw / PAR).write_bytes(b"")
    return PAR, ["empty"]


def windows_1258(raw):
    path = raw / PAR
    text = path.read_text(encoding="utf-8") + "2021,Hoa Binh,5,85.0,https://example.org/d,ghi chú\n"
    # Windows-1258 spells Vietnamese with combining tone marks, so encode the decomposed form
    path.write_bytes(text.encode("utf-8") + unicodedata.normalize("NFD", "Hoà Bình,").encode("cp1258"))
    return PAR, ["not UTF-8", "Windows-1258", f"line {len(text.splitlines()) + 1}"]


def truncated_file(raw):
    path = raw / PAPI_2021
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return PAPI_2021, ["fields but the header has", "truncated"]


def unterminated_quote(raw):
    path = raw / PAR
    data = path.read_text(encoding="utf-8")
    path.write_text(data[: data.rindex('"')], encoding="utf-8")
    return PAR, ["truncated"]


def rank_beyond_63(raw):
    _append(raw / PAR, "2021,Hà Nội,64,80.0,https://example.org/e,Quote: test\n")
    return PAR, ["rank must be a whole number from 1 to 63", f"line {line_count(raw / PAR)}", "'rank'"]


def rank_contradicts_score(raw):
    _append(raw / "sipas" / "sipas_total.csv", "2021,Điện Biên,2,70.0,https://example.org/f,Quote: test\n")
    return "sipas/sipas_total.csv", ["rank contradicts score order"]


def bad_year(raw):
    _append(raw / PAR, "twenty-one,Hà Nội,9,85.0,https://example.org/g,Quote: test\n")
    return PAR, ["year is not a whole number", f"line {line_count(raw / PAR)}"]


def papi_disagrees_with_official(raw):
    path, number = raw / PAPI_2021, _ha_nam_line(raw)
    line = path.read_text(encoding="utf-8").splitlines()[number - 1].split(",")
    line[1] = f"{float(line[1]) + 0.2:.6f}"
    _replace_line(path, number, ",".join(line) + "\n")
    return "papi_official/papi_totals.csv", ["official", "sum to", f"{PAPI_2021} line {number}"]


def near_miss_name(raw):
    _append(raw / PAR, "2021,Hậ Giang,12,85.0,https://example.org/h,Quote: test\n")
    return PAR, ["Hậ Giang", "closest known: Hà Giang, Hậu Giang", f"line {line_count(raw / PAR)}"]


def foreign_letter(raw):
    _append(raw / PAR, "2021,T\u0443ên Quang,12,85.0,https://example.org/h,Quote: test\n")  # Cyrillic у
    return PAR, ["CYRILLIC SMALL LETTER U", "neither Latin nor Vietnamese", f"line {line_count(raw / PAR)}"]


def alias_for_two_provinces(raw):
    path = raw / "reference" / "province_aliases.csv"
    _append(path, "36,Hà Nam,hanam,test\n")  # Nam Định's code given Hà Nam's name
    return "reference/province_aliases.csv", ["spelling maps to two provinces", f"line {line_count(path)}"]


def merger_files_disagree(raw):
    """Hà Giang sent to Thái Nguyên (19) in merger_2025.csv while provinces_2025.csv keeps it under Tuyên Quang (08)."""
    path = raw / "reference" / "merger_2025.csv"
    number = line_containing(path, "02,Hà Giang,")
    row = path.read_text(encoding="utf-8").splitlines()[number - 1].split(",")
    row[2:5] = ["Thái Nguyên", "19", "Thái Nguyên"]
    _replace_line(path, number, ",".join(row) + "\n")
    units = raw / "reference" / "provinces_2025.csv"
    return "reference/merger_2025.csv", [
        f"line {number}",
        "column 'new_code'",
        "old province 02 joins 19 here but 08",
        f"provinces_2025.csv line {line_containing(units, '02|08')}",
    ]


def merger_misses_a_province(raw):
    path = raw / "reference" / "merger_2025.csv"
    number = line_containing(path, "35,Hà Nam,")
    _replace_line(path, number, "")
    return "reference/merger_2025.csv", ["does not say which 2025 province", "'35'"]


def header_only_table(raw):
    path = raw / PAR
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return PAR, ["has a header but no rows"]


def losing_row_out_of_range(raw):
    _append(raw / PAR, "2021,Hà Nam,60,1000,https://example.org/i,Quote: test\n")  # the stated 81.51 would win
    return PAR, ["score must be from 0 to 100", "1000", f"line {line_count(raw / PAR)}"]


def exact_duplicate_row(raw):
    original = line_containing(raw / PAR, "cai-thien-ket-qua-chi-so-par-index-va-sipas-957020")
    _append(raw / PAR, (raw / PAR).read_text(encoding="utf-8").splitlines(keepends=True)[original - 1])
    return PAR, [f"repeats line {original} exactly", "not a second source", f"line {line_count(raw / PAR)}"]


def papi_blank_cell(raw):
    number = _set_ha_nam_cell(raw, 2, "")
    return PAPI_2021, [f"line {number}", "'SC12'", "blank SC12", "other D1 sub-dimensions have scores"]


def papi_missing_column(raw):
    path = raw / PAPI_2021
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(",".join(r[:-1]) + "\n" for r in rows), encoding="utf-8")
    return PAPI_2021, ["misses the sub-dimension column(s) ['SC83']", "line 1"]


def papi_header_only(raw):
    path = raw / PAPI_2021
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return PAPI_2021, ["has a header but no rows"]


CASES = [
    near_miss_name,
    foreign_letter,
    alias_for_two_provinces,
    merger_files_disagree,
    merger_misses_a_province,
    header_only_table,
    losing_row_out_of_range,
    exact_duplicate_row,
    papi_blank_cell,
    papi_missing_column,
    papi_header_only,
    unknown_province,
    duplicate_province_year,
    score_out_of_range,
    papi_subdimension_out_of_range,
    non_numeric_cell,
    decimal_comma,
    missing_column,
    empty_file,
    windows_1258,
    truncated_file,
    unterminated_quote,
    rank_beyond_63,
    rank_contradicts_score,
    bad_year,
    papi_disagrees_with_official,
]


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory, raw_dir):
    out = tmp_path_factory.mktemp("previous_processed")
    build_processed(raw_dir, out)
    return out


@pytest.mark.parametrize("damage", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_names_the_file_and_leaves_processed_untouched(damage, writable_raw, previous_output):
    before = tree_digest(previous_output)
    file, expected = damage(writable_raw)
    with pytest.raises(DataError) as info:
        build_processed(writable_raw, previous_output)
    message = str(info.value)
    assert file in message, message
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in: {message}"
    assert tree_digest(previous_output) == before
    assert not list(previous_output.glob(".staging-*"))


def test_a_byte_order_mark_is_read_like_plain_utf8(writable_raw, tmp_path, previous_output):
    path = writable_raw / PAR
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    out = tmp_path / "processed"
    build_processed(writable_raw, out)
    assert tree_digest(out) == tree_digest(previous_output)


def test_text_a_spreadsheet_would_run_is_neutralised_in_processed_csvs(writable_raw, tmp_path):
    formula = '=HYPERLINK("http://example.org/x","click")'
    _append(writable_raw / PAR, f'2013,Hà Nội,,85.0,"{formula.replace(chr(34), chr(34) * 2)}",Quote: test\n')
    out = tmp_path / "processed"
    build_processed(writable_raw, out)
    import pandas as pd

    csv = pd.read_csv(out / "indices_long.csv", dtype=str, keep_default_na=False)
    assert (csv["source"] == "'" + formula).sum() == 1 and not csv["source"].str.startswith(("=", "+", "@")).any()
    assert (pd.read_parquet(out / "indices_long.parquet")["source"] == formula).sum() == 1, "code reads raw values"
    assert formula.replace('"', '""') in (writable_raw / PAR).read_text(encoding="utf-8"), "the raw copy is untouched"
