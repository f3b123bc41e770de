"""PAPI rank changes: on the provinces scored in both years, with an interval from the published errors that agrees
with closed-form probabilities where one exists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.data import precision


def _two_provinces(se_before: float, se_after: float, gap: float = 1.0) -> pd.DataFrame:
    """A is ahead by `gap` the first year and behind by `gap` the second."""
    return pd.DataFrame(
        {
            "year": [2019, 2019, 2020, 2020],
            "province_code": ["A", "B", "A", "B"],
            "score": [50.0, 50.0 - gap, 50.0 - gap, 50.0],
            "std_error": [se_before, se_before, se_after, se_after],
        }
    )


def test_the_move_of_two_provinces_follows_the_closed_form():
    """With true scores 1 apart and errors s, A stays ahead in a year with probability p = Phi(1 / (s sqrt 2)); the
    move of A is -1 with probability p^2, 0 with 2p(1-p) and +1 with (1-p)^2."""
    s, draws, seed = 0.9, 40_000, 7
    p = stats.norm.cdf(1 / (s * np.sqrt(2)))
    ranks = {}
    for year, scores in ((2019, [50.0, 49.0]), (2020, [49.0, 50.0])):
        drawn = precision.simulated_scores(np.array(scores), np.array([s, s]), draws, seed + year)
        ranks[year] = precision.simulated_ranks(drawn)
    move = ranks[2019][:, 0] - ranks[2020][:, 0]
    expected = {-1: p * p, 0: 2 * p * (1 - p), 1: (1 - p) ** 2}
    for value, probability in expected.items():
        assert np.mean(move == value) == pytest.approx(probability, abs=0.01)
    # the table's interval is the 2.5th-97.5th percentile of the same draws (same seed per year)
    row = precision.rank_changes(_two_provinces(s, s), draws, seed).set_index("province_code").loc["A"]
    cdf_low, cdf_zero = p * p, p * p + 2 * p * (1 - p)
    assert row["move"] == -1 and row["errors"] == "both"
    assert row["move_low"] == (-1 if cdf_low > 0.025 else 0)
    assert row["move_high"] == (0 if cdf_zero >= 0.975 else 1)
    assert row["within_error"] == bool(row["move_low"] <= 0 <= row["move_high"])
    assert row["se_change"] == pytest.approx(np.hypot(s, s))


def test_a_move_far_beyond_the_errors_is_not_within_error_and_none_without_errors():
    clear = precision.rank_changes(_two_provinces(0.05, 0.05), 4000, 1).set_index("province_code").loc["A"]
    assert (clear["move_low"], clear["move_high"], clear["within_error"]) == (-1, -1, False)
    unknown = precision.rank_changes(_two_provinces(np.nan, np.nan), 4000, 1).set_index("province_code").loc["A"]
    assert unknown["errors"] == "none" and pd.isna(unknown["move_low"]) and unknown["within_error"] is None
    one_year = precision.rank_changes(_two_provinces(np.nan, 0.9), 4000, 1).set_index("province_code").loc["A"]
    assert one_year["errors"] == "after" and pd.isna(one_year["se_change"])


def test_ranks_are_compared_within_the_provinces_scored_in_both_years(processed_dir, panel):
    """Hà Nam 2021: 22nd of 60 against 18th of 63 the year before; among the 60 scored both years, 15th -> 22nd."""
    changes = pd.read_csv(processed_dir / "papi_rank_changes.csv", dtype={"province_code": str})
    row = changes[(changes["year"] == 2021) & (changes["province_code"] == "35")].iloc[0]
    totals = panel[(panel["index"] == "papi") & (panel["level"] == "total")].pivot_table(
        index="province_code", columns="year", values="score"
    )
    both = totals[[2020, 2021]].dropna()
    independent = both.rank(ascending=False, method="min").loc["35"]
    assert (row["rank_before"], row["rank"], row["n_common"]) == (independent[2020], independent[2021], len(both))
    assert (row["rank_before"], row["rank"], row["move"], row["n_common"]) == (15, 22, -7, 60)
    assert row["errors"] == "none" and pd.isna(row["move_low"])


def test_the_2023_change_carries_the_published_errors_of_both_years(processed_dir):
    changes = pd.read_csv(processed_dir / "papi_rank_changes.csv", dtype={"province_code": str})
    indicators = pd.read_parquet(processed_dir / "papi_indicators.parquet")
    totals = indicators[(indicators["indicator_code"] == "total") & (indicators["province_code"] == "35")]
    se = totals.set_index("year")["std_error"]
    row = changes[(changes["year"] == 2023) & (changes["province_code"] == "35")].iloc[0]
    assert row["errors"] == "both" and row["se_change"] == pytest.approx(np.hypot(se[2022], se[2023]))
    assert row["score_change"] == pytest.approx(-1.18, abs=0.005) and row["move"] == -14
    assert row["move_low"] < 0 < row["move_high"] and row["within_error"]
    # a row exists only for provinces scored both years; intervals only where a year publishes errors
    assert not changes[["score_before", "score"]].isna().any().any()
    assert set(changes.dropna(subset=["move_low"])["year"]) == {2019, 2020, 2022, 2023, 2024}
    assert set(changes.loc[changes["year"] == 2018, "same_method"]) == {False}
