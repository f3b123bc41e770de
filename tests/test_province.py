"""The leader's pages: the numbers (analysis.report.data) checked against direct computations on the real panel
(Hà Nam 2021 and 2023), and their words (analysis.report.province) in each language: plain, no codes, no commands,
no statistical jargon."""

import re

import numpy as np
import pandas as pd
import pytest

from analysis.report import data, province, sentences
from analysis.report.data import BriefingData
from analysis.report.tables import styled
from helpers import page_text

HA_NAM = "35"

# Words a leader should not meet on the leader's pages (the annex explains them); checked in both languages.
JARGON = [
    "95% CI",
    "CI ",
    "p (BH)",
    "p =",
    "p <",
    "ρ",
    "Spearman",
    "bootstrap",
    "Fisher",
    "Fieller",
    "SHA-256",
    "git",
    "python",
    "-m analysis",
    ".csv",
    ".yml",
    "data/",
    "Benjamini",
    "robust SD",
    "độ lệch chuẩn",
    "standard deviation",
    "khoảng tin cậy",
    "confidence interval",
    "focus province(s)",
    "ranked 3 by size",
    "n = ",
]
CODES = re.compile(r"\b(SC\d{2}(_\d{2})?|D[1-8])\b")


def _ranks(panel, index, year):
    rows = panel[(panel["index"] == index) & (panel["level"] == "total") & (panel["year"] == year)]
    return rows.set_index("province_code")["rank"]


@pytest.fixture(scope="module")
def changes(processed_dir):
    return pd.read_csv(processed_dir / "papi_rank_changes.csv", dtype={"province_code": str})


def test_the_headline_puts_the_fall_among_the_provinces_reported_in_both_years(panel, changes):
    moves = (_ranks(panel, "par_index", 2020) - _ranks(panel, "par_index", 2021)).dropna()
    bigger_falls = int((moves < -17).sum())
    row = data.headline(data.glance(panel, changes, HA_NAM, 2021))
    assert (row["index"], row["move"], row["rank_before"], row["rank_now"]) == ("par_index", -17, 43, 60)
    assert (row["n_both"], row["order"]) == (len(moves), bigger_falls + 1)
    ordinal = {1: "largest", 2: "2nd-largest", 3: "3rd-largest"}.get(bigger_falls + 1, f"{bigger_falls + 1}th-largest")
    assert sentences.headline_text(row, "Hà Nam", 2021, "en") == (
        f"PAR INDEX 2021: 81.51, ranked 60 of 63, down 17 places since 2020. It is the {ordinal} fall among the "
        f"{len(moves)} provinces whose ranks were reported in both years."
    )
    assert sentences.headline_text(row, "Hà Nam", 2021, "vi").startswith(
        "PAR INDEX năm 2021: 81,51 điểm, hạng 60/63, giảm 17 bậc so với năm 2020."
    )


def test_the_papi_change_is_counted_among_the_provinces_scored_in_both_years(panel, changes):
    glance = data.glance(panel, changes, HA_NAM, 2021).set_index("index")
    papi = glance.loc["papi"]
    totals = panel[(panel["index"] == "papi") & (panel["level"] == "total")].pivot_table(
        index="province_code", columns="year", values="score"
    )
    both = totals[[2020, 2021]].dropna().rank(ascending=False, method="min")
    assert (papi["rank"], papi["n_ranked"]) == (22, 60), "the year's own rank stays the panel's"
    assert (papi["rank_before"], papi["rank_now"], papi["n_both"]) == (both.at[HA_NAM, 2020], both.at[HA_NAM, 2021], 60)
    note = sentences.change_notes(papi.to_dict() | {"index": "papi"}, 2021, "en")
    assert note.startswith("PAPI published no survey errors for 2020 and 2021")


def test_at_a_glance_formats_vietnamese_numbers_and_says_the_change_in_words(panel, changes):
    glance = data.glance(panel, changes, HA_NAM, 2021)
    table = province.glance_table(glance, 2021, "vi")
    par = table[table["Chỉ số"] == "PAR INDEX"].iloc[0]
    assert par["Điểm"] == pytest.approx(81.51) and par["Xếp hạng"] == "60/63"
    assert par["So với năm 2020"] == "giảm 17 bậc (43 → 60)"
    rendered = styled(table, "vi", "").to_html()
    assert "81,51" in rendered and "88,38" in rendered and "81.51" not in rendered


def test_a_2023_move_within_the_published_survey_error_is_said_so(processed_dir):
    page = province.leader_pages(BriefingData(2023, processed_dir), HA_NAM, "en")
    text = page_text(page)
    ranges = pd.read_csv(processed_dir / "papi_rank_ranges.csv", dtype={"province_code": str})
    row = ranges[(ranges["year"] == 2023) & (ranges["province_code"] == HA_NAM)].iloc[0]
    assert f"could be anywhere from {int(row['rank_low'])} to {int(row['rank_high'])} (95% level)" in text
    assert "Within survey error" in text and "so the rank may not have changed at all" in text
    assert "has no value" not in text and "—" not in text.split("Provinces of")[0].split("Since 2022")[0]


def test_the_peers_table_lists_every_province_of_the_region_by_index_only(panel, processed_dir):
    table = data.peers(panel, HA_NAM, 2021)
    region = panel.loc[panel["province_code"] == HA_NAM, "region"].iloc[0]
    assert set(table.index) == set(panel.loc[panel["region"] == region, "province_name"])
    page = province.leader_pages(BriefingData(2021, processed_dir), HA_NAM, "en")
    peers = page[-1]
    assert peers.caption == "Provinces of Red River Delta, 2021"
    assert list(peers.data.columns) == ["Province", "PAPI", "PAR INDEX", "SIPAS"]


def test_trend_draws_medians_only_from_enough_provinces(panel):
    trend = data.trend(panel, HA_NAM, 2021).set_index(["index", "year"])
    scored = panel[(panel["level"] == "total") & panel["score"].notna()].groupby(["index", "year"])["score"]
    for key, values in scored:
        expected = values.median() if len(values) >= data.MIN_NATIONAL else np.nan
        assert trend.loc[key, "national_median"] == pytest.approx(expected, nan_ok=True)
    assert trend.loc[("papi", 2018), "methodology"] != trend.loc[("papi", 2017), "methodology"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_one_for_ha_nam_2021_says_what_the_sources_know_in_plain_words(processed_dir, lang):
    """The criteria counts and the three criteria at zero from par_index_criteria_reported.csv, the source named,
    which table would answer the rest, no command, no code and no statistical jargon."""
    source = pd.read_csv(processed_dir / "par_index_criteria.csv", dtype={"province_code": str})
    known = source[(source["year"] == 2021) & (source["province_code"] == HA_NAM)].iloc[0]
    page = province.leader_pages(BriefingData(2021, processed_dir), HA_NAM, lang)
    text = page_text(page)
    counts = {
        "vi": "22/43 tiêu chí không đạt điểm tối đa, trong đó 3 tiêu chí không có điểm",
        "en": "on 22 of 43 criteria",
    }
    assert counts[lang] in text and "hanamtv.vn" in text
    for name in str(known[f"zero_criteria_{lang}"]).split(" | "):
        assert name in text
    assert ("Bộ Nội vụ" if lang == "vi" else "Ministry of Home Affairs") in text
    for word in JARGON:
        assert word not in text, f"{word!r} on the leader's pages"
    assert not CODES.search(text), CODES.search(text)


def test_the_priorities_say_that_nothing_stands_out_when_nothing_does(processed_dir):
    listed = pd.read_csv(processed_dir / "papi_priorities.csv", dtype={"province_code": str})
    mine = listed[(listed["year"] == 2021) & (listed["province_code"] == HA_NAM)]
    assert not mine["stands_out"].any()
    text = page_text(province.leader_pages(BriefingData(2021, processed_dir), HA_NAM, "en"))
    n_areas = int(mine["n_areas"].iloc[0])
    assert f"These low positions are not unusual: among {n_areas} areas every province has a few" in text
    for name in mine["name_en"]:
        assert name in text


def test_the_link_sentences_join_the_selection_check_and_the_overlap(processed_dir):
    text = page_text(province.leader_pages(BriefingData(2021, processed_dir), HA_NAM, "en"))
    correlations = pd.read_csv(processed_dir / "correlations.csv")
    pooled = correlations[correlations["family"] == "plan:pooled"].set_index(["x", "y"])
    papi_par = pooled.loc[("papi_total", "par_index_total")]
    if papi_par["selection_check"] == "does_not_support":
        assert "In the reported figures, provinces higher on PAPI tend to be higher on PAR INDEX" in text
        assert "the link is no longer certain" in text
    overlap = pooled.loc[("sipas_total", "par_index_total")]
    assert f"that overlap alone produces a link of about {overlap['overlap_r']:.2f} of the {overlap['r']:.2f}" in text


def test_a_2024_page_names_the_province_of_the_merger(processed_dir):
    text = page_text(province.leader_pages(BriefingData(2024, processed_dir), HA_NAM, "vi"))
    assert "Từ ngày 1/7/2025, Hà Nam là một phần của tỉnh Ninh Bình mới" in text


@pytest.mark.parametrize("document", ["briefing", "profile"])
def test_the_how_to_link_reaches_the_readme_section_from_where_the_document_is_written(document):
    from analysis.core import config
    from analysis.report.batch import report_paths
    from analysis.report.profiles import profile_paths

    reports = config.PROJECT_ROOT / "reports"
    page = report_paths(reports, 2021, "vi") if document == "briefing" else profile_paths(reports, 2021, "35", "vi")
    target, _, anchor = province.README_SCORECARDS[document].partition("#")
    readme = (page["html"].parent / target).resolve()
    assert readme == (config.PROJECT_ROOT / "README.md").resolve()
    headings = re.findall(r"^#+ (.+)$", readme.read_text(encoding="utf-8"), flags=re.M)
    assert anchor in {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}


def _expected_moves(panel, year):
    """Independently of analysis.report.data: each index's rank move for every province with a rank in both years,
    on the set ranked in both years. PAR INDEX and SIPAS: the official ranks (same number of provinces ranked);
    PAPI: ranks recomputed from the scores of the provinces scored in both years. {index: DataFrame(before, now,
    move, m, order)}."""
    from scipy import stats

    out = {}
    totals = panel[(panel["level"] == "total") & panel["year"].isin([year - 1, year])]
    for index in ("par_index", "sipas", "papi"):
        rows = totals[totals["index"] == index]
        value = "score" if index == "papi" else "rank"
        wide = rows.pivot_table(index="province_code", columns="year", values=value)
        if index != "papi":
            counts = rows.pivot_table(index="province_code", columns="year", values="n_ranked")
            wide = wide[counts.get(year - 1) == counts.get(year)] if {year - 1, year} <= set(counts) else wide.iloc[:0]
        if not {year - 1, year} <= set(wide.columns):
            continue
        wide = wide[[year - 1, year]].dropna()
        if index == "papi":
            wide = wide.apply(lambda scores: pd.Series(stats.rankdata(-scores, method="min"), index=scores.index))
        table = pd.DataFrame({"before": wide[year - 1], "now": wide[year]})
        table["move"] = table["before"] - table["now"]
        table["m"] = len(table)
        falls, rises = table["move"].where(table["move"] < 0), table["move"].where(table["move"] > 0)
        table["order"] = [
            int(((falls if move < 0 else rises).abs() > abs(move)).sum() + 1) if move else 0 for move in table["move"]
        ]
        out[index] = table
    return out


@pytest.mark.slow
def test_every_headline_of_every_province_and_year_says_what_an_independent_count_gives(processed_dir, panel, changes):
    """Mechanically, on every row: each province's headline for 2012-2024 names the index that moved most, its
    score and rank, the move and the set it is counted on, and the survey-error clause the interval calls for."""
    from analysis.core.text import INDEX_LABEL, t

    checked = 0
    for year in range(2012, 2025):
        bd = BriefingData(year, processed_dir)
        expected = _expected_moves(panel, year)
        for code in bd.crosswalk.codes(year):
            moves = {index: table.loc[code] for index, table in expected.items() if code in table.index}
            row = bd.headline(code)
            text = sentences.headline_text(row, "X", year, "en")
            if not any(m["move"] != 0 for m in moves.values()):
                assert row is None and text == t("headline_none", "en", year=year, province="X"), (year, code)
                continue
            index = str(row["index"])
            mine = moves[index]
            assert abs(mine["move"]) == max(abs(m["move"]) for m in moves.values()), (year, code, index)
            assert (row["rank_before"], row["rank_now"], row["move"]) == (mine["before"], mine["now"], mine["move"])
            assert text.startswith(f"{INDEX_LABEL[index]} {year}: ") and f"ranked {int(row['rank'])} of" in text
            k = int(abs(mine["move"]))
            way = f"{'down' if mine['move'] < 0 else 'up'} {k} place{'s' if k != 1 else ''}"
            if index == "papi":
                assert f"among the {int(mine['m'])} provinces scored in both years, {way}" in text, (year, code, text)
                assert f"(from {int(mine['before'])} to {int(mine['now'])})" in text
                change = changes[(changes["year"] == year) & (changes["province_code"] == code)].iloc[0]
                if change["errors"] == "none":
                    assert "published no survey errors" in text
                else:
                    covers = change["move_low"] <= 0 <= change["move_high"]
                    assert ("Within survey error" in text) == covers, (year, code, text)
            else:
                assert f"{way} since {year - 1}" in text, (year, code, text)
                assert f"among the {int(mine['m'])} provinces whose ranks were reported in both years" in text
                ordinal = sentences.ordinal_largest(int(mine["order"]), "en")
                assert f"It is the {ordinal} {'fall' if mine['move'] < 0 else 'rise'}" in text, (year, code, text)
            checked += 1
    assert checked > 500
