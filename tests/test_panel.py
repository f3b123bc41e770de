"""The processed panel built from the real data: the numbers users quote must come out of it."""

import csv

import pandas as pd
import pytest

from analysis import load_panel, load_wide
from analysis.data.panel import build_papi, cross_check_papi
from analysis.data.provinces import load_crosswalk, match_key


def _total(panel, year, province, index):
    rows = panel[
        (panel["year"] == year)
        & (panel["province_name"] == province)
        & (panel["index"] == index)
        & (panel["level"] == "total")
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_ha_nam_2021_figures(panel):
    papi = _total(panel, 2021, "Hà Nam", "papi")
    assert papi["score"] == pytest.approx(43.29, abs=0.01)
    assert papi["n_ranked"] == 60 and 1 <= papi["rank"] <= 60
    par = _total(panel, 2021, "Hà Nam", "par_index")
    assert (par["score"], par["rank"], par["n_ranked"]) == (81.51, 60, 63)
    sipas = _total(panel, 2021, "Hà Nam", "sipas")
    assert (sipas["score"], sipas["rank"]) == (88.38, 19)
    assert "hanam" in sipas["source"]


def test_papi_2021_scores_60_provinces_and_leaves_three_missing(panel):
    totals = panel[(panel["index"] == "papi") & (panel["level"] == "total") & (panel["year"] == 2021)]
    assert len(totals) == 63 and totals["score"].notna().sum() == 60
    missing = set(totals.loc[totals["score"].isna(), "province_name"])
    assert missing == {"Quảng Ninh", "Bắc Giang", "Bắc Ninh"}
    assert totals.loc[totals["score"].isna(), "rank"].isna().all()
    assert (totals["score"] != 0).all()


def test_partial_province_gets_parts_but_no_total_or_rank(panel):
    bac_giang = panel[(panel["index"] == "papi") & (panel["year"] == 2022) & (panel["province_name"] == "Bắc Giang")]
    total = bac_giang[bac_giang["level"] == "total"].iloc[0]
    assert pd.isna(total["score"]) and pd.isna(total["rank"])
    dims = bac_giang[bac_giang["level"] == "dimension"]
    assert dims["score"].notna().sum() == 4 and dims["rank"].isna().all()


def test_papi_ranks_computed_among_scored_provinces_with_shared_ties(panel):
    totals = panel[(panel["index"] == "papi") & (panel["level"] == "total") & panel["score"].notna()]
    for _, table in totals.groupby("year"):
        scores = table["score"].to_numpy()
        # rank = 1 + the number of provinces with a strictly higher score (ties share the best rank)
        expected = [1 + int((scores > score).sum()) for score in scores]
        assert table["rank"].astype(int).tolist() == expected
        assert (table["n_ranked"] == len(table)).all()
    assert totals.groupby("year")["rank"].min().eq(1).all()


def test_sub_dimension_sums_agree_with_official_totals_and_dimensions(raw_dir):
    crosswalk = load_crosswalk(raw_dir)
    papi = build_papi(raw_dir, crosswalk)
    assert cross_check_papi(papi, raw_dir, crosswalk).empty
    # and the check is real: a shifted value is caught
    shifted = papi.copy()
    shifted.loc[(shifted["level"] == "total") & (shifted["year"] == 2021), "score"] += 0.01
    assert len(cross_check_papi(shifted, raw_dir, crosswalk)) == 60


def test_one_value_per_key_and_sources_on_every_row(panel):
    assert not panel.duplicated(["year", "province_code", "index", "indicator_code"]).any()
    assert panel["source"].notna().all() and panel["source_file"].notna().all()
    assert set(panel["index"]) == {"papi", "par_index", "sipas"}
    assert panel["province_code"].str.fullmatch(r"\d{2}").all()


def test_conflicting_sources_are_resolved_by_rule_and_logged(panel, processed_dir):
    conflicts = pd.read_csv(processed_dir / "conflicts.csv", dtype={"province_code": str})
    quang_ninh_2018 = conflicts[(conflicts["year"] == 2018) & (conflicts["province_name"] == "Quảng Ninh")]
    assert quang_ninh_2018["chosen"].tolist() == [89.06]
    assert "89.6" in quang_ninh_2018["candidates"].iloc[0]
    # the official-portal typo (88.77 at rank 5, above ranks 3-4) gives way to the consistent value
    dong_thap = _total(panel, 2020, "Đồng Tháp", "par_index")
    assert dong_thap["score"] == 86.77
    assert _total(panel, 2023, "Cà Mau", "par_index")["rank"] == 34
    assert (conflicts["kind"] == "rank held by several provinces").any()


def test_derived_values_are_marked(panel):
    ha_nam_2020 = _total(panel, 2020, "Hà Nam", "par_index")
    assert ha_nam_2020["rank"] == 43 and pd.isna(ha_nam_2020["score"]) and ha_nam_2020["basis"] == "derived"


def test_national_rows_and_group_mentions_stay_out_of_the_province_panel(panel, raw_dir):
    with open(raw_dir / "sipas" / "sipas_total.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    national = [r for r in rows if match_key(r["province_name_vi"]).startswith("toanquoc")]
    mentions = [r for r in rows if not r["score"] and not r["rank"]]
    assert national and mentions, "the raw file has national averages and bare mentions to leave out"
    province_facts = {
        (int(r["year"]), match_key(r["province_name_vi"]))
        for r in rows
        if r not in national and (r["score"] or r["rank"])
    }
    sipas = panel[(panel["index"] == "sipas") & (panel["level"] == "total")]
    assert len(sipas) == len(province_facts)
    assert (sipas["score"].notna() | sipas["rank"].notna()).all()


def test_load_in_one_line_long_and_wide(processed_dir):
    long = load_panel(processed_dir)
    wide = load_wide(processed_dir)
    assert {
        "year",
        "province_code",
        "index",
        "level",
        "indicator_code",
        "indicator_name_vi",
        "indicator_name_en",
        "score",
        "max_score",
        "rank",
        "n_ranked",
        "source",
    } <= set(long.columns)
    row = wide[(wide["year"] == 2021) & (wide["province_name"] == "Hà Nam")].iloc[0]
    assert row["par_index_total"] == 81.51 and row["par_index_total_rank"] == 60
    assert row["papi_total"] == pytest.approx(43.285, abs=0.001)
    assert not wide.duplicated(["year", "province_code"]).any()


def test_processed_folder_has_csv_twin_dictionary_and_coverage(processed_dir):
    for name in ("indices_long.csv", "indices_long.parquet", "provinces.csv", "coverage.csv", "README.md"):
        assert (processed_dir / name).is_file()
    csv = pd.read_csv(processed_dir / "indices_long.csv", dtype={"province_code": str})
    assert len(csv) == len(load_panel(processed_dir))
    assert "Hà Nam" in set(csv["province_name"])
    readme = (processed_dir / "README.md").read_text(encoding="utf-8")
    assert "n_ranked" in readme and "source_line" in readme


def test_a_stated_row_is_credited_over_a_derived_one_that_agrees(panel, raw_dir):
    """Bà Rịa - Vũng Tàu 2021: rank 16 is derived in one article and stated in another; the panel cites the
    statement. A note that only mentions another row's basis ('only had as DERIVED') marks nothing."""
    from helpers import line_containing

    path = raw_dir / "par_index" / "par_index_total.csv"
    stated = line_containing(path, "cai-thien-ket-qua-chi-so-par-index-va-sipas-957020")
    derived = line_containing(path, "rank 9+7=16")
    row = panel[
        (panel["province_name"] == "Bà Rịa - Vũng Tàu")
        & (panel["index"] == "par_index")
        & (panel["year"] == 2021)
        & (panel["level"] == "total")
    ].iloc[0]
    assert row["rank"] == 16 and row["basis"] == "stated"
    assert str(stated) in row["source_line"].split(";") and str(derived) not in row["source_line"].split(";")
    for province, stated_text, derived_text in (
        ("Phú Yên", "only had as DERIVED 52 / 85.39", "once-political-determination"),  # rank and score
        ("Hòa Bình", "86.76% (+0.46%", "2023,Hòa Bình,35,86.76"),  # score
    ):
        row = panel[
            (panel["province_name"] == province)
            & (panel["index"] == "par_index")
            & (panel["year"] == 2023)
            & (panel["level"] == "total")
        ].iloc[0]
        cited = row["source_line"].split(";")
        assert row["basis"] == "stated" and str(line_containing(path, stated_text)) in cited, province
        assert str(line_containing(path, derived_text)) not in cited, province
