"""Spearman correlations between the indices, with inference chosen for the design (see config/analysis_plan.yml).

- One test per unordered pair, Spearman only (the plan's primary method).
- Per year: Fisher-z interval with the Fieller variance 1.06/(n-3); below `permutation_below_n` the p-value comes
  from a seeded permutation test.
- Pooled over years: variables standardised within year (only years with at least `min_year_n` pairs), interval and
  p-value from a seeded province-cluster bootstrap (provinces repeat across years, so they are resampled whole);
  the p-value is the one the percentile interval inverts, so the two always agree.
- Families: the plan's questions within one scope (a year, or pooled) are corrected together (Benjamini-Hochberg);
  other cross-index pairs are exploratory and pairs within one index are descriptive: neither gets an adjusted
  p-value or a verdict.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.models.plan import AnalysisPlan, Question
from analysis.models.variables import index_of, uses_selected_sample

CORRELATION_COLUMNS = ["scope", "years", "x", "y", "method", "r", "ci_low", "ci_high", "ci_method", "p_value",
                       "p_method", "p_adjusted", "family", "family_size", "n", "n_provinces", "selected_sample",
                       "overlap", "degenerate"]  # fmt: skip
DESCRIPTIVE, EXPLORATORY = "descriptive (within one index)", "exploratory (not in the plan)"


def fisher_interval(r: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval for Spearman's rho via Fisher's z with the Fieller et al. (1957) variance 1.06/(n-3)."""
    if n <= 3 or not np.isfinite(r) or abs(r) >= 1:
        return (np.nan, np.nan)
    se = np.sqrt(1.06 / (n - 3))
    z, q = np.arctanh(r), stats.norm.ppf(0.5 + level / 2)
    return float(np.tanh(z - q * se)), float(np.tanh(z + q * se))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(stats.rankdata(x), stats.rankdata(y))[0, 1])


def permutation_p(x: np.ndarray, y: np.ndarray, permutations: int, seed: int) -> float:
    """Two-sided permutation p-value of Spearman's rho (the observed statistic counts as one permutation)."""
    rng = np.random.default_rng(seed)
    rx, ry = stats.rankdata(x), stats.rankdata(y)
    rx, ry = (rx - rx.mean()) / rx.std(), (ry - ry.mean()) / ry.std()
    observed = abs(float(np.mean(rx * ry)))
    shuffled = np.array([rng.permutation(ry) for _ in range(permutations)])
    extreme = int((np.abs(shuffled @ rx / len(rx)) >= observed - 1e-12).sum())
    return (extreme + 1) / (permutations + 1)


def cluster_resamples(estimate: Callable[[np.ndarray], float], clusters: np.ndarray, replicates: int,
                      seed: int) -> np.ndarray:  # fmt: skip
    """`estimate(rows)` on `replicates` seeded resamples of whole clusters; resamples it cannot use give NaN and
    are dropped."""
    rng = np.random.default_rng(seed)
    labels, positions = np.unique(clusters, return_inverse=True)
    members = [np.flatnonzero(positions == k) for k in range(len(labels))]
    draws = np.array([estimate(np.concatenate([members[k] for k in rng.integers(0, len(labels), len(labels))]))
                      for _ in range(replicates)])  # fmt: skip
    return draws[np.isfinite(draws)]


def cluster_bootstrap(x: np.ndarray, y: np.ndarray, clusters: np.ndarray, replicates: int, seed: int,
                      level: float = 0.95) -> tuple[float, float, float]:  # fmt: skip
    """(low, high, p) of Spearman's rho resampling whole clusters; p is twice the smaller tail share beyond 0."""

    def estimate(rows: np.ndarray) -> float:
        varies = np.ptp(x[rows]) > 0 and np.ptp(y[rows]) > 0
        return spearman(x[rows], y[rows]) if varies else np.nan

    values = cluster_resamples(estimate, clusters, replicates, seed)
    low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    p = min(1.0, 2 * min(float(np.mean(values <= 0)), float(np.mean(values >= 0))))
    return float(low), float(high), max(p, 1 / (len(values) + 1))


def within_year_z(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Standardise each variable within its year, so pooled results are not driven by year-to-year shifts."""
    grouped = frame.groupby("year")[columns]
    return (frame[columns] - grouped.transform("mean")) / grouped.transform("std")


def _family(x: str, y: str, scope: str, question: Question | None, plan: AnalysisPlan) -> str:
    if index_of(x) == index_of(y):
        return DESCRIPTIVE
    if question is None:
        return EXPLORATORY
    kind = "pooled" if scope == "pooled" else "year"
    return f"plan:{scope}" if kind in plan.families else EXPLORATORY


def _estimate(data: pd.DataFrame, x: str, y: str, scope: str, family: str, plan: AnalysisPlan) -> dict:
    pair = data[[x, y, "province_code"]].dropna()
    n = len(pair)
    xs, ys = pair[x].to_numpy(float), pair[y].to_numpy(float)
    r = spearman(xs, ys)
    out = {"r": r, "n": n, "n_provinces": pair["province_code"].nunique(), "degenerate": bool(abs(r) > 1 - 1e-9)}
    inferential = family != DESCRIPTIVE
    seed = plan.seed + zlib.crc32(f"{scope}:{x}:{y}".encode()) % 10_000  # reproducible across processes
    if scope == "pooled" and inferential:
        low, high, p = cluster_bootstrap(xs, ys, pair["province_code"].to_numpy(), plan.bootstrap_replicates, seed)
        out |= {
            "ci_low": low,
            "ci_high": high,
            "p_value": p,
            "p_method": "province-cluster bootstrap",
            "ci_method": f"province-cluster bootstrap, percentile, B={plan.bootstrap_replicates}",
        }
        return out
    low, high = fisher_interval(r, n)
    out |= {"ci_low": low, "ci_high": high, "ci_method": "Fisher z, Fieller variance 1.06/(n-3)"}
    if not inferential:
        return out | {"p_value": np.nan, "p_method": ""}
    if n < plan.permutation_below_n:
        p = permutation_p(xs, ys, plan.permutations, seed)
        return out | {"p_value": p, "p_method": f"permutation ({plan.permutations})"}
    return out | {"p_value": float(stats.spearmanr(xs, ys).pvalue), "p_method": "t approximation"}


def correlations(frame: pd.DataFrame, variables: list[str], years: list[int],
                 plan: AnalysisPlan) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """(results, skipped): every pair of `variables` per year and pooled over `years`, one row per pair and scope."""
    frame = frame[frame["year"].isin(years)]
    variables = [v for v in variables if v in frame and frame[v].notna().any()]
    rows, skipped = [], []
    scopes = [(str(year), frame[frame["year"] == year]) for year in years]
    scopes.append(("pooled", frame))
    for (scope, data), (x, y) in itertools.product(scopes, itertools.combinations(variables, 2)):
        pair = data[["year", "province_code", x, y]].dropna()
        if scope == "pooled":
            counts = pair.groupby("year")["province_code"].transform("count")
            pair = pair[counts >= plan.min_year_n]
            pair = pair[["year", "province_code"]].join(within_year_z(pair, [x, y])).dropna()
        if len(pair) < plan.min_n:
            if len(pair):
                skipped.append({"scope": scope, "x": x, "y": y, "n": len(pair),
                                "reason": f"n={len(pair)} below min_n={plan.min_n}"})  # fmt: skip
            continue
        question = plan.question(x, y)
        family = _family(x, y, scope, question, plan)
        rows.append({"scope": scope, "years": _span(pair), "x": x, "y": y, "method": "spearman", "family": family,
                     "selected_sample": uses_selected_sample(x, y), "overlap": question.overlap if question else "",
                     **_estimate(pair, x, y, scope, family, plan)})  # fmt: skip
    results = pd.DataFrame(rows).reindex(columns=CORRELATION_COLUMNS)
    results["p_adjusted"], results["family_size"] = np.nan, np.nan
    for _, members in results[results["family"].str.startswith("plan:")].groupby("family"):
        results.loc[members.index, "p_adjusted"] = adjust(members["p_value"]).to_numpy()
        results.loc[members.index, "family_size"] = len(members)
    return results, pd.DataFrame(skipped, columns=["scope", "x", "y", "n", "reason"])


def adjust(p_values: pd.Series) -> pd.Series:
    """Benjamini-Hochberg false discovery rate over one family of tests."""
    out = pd.Series(np.nan, index=p_values.index)
    valid = p_values.notna()
    if valid.any():
        out[valid] = multipletests(p_values[valid], method="fdr_bh")[1]
    return out


def _span(data: pd.DataFrame) -> str:
    present = sorted(data["year"].unique())
    return f"{present[0]}-{present[-1]}" if len(present) > 1 else str(present[0])
