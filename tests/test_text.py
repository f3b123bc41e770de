"""The one table of words: both languages everywhere, the same placeholders, and the reports take words only from
it."""

import re

import pytest

from analysis.core.text import LANGUAGES, TEXT, placeholders, t, t_list


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_entry_has_both_languages_and_the_same_placeholders(key):
    entry = TEXT[key]
    assert set(entry) == set(LANGUAGES), key
    vi, en = entry["vi"], entry["en"]
    assert type(vi) is type(en)
    if isinstance(vi, str):
        assert placeholders(vi) == placeholders(en), key
        assert vi.strip() and en.strip()
    else:
        assert len(vi) == len(en)


def test_placeholders_ignore_format_specs():
    assert placeholders("{size:.2f} SD, n = {n}, {{literal}}") == {"size", "n"}


def test_lookup_fills_values_and_refuses_unknown_language_or_kind():
    assert t("up", "vi", k=17) == "tăng 17 bậc" and t("down", "en", k=17) == "down 17"
    with pytest.raises(ValueError, match="lang must be one of"):
        t("up", "fr", k=1)
    with pytest.raises(TypeError):
        t("groups", "vi")
    assert len(t_list("groups", "en")) == 5


def test_no_literal_province_count_or_caveat_text_in_report_code():
    from analysis.core import config

    source = (config.PROJECT_ROOT / "src" / "analysis" / "report" / "briefing.py").read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w.])63(?![\w.])", source.replace("vn_provinces_63", ""))
    assert "CAVEAT" not in source, "the caveat comes from the text table, selected by the rows' flag"
