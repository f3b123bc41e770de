"""Hand-made bad inputs: each gives a clear error naming the file (and line/column where there is one), and the
previous data/processed/ output is left exactly as it was."""

import unicodedata
from pathlib import Path

import pytest

from analysis.build import build_processed
from analysis.errors import DataError
from analysis.provinces import match_key
from conftest import line_containing, line_count, tree_digest

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
    return PAR, ["score outside the allowed range", "185", "line"]


def papi_subdimension_out_of_range(raw):
    path, number = raw / PAPI_2021, _ha_nam_line(raw)
    line = path.read_text(encoding="utf-8").splitlines()[number - 1].split(",")
    line[1] = "7.5"
    _replace_line(path, number, ",".join(line) + "\n")
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


CASES = [
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
