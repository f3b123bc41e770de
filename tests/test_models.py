"""Statistics checked against independent computations, the skip rule, and the results written from real data."""

import itertools
import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis.core.settings import AnalysisPlan, load_plan
from analysis.core.text import number, t
from analysis.models import associations, outputs, regressions, selection
from analysis.models.outputs import load_model_outputs
from analysis.models.regressions import ModelSpec
from analysis.models.run import run_models, write_model_outputs
from analysis.models.verdicts import VERDICTS
from analysis.report import sentences, words


def _plan(min_n: int) -> AnalysisPlan:
    return load_plan().with_changes(min_n=min_n)


def _toy(n_provinces=30, years=(2020, 2021, 2022), seed=7):
    rng = np.random.default_rng(seed)
    rows = []
    effect = rng.normal(size=n_provinces)
    for year in years:
        x = rng.normal(size=n_provinces) + effect
        y = 0.6 * x + effect + rng.normal(scale=0.5, size=n_provinces) + (year - 2020)
        rows += [
            {
                "province_code": f"{i:02d}",
                "year": year,
                "papi_total": y[i],
                "par_index_total": x[i],
                "sipas_total": rng.normal(),
            }
            for i in range(n_provinces)
        ]
    return pd.DataFrame(rows)


def test_spearman_and_fisher_interval_match_closed_forms():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])
    y = np.array([2.0, 1.0, 4.0, 3.0, 7.0, 5.0, 6.0])
    n = 7
    rho = 1 - 6 * 10 / (n * (n**2 - 1))  # 1 - 6 sum(d^2) / (n (n^2 - 1)), d = (-1, 1, -1, 1, -2, 1, 1)
    assert associations.spearman(x, y) == pytest.approx(rho)
    z, se = np.arctanh(rho), np.sqrt(1.06 / (n - 3))
    expected = (np.tanh(z - 1.959964 * se), np.tanh(z + 1.959964 * se))
    assert associations.fisher_interval(rho, n) == pytest.approx(expected)


def test_permutation_p_matches_the_exact_enumeration():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    y = np.array([2.0, 1.0, 4.0, 3.0, 6.0, 5.0])
    observed = abs(associations.spearman(x, y))
    exact = np.mean([abs(associations.spearman(x, np.array(p))) >= observed - 1e-12 for p in itertools.permutations(y)])
    assert associations.permutation_p(x, y, 20000, seed=1) == pytest.approx(exact, abs=0.01)


def test_cluster_bootstrap_interval_covers_the_truth_more_often_than_the_naive_one():
    rng = np.random.default_rng(11)
    covered_cluster = covered_naive = 0
    runs = 40
    for _ in range(runs):
        provinces, years = 30, 5
        shared = rng.normal(size=provinces)
        x = np.repeat(shared, years) + 0.5 * rng.normal(size=provinces * years)
        y = np.repeat(shared, years) * 0.5 + rng.normal(size=provinces * years)
        clusters = np.repeat(np.arange(provinces), years)
        big = rng.normal(size=20000)
        truth = associations.spearman(big + 0.5 * rng.normal(size=20000), 0.5 * big + rng.normal(size=20000))
        low, high, _, _ = associations.cluster_bootstrap(x, y, clusters, 300, seed=int(rng.integers(1_000_000)))
        covered_cluster += low <= truth <= high
        naive_low, naive_high = associations.fisher_interval(associations.spearman(x, y), len(x))
        covered_naive += naive_low <= truth <= naive_high
    assert covered_cluster / runs >= 0.85
    assert covered_cluster >= covered_naive


def test_inverse_probability_weights_recover_a_correlation_from_a_press_like_sample():
    rng = np.random.default_rng(5)
    naive, weighted, truth = [], [], []
    for _ in range(60):
        years = np.repeat(np.arange(5), 63)
        x = rng.normal(size=len(years))
        y = 0.45 * x + np.sqrt(1 - 0.45**2) * rng.normal(size=len(years))
        ranks = pd.Series(x).groupby(years).rank(ascending=False).to_numpy()
        keep = rng.random(len(x)) < np.where((ranks <= 10) | (ranks >= 54), 0.8, 0.12)
        truth.append(associations.spearman(x, y))
        weights = selection.inclusion_weights(pd.Series(ranks[keep]), pd.Series(years[keep])).to_numpy()
        naive.append(associations.spearman(x[keep], y[keep]))
        weighted.append(selection.weighted_spearman(x[keep], y[keep], weights))
    assert abs(np.mean(weighted) - np.mean(truth)) < 0.05
    assert np.mean(naive) - np.mean(truth) > 0.05


def test_benjamini_hochberg_by_hand():
    p = pd.Series([0.01, 0.04, 0.03, 0.20])
    # sorted: 0.01*4/1=0.04, 0.03*4/2=0.06, 0.04*4/3=0.0533 -> monotone 0.0533, 0.20*4/4=0.20
    assert associations.adjust(p).round(4).tolist() == [0.04, 0.0533, 0.0533, 0.2]


def _z(values: pd.Series) -> pd.Series:
    return (values - values.mean()) / values.std()


def test_cross_section_ols_and_hc3_errors_match_numpy():
    data = _toy()
    spec = ModelSpec("cross_section", "papi_total", ("par_index_total",), (2021,))
    fit = regressions.fit_model(spec, data, _plan(10))
    one = data[data["year"] == 2021]
    X = np.column_stack([np.ones(len(one)), _z(one["par_index_total"])])
    y = _z(one["papi_total"]).to_numpy()
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    residuals = y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    leverage = np.einsum("ij,jk,ik->i", X, bread, X)
    meat = X.T @ np.diag(residuals**2 / (1 - leverage) ** 2) @ X
    hc3 = np.sqrt(np.diag(bread @ meat @ bread))
    row = fit.coefficients.iloc[0]
    assert row["estimate"] == pytest.approx(beta[1]) and row["n"] == 30
    assert row["std_error"] == pytest.approx(hc3[1])


def test_pooled_model_cluster_robust_errors_match_numpy():
    data = _toy()
    spec = ModelSpec("pooled_year_fe", "papi_total", ("par_index_total",), (2020, 2021, 2022))
    fit = regressions.fit_model(spec, data, _plan(10))
    sample = regressions.estimation_sample(spec, data, 5)
    years = pd.get_dummies(sample["year"], drop_first=True, dtype=float).to_numpy()
    X = np.column_stack([np.ones(len(sample)), sample["par_index_total"], years])
    y = sample["papi_total"].to_numpy()
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    residuals = y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    groups = sample["province_code"].to_numpy()
    scores = [X[groups == g].T @ residuals[groups == g] for g in np.unique(groups)]
    meat = sum(np.outer(s, s) for s in scores)
    n, k, g = len(y), X.shape[1], len(scores)
    correction = g / (g - 1) * (n - 1) / (n - k)  # the usual CR1 small-sample factor
    cr1 = np.sqrt(np.diag(correction * bread @ meat @ bread))
    row = fit.coefficients.iloc[0]
    assert row["estimate"] == pytest.approx(beta[1]) and row["std_error"] == pytest.approx(cr1[1])


def test_lagged_model_pairs_next_years_outcome_with_this_years_predictor():
    rng = np.random.default_rng(3)
    rows = []
    x = {(p, y): rng.normal() for p in range(40) for y in (2019, 2020, 2021)}
    for (province, year), value in x.items():
        # next year's outcome is exactly this year's predictor; this year's outcome is unrelated noise
        outcome = x.get((province, year - 1), rng.normal()) if year > 2019 else rng.normal()
        rows.append({"province_code": f"{province:02d}", "year": year, "par_index_total": value, "papi_total": outcome})
    data = pd.DataFrame(rows)
    spec = ModelSpec("lagged", "papi_total", ("par_index_total",), (2019, 2020, 2021))
    sample = regressions.estimation_sample(spec, data, 5)
    assert sorted(sample["year"].unique()) == [2019, 2020]  # 2021 has no 2022 outcome
    fit = regressions.fit_model(spec, data, _plan(10))
    assert fit.coefficients.iloc[0]["estimate"] == pytest.approx(1.0)


def test_panel_model_equals_two_way_dummy_regression():
    data = _toy()
    spec = ModelSpec("panel_twfe", "papi_total", ("par_index_total",), (2020, 2021, 2022))
    fit = regressions.fit_model(spec, data, _plan(20))
    sample = regressions.estimation_sample(spec, data, 5)
    dummies = smf.ols("papi_total ~ par_index_total + C(province_code) + C(year)", data=sample).fit()
    assert fit.coefficients.iloc[0]["estimate"] == pytest.approx(dummies.params["par_index_total"], rel=1e-6)
    assert fit.coefficients.iloc[0]["n_params"] == 1 + 1 + 29 + 2


def test_skip_rule_min_n_and_parameters_plus_ten():
    data = _toy(n_provinces=15)
    thin = regressions.fit_model(
        ModelSpec("cross_section", "papi_total", ("par_index_total",), (2021,)), data, _plan(20)
    )
    assert "n=15 < 20" in thin.skipped and thin.coefficients.empty
    # min_n lowered to 5 still needs parameters + 10 = 12 observations, then 15 is enough
    ok = regressions.fit_model(ModelSpec("cross_section", "papi_total", ("par_index_total",), (2021,)), data, _plan(5))
    assert not ok.skipped
    # the panel model with 15 provinces has enough observations (45 >= 18 parameters + 10) but too few clusters
    panel = regressions.fit_model(
        ModelSpec("panel_twfe", "papi_total", ("par_index_total",), (2020, 2021, 2022)), data, _plan(5)
    )
    assert "at least 20 clusters" in panel.skipped
    two_years = _toy(n_provinces=6, years=(2020, 2021))
    tiny = regressions.fit_model(
        ModelSpec("panel_twfe", "papi_total", ("par_index_total",), (2020, 2021)), two_years, _plan(5)
    )
    assert "parameters + 10" in tiny.skipped


def test_vif_of_independent_and_collinear_predictors():
    rng = np.random.default_rng(1)
    a = rng.normal(size=200)
    data = pd.DataFrame({"a": a, "b": rng.normal(size=200), "c": a + rng.normal(scale=0.1, size=200)})
    vif = regressions.vifs(data, ["a", "b", "c"])
    assert vif[1] == pytest.approx(1.0, abs=0.1) and vif[0] > 50 and vif[2] > 50


@pytest.fixture(scope="module")
def model_run(panel):
    """The models on the real panel, with every planned correlation and every model term put into words in both
    languages as the report does (analysis.report.sentences): summary_en / summary_vi columns."""
    run = run_models(panel)
    names = panel.drop_duplicates("province_code").set_index("province_code")["province_name"].to_dict()
    variables = {*run.correlations["x"], *run.correlations["y"], *run.summaries["term"], *run.summaries["outcome"]}
    plan = load_plan()
    for lang in ("en", "vi"):
        labels = words.labels(variables, panel, lang)
        run.correlations[f"summary_{lang}"] = sentences.correlation_sentences(
            run.correlations, labels, lang, plan, names
        )
        run.summaries[f"summary_{lang}"] = [
            sentences.model_sentence(row, labels, lang, plan, names) for _, row in run.summaries.iterrows()
        ]
    return run


@pytest.mark.slow
def test_real_data_results_state_n_and_uncertainty(model_run):
    results = model_run.results
    assert len(results) > 0
    assert results[["estimate", "std_error", "ci_low", "ci_high", "p_value", "p_adjusted", "n"]].notna().all().all()
    assert (results["p_adjusted"] >= results["p_value"] - 1e-12).all()
    summaries = model_run.summaries
    questions = {q.pair for q in load_plan().questions}
    for row in summaries.itertuples():
        assert f"n = {int(row.n)}" in row.summary_en and f"n = {int(row.n)}" in row.summary_vi
        # one primary estimator per question: a regression term is robustness (a planned pair) or exploratory, and
        # neither says a verdict
        assert row.role == ("robustness" if frozenset((row.outcome, row.term)) in questions else "exploratory")
        for lang, text in (("en", row.summary_en), ("vi", row.summary_vi)):
            assert t(f"role_{row.role}", lang) in text
            assert not any(t(f"verdict_{word}", lang) in text for word in VERDICTS), text
    # the regression families are the plan's: one per estimator kind over all its terms
    assert (results["family"] == results["kind"]).all()
    for _, family in results.groupby("family"):
        assert family["p_adjusted"].to_numpy() == pytest.approx(associations.adjust(family["p_value"]).to_numpy())
    uses_reported = summaries["term"].str.startswith(("par_index", "sipas")) | summaries["outcome"].str.startswith(
        ("par_index", "sipas")
    )
    assert (summaries["selected_sample"] == uses_reported).all()
    assert not summaries["summary_en"].str.contains("chose to report").any(), "the caveat is a flag, not sentence text"


def _check_sentence(text: str, p_adjusted: float, low: float, high: float, lang: str = "en") -> None:
    """The words agree with the numbers: the verdict with the adjusted p, claims about zero with the interval."""
    excludes_zero = low > 0 or high < 0
    assert "p = 0.000" not in text and "p = 0,000" not in text
    if t("verdict_not_distinguishable", lang) in text:
        assert not excludes_zero and p_adjusted >= 0.05, text
    if t("verdict_holds", lang) in text:
        assert p_adjusted < 0.05, text
    if t("verdict_excludes_zero_not_corrected", lang) in text:
        assert excludes_zero and p_adjusted >= 0.05, text
    assert sum(t(f"verdict_{word}", lang) in text for word in VERDICTS) == 1, text


@pytest.mark.slow
def test_every_correlation_sentence_agrees_with_its_row(model_run):
    corr = model_run.correlations
    planned = corr[corr["family"].str.startswith("plan:")]
    assert len(planned) > 0
    for row in planned.itertuples():
        _check_sentence(row.summary_en, row.p_adjusted, row.ci_low, row.ci_high)
        _check_sentence(row.summary_vi, row.p_adjusted, row.ci_low, row.ci_high, "vi")
        assert f"ρ = {row.r:.2f}" in row.summary_en and f"ρ = {number(row.r, 'vi')}" in row.summary_vi
        for english in ("province-cluster", "percentile", "variance", "family of"):
            assert english not in row.summary_vi, row.summary_vi
    assert corr.loc[~corr["family"].str.startswith("plan:"), "p_adjusted"].isna().all()
    assert corr.loc[corr["family"] == outputs.DESCRIPTIVE, "p_value"].isna().all()
    keys = corr.apply(lambda r: (frozenset((r["x"], r["y"])), r["scope"], r["split"]), axis=1)
    assert not keys.duplicated().any(), "one row, one verdict per unordered pair and scope"
    for text in planned["summary_vi"]:
        assert not re.search(r"\d\.\d", text), f"Vietnamese writes decimal commas: {text}"
    pooled = planned[
        (planned["scope"] == "pooled") & (planned["x"] == "papi_total") & (planned["y"] == "par_index_total")
    ].iloc[0]
    naive = associations.fisher_interval(pooled["r"], int(pooled["n"]))
    assert pooled["ci_high"] - pooled["ci_low"] > naive[1] - naive[0], "repeated provinces widen the interval"
    overlapping = planned[planned["overlap"].fillna("").str.len() > 0]
    assert overlapping["summary_en"].str.contains("PAR INDEX contains SIPAS").all()


@pytest.mark.slow
def test_pooled_results_name_their_breaks_and_are_repeated_on_each_side(model_run):
    corr = model_run.correlations
    pooled = corr[(corr["family"] == "plan:pooled") & (corr["x"] == "papi_total") & (corr["y"] == "par_index_total")]
    assert "papi 2018" in pooled.iloc[0]["breaks"]
    assert "methodology changes (PAPI 2018" in pooled.iloc[0]["summary_en"]
    split = corr[(corr["scope"] == "split") & (corr["x"] == "papi_total") & (corr["y"] == "par_index_total")]
    assert {"papi<2018", "papi>=2018"} <= set(split["split"])
    assert (split["family"] == outputs.ROBUSTNESS).all() and split["p_adjusted"].isna().all()
    before = split[split["split"] == "papi<2018"].iloc[0]
    assert before["years"].endswith("2017") and "not a separate test" in before["summary_en"]
    after = split[split["split"] == "papi>=2018"].iloc[0]
    assert before["n"] + after["n"] == pooled.iloc[0]["n"], "the two sides partition the pooled sample"


@pytest.mark.slow
def test_every_specification_is_listed_whether_estimated_or_not(model_run):
    specs = model_run.specifications
    models = specs[specs["analysis"] != "correlation"]
    assert set(models["name"]) == set(model_run.results["model"]) | set(model_run.skipped["model"])
    assert (models.loc[models["status"] == "not estimated", "reason"].str.len() > 0).all()
    planned = specs[specs["analysis"] == "correlation"]
    assert {"estimated", "not estimated"} <= set(planned["status"])
    assert planned["name"].str.contains("par_index_excl_sipas").any(), "the no-overlap question is in the plan"


@pytest.mark.slow
def test_selection_weighted_estimates_sit_beside_unweighted_ones(model_run):
    table = model_run.selection_weighted
    for x, y in (("papi_total", "par_index_total"), ("papi_total", "sipas_total")):
        rows = table[(table["x"] == x) & (table["y"] == y)]
        assert set(rows["estimator"]) == {"unweighted", "inverse-probability weighted"}


def _needed(reason: str) -> tuple[int, int]:
    n, needed = re.search(r"n=(\d+) < (\d+)", reason).groups()
    return int(n), int(needed)


@pytest.mark.slow
def test_skip_rule_holds_on_every_real_model(model_run):
    """Fitted models have n >= max(min_n, parameters + 10); skipped ones say why, with n below that bound."""
    results, skipped = model_run.results, model_run.skipped
    assert (results["n"] >= np.maximum(model_run.parameters["min_n"], results["n_params"] + 10)).all()
    by_size = skipped[skipped["reason"].str.match(r"n=\d+ <")]
    assert len(by_size) > 0
    for reason in by_size["reason"]:
        n, needed = _needed(reason)
        assert n < needed and needed >= model_run.parameters["min_n"]
    fitted_models = set(results["model"])
    assert not fitted_models & set(skipped["model"])


@pytest.mark.slow
def test_part_whole_identities_are_not_modelled(model_run):
    papi_outcome = model_run.results[model_run.results["outcome"] == "papi_total"]
    assert not papi_outcome["term"].str.startswith("papi_").any()


@pytest.mark.slow
def test_agreement_and_divergences_name_the_press_cases(model_run):
    agreement = model_run.agreement
    assert (agreement["n"] >= model_run.parameters["min_n"]).all()
    assert (agreement["r"].abs() < 1).all() and (agreement["ci_high"] > agreement["ci_low"]).all()
    brvt = model_run.divergences[
        (model_run.divergences["year"] == 2021)
        & (model_run.divergences["province_name"] == "Bà Rịa - Vũng Tàu")
        & (model_run.divergences["other_index"] == "par_index")
    ]
    assert len(brvt) == 1 and brvt.iloc[0]["other_score"] == 87.61
    assert brvt.iloc[0]["papi_score"] == pytest.approx(40.61, abs=0.01)


@pytest.mark.slow
def test_rank_coverage_counts_match_the_panel(model_run, panel):
    coverage = model_run.rank_coverage.set_index(["index", "year"])
    reported = panel[(panel["level"] == "total") & panel["index"].isin(["par_index", "sipas"]) & panel["rank"].notna()]
    for (index, year), group in reported.groupby(["index", "year"]):
        row = coverage.loc[(index, year)]
        ranks = group["rank"].to_numpy()
        assert row["n_ranks"] == len(ranks)
        assert row["top (1-21)"] + row["middle (22-42)"] + row["bottom (43-63)"] == len(ranks)
        assert row["share_in_top_or_bottom_10"] == pytest.approx(np.mean((ranks <= 10) | (ranks >= 54)))


@pytest.mark.slow
def test_results_are_written_and_read_back(model_run, tmp_path):
    written = write_model_outputs(model_run, tmp_path)
    assert (tmp_path / "model_results.csv").is_file() and (tmp_path / "model_results.parquet").is_file()
    residuals = pd.read_parquet(tmp_path / "model_residuals.parquet")
    assert set(residuals["model"]) == {fit.spec.name for fit in model_run.fits}
    first = model_run.fits[0]
    mine = residuals[residuals["model"] == first.spec.name]
    assert np.allclose(mine["residual"], first.residuals) and np.allclose(mine["fitted"], first.fitted)
    tables = load_model_outputs(tmp_path)
    assert list(tables["model_results"].columns)[:12] == [
        "model",
        "kind",
        "outcome",
        "term",
        "estimate",
        "std_error",
        "ci_low",
        "ci_high",
        "p_value",
        "p_adjusted",
        "n",
        "n_provinces",
    ]
    assert len(written) > 10
