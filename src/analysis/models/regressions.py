"""Regressions of PAPI / SIPAS on PAR INDEX, its components and PAPI dimensions, with standardised coefficients.

Four designs, each fitted only when n >= max(min_n, parameters + 10), parameters counting every absorbed effect:
- cross_section: one year, OLS with HC3 (heteroskedasticity-robust) errors;
- pooled_year_fe: several years, OLS with year fixed effects, errors clustered by province;
- panel_twfe: province and year effects (dummies; the within R² from linearmodels' PanelOLS), errors clustered by
  province;
- lagged: outcome in year t+1 on predictors in year t, conditional on the outcome in year t (PAPI is persistent,
  so without it the lag would mostly restate the cross-section), with year effects and province-clustered errors.
Inference: HC3 errors with t(n-k) for one year; for the clustered designs a restricted wild-cluster bootstrap
(analysis.models.wild) gives the p-value and the interval that inverts it (few clusters make normal and even
t(G-1) p-values too small), with CR1 errors as the reported standard error. The two-way FE model runs only with at
least MIN_CLUSTERS provinces and MIN_WITHIN_SHARE of the predictor's variance left within provinces.
Robustness, per term: the minimum detectable effect at the plan's power, and leave-one-province-out estimates
with the provinces whose removal changes whether the interval excludes zero.
Variables are z-scored within year on the estimation sample, so a coefficient reads "SD of outcome per SD of
predictor".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from linearmodels.panel import PanelOLS
from scipy import stats
from statsmodels.stats.outliers_influence import variance_inflation_factor

from analysis.core.settings import AnalysisPlan
from analysis.models.associations import within_year_z
from analysis.models.variables import uses_selected_sample
from analysis.models.wild import WildClusterBootstrap

KINDS = ("cross_section", "pooled_year_fe", "panel_twfe", "lagged")
MIN_CLUSTERS = 20
MIN_WITHIN_SHARE = 0.2
CURRENT = "_at_t"  # suffix of the lagged model's control: the outcome in the predictors' year
RESULT_COLUMNS = [
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
    "n_params",
    "years",
    "r2",
    "vif",
    "concept",
    "selected_sample",
    "spec",
    "ci_method",
    "inference",
    "mde80",
    "loo_low",
    "loo_high",
    "loo_flip",
]


@dataclass(frozen=True)
class ModelSpec:
    kind: str
    outcome: str
    predictors: tuple[str, ...]
    years: tuple[int, ...]
    concept: str = ""

    @property
    def name(self) -> str:
        scope = str(self.years[0]) if self.kind == "cross_section" else f"{self.years[0]}-{self.years[-1]}"
        return f"{self.kind}:{self.outcome}~{'+'.join(self.predictors)}:{scope}"

    @property
    def right_hand(self) -> list[str]:
        """The columns on the right-hand side: the predictors and, for `lagged`, the outcome in their year."""
        return [*self.predictors, *([self.outcome + CURRENT] if self.kind == "lagged" else [])]

    def describe(self) -> str:
        errors = {
            "cross_section": "OLS, HC3 errors, t(n-k)",
            "pooled_year_fe": "OLS + year FE, wild-cluster bootstrap by province",
            "panel_twfe": "OLS + province and year FE, wild-cluster bootstrap by province",
            "lagged": "outcome(t+1) on predictors(t) and outcome(t), OLS + year FE, wild-cluster bootstrap by province",
        }[self.kind]
        return f"{self.outcome} ~ {' + '.join(self.predictors)}; {errors}; within-year z-scores"


@dataclass
class Fit:
    spec: ModelSpec
    coefficients: pd.DataFrame = field(default_factory=pd.DataFrame)
    skipped: str = ""
    residuals: pd.Series | None = None
    fitted: pd.Series | None = None


def complete_rows(spec: ModelSpec, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The rows with every one of the spec's variables in its years (for `lagged`, the outcome taken one year
    later), and those variables: the outcome first, then the right-hand side."""
    columns = [spec.outcome, *spec.right_hand]
    data = frame[frame["year"].isin(spec.years)]
    if spec.kind == "lagged":
        later = frame[["province_code", "year", spec.outcome]].assign(year=lambda d: d["year"] - 1)
        data = data.rename(columns={spec.outcome: spec.outcome + CURRENT})
        data = data.merge(later, on=["province_code", "year"], how="inner")
    return data[["province_code", "year", *columns]].dropna(), columns


def estimation_sample(spec: ModelSpec, frame: pd.DataFrame, min_year_n: int) -> pd.DataFrame:
    """Complete cases for the spec's variables and years (complete_rows); a year enters only with at least
    `min_year_n` complete rows, so no z-score rests on two or three provinces."""
    data, columns = complete_rows(spec, frame)
    if spec.kind == "panel_twfe":
        data = data[data.groupby("province_code")["year"].transform("count") >= 2]
    if data.empty:
        return data
    z = within_year_z(data, columns)
    spread = data.groupby("year")[columns].transform("count")
    return data[["province_code", "year"]].join(z)[spread.min(axis=1) >= max(min_year_n, 2)].dropna()


def n_parameters(spec: ModelSpec, data: pd.DataFrame) -> int:
    k = len(spec.predictors) + 1
    if spec.kind in ("pooled_year_fe", "lagged"):
        k += data["year"].nunique() - 1
    if spec.kind == "lagged":
        k += 1
    if spec.kind == "panel_twfe":
        k += data["province_code"].nunique() + data["year"].nunique() - 2
    return k


def fit_model(spec: ModelSpec, frame: pd.DataFrame, plan: AnalysisPlan) -> Fit:
    data = estimation_sample(spec, frame, plan.min_year_n)
    n = len(data)
    k = n_parameters(spec, data) if n else len(spec.predictors) + 1
    needed = max(plan.min_n, k + 10)
    if n < needed:
        return Fit(spec, skipped=f"n={n} < {needed} (min_n={plan.min_n}; {k} parameters + 10)")
    if spec.kind in ("pooled_year_fe", "lagged") and data["year"].nunique() < 2:
        return Fit(spec, skipped="only one year in the sample: the cross-sectional model covers it")
    if data[list(spec.predictors)].std().min() == 0:
        return Fit(spec, skipped="a predictor does not vary in the sample")
    if spec.kind == "panel_twfe":
        reason = _fixed_effects_unsupported(spec, data)
        if reason:
            return Fit(spec, skipped=reason)
    result = ols(spec, data)
    table = _analytic_table(result, spec, plan)
    if spec.kind == "cross_section":
        r2 = result.rsquared
    else:
        table = _wild_bootstrap(table, result, data, spec, plan)
        r2 = _within_r2(spec, data) if spec.kind == "panel_twfe" else result.rsquared
    table = table.join(_leave_one_province_out(spec, result, data, table))
    return _finish(spec, table, data, k, r2, result.resid.to_numpy(), result.fittedvalues.to_numpy())


def _fixed_effects_unsupported(spec: ModelSpec, data: pd.DataFrame) -> str:
    """Why the two-way FE model cannot be trusted on this sample, or '' when it can."""
    clusters = data["province_code"].nunique()
    if clusters < MIN_CLUSTERS:
        return f"only {clusters} provinces with two or more years (at least {MIN_CLUSTERS} clusters needed)"
    for predictor in spec.predictors:
        values = data[predictor]
        within = values - data.groupby("province_code")[predictor].transform("mean")
        within = within - within.groupby(data["year"]).transform("mean")
        share = float(within.var() / values.var())
        if share < MIN_WITHIN_SHARE:
            return (
                f"only {share:.0%} of {predictor}'s variance is within provinces "
                f"(at least {MIN_WITHIN_SHARE:.0%} needed)"
            )
    return ""


def ols(spec: ModelSpec, data: pd.DataFrame):
    """The spec's OLS with its analytic inference: HC3 and t(n-k) for one year; otherwise year (and for the FE
    model province) dummies, province-clustered CR1 errors and t(G-1)."""
    terms = spec.right_hand
    if spec.kind != "cross_section":
        terms.append("C(year)")
    if spec.kind == "panel_twfe":
        terms.append("C(province_code)")
    model = smf.ols(f"{spec.outcome} ~ {' + '.join(terms)}", data=data)
    if spec.kind == "cross_section":
        return model.fit(cov_type="HC3", use_t=True)
    groups = pd.factorize(data["province_code"])[0]
    return model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)


def _analytic_table(result, spec: ModelSpec, plan: AnalysisPlan) -> pd.DataFrame:
    terms = list(spec.predictors)
    ci = result.conf_int(alpha=plan.alpha)
    df = result.df_resid_inference if spec.kind != "cross_section" else result.df_resid
    method = "HC3 errors, t(n−k)" if spec.kind == "cross_section" else "province-clustered CR1 errors, t(G−1)"
    se = result.bse[terms].to_numpy()
    return pd.DataFrame(
        {
            "term": terms,
            "estimate": result.params[terms].to_numpy(),
            "std_error": se,
            "ci_low": ci.loc[terms, 0].to_numpy(),
            "ci_high": ci.loc[terms, 1].to_numpy(),
            "p_value": result.pvalues[terms].to_numpy(),
            "ci_method": method,
            "inference": "hc3" if spec.kind == "cross_section" else "cluster_t",
            "mde80": minimum_detectable_effect(se, df, plan.alpha, plan.power),
        }
    )


def minimum_detectable_effect(std_error, df: float, alpha: float, power: float):
    """The smallest true effect a two-sided test at `alpha` detects with probability `power`: (t_{1-a/2} + t_power)
    times the standard error (in the estimate's units, here SD of outcome per SD of predictor)."""
    return (stats.t.ppf(1 - alpha / 2, df) + stats.t.ppf(power, df)) * np.asarray(std_error)


def _wild_bootstrap(table: pd.DataFrame, result, data: pd.DataFrame, spec: ModelSpec, plan: AnalysisPlan):
    """Replace the clustered models' t(G-1) interval and p-value with the wild-cluster bootstrap's (WCR,
    Rademacher); where the bootstrap cannot bound the interval, keep t(G-1) and say so."""
    names = list(result.model.exog_names)
    clusters = data["province_code"].to_numpy()
    table = table.copy()
    for row, term in enumerate(table["term"]):
        seed = plan.seed_for(f"{spec.name}:{term}")
        boot = WildClusterBootstrap(
            result.model.endog, result.model.exog, clusters, names.index(term), plan.wild_bootstrap_replicates, seed
        ).result(plan.alpha)
        if not (np.isfinite(boot.ci_low) and np.isfinite(boot.ci_high)):
            table.at[row, "ci_method"] = f"{table.at[row, 'ci_method']!s} (wild bootstrap interval unbounded)"
            continue
        draws = f"all {boot.replicates} sign vectors" if boot.enumerated else f"B={boot.replicates}"
        table.at[row, "ci_low"], table.at[row, "ci_high"] = boot.ci_low, boot.ci_high
        table.at[row, "p_value"], table.at[row, "inference"] = boot.p_value, "wild"
        table.at[row, "ci_method"] = f"wild-cluster bootstrap (WCR, Rademacher, {draws})"
    return table


def _within_r2(spec: ModelSpec, data: pd.DataFrame) -> float:
    """R² of the two-way within transformation, from linearmodels' PanelOLS."""
    indexed = data.set_index(["province_code", "year"])
    fitted = PanelOLS(
        indexed[spec.outcome], indexed[list(spec.predictors)], entity_effects=True, time_effects=True
    ).fit()
    return float(fitted.rsquared_within)


def _leave_one_province_out(spec: ModelSpec, result, data: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Per term: the range of estimates with one province's rows left out, and the provinces whose removal changes
    whether the reported interval excludes zero. Each refit moves the reported interval to its estimate and scales
    it by the ratio of analytic standard errors (HC3 or CR1), so with nothing removed it is the reported one."""
    y, X = result.model.endog, result.model.exog
    columns = [list(result.model.exog_names).index(term) for term in table["term"]]
    provinces = data["province_code"].to_numpy()
    reported = table.set_index("term")
    estimates: dict[str, list[float]] = {t: [] for t in table["term"]}
    flips: dict[str, list[str]] = {t: [] for t in table["term"]}
    for province in np.unique(provinces):
        keep = provinces != province
        used = np.flatnonzero(np.abs(X[keep]).sum(axis=0) > 0)  # the province's own dummy drops out
        if keep.sum() <= len(used) + 1 or np.linalg.matrix_rank(X[keep][:, used]) < len(used):
            continue  # without this province the design cannot separate every effect: no refit to compare
        model = sm.OLS(y[keep], X[keep][:, used])
        if spec.kind == "cross_section":
            refit = model.fit(cov_type="HC3", use_t=True)
        else:
            refit = model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(provinces[keep])[0]}, use_t=True)
        for term, column in zip(table["term"], columns, strict=True):
            position = int(np.searchsorted(used, column))
            row = reported.loc[term]
            estimate, scale = refit.params[position], refit.bse[position] / row["std_error"]
            low = estimate - (row["estimate"] - row["ci_low"]) * scale
            high = estimate + (row["ci_high"] - row["estimate"]) * scale
            estimates[term].append(estimate)
            if (low > 0 or high < 0) != (row["ci_low"] > 0 or row["ci_high"] < 0):
                flips[term].append(province)
    return pd.DataFrame(
        {
            "loo_low": [min(estimates[t], default=np.nan) for t in table["term"]],
            "loo_high": [max(estimates[t], default=np.nan) for t in table["term"]],
            "loo_flip": [";".join(flips[t]) for t in table["term"]],
        },
        index=table.index,
    )


def _finish(spec, table, data, k, r2, residuals, fitted) -> Fit:
    table = table.assign(
        model=spec.name,
        kind=spec.kind,
        outcome=spec.outcome,
        n=len(data),
        n_provinces=data["province_code"].nunique(),
        n_params=k,
        years=_span(data),
        r2=r2,
        vif=vifs(data, spec.predictors),
        concept=spec.concept,
        spec=spec.describe(),
    )
    table["selected_sample"] = [uses_selected_sample(spec.outcome, term) for term in table["term"]]
    return Fit(spec, coefficients=table, residuals=pd.Series(residuals), fitted=pd.Series(fitted))


def vifs(data: pd.DataFrame, predictors) -> list[float]:
    """Variance inflation factor of each predictor (NaN for a single predictor, where it is 1 by definition)."""
    if len(predictors) < 2:
        return [np.nan] * len(predictors)
    design = sm.add_constant(data[list(predictors)]).to_numpy()
    return [float(variance_inflation_factor(design, i + 1)) for i in range(len(predictors))]


def _span(data: pd.DataFrame) -> str:
    years = sorted(data["year"].unique())
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
