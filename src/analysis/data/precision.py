"""How precise a PAPI score, rank and rank change are, from the survey's published standard errors.

PAPI is a sample survey. Where the official files publish a standard error for the unweighted total (2019, 2022,
2023 today), each province's score is drawn from a normal distribution with that mean and error, independently of
the other provinces (the provincial samples are drawn separately; any shared design effect is ignored), and the
province ranked in every draw. The plausible rank range is the 2.5th-97.5th percentile of its ranks. Two provinces
cannot be told apart at 95% when their difference is within 1.96 times the standard error of the difference.
Years without published errors get no range: an error is never invented.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from analysis.data.store import read_processed_table


def standard_errors(sheet_rows: pd.DataFrame) -> pd.Series:
    """Each row's published standard error: its own, or the square root of its published variance (the 2019 sheet
    gives the dimensions' variances)."""
    return sheet_rows["std_error"].fillna(np.sqrt(sheet_rows["variance"]))


RANGE_COLUMNS = [
    "year",
    "province_code",
    "score",
    "std_error",
    "rank",
    "rank_low",
    "rank_high",
    "n_ranked",
    "n_indistinguishable",
    "draws",
    "method",
]
METHOD = (
    "rank among every province with a score; {draws} seeded draws, each province normal with its own "
    "published error, independent; 2.5th-97.5th percentile"
)


def years_with_errors(indicators: pd.DataFrame) -> list[int]:
    totals = indicators[(indicators["indicator_code"] == "total") & indicators["std_error"].notna()]
    return sorted(int(y) for y in totals["year"].unique())


def _totals(indicators: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's unweighted totals with a score, in province-code order."""
    totals = indicators[(indicators["year"] == year) & (indicators["indicator_code"] == "total")]
    return totals.dropna(subset=["score"]).sort_values("province_code")


def rank_ranges(indicators: pd.DataFrame, draws: int, seed: int, level: float = 0.95) -> pd.DataFrame:
    """One row per province and year with a published error: score, error, rank (1 = best, ties share the best),
    plausible rank range, and how many other provinces it cannot be told apart from.

    Every province with a score takes part in the ranking, so ranks are the panel's. A province whose published
    error is missing or zero (the 2022 sheet prints 0 with a zero-width interval for three provinces) is held at its
    score in every draw and gets no range of its own; the method text names how many were held."""
    frames = []
    for year in years_with_errors(indicators):
        totals = _totals(indicators, year)
        scores = totals["score"].to_numpy()
        errors = totals["std_error"].where(totals["std_error"] > 0).to_numpy()
        published = np.isfinite(errors)
        low, high = simulated_rank_interval(scores, np.nan_to_num(errors), draws, seed + year, level)
        apart = distinguishable(scores, np.nan_to_num(errors), level)
        held = int((~published).sum())
        method = METHOD.format(draws=draws) + (
            f"; {held} province(s) without a published error held at their score" if held else ""
        )
        frames.append(
            pd.DataFrame(
                {
                    "year": year,
                    "province_code": totals["province_code"].to_numpy(),
                    "score": scores,
                    "std_error": errors,
                    "rank": stats.rankdata(-scores, method="min").astype(int),
                    "rank_low": np.where(published, low, np.nan),
                    "rank_high": np.where(published, high, np.nan),
                    "n_ranked": len(totals),
                    "n_indistinguishable": np.where(published, (~apart).sum(axis=1) - 1, np.nan),
                    "draws": draws,
                    "method": method,
                }
            )[published]
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RANGE_COLUMNS)


def simulated_scores(scores: np.ndarray, errors: np.ndarray, draws: int, seed: int) -> np.ndarray:
    """`draws` x provinces: every score drawn independently from a normal with its own error (0: held). The rank
    ranges and the rank-change intervals use the same seed per year, so they rest on the same draws."""
    rng = np.random.default_rng(seed)
    return scores + errors * rng.standard_normal((draws, len(scores)))


def simulated_ranks(simulated: np.ndarray) -> np.ndarray:
    """Rank of each province in each draw (1 = highest simulated score)."""
    return (-simulated).argsort(axis=1).argsort(axis=1) + 1


def percentile_interval(values: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Per column, the (low, high) percentiles leaving (1 - level) / 2 in each tail (observed values, no
    interpolation: a rank interval holds ranks)."""
    tail = (1 - level) / 2
    low = np.quantile(values, tail, axis=0, method="inverted_cdf")
    high = np.quantile(values, 1 - tail, axis=0, method="inverted_cdf")
    return low.astype(int), high.astype(int)


def simulated_rank_interval(
    scores: np.ndarray, errors: np.ndarray, draws: int, seed: int, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) percentile ranks of each province over `draws` independent normal draws of every score."""
    return percentile_interval(simulated_ranks(simulated_scores(scores, errors, draws, seed)), level)


def distinguishable(scores: np.ndarray, errors: np.ndarray, level: float = 0.95) -> np.ndarray:
    """Matrix: True where two provinces' scores differ by more than z times the error of their difference."""
    z = stats.norm.ppf(0.5 + level / 2)
    difference = np.abs(scores[:, None] - scores[None, :])
    return difference > z * np.sqrt(errors[:, None] ** 2 + errors[None, :] ** 2)


CHANGE_COLUMNS = [
    "year",
    "province_code",
    "score_before",
    "score",
    "score_change",
    "se_change",
    "rank_before",
    "rank",
    "move",
    "n_common",
    "errors",
    "move_low",
    "move_high",
    "within_error",
    "draws",
]


def rank_changes(totals: pd.DataFrame, draws: int, seed: int, level: float = 0.95) -> pd.DataFrame:
    """Every province's PAPI rank change from one year to the next, on the set of provinces scored in both years
    (a rank among 63 and a rank among 60 are not comparable), with its uncertainty where errors are published.

    `totals`: year, province_code, score, std_error (the year's unweighted totals; std_error missing where not
    published). `move` is places gained among the `n_common` provinces (positive = up). `errors` says which years'
    errors enter: 'both', 'before' or 'after' (one year only: the interval is a lower bound on the uncertainty, the
    other year held at its published score) or 'none' (no interval: an error is never invented). The interval is
    the `level` percentile interval of the move over the rank ranges' own draws (same seed per year, each year's
    full set drawn, then ranked within the common set). `se_change` is the score change's standard error when both
    years publish one."""
    frames = []
    years = totals["year"].to_numpy(int)
    by_year = {int(year): totals[years == year].sort_values("province_code") for year in np.unique(years)}
    for year in sorted(by_year):
        if year - 1 not in by_year:
            continue
        before, after = by_year[year - 1], by_year[year]
        common = sorted(
            set(before.dropna(subset=["score"])["province_code"]) & set(after.dropna(subset=["score"])["province_code"])
        )
        if len(common) < 2:
            continue
        ranks, sims, published = {}, {}, {}
        for label, rows, draw_year in (("before", before, year - 1), ("after", after, year)):
            errors = rows["std_error"].where(rows["std_error"] > 0)
            published[label] = bool(errors.notna().any())
            full = rows.dropna(subset=["score"])
            columns = full["province_code"].isin(common).to_numpy()
            scores = full["score"].to_numpy()
            ranks[label] = stats.rankdata(-scores[columns], method="min").astype(int)
            if published[label]:
                drawn = simulated_scores(
                    scores, np.nan_to_num(errors.loc[full.index].to_numpy()), draws, seed + draw_year
                )
                sims[label] = simulated_ranks(drawn[:, columns])
            else:
                sims[label] = ranks[label][None, :]
        kind = {(True, True): "both", (True, False): "before", (False, True): "after", (False, False): "none"}[
            (published["before"], published["after"])
        ]
        score_b = before.set_index("province_code").loc[common]
        score_a = after.set_index("province_code").loc[common]
        frame = pd.DataFrame(
            {
                "year": year,
                "province_code": common,
                "score_before": score_b["score"].to_numpy(),
                "score": score_a["score"].to_numpy(),
                "score_change": (score_a["score"] - score_b["score"]).to_numpy(),
                "se_change": np.hypot(score_b["std_error"].to_numpy(float), score_a["std_error"].to_numpy(float)),
                "rank_before": ranks["before"],
                "rank": ranks["after"],
                "move": ranks["before"] - ranks["after"],
                "n_common": len(common),
                "errors": kind,
                "draws": draws if kind != "none" else 0,
            }
        )
        if kind == "none":
            frame["move_low"] = frame["move_high"] = np.nan
        else:
            low, high = percentile_interval(
                np.broadcast_to(sims["before"] - sims["after"], (draws, len(common))), level
            )
            frame["move_low"], frame["move_high"] = low, high
        frame["within_error"] = [
            None if kind == "none" else bool(low <= 0 <= high)
            for low, high in zip(frame["move_low"], frame["move_high"], strict=True)
        ]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)[CHANGE_COLUMNS] if frames else pd.DataFrame(columns=CHANGE_COLUMNS)


def indistinguishable_pairs(indicators: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Every pair of provinces (per year with errors) whose totals cannot be told apart at `level`."""
    rows = []
    for year in years_with_errors(indicators):
        totals = _totals(indicators, year)
        totals = totals[totals["std_error"] > 0]
        codes, scores = totals["province_code"].to_numpy(), totals["score"].to_numpy()
        apart = distinguishable(scores, totals["std_error"].to_numpy(), level)
        first, second = np.triu_indices(len(codes), k=1)
        same = ~apart[first, second]
        rows.append(
            pd.DataFrame(
                {
                    "year": year,
                    "province_a": codes[first[same]],
                    "province_b": codes[second[same]],
                    "difference": scores[first[same]] - scores[second[same]],
                }
            )
        )
    columns = ["year", "province_a", "province_b", "difference"]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)


def load_precision_tables(processed_dir: Path) -> dict[str, pd.DataFrame]:
    """The precision outputs of the data step, with province codes kept as text."""
    folder = Path(processed_dir)
    names = ("papi_rank_ranges", "papi_rank_changes", "papi_indistinguishable_pairs", "papi_sheet_checks", "provinces")
    tables = {name: read_processed_table(folder / f"{name}.csv") for name in names}
    tables["papi_indicators"] = pd.read_parquet(folder / "papi_indicators.parquet")
    return tables
