"""Small-sample inference, robustness checks and methodology versions, against slow or closed-form references."""

import itertools

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
import yaml
from scipy import stats

from analysis.core.errors import DataError
from analysis.core.settings import PLAN_PATH, ConfigError, load_plan
from analysis.data.methodology import VERSIONS_FILE, breaks_within, load_versions
from analysis.models import associations, regressions
from analysis.models.regressions import ModelSpec
from analysis.models.wild import WildClusterBootstrap


def _clustered_sample(seed: int, clusters: int = 8, n: int = 40):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, clusters, n)
    x = rng.normal(size=n) + 0.5 * rng.normal(size=clusters)[group]
    z = rng.normal(size=n)
    y = 0.4 * x + 0.3 * z + rng.normal(size=clusters)[group] + rng.normal(size=n)
    return y, np.column_stack([np.ones(n), x, z]), group


def _slow_wild_p(y, X, group, column, null):
    """Reference WCR bootstrap: refit statsmodels OLS with CR1 errors for every one of the 2^G sign vectors."""
    others = np.delete(X, column, axis=1)
    restricted = sm.OLS(y - null * X[:, column], others).fit()
    fitted, residual = restricted.fittedvalues + null * X[:, column], restricted.resid
    full = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": group})
    observed = abs((full.params[column] - null) / full.bse[column])
    labels = np.unique(group)
    position = np.searchsorted(labels, group)
    extreme = []
    for signs in itertools.product((-1.0, 1.0), repeat=len(labels)):
        y_star = fitted + residual * np.array(signs)[position]
        refit = sm.OLS(y_star, X).fit(cov_type="cluster", cov_kwds={"groups": group})
        extreme.append(abs((refit.params[column] - null) / refit.bse[column]) >= observed - 1e-12)
    return float(np.mean(extreme))


@pytest.mark.parametrize("null", [0.0, 0.35, -0.5])
def test_wild_cluster_p_value_equals_the_slow_reference(null):
    y, X, group = _clustered_sample(seed=3)
    boot = WildClusterBootstrap(y, X, group, column=1, replicates=9999, seed=1)
    assert boot.enumerated and boot.replicates == 2**8
    assert boot.p_value(null) == pytest.approx(_slow_wild_p(y, X, group, 1, null), abs=1e-12)
    reference = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": group})
    assert boot.estimate == pytest.approx(reference.params[1]) and boot.std_error == pytest.approx(reference.bse[1])


def test_wild_cluster_interval_inverts_the_test():
    y, X, group = _clustered_sample(seed=4, clusters=10, n=60)
    boot = WildClusterBootstrap(y, X, group, column=1, replicates=9999, seed=2)
    low, high = boot.interval(0.05)
    assert low < boot.estimate < high
    step = 1e-4 * boot.std_error
    assert boot.p_value(low + step) > 0.05 >= boot.p_value(low - step)
    assert boot.p_value(high - step) > 0.05 >= boot.p_value(high + step)


def test_wild_cluster_bootstrap_keeps_its_size_with_few_clusters():
    """Under the null with 12 clusters, the WCR test rejects at close to 5% while normal CR1 p-values over-reject."""
    rng = np.random.default_rng(8)
    wild = normal = 0
    runs = 200
    for _ in range(runs):
        clusters = 12
        group = np.repeat(np.arange(clusters), 6)
        x = rng.normal(size=clusters)[group] + 0.3 * rng.normal(size=len(group))
        y = rng.normal(size=clusters)[group] + rng.normal(size=len(group))
        X = np.column_stack([np.ones(len(group)), x])
        wild += WildClusterBootstrap(y, X, group, 1, 999, int(rng.integers(10**6))).p_value() < 0.05
        fit = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": group})
        normal += 2 * stats.norm.sf(abs(fit.params[1] / fit.bse[1])) < 0.05
    assert wild / runs <= 0.09
    assert normal > wild


def test_vectorised_cluster_resamples_equal_explicit_resamples():
    rng = np.random.default_rng(0)
    x, y = np.round(rng.normal(size=50), 1), np.round(rng.normal(size=50), 1)  # rounding makes ties
    counts = rng.integers(0, 3, size=(40, 50))
    fast = associations.resampled_spearman(x, y, counts.astype(float))
    slow = [associations.spearman(np.repeat(x, c), np.repeat(y, c)) for c in counts]
    assert fast == pytest.approx(slow, abs=1e-12)


def test_minimum_detectable_effect_matches_a_power_calculation():
    se, df = 0.12, 40
    mde = regressions.minimum_detectable_effect(se, df, 0.05, 0.8)
    critical = stats.t.ppf(0.975, df)
    power = stats.t.sf(critical - mde / se, df)  # chance of |t| beyond the critical value when the truth is mde
    assert power == pytest.approx(0.8, abs=0.01)


def test_leave_one_province_out_flags_a_result_that_rests_on_one_province():
    rest = np.arange(18.0)
    x = np.r_[100 + np.arange(6.0), rest]  # province 00 has six extreme, concordant years
    y = np.r_[100 + np.arange(6.0), (rest * 7) % 18]  # the other provinces barely agree
    provinces = np.array(["00"] * 6 + [f"{i:02d}" for i in range(1, 19)])
    rho_full, rho_without = associations.spearman(x, y), associations.spearman(x[6:], y[6:])
    assert rho_full > abs(rho_without)
    half_width = (rho_full + abs(rho_without)) / 2  # the full interval excludes zero, the one without 00 does not
    out = associations.leave_one_province_out(x, y, provinces, lambda rho, n: (rho - half_width, rho + half_width))
    assert out["loo_flip"] == "00"
    assert out["loo_low"] == pytest.approx(rho_without)


def test_regression_leave_one_out_matches_refits_by_formula():
    """Flags recomputed independently: refit each reduced sample with the formula interface and move the reported
    interval to the refit's estimate, scaled by the ratio of CR1 standard errors."""
    rng = np.random.default_rng(2)
    rows = []
    for year in (2020, 2021, 2022):
        x = rng.normal(size=25)
        y = 0.25 * x + rng.normal(size=25)
        rows += [
            {"province_code": f"{i:02d}", "year": year, "papi_total": y[i], "par_index_total": x[i]} for i in range(25)
        ]
    data = pd.DataFrame(rows)
    spec = ModelSpec("pooled_year_fe", "papi_total", ("par_index_total",), (2020, 2021, 2022))
    row = regressions.fit_model(spec, data, load_plan().with_changes(min_n=20, wild_bootstrap_replicates=999))
    row = row.coefficients.iloc[0]
    sample = regressions.estimation_sample(spec, data, 5)
    flips, estimates = [], []
    for province in sorted(sample["province_code"].unique()):
        rest = sample[sample["province_code"] != province]
        refit = smf.ols("papi_total ~ par_index_total + C(year)", data=rest).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(rest["province_code"])[0]}
        )
        estimate, scale = refit.params["par_index_total"], refit.bse["par_index_total"] / row["std_error"]
        low = estimate - (row["estimate"] - row["ci_low"]) * scale
        high = estimate + (row["ci_high"] - row["estimate"]) * scale
        estimates.append(estimate)
        if (low > 0 or high < 0) != (row["ci_low"] > 0 or row["ci_high"] < 0):
            flips.append(province)
    assert flips, "the example is chosen to be borderline"
    assert row["loo_flip"] == ";".join(flips)
    assert (row["loo_low"], row["loo_high"]) == pytest.approx((min(estimates), max(estimates)))


def test_methodology_versions_mark_the_known_breaks(raw_dir):
    versions = load_versions(raw_dir)
    assert not versions.duplicated(["index", "year"]).any()
    assert breaks_within(versions, "papi", list(range(2011, 2025))) == [2018]
    assert 2022 in breaks_within(versions, "sipas", list(range(2017, 2025)))
    assert breaks_within(versions, "papi", [2019, 2020, 2021]) == []
    raw = pd.read_csv(raw_dir / VERSIONS_FILE, dtype=str)
    papi_2018 = raw[(raw["index"] == "papi") & raw["result_years"].str.startswith("2018")].iloc[0]
    assert versions.set_index(["index", "year"]).loc[("papi", 2018), "methodology"] == papi_2018["decision"]


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("result_years", "2016-2012", "runs backwards"),
        ("result_years", "2020-2021", "claimed by several rows"),
        ("index", "pci", "unknown index"),
        ("years_confirmed", "maybe", "yes or no"),
    ],
)
def test_a_bad_versions_row_is_named_by_line_and_column(raw_dir, tmp_path, column, value, problem):
    table = pd.read_csv(raw_dir / VERSIONS_FILE, dtype=str, keep_default_na=False)
    row = int(np.flatnonzero((table["index"] == "par_index") & (table["result_years"] == "2017"))[0])
    table.loc[row, column] = value
    target = tmp_path / VERSIONS_FILE
    target.parent.mkdir(parents=True)
    table.to_csv(target, index=False)
    with pytest.raises(DataError) as error:
        load_versions(tmp_path)
    assert problem in str(error.value) and error.value.column == column
    if problem != "claimed by several rows":
        assert error.value.line == row + 2 and error.value.value == value


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("min_n", 20.5, "'min_n' Input should be a valid integer"),
        ("power", 1.2, "'power' Input should be less than 1"),
        ("wild_bootstrap_replicates", 0, "'wild_bootstrap_replicates' Input should be greater than 0"),
        ("split_at", {"papi": "2018"}, "'split_at.papi' Input should be a valid integer"),
        ("min_nn", 20, "'min_nn' Extra inputs are not permitted"),
        (
            "questions",
            [{"x": "papi_total", "y": "sipas_total", "why": "a"}, {"x": "sipas_total", "y": "papi_total", "why": "b"}],
            "'questions' question 2 repeats the pair sipas_total / papi_total",
        ),
    ],
)
def test_the_plan_refuses_bad_settings_naming_the_file_and_key(tmp_path, key, value, message):
    settings = yaml.safe_load(PLAN_PATH.read_text(encoding="utf-8"))
    settings[key] = value
    path = tmp_path / "plan.yml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_plan(path)
    assert f"{path}: {message}" in str(error.value)
