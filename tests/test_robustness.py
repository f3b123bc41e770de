"""The estimates that qualify a verdict without having one: the overlap of a part with its total, PAPI's survey
error allowed for, and the press's selection of what it reports. Each checked against an independent computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.core.settings import Question, load_plan
from analysis.models import measurement, selection
from analysis.models.associations import overlap_correlation
from analysis.models.regressions import ModelSpec


def test_the_overlap_alone_gives_the_correlation_a_simulation_gives():
    """PAR INDEX = SIPAS / 10 + an independent rest: the mechanical correlation, simulated, is what the closed form
    says."""
    rng = np.random.default_rng(4)
    years = np.repeat([2021, 2022, 2023], 20_000)
    sipas = rng.normal(86, 3.5, len(years))
    par = sipas / 10 + rng.normal(78, 3.0, len(years))
    frame = pd.DataFrame({"year": years, "sipas_total": sipas, "par_index_total": par})
    question = Question(x="sipas_total", y="par_index_total", why="test", overlap="part of it", part_points=10)
    simulated = np.mean(
        [stats.spearmanr(g["sipas_total"], g["par_index_total"]).statistic for _, g in frame.groupby("year")]
    )
    assert overlap_correlation(frame, question) == pytest.approx(simulated, abs=0.015)
    assert overlap_correlation(frame, question) == pytest.approx(0.35 / np.hypot(0.35, 3.0), abs=0.01)


def test_an_overlap_question_must_say_how_many_points_the_part_makes():
    with pytest.raises(ValueError, match="part_points"):
        Question(x="sipas_total", y="par_index_total", why="test", overlap="mechanical")


def test_the_moment_correction_undoes_the_attenuation_of_a_noisy_predictor():
    """One predictor: the corrected slope is exactly the ordinary slope divided by the reliability (Fuller's
    identity), and on simulated data it recovers the true slope the ordinary one shrinks."""
    rng = np.random.default_rng(9)
    n, beta, error_sd = 4000, 0.5, 0.6
    true = rng.normal(0, 1, n)
    observed = true + rng.normal(0, error_sd, n)
    y = beta * true + rng.normal(0, 0.5, n)
    x = observed[:, None] - observed.mean()
    y = y - y.mean()
    variance = np.full((n, 1), error_sd**2)
    corrected = measurement.corrected_ols(y, x, variance)[0]
    ordinary = float(x[:, 0] @ y / (x[:, 0] @ x[:, 0]))
    reliability = 1 - variance.sum() / (x[:, 0] @ x[:, 0])
    assert corrected == pytest.approx(ordinary / reliability)
    assert corrected == pytest.approx(beta, abs=0.04) and ordinary < beta - 0.08


def test_the_lagged_papi_model_is_corrected_on_the_years_with_published_errors(processed_dir):
    table = pd.read_csv(processed_dir / "measurement_error.csv")
    row = table[table["model"] == "lagged:papi_total~par_index_total:2011-2024"].iloc[0]
    assert row["noisy"] == "papi_total_at_t" and row["years"] == "2019, 2022, 2023"
    assert 0.8 < row["reliability"] < 0.9 and row["ci_low"] < row["corrected"] < row["ci_high"]
    # the noisy control left part of itself to PAR INDEX: allowing for it moves the estimate towards zero
    assert row["corrected"] < row["ordinary"]
    dimensions = table[table["noisy"] == "papi_D5"]
    assert (
        dimensions["corrected"].isna().all() and dimensions["reason"].str.contains("with published PAPI errors").all()
    )


def test_a_year_with_an_empty_rank_band_cannot_be_reweighted():
    ranks = pd.Series([1, 2, 5, 15, 25, 35, 45, 60, 1, 2, 3, 61, 62, 63])
    years = pd.Series([2021] * 8 + [2012] * 6)
    gaps = selection.empty_bands(ranks, years)
    assert gaps[2021] == "" and gaps[2012] == "4-10; 11-21; 22-32; 33-42; 43-53"


def test_the_selection_check_uses_only_reweightable_years_and_joins_the_verdict(processed_dir):
    weighted = pd.read_csv(processed_dir / "selection_weighted.csv")
    papi_par = weighted[(weighted["y"] == "par_index_total") & (weighted["estimator"] != "unweighted")].iloc[0]
    assert "2012: 22-32; 33-42; 43-53" in papi_par["years_left_out"]
    assert "2012" not in papi_par["years"].split(", ")
    unweighted = weighted[(weighted["y"] == "par_index_total") & (weighted["estimator"] == "unweighted")].iloc[0]
    assert unweighted["n"] > papi_par["n"]
    correlations = pd.read_csv(processed_dir / "correlations.csv")
    pooled = correlations[(correlations["family"] == "plan:pooled") & (correlations["y"] == "par_index_total")]
    row = pooled[pooled["x"] == "papi_total"].iloc[0]
    excludes_zero = papi_par["ci_low"] > 0 or papi_par["ci_high"] < 0
    assert row["selection_check"] == ("supports" if excludes_zero else "does_not_support")
    assert row["weighted_r"] == pytest.approx(papi_par["r"]) and row["weighted_n"] == papi_par["n"]
    assert (correlations.loc[correlations["scope"] != "pooled", "selection_check"].fillna("") == "").all()


def test_the_quality_rule_of_the_plan_keeps_ambiguous_values_out_of_every_model(processed_dir):
    plan = load_plan()
    assert "ambiguous" not in plan.model_qualities and "not-comparable" not in plan.model_qualities
    excluded = pd.read_csv(processed_dir / "excluded_by_quality.csv", dtype={"province_code": str})
    assert {"ambiguous", "not-comparable"} >= set(excluded["quality"])
    spec = ModelSpec("pooled_year_fe", "papi_total", ("sipas_total",), tuple(range(2011, 2025)))
    assert spec.name in set(pd.read_csv(processed_dir / "model_results.csv")["model"])
