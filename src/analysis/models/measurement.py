"""How much PAPI's survey error moves the regressions that put PAPI on the right-hand side: a robustness row beside
them, no verdict of its own.

PAPI scores are survey estimates with published standard errors (the totals in 2019, 2022 and 2023; the dimensions
in 2019). Noise in a right-hand variable biases least squares: a noisy predictor's coefficient shrinks towards zero,
and a noisy control (the lagged model's PAPI in year t) leaves part of what it should hold fixed to the other terms.
The correction is the method-of-moments errors-in-variables estimator (Fuller 1987, ch. 2):
beta = (X'X - sum_i S_i)^-1 X'y, where S_i holds row i's error variance for each noisy column on the diagonal. It is
estimated only on the years whose errors are published (no error is invented for the others), beside the ordinary
estimate on the same rows, with a province-cluster bootstrap interval. Variables are z-scores within year, as in
analysis.models.regressions, so a noisy column's error variance is SE^2 / (that year's SD)^2 and year effects are
already removed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.settings import AnalysisPlan
from analysis.data.precision import standard_errors
from analysis.models.associations import enough_per_year, within_year_z
from analysis.models.regressions import CURRENT, ModelSpec, complete_rows
from analysis.models.variables import index_of

MEASUREMENT_COLUMNS = [
    "model",
    "kind",
    "outcome",
    "term",
    "noisy",
    "years",
    "n",
    "n_provinces",
    "reliability",
    "ordinary",
    "corrected",
    "ci_low",
    "ci_high",
    "ci_method",
    "reason",
]


def papi_errors(indicators: pd.DataFrame) -> pd.DataFrame:
    """year, province_code, variable (papi_total, papi_D1..), se: every published PAPI standard error."""
    rows = indicators[indicators["level"].isin(["total", "dimension"])]
    rows = rows[rows["indicator_code"].isin(["total", *[f"D{k}" for k in range(1, 9)]])]
    se = standard_errors(rows)
    out = pd.DataFrame(
        {
            "year": rows["year"],
            "province_code": rows["province_code"],
            "variable": "papi_" + rows["indicator_code"],
            "se": se,
        }
    )
    return out.dropna(subset=["se"]).query("se > 0").reset_index(drop=True)


def noisy_columns(spec: ModelSpec) -> list[str]:
    """The spec's right-hand columns that are PAPI survey estimates (a predictor, or the lagged model's control)."""
    return [column for column in spec.right_hand if index_of(column.removesuffix(CURRENT)) == "papi"]


def corrected_ols(y: np.ndarray, x: np.ndarray, error_variance: np.ndarray) -> np.ndarray:
    """Method-of-moments errors-in-variables coefficients: (X'X - sum of rows' error variances)^-1 X'y."""
    return np.linalg.solve(x.T @ x - np.diag(error_variance.sum(axis=0)), x.T @ y)


def measurement_sample(spec: ModelSpec, frame: pd.DataFrame, errors: pd.DataFrame, min_year_n: int):
    """(z-scored rows, error variances in z units per noisy column) on the years where every noisy column has a
    published error for the row, or (empty, None)."""
    data, columns = complete_rows(spec, frame)
    noisy = noisy_columns(spec)
    for column in noisy:
        own = errors[errors["variable"] == column.removesuffix(CURRENT)][["year", "province_code", "se"]]
        data = data.merge(own.rename(columns={"se": f"se:{column}"}), on=["year", "province_code"])
    data = enough_per_year(data, max(min_year_n, 2))
    if data.empty:
        return data, None
    spread = data.groupby("year")[noisy].transform("std")
    variance = np.column_stack(
        [(data[f"se:{c}"] / spread[c]) ** 2 if c in noisy else np.zeros(len(data)) for c in columns[1:]]
    )
    z = data[["province_code", "year"]].join(within_year_z(data, columns))
    return z, variance


def measurement_row(
    spec: ModelSpec, frame: pd.DataFrame, errors: pd.DataFrame, plan: AnalysisPlan
) -> list[dict[str, object]]:
    """One row per term of `spec`: ordinary and corrected estimates on the years with published errors, or the
    reason there are none."""
    base = {"model": spec.name, "kind": spec.kind, "outcome": spec.outcome, "noisy": "+".join(noisy_columns(spec))}
    data, variance = measurement_sample(spec, frame, errors, plan.min_year_n)
    right = spec.right_hand
    needed = max(plan.min_n, len(right) + 10)
    if variance is None or len(data) < needed:
        reason = f"n={len(data)} with published PAPI errors < {needed}"
        return [base | {"term": term, "n": len(data), "reason": reason} for term in spec.predictors]
    y, x = data[spec.outcome].to_numpy(), data[right].to_numpy()
    provinces = data["province_code"].to_numpy()
    ordinary = np.linalg.lstsq(x, y, rcond=None)[0]
    corrected = corrected_ols(y, x, variance)
    draws = _cluster_draws(y, x, variance, provinces, plan.bootstrap_replicates, plan.seed_for(f"eiv:{spec.name}"))
    low, high = np.nanquantile(draws, [plan.alpha / 2, 1 - plan.alpha / 2], axis=0)
    noisy = noisy_columns(spec)
    reliability = 1 - float(np.mean(variance[:, right.index(noisy[0])])) if noisy else np.nan
    years = sorted(data["year"].unique())
    return [
        base
        | {
            "term": term,
            "years": ", ".join(str(year) for year in years),
            "n": len(data),
            "n_provinces": len(set(provinces)),
            "reliability": reliability,
            "ordinary": ordinary[k],
            "corrected": corrected[k],
            "ci_low": low[k],
            "ci_high": high[k],
            "ci_method": f"province-cluster bootstrap, percentile, B={plan.bootstrap_replicates}",
            "reason": "",
        }
        for k, term in enumerate(spec.predictors)
    ]


def _cluster_draws(y, x, variance, provinces, replicates: int, seed: int) -> np.ndarray:
    """The corrected coefficients over seeded resamples of whole provinces (NaN where a resample is singular)."""
    rng = np.random.default_rng(seed)
    labels, cluster = np.unique(provinces, return_inverse=True)
    members = [np.flatnonzero(cluster == k) for k in range(len(labels))]
    out = np.full((replicates, x.shape[1]), np.nan)
    for draw in range(replicates):
        rows = np.concatenate([members[k] for k in rng.integers(0, len(labels), len(labels))])
        try:
            out[draw] = corrected_ols(y[rows], x[rows], variance[rows])
        except np.linalg.LinAlgError:
            continue
    return out


def measurement_error(
    specs: list[ModelSpec], frame: pd.DataFrame, indicators: pd.DataFrame, plan: AnalysisPlan
) -> pd.DataFrame:
    """A robustness row for every fitted spec with PAPI on the right-hand side (MEASUREMENT_COLUMNS)."""
    errors = (
        papi_errors(indicators)
        if len(indicators)
        else pd.DataFrame(columns=["year", "province_code", "variable", "se"])
    )
    rows = [row for spec in specs if noisy_columns(spec) for row in measurement_row(spec, frame, errors, plan)]
    return pd.DataFrame(rows).reindex(columns=MEASUREMENT_COLUMNS)
