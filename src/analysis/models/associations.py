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
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.core.settings import AnalysisPlan, Question
from analysis.data.methodology import breaks_within
from analysis.models.outputs import DESCRIPTIVE, EXPLORATORY, ROBUSTNESS
from analysis.models.variables import index_of, uses_selected_sample
from analysis.models.verdicts import verdict

CORRELATION_COLUMNS = [
    "scope",
    "split",
    "years",
    "x",
    "y",
    "method",
    "r",
    "ci_low",
    "ci_high",
    "ci_method",
    "p_value",
    "p_method",
    "p_adjusted",
    "family",
    "family_size",
    "n",
    "n_provinces",
    "selected_sample",
    "overlap",
    "overlap_r",
    "degenerate",
    "breaks",
    "mde80",
    "loo_low",
    "loo_high",
    "loo_flip",
    "verdict",
]


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


def cluster_resamples(
    estimate: Callable[[np.ndarray], float], clusters: np.ndarray, replicates: int, seed: int
) -> np.ndarray:
    """`estimate(rows)` on `replicates` seeded resamples of whole clusters; resamples it cannot use give NaN and
    are dropped."""
    rng = np.random.default_rng(seed)
    labels, positions = np.unique(clusters, return_inverse=True)
    members = [np.flatnonzero(positions == k) for k in range(len(labels))]
    draws = np.array(
        [
            estimate(np.concatenate([members[k] for k in rng.integers(0, len(labels), len(labels))]))
            for _ in range(replicates)
        ]
    )
    return draws[np.isfinite(draws)]


def resampled_spearman(x: np.ndarray, y: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Spearman's rho of each resample, given as a replicates × n matrix of how often each row was drawn.

    A resample that repeats row i c_i times has mid-ranks equal to the weighted mid-ranks with weights c, and its
    Pearson correlation of ranks equals the c-weighted one, so all replicates are computed at once without
    building them. Replicates in which x or y does not vary give NaN."""

    def midranks(values: np.ndarray) -> np.ndarray:
        _, group = np.unique(values, return_inverse=True)
        onehot = np.zeros((len(values), group.max() + 1))
        onehot[np.arange(len(values)), group] = 1.0
        group_weight = counts @ onehot  # replicates × distinct values
        below = np.cumsum(group_weight, axis=1) - group_weight
        return (below + (group_weight + 1) / 2)[:, group]

    rx, ry = midranks(x), midranks(y)
    total = counts.sum(axis=1, keepdims=True)
    dx = rx - (counts * rx).sum(axis=1, keepdims=True) / total
    dy = ry - (counts * ry).sum(axis=1, keepdims=True) / total
    sxy, sxx, syy = ((counts * dx * dy).sum(1), (counts * dx * dx).sum(1), (counts * dy * dy).sum(1))
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = sxy / np.sqrt(sxx * syy)
    return np.where((sxx > 1e-12) & (syy > 1e-12), rho, np.nan)


def cluster_bootstrap(
    x: np.ndarray, y: np.ndarray, clusters: np.ndarray, replicates: int, seed: int, level: float = 0.95
) -> tuple[float, float, float, float]:
    """(low, high, p, se_z) of Spearman's rho resampling whole clusters; p is twice the smaller tail share beyond
    0; se_z is the bootstrap standard error on Fisher's z scale (for power and leave-one-out checks)."""
    rng = np.random.default_rng(seed)
    _, cluster = np.unique(clusters, return_inverse=True)
    g = cluster.max() + 1
    drawn = np.stack([np.bincount(rng.integers(0, g, g), minlength=g) for _ in range(replicates)])
    draws = resampled_spearman(x, y, drawn[:, cluster].astype(float))
    values = draws[np.isfinite(draws)]
    low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    p = min(1.0, 2 * min(float(np.mean(values <= 0)), float(np.mean(values >= 0))))
    se_z = float(np.std(np.arctanh(np.clip(values, -0.999999, 0.999999)), ddof=1))
    return float(low), float(high), max(p, 1 / (len(values) + 1)), se_z


def enough_per_year(rows: pd.DataFrame, min_count: int) -> pd.DataFrame:
    """The rows of the years with at least `min_count` provinces (a pooled estimate standardises within year, and no
    z-score should rest on two or three provinces)."""
    return rows[rows.groupby("year")["province_code"].transform("count") >= min_count]


def within_year_z(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Standardise each variable within its year, so pooled results are not driven by year-to-year shifts."""
    grouped = frame.groupby("year")[columns]
    return (frame[columns] - grouped.transform("mean")) / grouped.transform("std")


def _family(x: str, y: str, scope: str, question: Question | None, plan: AnalysisPlan) -> str:
    if index_of(x) == index_of(y):
        return DESCRIPTIVE
    if question is None:
        return EXPLORATORY
    if scope == "split":
        return ROBUSTNESS
    kind = "pooled" if scope == "pooled" else "year"
    return f"plan:{scope}" if kind in plan.families else EXPLORATORY


def _estimate(data: pd.DataFrame, x: str, y: str, scope: str, family: str, plan: AnalysisPlan) -> dict[str, Any]:
    pair = data[[x, y, "province_code"]].dropna()
    n = len(pair)
    xs, ys = pair[x].to_numpy(float), pair[y].to_numpy(float)
    r = spearman(xs, ys)
    out: dict[str, Any] = {
        "r": r,
        "n": n,
        "n_provinces": pair["province_code"].nunique(),
        "degenerate": bool(abs(r) > 1 - 1e-9),
    }
    inferential = family != DESCRIPTIVE
    power_z = stats.norm.ppf(1 - plan.alpha / 2) + stats.norm.ppf(plan.power)
    seed = plan.seed_for(f"{scope}:{x}:{y}:{_span(data)}")
    if scope != "year" and inferential:
        provinces = pair["province_code"].to_numpy()
        low, high, p, se_z = cluster_bootstrap(xs, ys, provinces, plan.bootstrap_replicates, seed)
        out |= {
            "ci_low": low,
            "ci_high": high,
            "p_value": p,
            "p_method": "province-cluster bootstrap",
            "ci_method": f"province-cluster bootstrap, percentile, B={plan.bootstrap_replicates}",
            "mde80": float(np.tanh(power_z * se_z)),
        }
        if family.startswith("plan:"):
            out |= leave_one_province_out(xs, ys, provinces, lambda rho, _n: _shifted(low, high, r, rho))
        return out
    low, high = fisher_interval(r, n, 1 - plan.alpha)
    out |= {"ci_low": low, "ci_high": high, "ci_method": "Fisher z, Fieller variance 1.06/(n-3)"}
    if not inferential:
        return out | {"p_value": np.nan, "p_method": ""}
    out["mde80"] = float(np.tanh(power_z * np.sqrt(1.06 / (n - 3))))
    if family.startswith("plan:"):
        out |= leave_one_province_out(
            xs, ys, pair["province_code"].to_numpy(), lambda rho, m: fisher_interval(rho, m, 1 - plan.alpha)
        )
    if n < plan.permutation_below_n:
        p = permutation_p(xs, ys, plan.permutations, seed)
        return out | {"p_value": p, "p_method": f"permutation ({plan.permutations})"}
    return out | {"p_value": float(stats.spearmanr(xs, ys).pvalue), "p_method": "t approximation"}


def _shifted(low: float, high: float, r: float, rho: float) -> tuple[float, float]:
    """The reported interval moved, on Fisher's z scale, from the full-sample estimate r to rho."""
    if abs(rho) >= 1:
        return (np.nan, np.nan)
    shift = np.arctanh(rho) - np.arctanh(r)
    return float(np.tanh(np.arctanh(low) + shift)), float(np.tanh(np.arctanh(high) + shift))


def leave_one_province_out(
    x: np.ndarray, y: np.ndarray, provinces: np.ndarray, interval: Callable[[float, int], tuple[float, float]]
) -> dict:
    """The range of rho with each province's rows left out, and the provinces whose removal changes whether
    `interval(rho, n)` excludes zero. The same rule applies to the full sample and to each reduced one: Fisher's
    interval for one year; for pooled rows the bootstrap interval re-centred on the reduced estimate (a bootstrap
    per province would cost 60 bootstraps per result and change little)."""

    def excludes_zero(rho: float, n: int) -> bool:
        low, high = interval(rho, n)
        return bool(low > 0 or high < 0)

    full = excludes_zero(spearman(x, y), len(x))
    values, flips = [], []
    for province in np.unique(provinces):
        keep = provinces != province
        if keep.sum() < 4 or np.ptp(x[keep]) == 0 or np.ptp(y[keep]) == 0:
            continue
        rho = spearman(x[keep], y[keep])
        values.append(rho)
        if excludes_zero(rho, int(keep.sum())) != full:
            flips.append(str(province))
    return {
        "loo_low": min(values, default=np.nan),
        "loo_high": max(values, default=np.nan),
        "loo_flip": ";".join(flips),
    }


def correlations(
    frame: pd.DataFrame,
    variables: list[str],
    years: list[int],
    plan: AnalysisPlan,
    versions: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(results, skipped): every pair of `variables` per year and pooled over `years`, one row per pair and scope;
    each planned pooled question is repeated on both sides of the plan's methodology breaks (scope 'split'), and
    pooled rows name the breaks they span (`versions` from analysis.data.methodology)."""
    frame = frame[frame["year"].isin(years)]
    variables = [v for v in variables if v in frame and frame[v].notna().any()]
    rows, skipped = [], []
    scopes = [(str(year), "", frame[frame["year"] == year]) for year in years]
    scopes.append(("pooled", "", frame))
    for x, y in itertools.combinations(variables, 2):
        question = plan.question(x, y)
        scopes_xy = scopes + _split_scopes(frame, x, y, plan) if question else scopes
        for scope, split, data in scopes_xy:
            pair = data[["year", "province_code", x, y]].dropna()
            overlap_r = overlap_correlation(pair, question) if question and question.part_points else np.nan
            if not scope.isdigit():
                pair = enough_per_year(pair, plan.min_year_n)
                pair = pair[["year", "province_code"]].join(within_year_z(pair, [x, y])).dropna()
            if len(pair) < plan.min_n:
                if len(pair):
                    skipped.append(
                        {
                            "scope": scope,
                            "split": split,
                            "x": x,
                            "y": y,
                            "n": len(pair),
                            "reason": f"n={len(pair)} below min_n={plan.min_n}",
                        }
                    )
                continue
            family = _family(x, y, scope, question, plan)
            years_used = sorted(pair["year"].unique())
            breaks = _breaks(versions, x, y, years_used) if not scope.isdigit() else ""
            rows.append(
                {
                    "scope": scope,
                    "split": split,
                    "years": _span(pair),
                    "x": x,
                    "y": y,
                    "method": "spearman",
                    "family": family,
                    "selected_sample": uses_selected_sample(x, y),
                    "overlap": question.overlap if question else "",
                    "overlap_r": overlap_r,
                    "breaks": breaks,
                    **_estimate(pair, x, y, "year" if scope.isdigit() else scope, family, plan),
                }
            )
    results = pd.DataFrame(rows).reindex(columns=CORRELATION_COLUMNS)
    results["p_adjusted"], results["family_size"] = np.nan, np.nan
    for _, members in results[results["family"].str.startswith("plan:")].groupby("family"):
        results.loc[members.index, "p_adjusted"] = adjust(members["p_value"]).to_numpy()
        results.loc[members.index, "family_size"] = len(members)
    planned = results["family"].str.startswith("plan:")
    results["verdict"] = [
        verdict(p, low, high, plan.alpha, bool(degenerate)) if is_planned else ""
        for p, low, high, degenerate, is_planned in zip(
            results["p_adjusted"], results["ci_low"], results["ci_high"], results["degenerate"], planned, strict=True
        )
    ]
    return results, pd.DataFrame(skipped, columns=["scope", "split", "x", "y", "n", "reason"])


def overlap_correlation(pair: pd.DataFrame, question: Question) -> float:
    """The correlation the overlap alone would produce when the question's x is a part of y: with y = x's points +
    the rest, independent of x, corr(x, y) = SD(x's points) / SD(y), x's points being part_points / 100 of its
    0-100 score. Per year on the raw scores, then averaged with the years' sizes as weights (pooled scopes
    standardise within year)."""
    points = float(question.part_points or 0) / 100
    shares, sizes = [], []
    for _, rows in pair.groupby("year"):
        spread = rows[question.y].std()
        if len(rows) >= 3 and spread > 0:
            shares.append(min(1.0, points * rows[question.x].std() / spread))
            sizes.append(len(rows))
    return float(np.average(shares, weights=sizes)) if shares else np.nan


def _split_scopes(frame: pd.DataFrame, x: str, y: str, plan: AnalysisPlan) -> list[tuple[str, str, pd.DataFrame]]:
    """('split', 'papi<2018' / 'papi>=2018', rows) for each declared break of x's or y's index inside the years a
    pooled estimate can use (a break with all those years on one side splits nothing)."""
    both = frame.loc[frame[[x, y]].notna().all(axis=1), "year"]
    counts = both.value_counts()
    present = both[both.map(counts) >= plan.min_year_n]  # the years a pooled estimate can use
    out = []
    for index in dict.fromkeys((index_of(x), index_of(y))):
        year = plan.split_at.get(index)
        if year is None or present.empty or not present.min() < year <= present.max():
            continue
        out.append(("split", f"{index}<{year}", frame[frame["year"] < year]))
        out.append(("split", f"{index}>={year}", frame[frame["year"] >= year]))
    return out


def _breaks(versions: pd.DataFrame | None, x: str, y: str, years: list[int]) -> str:
    """'papi 2018; par_index 2017, 2022': methodology changes inside `years` for x's and y's indices."""
    if versions is None:
        return ""
    parts = []
    for index in dict.fromkeys((index_of(x), index_of(y))):
        found = breaks_within(versions, index, years)
        if found:
            parts.append(f"{index} {', '.join(map(str, found))}")
    return "; ".join(parts)


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
