import pytest

from analysis.core.errors import DataError
from analysis.data.provinces import load_crosswalk, match_key, provinces_table


@pytest.fixture(scope="module")
def crosswalk(raw_dir):
    return load_crosswalk(raw_dir)


@pytest.mark.parametrize(
    "spelling, code",
    [
        ("Hà Nam", "35"),
        ("Ha Nam", "35"),
        ("HÀ NAM", "35"),
        ("Tỉnh Hà Nam", "35"),
        ("Thừa Thiên Huế", "46"),
        ("TT Huế", "46"),
        ("Thua Thien-Hue", "46"),
        ("Thừa Thiên-Huế", "46"),
        ("Bà Rịa - Vũng Tàu", "77"),
        ("BR-VT", "77"),
        ("Ba Ria-Vung Tau", "77"),
        ("TP. Hồ Chí Minh", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("Ho Chi Minh City", "79"),
        ("Hòa Bình", "17"),
        ("Hoà Bình", "17"),
        ("\u00d0\u00e0 N\u1eb5ng", "48"),  # look-alike capital eth instead of Đ
        ("\u0110a\u0300 N\u0103\u0303ng", "48"),  # decomposed (NFD) diacritics
        ("Đắk Lắk", "66"),
        ("Đắc Lắc", "66"),
        ("Dak Lak", "66"),
    ],
)
def test_spellings_resolve_to_gso_code(crosswalk, spelling, code):
    assert crosswalk.code(spelling) == code


def test_unknown_name_is_an_error_naming_file_line_and_suggestions(crosswalk):
    with pytest.raises(DataError) as info:
        crosswalk.code("Hà Nama", file="par_index/x.csv", line=7, column="province_name_vi")
    message = str(info.value)
    assert "par_index/x.csv" in message and "line 7" in message and "Hà Nama" in message
    assert "Hà Nam" in message.split("closest known:")[1]


def test_nonsense_is_not_guessed(crosswalk):
    with pytest.raises(DataError):
        crosswalk.code("Atlantis")


def test_match_key_folds_case_diacritics_and_punctuation():
    assert match_key("Bà Rịa – Vũng Tàu") == match_key("ba ria vung tau") == "bariavungtau"


def test_regions_and_2025_merger(crosswalk):
    table = provinces_table(crosswalk)
    assert len(table) == 63 and table["province_code"].is_unique
    assert table["region"].value_counts().sort_values().tolist() == [5, 6, 11, 13, 14, 14]
    assert table["new_code_2025"].nunique() == 34
    ha_nam = table.set_index("province_code").loc["35"]
    assert ha_nam["region"] == "Đồng bằng sông Hồng" and ha_nam["new_name_2025"] == "Ninh Bình"
