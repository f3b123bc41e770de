"""The panel's `quality` column, read by rule from the source notes and the methodology table, and the plan rule that
keeps ambiguous and not-comparable values out of the models (the rest in; what is left out is written down)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.core import config
from analysis.core.settings import PLAN_PATH, ConfigError, load_plan
from analysis.data.methodology import load_versions, series_starts
from analysis.data.provinces import load_crosswalk
from analysis.data.quality import note_quality
from analysis.data.sources import reported
from analysis.models.variables import analysis_frame, excluded_by_quality

TOTALS = {"par_index": "par_index/par_index_total.csv", "sipas": "sipas/sipas_total.csv"}


def _total(panel: pd.DataFrame, index: str, year: int, province: str) -> pd.Series:
    rows = panel[
        (panel["index"] == index)
        & (panel["level"] == "total")
        & (panel["year"] == year)
        & (panel["province_name"] == province)
    ]
    assert len(rows) == 1, (index, year, province)
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("year", "province", "score"),
    [(2021, "Đồng Tháp", 89.51), (2018, "Đà Nẵng", 87.43), (2018, "Quảng Ninh", 91.15)],
    ids=["same-value-as-Soc-Trang", "probably-SIPAS-not-named", "derived-from-an-ambiguous-base"],
)
def test_values_the_source_leaves_unclear_are_ambiguous(panel, year, province, score):
    row = _total(panel, "sipas", year, province)
    assert row["score"] == pytest.approx(score) and row["quality"] == "ambiguous"


def test_sipas_before_its_first_nationwide_year_is_not_comparable(panel, raw_dir):
    start = int(series_starts(load_versions(raw_dir))["sipas"])  # the methodology table's first SIPAS year
    versions = pd.read_csv(raw_dir / "reference" / "methodology" / "versions.csv", dtype=str)
    first_years = versions.loc[versions["index"] == "sipas", "result_years"].str.extract(r"^(\d{4})")[0].astype(int)
    assert start == first_years.min()
    sipas = panel[panel["index"] == "sipas"]
    early = sipas[sipas["year"] < start]
    assert len(early[early["year"] == 2015]) == 10
    assert (early["quality"] == "not-comparable").all()
    assert not (sipas.loc[sipas["year"] >= start, "quality"] == "not-comparable").any()


def test_derived_stated_and_published_rows(panel):
    derived = _total(panel, "sipas", 2022, "Tuyên Quang")  # "DERIVED: 2023 = 82,83% (tăng 1,11% ...)"
    assert derived["score"] == pytest.approx(81.72) and derived["quality"] == "derived"
    ranked = _total(panel, "sipas", 2020, "Hà Nam")  # "DERIVED: rank 2021 (19) minus the stated fall ..."
    assert ranked["rank"] == 18 and ranked["quality"] == "derived"
    inferred = _total(panel, "sipas", 2020, "Hưng Yên")  # "RANK INFERRED from an ordered list ..."
    assert inferred["quality"] == "derived"
    stated = _total(panel, "sipas", 2019, "Bình Dương")  # stated in the source, one row
    assert stated["score"] == pytest.approx(88.02) and stated["quality"] == "stated"
    preview = _total(panel, "sipas", 2017, "Vĩnh Phúc")  # the HuggingFace preview
    assert preview["quality"] == "secondary-partial"
    papi = panel[panel["index"] == "papi"]
    assert len(papi) > 0 and (papi["quality"] == "published").all()
    assert set(panel["quality"]) <= set(config.QUALITIES)


def _independent_exclusions(raw_dir) -> set[tuple[str, int, str]]:
    """(index, year, province) whose every source row with a value is marked AMBIGUOUS (or DERIVED (AMBIGUOUS
    base)) or predates the index's first methodology year: read straight from the raw CSVs, not by the package."""
    versions = pd.read_csv(raw_dir / "reference" / "methodology" / "versions.csv", dtype=str)
    first = versions.assign(first=versions["result_years"].str[:4].astype(int)).groupby("index")["first"].min()
    marked: dict[tuple[str, int, str], list[bool]] = {}
    for index, rel in TOTALS.items():
        rows = pd.read_csv(raw_dir / rel, dtype=str, keep_default_na=False)
        rows = rows[(rows["score"] != "") | (rows["rank"] != "")]
        rows = rows[~rows["province_name_vi"].str.lower().str.startswith("toàn quốc")]
        for year, province, note in zip(rows["year"].astype(int), rows["province_name_vi"], rows["notes"], strict=True):
            unclear = re.match(r"\s*(derived\s*\(\s*)?ambiguous", note, re.IGNORECASE) is not None
            marked.setdefault((index, year, province), []).append(unclear or year < first[index])
    return {key for key, flags in marked.items() if all(flags)}


def test_the_model_frame_leaves_out_ambiguous_and_not_comparable_values_only(panel, raw_dir, processed_dir):
    expected = _independent_exclusions(raw_dir)
    assert len(expected) == 13  # 3 ambiguous SIPAS values + the 10 SIPAS rows of 2015
    left_out = excluded_by_quality(panel)
    assert set(zip(left_out["index"], left_out["year"], left_out["province_name"], strict=True)) == expected
    assert set(left_out["quality"]) == {"ambiguous", "not-comparable"}
    assert {"index", "year", "province_code", "province_name", "quality", "score"} <= set(left_out.columns)

    frame = analysis_frame(panel).set_index(["year", "province_name"])
    for index, year, province in expected:
        assert pd.isna(frame.at[(year, province), f"{index}_total"]), (index, year, province)
        assert pd.isna(frame.at[(year, province), f"{index}_total_rank"]), (index, year, province)
    assert left_out["score"].notna().all()
    scored = panel[(panel["level"] == "total") & panel["score"].notna()]
    for index, dropped in (("sipas", 13), ("par_index", 0)):
        assert sum(1 for key in expected if key[0] == index) == dropped
        assert frame[f"{index}_total"].notna().sum() == (scored["index"] == index).sum() - dropped
    # every kind of value the plan admits is still there
    assert frame.at[(2017, "Vĩnh Phúc"), "sipas_total"] == pytest.approx(95.75)  # secondary-partial
    assert frame.at[(2022, "Tuyên Quang"), "sipas_total"] == pytest.approx(81.72)  # derived
    assert frame.at[(2019, "Bình Dương"), "sipas_total"] == pytest.approx(88.02)  # stated

    written = pd.read_csv(processed_dir / "excluded_by_quality.csv", dtype={"province_code": str})
    assert len(written) == len(left_out) and set(written["quality"]) == {"ambiguous", "not-comparable"}


def test_every_quality_can_be_let_in_or_kept_out(panel):
    everything = analysis_frame(panel, config.QUALITIES).set_index(["year", "province_name"])
    assert everything.at[(2021, "Đồng Tháp"), "sipas_total"] == pytest.approx(89.51)
    assert excluded_by_quality(panel, config.QUALITIES).empty
    only_published = excluded_by_quality(panel, ["published"])
    assert (only_published["index"] != "papi").all() and "stated" in set(only_published["quality"])


def test_markers_are_read_whatever_their_case_and_spacing(tmp_path, raw_dir):
    """A hand-made source file: each note's (quality, basis) as the reader gives them."""
    notes = {
        "  ambiguous :  the article does not name the index": ("ambiguous", "derived"),
        "Derived ( ambiguous  base ): 95.26 - 4.11": ("ambiguous", "derived"),
        "secondary   Compilation (dataset preview)": ("secondary-partial", "stated"),
        '"Secondary compilation" of a rank list, DERIVED from its order': ("secondary-partial", "derived"),
        "  derived:  2021 rank 19 minus 1": ("derived", "derived"),
        "rank   inferred from an ordered list": ("derived", "derived"),
        "Quote: 'xếp thứ 16/63' (which the existing file only had as DERIVED)": ("stated", "stated"),
        "Quote: a plain statement, year inferred from the article": ("stated", "stated"),
        "": ("stated", "stated"),
    }
    lines = ["year,province_name_vi,rank,score,source_url,notes"]
    lines += [
        f'2021,Hà Nam,{number},80.{number},https://example.gov.vn/{number},"{note.replace(chr(34), chr(34) * 2)}"'
        for number, note in enumerate(notes, start=1)
    ]
    (tmp_path / "sipas").mkdir()
    (tmp_path / "sipas" / "made_up.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = reported.read_reported(tmp_path, "sipas/made_up.csv", "sipas", load_crosswalk(raw_dir))
    assert list(zip(rows["quality"], rows["basis"], strict=True)) == list(notes.values())


def test_an_imported_annex_is_published_and_precedence_holds():
    notes = pd.Series(["Official annex imported from x.xlsx", "Official annex imported from y.xlsx", "AMBIGUOUS: ?"])
    quality = note_quality(notes, published=pd.Series([True, True, False]))
    assert list(quality) == ["published", "published", "ambiguous"]


def test_the_plan_names_only_the_panels_qualities(tmp_path):
    text = PLAN_PATH.read_text(encoding="utf-8")
    assert load_plan().model_qualities == ("published", "stated", "derived", "secondary-partial")
    bad = tmp_path / "plan.yml"
    bad.write_text(re.sub(r"model_qualities: \[.*\]", "model_qualities: [stated, trustworthy]", text), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_plan(bad)
    assert str(bad) in str(caught.value) and "model_qualities" in str(caught.value)
    assert "trustworthy" in str(caught.value)
