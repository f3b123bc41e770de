"""The official PAPI sheets: readers, codebook, agreement with the panel, the copy rule, rank ranges and gaps."""

import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.core import config
from analysis.core.errors import DataError, DataErrors
from analysis.data import precision
from analysis.data.provinces import load_crosswalk
from analysis.data.sources import papi_sheets
from helpers import line_containing

EXTRACTS = "papi_official/raw_extracts"


@pytest.fixture(scope="module")
def sheets(raw_dir):
    crosswalk = load_crosswalk(raw_dir)
    return [papi_sheets.read_sheet(path, raw_dir, crosswalk) for path in papi_sheets.sheet_files(raw_dir)]


@pytest.fixture(scope="module")
def indicators(processed_dir):
    return pd.read_parquet(processed_dir / "papi_indicators.parquet")


def test_committed_codebook_is_what_the_sheets_give(sheets):
    committed = papi_sheets.load_codebook().fillna("")
    rebuilt = papi_sheets.build_codebook(sheets).fillna("")
    pd.testing.assert_frame_equal(committed, rebuilt, check_dtype=False)
    assert not committed.duplicated(["year", "parent_code", "label_vi"]).any()
    assert (committed.groupby("indicator_code")["parent_code"].nunique() == 1).all(), "a code keeps its parent"


def test_indicator_rows_per_year_and_codes_shared_across_years(indicators):
    items = indicators[indicators["level"] == "indicator"]
    per_year = items.groupby("year")["indicator_code"].nunique()
    assert set(per_year.index) == {2018, 2019, 2022, 2023} and (per_year >= 110).all()
    shared = items.groupby("indicator_code")["year"].nunique()
    assert (shared == 4).sum() >= 100
    assert items["indicator_name_en"].ne("").mean() > 0.95, "English names come from the 2022/2023 sheets"
    assert set(indicators.columns) == set(papi_sheets.INDICATOR_COLUMNS)


def test_a_cell_reads_as_the_raw_sheet_says(indicators, raw_dir):
    """Hà Nam (35) 2022: total, its 95% CI and standard error, and a percent indicator, straight from the CSV."""
    raw = pd.read_csv(raw_dir / EXTRACTS / "HungNT1st_PAPI_2022.csv", header=None, dtype=str)
    column = list(raw.iloc[0]).index("35")
    by_label = raw.set_index(0)[column]
    total = indicators[
        (indicators["year"] == 2022) & (indicators["province_code"] == "35") & (indicators["indicator_code"] == "total")
    ].iloc[0]
    assert total["score"] == pytest.approx(float(by_label["Unweighted PAPI Score"]))
    assert total["ci_low"] == pytest.approx(float(by_label["Unweighted 95% CI Low"]))
    assert total["std_error"] == pytest.approx(float(by_label["Unweighted Standard Error"]))
    civic = indicators[
        (indicators["year"] == 2022)
        & (indicators["province_code"] == "35")
        & (indicators["indicator_name_en"] == "Knowledge of Leaders")
    ].iloc[0]
    assert civic["score"] == pytest.approx(100 * float(by_label["Knowledge of Leaders"]))
    assert civic["scale"] == "0-100%" and civic["parent_code"] == "SC11"


def test_every_sheet_agrees_with_the_panel(processed_dir):
    checks = pd.read_csv(processed_dir / "papi_sheet_checks.csv")
    assert (checks["status"] == "loaded").all() and len(checks) == 11
    assert (checks["compared"] > 1500).all() and (checks["agreeing"] == checks["compared"]).all()


def test_indicators_aggregate_towards_their_published_subdimension(indicators):
    """PAPI's aggregation weights are not in the sheets, so the exact value cannot be rebuilt; the indicators'
    mean of rank-scores, signed by direction, orders provinces much as the published sub-dimension does."""
    year = indicators[indicators["year"] == 2022]
    subs = year[year["level"] == "subdimension"].pivot(index="province_code", columns="indicator_code", values="score")
    items = year[year["level"] == "indicator"]
    agreement = []
    for parent in ("SC11", "SC21", "SC41", "SC51"):
        wide = items[items["parent_code"] == parent].pivot(
            index="province_code", columns="indicator_code", values="score"
        )
        joined = wide.join(subs[parent], how="inner").dropna()
        signs = [np.sign(stats.spearmanr(joined[c], joined[parent]).statistic) for c in wide.columns]
        composite = sum(sign * joined[c].rank() for sign, c in zip(signs, wide.columns, strict=True))
        agreement.append(stats.spearmanr(composite, joined[parent]).statistic)
    assert min(agreement) > 0.7, agreement


@pytest.mark.slow
def test_a_sheet_copying_another_year_is_rejected_by_rule(writable_raw, panel):
    folder = writable_raw / EXTRACTS
    shutil.copy(folder / "HungNT1st_PAPI_2019.csv", folder / "HungNT1st_PAPI_2020.csv")
    crosswalk = load_crosswalk(writable_raw)
    rows, checks = papi_sheets.read_official_sheets(writable_raw, crosswalk, panel)
    copy = checks[checks["year"] == 2020].iloc[0]
    assert copy["status"] == "rejected" and "2019" in copy["reason"]
    assert 2020 not in set(rows["year"]) and 2019 in set(rows["year"])


@pytest.mark.slow
def test_a_value_that_disagrees_with_the_panel_stops_with_its_cell(writable_raw, panel):
    path = writable_raw / EXTRACTS / "HungNT1st_PAPI_2023.csv"
    path.chmod(0o644)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = line_containing(path, "Dimension 1: Participation")
    cells = lines[line - 1].split(",")
    cells[3] = str(float(cells[3]) + 0.5)  # Hà Nội (code 1), D1
    lines[line - 1] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataErrors) as error:
        papi_sheets.read_official_sheets(writable_raw, load_crosswalk(writable_raw), panel)
    first = error.value.errors[0]
    assert first.file.endswith("HungNT1st_PAPI_2023.csv") and first.line == line and first.column == "01"
    assert "D1 2023" in str(first)


@pytest.mark.slow
def test_an_indicator_missing_from_the_codebook_is_named(writable_raw, panel):
    path = writable_raw / EXTRACTS / "HungNT1st_PAPI_2022.csv"
    path.chmod(0o644)
    line = line_containing(path, "Knowledge of Leaders")
    text = path.read_text(encoding="utf-8").replace("Hiểu biết về vị trí lãnh đạo (%)", "Hiểu biết về lãnh đạo mới (%)")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"not in papi_indicator_codebook\.csv") as error:
        papi_sheets.read_official_sheets(writable_raw, load_crosswalk(writable_raw), panel)
    assert error.value.line == line and "lãnh đạo mới" in str(error.value)


def test_rank_ranges_on_cases_with_a_known_answer():
    same = precision.simulated_rank_interval(np.array([40.0, 40.0, 40.0]), np.array([0.5, 0.5, 0.5]), 4000, 1)
    assert same[0].tolist() == [1, 1, 1] and same[1].tolist() == [3, 3, 3]
    apart = precision.simulated_rank_interval(np.array([50.0, 40.0, 30.0]), np.array([0.2, 0.2, 0.2]), 4000, 1)
    assert apart[0].tolist() == [1, 2, 3] and apart[1].tolist() == [1, 2, 3]
    matrix = precision.distinguishable(np.array([40.0, 41.0, 45.0]), np.array([0.5, 0.5, 0.5]))
    assert not matrix[0, 1] and matrix[0, 2] and matrix[1, 2]  # |1| < 1.96*0.71 < |4|


def test_rank_ranges_contain_the_panel_rank(processed_dir, panel):
    ranges = pd.read_csv(processed_dir / "papi_rank_ranges.csv", dtype={"province_code": str})
    assert set(ranges["year"]) == {2019, 2022, 2023}
    assert ((ranges["rank_low"] <= ranges["rank"]) & (ranges["rank"] <= ranges["rank_high"])).all()
    totals = panel[(panel["index"] == "papi") & (panel["level"] == "total")]
    merged = ranges.merge(totals, on=["year", "province_code"], suffixes=("", "_panel"))
    assert len(merged) == len(ranges) and (merged["rank"] == merged["rank_panel"]).all()


def test_rank_range_command_prints_ha_nam(processed_dir, raw_dir):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "--raw-dir",
            str(raw_dir),
            "--processed-dir",
            str(processed_dir),
            "--years",
            "2021-2023",
            "rank-range",
            "Ha Nam",
        ],
        capture_output=True,
        text=True,
        cwd=config.PROJECT_ROOT,
        check=True,
    )
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("2021: the official PAPI files publish no standard errors")
    ranges = pd.read_csv(processed_dir / "papi_rank_ranges.csv", dtype={"province_code": str})
    for line, year in zip(lines[1:], (2022, 2023), strict=True):
        row = ranges[(ranges["year"] == year) & (ranges["province_code"] == "35")].iloc[0]
        assert line.startswith(f"Hà Nam {year}") and f"ranked {row['rank']} of {row['n_ranked']}" in line
        assert f"plausibly {int(row['rank_low'])}–{int(row['rank_high'])}" in line


def test_an_indicator_where_lower_is_better_is_turned_so_that_negative_is_worse(indicators, panel):
    from analysis.models.priorities import area_table

    scores, areas = area_table(panel, indicators, 2022)
    assert (areas["level"] == "indicator").sum() > 80
    poverty_errors = areas.index[areas["name_en"] == "Type 1 Errors on Poverty List"][0]
    assert not areas.at[poverty_errors, "higher_is_better"]
    raw = indicators[(indicators["year"] == 2022) & (indicators["indicator_code"] == poverty_errors)]
    raw = raw.set_index("province_code")["score"].dropna()
    assert scores[poverty_errors].dropna().to_numpy() == pytest.approx(-raw.reindex(scores.index).dropna().to_numpy())
