"""Statistics checked against independent computations, the skip rule, and the results written from real data."""
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from analysis.models import associations, regressions
from analysis.models.regressions import ModelSpec
from analysis.models.run import run_models, write_model_outputs, load_model_outputs


def _toy(n_provinces=30, years=(2020, 2021, 2022), seed=7):
    rng = np.random.default_rng(seed)
    rows = []
    effect = rng.normal(size=n_provinces)
    for year in years:
        x = rng.normal(size=n_provinces) + effect
        y = 0.6 * x + effect + rng.normal(scale=0.5, size=n_provinces) + (year - 2020)
        rows += [{"province_code": f"{i:02d}", "year": year, "papi_total": y[i], "par_index_total": x[i],
                  "sipas_total": rng.normal()} for i in range(n_provinces)]
    return pd.DataFrame(rows)


def test_correlation_matches_scipy_and_fisher_interval():
    data = _toy()
    one = data[data["year"] == 2021]
    got = associations.correlate(one["par_index_total"], one["papi_total"], "pearson")
    r, p = stats.pearsonr(one["par_index_total"], one["papi_total"])
    assert got["r"] == pytest.approx(r) and got["p_value"] == pytest.approx(p) and got["n"] == 30
    z, se = np.arctanh(r), 1 / np.sqrt(27)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx((np.tanh(z - 1.959964 * se), np.tanh(z + 1.959964 * se)))
    rho = associations.correlate(one["par_index_total"], one["papi_total"], "spearman")
    assert rho["r"] == pytest.approx(stats.spearmanr(one["par_index_total"], one["papi_total"])[0])


def test_benjamini_hochberg_by_hand():
    p = pd.Series([0.01, 0.04, 0.03, 0.20])
    # sorted: 0.01*4/1=0.04, 0.03*4/2=0.06, 0.04*4/3=0.0533 -> monotone 0.0533, 0.20*4/4=0.20
    assert associations.adjust(p).round(4).tolist() == [0.04, 0.0533, 0.0533, 0.2]


def test_cross_section_ols_matches_lstsq_on_standardised_data():
    data = _toy()
    spec = ModelSpec("cross_section", "papi_total", ("par_index_total",), (2021,))
    fit = regressions.fit_model(spec, data, min_n=10)
    one = data[data["year"] == 2021]
    zx = (one["par_index_total"] - one["par_index_total"].mean()) / one["par_index_total"].std()
    zy = (one["papi_total"] - one["papi_total"].mean()) / one["papi_total"].std()
    beta = np.linalg.lstsq(np.column_stack([np.ones(len(zx)), zx]), zy, rcond=None)[0][1]
    row = fit.coefficients.iloc[0]
    assert row["estimate"] == pytest.approx(beta) and row["n"] == 30
    assert row["ci_low"] < row["estimate"] < row["ci_high"] and row["std_error"] > 0


def test_panel_model_equals_two_way_dummy_regression():
    data = _toy()
    spec = ModelSpec("panel_twfe", "papi_total", ("par_index_total",), (2020, 2021, 2022))
    fit = regressions.fit_model(spec, data, min_n=20)
    sample = regressions.estimation_sample(spec, data)
    dummies = smf.ols("papi_total ~ par_index_total + C(province_code) + C(year)", data=sample).fit()
    assert fit.coefficients.iloc[0]["estimate"] == pytest.approx(dummies.params["par_index_total"], rel=1e-6)
    assert fit.coefficients.iloc[0]["n_params"] == 1 + 1 + 29 + 2


def test_skip_rule_min_n_and_parameters_plus_ten():
    data = _toy(n_provinces=15)
    thin = regressions.fit_model(ModelSpec("cross_section", "papi_total", ("par_index_total",), (2021,)), data, 20)
    assert "n=15 < 20" in thin.skipped and thin.coefficients.empty
    # min_n lowered to 5 still needs parameters + 10 = 12 observations, then 15 is enough
    ok = regressions.fit_model(ModelSpec("cross_section", "papi_total", ("par_index_total",), (2021,)), data, 5)
    assert not ok.skipped
    # the panel model with 15 provinces + 3 years has 1 + 1 + 14 + 2 = 18 parameters: needs 28 obs, has 45
    panel = regressions.fit_model(ModelSpec("panel_twfe", "papi_total", ("par_index_total",), (2020, 2021, 2022)),
                                  data, 5)
    assert not panel.skipped
    two_years = _toy(n_provinces=6, years=(2020, 2021))
    tiny = regressions.fit_model(ModelSpec("panel_twfe", "papi_total", ("par_index_total",), (2020, 2021)),
                                 two_years, 5)
    assert "parameters + 10" in tiny.skipped


def test_vif_of_independent_and_collinear_predictors():
    rng = np.random.default_rng(1)
    a = rng.normal(size=200)
    data = pd.DataFrame({"a": a, "b": rng.normal(size=200), "c": a + rng.normal(scale=0.1, size=200)})
    vif = regressions.vifs(data, ["a", "b", "c"])
    assert vif[1] == pytest.approx(1.0, abs=0.1) and vif[0] > 50 and vif[2] > 50


@pytest.fixture(scope="module")
def model_run(panel):
    return run_models(panel)


def test_real_data_results_state_n_and_uncertainty(model_run):
    results = model_run.results
    assert len(results) > 0
    assert results[["estimate", "std_error", "ci_low", "ci_high", "p_value", "p_adjusted", "n"]].notna().all().all()
    assert (results["n"] >= 20).all() and (results["n"] >= results["n_params"] + 10).all()
    assert (results["p_adjusted"] >= results["p_value"] - 1e-12).all()
    assert model_run.summaries["summary_en"].str.contains("n = ").all()
    assert model_run.summaries["summary_vi"].str.contains("khoảng tin cậy 95%").all()
    papi_par = model_run.summaries[model_run.summaries["term"] == "par_index_total"]
    assert papi_par["summary_en"].str.contains("chose to report").all()


def test_thin_par_components_are_skipped_with_reasons(model_run):
    skipped = model_run.skipped
    concept = skipped[(skipped["outcome"] == "papi_D5") & (skipped["predictors"] == "par_index_C3")]
    assert len(concept) > 0 and concept["reason"].str.contains("< 20").all()
    assert not model_run.results["term"].str.startswith("par_index_C").any()


def test_part_whole_identities_are_not_modelled(model_run):
    papi_outcome = model_run.results[model_run.results["outcome"] == "papi_total"]
    assert not papi_outcome["term"].str.startswith("papi_").any()


def test_agreement_and_divergences_name_the_press_cases(model_run):
    agreement = model_run.agreement
    par_2021 = agreement[(agreement["year"] == 2021) & (agreement["a"] == "papi") & (agreement["b"] == "par_index")]
    assert len(par_2021) == 1 and par_2021.iloc[0]["n"] >= 20
    brvt = model_run.divergences[(model_run.divergences["year"] == 2021)
                                 & (model_run.divergences["province_name"] == "Bà Rịa - Vũng Tàu")
                                 & (model_run.divergences["other_index"] == "par_index")]
    assert len(brvt) == 1 and brvt.iloc[0]["other_score"] == 87.61
    assert brvt.iloc[0]["papi_score"] == pytest.approx(40.61, abs=0.01)


def test_selection_shows_extremes_over_represented(model_run):
    coverage = model_run.rank_coverage
    assert (coverage["share_in_top_or_bottom_10"] >= coverage["share_expected_if_random"]).mean() > 0.8
    middle = model_run.middle_vs_full
    assert set(middle["sample"]) == {"all reported", "middle ranks 11-53"}


def test_results_are_written_and_read_back(model_run, tmp_path):
    written = write_model_outputs(model_run, tmp_path)
    assert (tmp_path / "model_results.csv").is_file() and (tmp_path / "model_results.parquet").is_file()
    assert len(list((tmp_path / "model_figures").glob("*.png"))) == len(model_run.fits)
    tables = load_model_outputs(tmp_path)
    assert list(tables["model_results"].columns)[:12] == ["model", "kind", "outcome", "term", "estimate",
                                                           "std_error", "ci_low", "ci_high", "p_value", "p_adjusted",
                                                           "n", "n_provinces"]
    assert len(written) > 10
