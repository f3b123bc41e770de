"""Pearson and Spearman correlations with n, Fisher-z 95% intervals and Benjamini-Hochberg adjusted p-values."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.models.variables import uses_selected_sample

CORRELATION_COLUMNS = [
    "scope",
    "years",
    "x",
    "y",
    "method",
    "r",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "n",
    "selected_sample",
]


def fisher_interval(r: float, n: int, method: str, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval via Fisher's z; Spearman uses the Fieller et al. (1957) variance 1.06/(n-3)."""
    if n <= 3 or not np.isfinite(r) or abs(r) >= 1:
        return (np.nan, np.nan)
    se = np.sqrt((1.06 if method == "spearman" else 1.0) / (n - 3))
    z, q = np.arctanh(r), stats.norm.ppf(0.5 + level / 2)
    return float(np.tanh(z - q * se)), float(np.tanh(z + q * se))


def correlate(x: pd.Series, y: pd.Series, method: str) -> dict:
    pair = pd.concat([x, y], axis=1).dropna()
    n = len(pair)
    test = stats.pearsonr if method == "pearson" else stats.spearmanr
    r, p = test(pair.iloc[:, 0], pair.iloc[:, 1])
    low, high = fisher_interval(float(r), n, method)
    return {"r": float(r), "p_value": float(p), "ci_low": low, "ci_high": high, "n": n}


def within_year_z(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Standardise each variable within its year, so pooled results are not driven by year-to-year shifts."""
    grouped = frame.groupby("year")[columns]
    return (frame[columns] - grouped.transform("mean")) / grouped.transform("std")


def correlations(
    frame: pd.DataFrame, variables: list[str], years: list[int], min_n: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(results, skipped) for every pair of `variables`, per year and pooled over `years`."""
    frame = frame[frame["year"].isin(years)]
    variables = [v for v in variables if v in frame and frame[v].notna().any()]
    rows, skipped = [], []
    pooled = within_year_z(frame, variables).assign(year=frame["year"])
    scopes = [(str(y), [y], frame[frame["year"] == y]) for y in years] + [("pooled", years, pooled)]
    for scope, scope_years, data in scopes:
        for x, y in itertools.combinations(variables, 2):
            n = int(data[[x, y]].dropna().shape[0])
            if n < min_n:
                if n > 0:
                    skipped.append({"scope": scope, "x": x, "y": y, "n": n, "reason": f"n={n} below min_n={min_n}"})
                continue
            for method in ("pearson", "spearman"):
                result = correlate(data[x], data[y], method)
                rows.append(
                    {
                        "scope": scope,
                        "years": _span(scope_years, data, x, y),
                        "x": x,
                        "y": y,
                        "method": method,
                        **result,
                        "selected_sample": uses_selected_sample(x, y),
                    }
                )
    results = pd.DataFrame(rows, columns=[c for c in CORRELATION_COLUMNS if c != "p_adjusted"])
    results["p_adjusted"] = adjust(results["p_value"])
    return results[CORRELATION_COLUMNS], pd.DataFrame(skipped, columns=["scope", "x", "y", "n", "reason"])


def adjust(p_values: pd.Series) -> pd.Series:
    """Benjamini-Hochberg false discovery rate over the whole family of tests reported together."""
    if p_values.empty:
        return p_values.astype(float)
    valid = p_values.notna()
    out = pd.Series(np.nan, index=p_values.index)
    out[valid] = multipletests(p_values[valid], method="fdr_bh")[1]
    return out


def _span(years: list[int], data: pd.DataFrame, x: str, y: str) -> str:
    present = sorted(data.loc[data[[x, y]].notna().all(axis=1), "year"].unique())
    return f"{present[0]}-{present[-1]}" if len(present) > 1 else str(present[0]) if present else ""
