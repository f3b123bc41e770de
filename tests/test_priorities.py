"""A province's priorities: the worst unrelated areas, each tested against chance (selection or survey error)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from analysis.models import priorities

AREAS = [f"X{k:02d}" for k in range(30)]  # unrelated names: no area is a prefix of another


def _areas(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"level": "indicator", "parent": "", "name_vi": names, "name_en": names, "higher_is_better": True},
        index=names,
    )


def _noise(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    provinces = [f"P{k:02d}" for k in range(63)]
    return pd.DataFrame(rng.standard_normal((63, len(AREAS))), index=provinces, columns=AREAS)


def _list(scores: pd.DataFrame, province: str = "P00", errors: pd.DataFrame | None = None, draws: int = 4000):
    table = priorities.year_priorities(scores, _areas(list(scores.columns)), errors, 0.05, 6, draws, 11)
    return table[table["province_code"] == province].set_index("position")


def test_an_area_that_truly_stands_out_leads_and_passes_the_chance_test():
    scores = _noise()
    scores.loc["P00", "X05"] = -8.0
    listed = _list(scores)
    assert listed.at[1, "area"] == "X05" and listed.at[1, "test"] == "selection"
    # the drawn profiles include the province's own values (the permutation convention): an area this far out is
    # drawn once in 63, so p is about 1/63
    assert listed.at[1, "stands_out"] and listed.at[1, "p_value"] == pytest.approx(1 / 63, abs=0.006)
    assert listed.at[1, "rank_among"] == 63 and listed.at[1, "n_provinces"] == 63


def test_when_nothing_stands_out_the_list_says_so():
    scores = _noise()
    scores.loc["P00"] = scores.median()  # a typical province: every gap zero
    assert not _list(scores)["stands_out"].any()
    scores.loc["P00", "X07"] = -2.0  # about the expected worst of 30 normal areas: still chance
    listed = _list(scores)
    assert listed.at[1, "area"] == "X07" and not listed["stands_out"].any()


def test_the_chance_p_value_of_the_worst_area_matches_the_closed_form():
    """For unrelated areas drawn independently, P(worst <= g) = 1 - prod_a (1 - F_a(g)), F_a the share of area a's
    gaps at or below g."""
    scores = _noise(5)
    scores.loc["P00", "X11"] = -3.2
    listed = _list(scores, draws=40_000)
    gaps = priorities.robust_gaps(scores)
    worst = listed.at[1, "gap"]
    closed = 1 - np.prod([1 - (gaps[a] <= worst).mean() for a in AREAS])
    assert listed.at[1, "p_value"] == pytest.approx(closed, abs=0.006)


def test_the_selection_tests_stop_at_the_first_area_that_does_not_stand_out():
    scores = _noise()
    scores.loc["P00", ["X01", "X02"]] = [-9.0, -1.0]
    listed = _list(scores)
    assert listed.at[1, "stands_out"] and not listed.loc[2:, "stands_out"].any()


def test_published_survey_errors_decide_where_they_exist_with_holm_over_the_provinces_areas():
    scores = _noise()
    median = scores.median()
    scores.loc["P00", "X03"] = median["X03"] - 1.0
    errors = pd.DataFrame(0.25, index=scores.index, columns=["X03", "X04", "X05"])
    listed = _list(scores, errors=errors)
    row = listed[listed["area"] == "X03"].iloc[0]
    z = (scores.loc["P00", ["X03", "X04", "X05"]] - median[["X03", "X04", "X05"]]) / 0.25
    from scipy import stats

    independent = multipletests(stats.norm.cdf(z), method="holm")[1][0]
    assert row["test"] == "survey error" and row["z_survey"] == pytest.approx(z["X03"])
    assert row["p_value"] == pytest.approx(independent) and row["stands_out"] == (independent < 0.05)


def test_no_area_is_listed_beside_its_own_parent_or_child(processed_dir):
    table = pd.read_csv(processed_dir / "papi_priorities.csv", dtype={"province_code": str})
    for _, listed in table.groupby(["year", "province_code"]):
        areas = listed["area"].tolist()
        pairs = [(a, b) for i, a in enumerate(areas) for b in areas[i + 1 :] if priorities.related(a, b)]
        assert not pairs, f"{listed.iloc[0]['year']} {listed.iloc[0]['province_code']}: {pairs}"
        assert len(areas) <= 6


def test_ha_nam_priorities_on_the_real_data(processed_dir):
    """2021: gaps of -0.3 to -1.0 robust SD, nothing beyond chance; 2019: the indicator 63rd of 63 leads."""
    table = pd.read_csv(processed_dir / "papi_priorities.csv", dtype={"province_code": str})
    ha_nam = table[table["province_code"] == "35"]
    in_2021 = ha_nam[ha_nam["year"] == 2021]
    assert len(in_2021) == 6 and not in_2021["stands_out"].any()
    assert in_2021["gap"].between(-1.1, 0).all()
    first_2019 = ha_nam[(ha_nam["year"] == 2019) & (ha_nam["position"] == 1)].iloc[0]
    assert first_2019["area"] == "SC72_02" and first_2019["rank_among"] == 63
    assert first_2019["gap"] == pytest.approx(-6.94, abs=0.01)
    # not every province gets a priority: the test is what makes a "priority"
    standing = table[table["stands_out"]].groupby("year")["province_code"].nunique()
    scored = table.groupby("year")["province_code"].nunique()
    assert (standing.reindex(scored.index, fill_value=0) < scored / 4).all()
