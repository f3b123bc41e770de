"""Regressions of PAPI / SIPAS on PAR INDEX, its components and PAPI dimensions, with standardised coefficients.

Four designs, each fitted only when n >= max(min_n, parameters + 10), parameters counting every absorbed effect:
- cross_section: one year, OLS with HC3 (heteroskedasticity-robust) errors;
- pooled_year_fe: several years, OLS with year fixed effects, errors clustered by province;
- panel_twfe: linearmodels PanelOLS with province and year effects, errors clustered by province;
- lagged: outcome in year t+1 on predictors in year t, conditional on the outcome in year t (PAPI is persistent,
  so without it the lag would mostly restate the cross-section), with year effects and province-clustered errors.
Inference: HC3 errors with t(n-k) for one year; province-clustered errors with t(G-1), G the number of provinces,
for pooled models (few clusters make normal p-values too small). The two-way FE model runs only with at least
MIN_CLUSTERS provinces and MIN_WITHIN_SHARE of the predictor's variance left within provinces.
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

from analysis.models.associations import within_year_z
from analysis.models.variables import uses_selected_sample

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

    def describe(self) -> str:
        errors = {
            "cross_section": "OLS, HC3 errors",
            "pooled_year_fe": "OLS + year FE, province-clustered errors",
            "panel_twfe": "PanelOLS province + year FE, province-clustered errors",
            "lagged": "outcome(t+1) on predictors(t) and outcome(t), OLS + year FE, province-clustered errors",
        }[self.kind]
        return f"{self.outcome} ~ {' + '.join(self.predictors)}; {errors}; within-year z-scores"


@dataclass
class Fit:
    spec: ModelSpec
    coefficients: pd.DataFrame = field(default_factory=pd.DataFrame)
    skipped: str = ""
    residuals: pd.Series | None = None
    fitted: pd.Series | None = None


def estimation_sample(spec: ModelSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Complete cases for the spec's variables and years (for `lagged`, the outcome is taken one year later)."""
    columns = [spec.outcome, *spec.predictors]
    data = frame[frame["year"].isin(spec.years)]
    if spec.kind == "lagged":
        later = frame[["province_code", "year", spec.outcome]].assign(year=lambda d: d["year"] - 1)
        data = data.rename(columns={spec.outcome: spec.outcome + CURRENT})
        data = data.merge(later, on=["province_code", "year"], how="inner")
        columns.append(spec.outcome + CURRENT)
    data = data[["province_code", "year", *columns]].dropna()
    if spec.kind == "panel_twfe":
        data = data[data.groupby("province_code")["year"].transform("count") >= 2]
    if data.empty:
        return data
    z = within_year_z(data, columns)
    spread = data.groupby("year")[columns].transform("count")
    return data[["province_code", "year"]].join(z)[spread.min(axis=1) >= 2].dropna()


def n_parameters(spec: ModelSpec, data: pd.DataFrame) -> int:
    k = len(spec.predictors) + 1
    if spec.kind in ("pooled_year_fe", "lagged"):
        k += data["year"].nunique() - 1
    if spec.kind == "lagged":
        k += 1
    if spec.kind == "panel_twfe":
        k += data["province_code"].nunique() + data["year"].nunique() - 2
    return k


def fit_model(spec: ModelSpec, frame: pd.DataFrame, min_n: int) -> Fit:
    data = estimation_sample(spec, frame)
    n = len(data)
    k = n_parameters(spec, data) if n else len(spec.predictors) + 1
    needed = max(min_n, k + 10)
    if n < needed:
        return Fit(spec, skipped=f"n={n} < {needed} (min_n={min_n}; {k} parameters + 10)")
    if spec.kind in ("pooled_year_fe", "lagged") and data["year"].nunique() < 2:
        return Fit(spec, skipped="only one year in the sample: the cross-sectional model covers it")
    if data[list(spec.predictors)].std().min() == 0:
        return Fit(spec, skipped="a predictor does not vary in the sample")
    if spec.kind == "panel_twfe":
        reason = _fixed_effects_unsupported(spec, data)
        if reason:
            return Fit(spec, skipped=reason)
    y, X = data[spec.outcome], data[list(spec.predictors)]
    if spec.kind == "cross_section":
        result = sm.OLS(y, sm.add_constant(X)).fit(cov_type="HC3", use_t=True)
        table, r2 = _statsmodels_table(result, spec), result.rsquared
    elif spec.kind == "panel_twfe":
        indexed = data.set_index(["province_code", "year"])
        result = PanelOLS(
            indexed[spec.outcome], indexed[list(spec.predictors)], entity_effects=True, time_effects=True
        ).fit(cov_type="clustered", cluster_entity=True)
        terms = list(spec.predictors)
        estimate, se = result.params[terms].to_numpy(), result.std_errors[terms].to_numpy()
        df = data["province_code"].nunique() - 1  # t(G-1), as for the other clustered models
        margin = stats.t.ppf(0.975, df) * se
        table = pd.DataFrame({"term": terms, "estimate": estimate, "std_error": se, "ci_low": estimate - margin,
                              "ci_high": estimate + margin,
                              "p_value": 2 * stats.t.sf(np.abs(estimate / se), df)})  # fmt: skip
        r2 = float(result.rsquared_within)
        resid = result.resids
        return _finish(spec, table, data, k, r2, resid.values, (indexed[spec.outcome] - resid).values)
    else:
        control = f" + {spec.outcome}{CURRENT}" if spec.kind == "lagged" else ""
        formula = f"{spec.outcome} ~ {' + '.join(spec.predictors)}{control} + C(year)"
        groups = pd.factorize(data["province_code"])[0]
        result = smf.ols(formula, data=data).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        table, r2 = _statsmodels_table(result, spec), result.rsquared
    return _finish(spec, table, data, k, r2, result.resid.values, result.fittedvalues.values)


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
            return (f"only {share:.0%} of {predictor}'s variance is within provinces "
                    f"(at least {MIN_WITHIN_SHARE:.0%} needed)")  # fmt: skip
    return ""


def _statsmodels_table(result, spec: ModelSpec) -> pd.DataFrame:
    terms = list(spec.predictors)
    ci = result.conf_int()
    return pd.DataFrame(
        {
            "term": terms,
            "estimate": result.params[terms].values,
            "std_error": result.bse[terms].values,
            "ci_low": ci.loc[terms, 0].values,
            "ci_high": ci.loc[terms, 1].values,
            "p_value": result.pvalues[terms].values,
        }
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
