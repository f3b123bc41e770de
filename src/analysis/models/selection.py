"""How far the reported PAR INDEX / SIPAS rows are a sample of extremes, and how the three indices agree."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.core.settings import AnalysisPlan
from analysis.data.store import total_rows
from analysis.models.associations import (
    cluster_resamples,
    enough_per_year,
    fisher_interval,
    spearman,
    within_year_z,
)

THIRDS = {"top (1-21)": (1, 21), "middle (22-42)": (22, 42), "bottom (43-63)": (43, 63)}
MIDDLE_RANKS = (11, 53)  # ranks outside this are the top 10 and bottom 10 the press reports most


def rank_coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """Per index and year: how many ranks are present, and how they split into thirds of 1-63."""
    totals = total_rows(panel, ("par_index", "sipas"))
    totals = totals[totals["rank"].notna()]
    rows = []
    for (index, year), group in totals.groupby(["index", "year"]):
        row = {"index": index, "year": year, "n_ranks": len(group)}
        for name, (low, high) in THIRDS.items():
            row[name] = int(group["rank"].between(low, high).sum())
        row["share_in_top_or_bottom_10"] = float((~group["rank"].between(*MIDDLE_RANKS)).mean())
        rows.append(row)
    out = pd.DataFrame(rows)
    out["share_expected_if_random"] = 20 / 63
    return out


# The press reports the top three far more often than the rest of the top ten, and the top and bottom ten more than
# the middle: each band is reweighted on its own.
RANK_BANDS = ((1, 3), (4, 10), (11, 21), (22, 32), (33, 42), (43, 53), (54, 63))


def inclusion_weights(ranks: pd.Series, years: pd.Series, n_provinces: int = 63) -> pd.Series:
    """Inverse-probability weights for rows chosen by the press: within each year, a rank band's inclusion
    probability is the share of its ranks that made it into the sample (the population's ranks are 1..n, one
    province each), and each row weighs 1 / that probability. Rows without a rank get no weight (NaN)."""
    weights = pd.Series(np.nan, index=ranks.index)
    for low, high in RANK_BANDS:
        top = min(high, n_provinces)
        in_band = ranks.between(low, top)
        counts = in_band.groupby(years).transform("sum")
        weights[in_band] = (top - low + 1) / counts[in_band]
    return weights


def empty_bands(ranks: pd.Series, years: pd.Series, n_provinces: int = 63) -> pd.Series:
    """Per year, the rank bands with no reported row ('22-32; 33-42'), '' when every band has one. Weights cannot
    stand in for a band nobody reported, so such a year cannot be reweighted."""
    out = {}
    for year, year_ranks in ranks.groupby(years):
        empty = [
            f"{low}-{min(high, n_provinces)}" for low, high in RANK_BANDS if not year_ranks.between(low, high).any()
        ]
        out[year] = "; ".join(empty)
    return pd.Series(out, dtype=object)


def weighted_ranks(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Mid-ranks on the weighted empirical distribution (the population ranks the weighted sample stands for)."""
    order = np.argsort(values, kind="mergesort")
    cumulative = np.cumsum(weights[order])
    ranks = np.empty_like(cumulative)
    ranks[order] = cumulative - weights[order] / 2
    _, tie_group, tie_size = np.unique(values, return_inverse=True, return_counts=True)
    return (np.bincount(tie_group, weights=ranks) / tie_size)[tie_group]  # ties share the mean rank


def weighted_spearman(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> float:
    rx, ry = weighted_ranks(x, weights), weighted_ranks(y, weights)
    covariance = np.cov(np.vstack([rx, ry]), aweights=weights)
    return float(covariance[0, 1] / np.sqrt(covariance[0, 0] * covariance[1, 1]))


def bootstrap_interval(
    estimate: Callable[[np.ndarray], float], clusters: np.ndarray, plan: AnalysisPlan, level: float = 0.95
) -> tuple[float, float]:
    """Percentile interval of `estimate(rows)` over resamples of whole clusters (seeded)."""
    draws = cluster_resamples(estimate, clusters, plan.bootstrap_replicates, plan.seed)
    low, high = np.quantile(draws, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


SELECTION_COLUMNS = [
    "x",
    "y",
    "estimator",
    "r",
    "ci_low",
    "ci_high",
    "n",
    "n_provinces",
    "years",
    "years_left_out",
    "ci_method",
]


def selection_weighted(frame: pd.DataFrame, pairs: list[tuple[str, str, str]], plan: AnalysisPlan) -> pd.DataFrame:
    """Pooled Spearman rho on the rows with a reported rank, unweighted and inverse-probability weighted by rank
    band and year, side by side: a sensitivity analysis of the press's selection, not a correction.

    `pairs` are (x, y, rank column of the selected index). Rows without a rank cannot be weighted, so both
    estimates use only ranked rows (fewer than the planned estimate). The weighted estimate also leaves out every
    year with a rank band nobody reported (`years_left_out` names them and the empty bands). Variables are
    standardised within year first (years with at least `min_year_n` pairs); intervals come from the
    province-cluster bootstrap with the weights kept; an estimate with fewer than `min_n` rows is not made."""
    rows = []
    for x, y, rank_column in pairs:
        data = frame[["year", "province_code", x, y, rank_column]].dropna()
        data = enough_per_year(data, plan.min_year_n)
        gaps = empty_bands(data[rank_column], data["year"])
        reweightable = data[data["year"].map(gaps).eq("")]
        left_out = "; ".join(f"{year}: {bands}" for year, bands in gaps.items() if bands)
        for name, sample in (("unweighted", data), ("inverse-probability weighted", reweightable)):
            base = {"x": x, "y": y, "estimator": name, "n": len(sample), "years": _years(sample)}
            base["years_left_out"] = left_out if name != "unweighted" else ""
            if len(sample) < plan.min_n:
                rows.append(base | {"n_provinces": sample["province_code"].nunique(), "r": np.nan})
                continue
            z = within_year_z(sample, [x, y])
            xs, ys, clusters = z[x].to_numpy(), z[y].to_numpy(), sample["province_code"].to_numpy()
            weights = inclusion_weights(sample[rank_column], sample["year"]).to_numpy()
            estimate = _estimators(xs, ys, weights)[name]
            low, high = bootstrap_interval(estimate, clusters, plan)
            rows.append(
                base
                | {
                    "r": estimate(np.arange(len(xs))),
                    "ci_low": low,
                    "ci_high": high,
                    "n_provinces": len(set(clusters)),
                    "ci_method": f"province-cluster bootstrap, percentile, B={plan.bootstrap_replicates}",
                }
            )
    return pd.DataFrame(rows).reindex(columns=SELECTION_COLUMNS)


def _estimators(xs: np.ndarray, ys: np.ndarray, weights: np.ndarray) -> dict[str, Callable[[np.ndarray], float]]:
    """The two estimators compared, as functions of the rows drawn (so the bootstrap can redraw them)."""
    return {
        "unweighted": lambda rows: spearman(xs[rows], ys[rows]),
        "inverse-probability weighted": lambda rows: weighted_spearman(xs[rows], ys[rows], weights[rows]),
    }


def _years(sample: pd.DataFrame) -> str:
    return ", ".join(str(year) for year in sorted(sample["year"].unique()))


def selection_checks(correlations: pd.DataFrame, weighted: pd.DataFrame) -> pd.DataFrame:
    """The planned pooled correlations with the selection-weighted estimate of the same pair beside them
    (weighted_r, weighted_low, weighted_high, weighted_n) and `selection_check`: 'supports' when the weighted
    interval excludes zero on the same side as the estimate, 'does_not_support' when it does not, 'not_estimable'
    when too few rows can be reweighted, '' for rows without a check."""
    out = correlations.copy()
    for column in ("weighted_r", "weighted_low", "weighted_high", "weighted_n"):
        out[column] = np.nan
    out["selection_check"] = ""
    estimates = weighted[weighted["estimator"] == "inverse-probability weighted"].to_dict("records")
    by_pair = {frozenset((str(row["x"]), str(row["y"]))): row for row in estimates}
    for index, scope, x, y, r in zip(out.index, out["scope"], out["x"], out["y"], out["r"], strict=True):
        found = by_pair.get(frozenset((str(x), str(y))))
        if scope != "pooled" or found is None:
            continue
        estimate, low, high = float(found["r"]), float(found["ci_low"]), float(found["ci_high"])
        for column, value in zip(("weighted_r", "weighted_low", "weighted_high"), (estimate, low, high), strict=True):
            out.at[index, column] = value
        out.at[index, "weighted_n"] = found["n"]
        if not np.isfinite(estimate):
            out.at[index, "selection_check"] = "not_estimable"
        elif (low > 0 and float(r) > 0) or (high < 0 and float(r) < 0):
            out.at[index, "selection_check"] = "supports"
        else:
            out.at[index, "selection_check"] = "does_not_support"
    return out


def rank_agreement(frame: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Spearman rho between the provinces' ranks on two indices, by year, where at least `min_n` have both: a
    robustness view of the plan's questions (it adds provinces reported with a rank but no score), never a verdict
    and never shown beside the planned estimate as a second answer."""
    rows = []
    for a, b in (
        ("papi_total_rank", "par_index_total_rank"),
        ("papi_total_rank", "sipas_total_rank"),
        ("par_index_total_rank", "sipas_total_rank"),
    ):
        for year, group in frame.groupby("year"):
            data = group[[a, b]].dropna()
            if len(data) < min_n:
                continue
            rho = spearman(data[a].to_numpy(), data[b].to_numpy())
            low, high = fisher_interval(rho, len(data))
            rows.append(
                {
                    "year": year,
                    "a": a.removesuffix("_total_rank"),
                    "b": b.removesuffix("_total_rank"),
                    "r": rho,
                    "ci_low": low,
                    "ci_high": high,
                    "n": len(data),
                }
            )
    return pd.DataFrame(rows, columns=["year", "a", "b", "r", "ci_low", "ci_high", "n"])


def divergences(frame: pd.DataFrame, panel: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Province-years whose relative position (0 = first, 1 = last) differs by >= threshold between indices."""
    n_ranked = total_rows(panel).pivot_table(
        index=["year", "province_code"], columns="index", values="n_ranked", aggfunc="first"
    )
    data = frame.set_index(["year", "province_code"]).join(n_ranked)
    rows = []
    for index in ("par_index", "sipas"):
        position = {i: (data[f"{i}_total_rank"] - 1) / (data[i] - 1) for i in ("papi", index)}
        gap = position[index] - position["papi"]
        chosen = gap[gap.abs() >= threshold].dropna()
        years, codes = chosen.index.get_level_values("year"), chosen.index.get_level_values("province_code")
        for year, code, value in zip(years, codes, chosen, strict=True):
            row = data.loc[(year, code)]
            rows.append(
                {
                    "year": year,
                    "province_code": code,
                    "province_name": row["province_name"],
                    "other_index": index,
                    "papi_score": row["papi_total"],
                    "papi_rank": row["papi_total_rank"],
                    "papi_n_ranked": row["papi"],
                    "other_score": row[f"{index}_total"],
                    "other_rank": row[f"{index}_total_rank"],
                    "other_n_ranked": row[index],
                    "position_gap": value,
                }
            )
    return pd.DataFrame(rows).sort_values(
        ["year", "position_gap"], key=lambda s: s.abs() if s.name == "position_gap" else s
    )
