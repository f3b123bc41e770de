"""The focus province's page: the numbers (analysis.report.data) checked against direct computations on the real
panel (Hà Nam 2021), and their words (analysis.report.province) in each language."""

import numpy as np
import pandas as pd
import pytest

from analysis.report import data, province, sentences
from analysis.report.data import BriefingData
from analysis.report.tables import styled

HA_NAM = "35"


def _ranks(panel, index, year):
    rows = panel[(panel["index"] == index) & (panel["level"] == "total") & (panel["year"] == year)]
    return rows.set_index("province_code")["rank"]


def test_headline_puts_the_fall_against_every_province(panel):
    moves = (_ranks(panel, "par_index", 2020) - _ranks(panel, "par_index", 2021)).dropna()
    bigger_falls = int((moves < -17).sum())
    facts = data.headline(panel, HA_NAM, 2021)
    assert facts == {"index": "par_index", "move": -17, "rank": 60, "n": 63, "order": bigger_falls + 1, "m": len(moves)}
    text = sentences.headline_text(facts, 2021, "en")
    assert text == (
        f"PAR INDEX fell 17 places to 60 of 63: the fall ranked {bigger_falls + 1} by size among the "
        f"{len(moves)} provinces ranked in both years."
    )
    assert sentences.headline_text(facts, 2021, "vi").startswith("PAR INDEX giảm 17 bậc, xuống hạng 60/63")


def test_at_a_glance_reads_the_panel_and_formats_vietnamese_numbers(panel):
    numbers = data.glance(panel, HA_NAM, 2021).set_index("index")
    assert numbers.loc["par_index", ["score", "rank", "n_ranked", "rank_change"]].tolist() == [81.51, 60, 63, -17]
    assert numbers.loc["par_index", "basis"] == "stated"
    glance = province.glance_table(numbers.reset_index(), "vi")
    par = glance[glance["Chỉ số"] == "PAR INDEX"].iloc[0]
    assert (
        par["Điểm"] == pytest.approx(81.51) and par["Xếp hạng"] == "60/63" and par["Thay đổi thứ hạng"] == "giảm 17 bậc"
    )
    rendered = styled(glance, "vi", "caption").to_html()
    assert "81,51" in rendered and "88,38" in rendered and "81.51" not in rendered


def test_peers_list_every_province_of_the_region_missing_ones_included(panel):
    table = data.peers(panel, HA_NAM, 2021)
    region = panel.loc[panel["province_code"] == HA_NAM, "region"].iloc[0]
    assert set(table.index) == set(panel.loc[panel["region"] == region, "province_name"])
    assert table.loc["Quảng Ninh", ["D1", "papi"]].isna().all() and table.loc["Hà Nam", "par_index"] == 81.51
    shown = province.peers_table(table, "en")
    assert list(shown.columns[-3:]) == ["PAPI", "PAR INDEX", "SIPAS"] and shown.columns[0] == "Province"


def test_trend_draws_medians_only_from_enough_provinces(panel):
    trend = data.trend(panel, HA_NAM, 2021).set_index(["index", "year"])
    scored = panel[(panel["level"] == "total") & panel["score"].notna()].groupby(["index", "year"])["score"]
    for key, values in scored:
        expected = values.median() if len(values) >= data.MIN_NATIONAL else np.nan
        assert trend.loc[key, "national_median"] == pytest.approx(expected, nan_ok=True)
    assert trend.loc[("papi", 2018), "methodology"] != trend.loc[("papi", 2017), "methodology"]


def test_priorities_are_the_largest_gaps_as_a_share_of_the_scale(panel):
    worst = data.priorities(panel, HA_NAM, 2021, limit=3)
    rows = panel[(panel["index"] == "papi") & (panel["year"] == 2021) & (panel["level"] == "subdimension")]
    code = worst.iloc[0]["indicator_code"]
    part = rows[rows["indicator_code"] == code]
    own = part.loc[part["province_code"] == HA_NAM, "score"].iloc[0]
    expected = (own - part["score"].median()) / part["max_score"].iloc[0] * 100
    assert worst.iloc[0]["gap"] == pytest.approx(expected) and worst["gap"].is_monotonic_increasing
    table = province.priorities_table(worst, "en")
    assert table.iloc[0]["Gap to median (% of scale)"] == pytest.approx(expected)
    assert table.iloc[0]["PAPI area"].startswith(f"{code} ")


def test_no_components_is_said_when_the_data_has_none(panel, processed_dir):
    assert not data.has_components(panel, HA_NAM, 2021)
    page = province.province_page(BriefingData(2021, processed_dir), HA_NAM, "en")
    texts = [item.data for item in page if hasattr(item, "data") and isinstance(item.data, str)]
    assert any("no PAR INDEX or SIPAS component scores" in text for text in texts)
    assert any("publish no standard errors" in text for text in texts)
    assert "Peers in Red River Delta" in page[-1].caption


def test_priorities_are_linked_to_the_plan_by_their_dimension(panel):
    links = pd.DataFrame(
        {
            "x": ["papi_D5", "papi_total"],
            "y": ["sipas_total", "par_index_total"],
            "r": [0.231, 0.42],
            "ci_low": [-0.012, 0.2],
            "ci_high": [0.433, 0.61],
        }
    )
    sentence = province.priority_links(["SC52", "D6", "SC11"], links, panel, "vi")
    assert "SC52" in sentence and "ρ = 0,23 (-0,01 – 0,43)" in sentence and "SIPAS" in sentence
    assert "(D6, SC11)" in sentence, "areas without a planned question are named as such"
    assert province.priority_links(["D6"], links, panel, "en").startswith("The analysis plan asks no question")


def test_indicator_priorities_are_the_largest_adverse_gaps_in_robust_sd(processed_dir):
    indicators = pd.read_parquet(processed_dir / "papi_indicators.parquet")
    table = province.indicator_table(data.indicator_priorities(indicators, HA_NAM, 2023), "en")
    assert len(table) == 5
    gaps = table["Adverse gap (robust SD)"]
    assert (gaps <= 0).all() and gaps.is_monotonic_increasing
    code = table.iloc[0]["Indicator"].split()[0]
    values = (
        indicators[(indicators["year"] == 2023) & (indicators["indicator_code"] == code)]
        .set_index("province_code")["score"]
        .dropna()
    )
    median = np.median(values)
    spread = 1.4826 * np.median(np.abs(values - median))
    assert abs(gaps.iloc[0]) == pytest.approx(abs(values[HA_NAM] - median) / spread)
    assert data.indicator_priorities(indicators, HA_NAM, 2021).empty, "2021 has no indicator rows"


def test_2023_english_page_gives_the_papi_rank_with_its_plausible_range(processed_dir):
    from analysis.report.briefing import Briefing

    page = Briefing(2023, ["Hà Nam"], "en", processed_dir).province_page(HA_NAM)
    texts = " ".join(item.data for item in page if isinstance(getattr(item, "data", None), str))
    ranges = pd.read_csv(processed_dir / "papi_rank_ranges.csv", dtype={"province_code": str})
    row = ranges[(ranges["year"] == 2023) & (ranges["province_code"] == HA_NAM)].iloc[0]
    low, high = int(row["rank_low"]), int(row["rank_high"])
    assert f"ranked {int(row['rank'])} of {int(row['n_ranked'])}, plausibly {low}–{high}" in texts
