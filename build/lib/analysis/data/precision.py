"""How precise a PAPI score and rank are, and what is weak inside a province's sub-dimensions.

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
DIRECTION_MIN_RHO = 0.3
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


def simulated_rank_interval(
    scores: np.ndarray, errors: np.ndarray, draws: int, seed: int, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) percentile ranks of each province over `draws` independent normal draws of every score."""
    rng = np.random.default_rng(seed)
    simulated = scores + errors * rng.standard_normal((draws, len(scores)))
    ranks = (-simulated).argsort(axis=1).argsort(axis=1) + 1  # rank 1 = highest simulated score
    tail = (1 - level) / 2
    low = np.quantile(ranks, tail, axis=0, method="inverted_cdf")
    high = np.quantile(ranks, 1 - tail, axis=0, method="inverted_cdf")
    return low.astype(int), high.astype(int)


def distinguishable(scores: np.ndarray, errors: np.ndarray, level: float = 0.95) -> np.ndarray:
    """Matrix: True where two provinces' scores differ by more than z times the error of their difference."""
    z = stats.norm.ppf(0.5 + level / 2)
    difference = np.abs(scores[:, None] - scores[None, :])
    return difference > z * np.sqrt(errors[:, None] ** 2 + errors[None, :] ** 2)


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


def indicator_gaps(indicators: pd.DataFrame, year: int, province_code: str) -> pd.DataFrame:
    """The province's indicators against the national median, in units of the indicator's spread across provinces
    (robust SD: 1.4826 × median absolute deviation), signed so that negative is worse.

    Whether higher is better is read from the data, since the sheets do not state it: an indicator counts as 'higher
    is better' when it rises with its own sub-dimension's score across provinces that year (Spearman rho of at least
    DIRECTION_MIN_RHO), 'lower is better' when it falls as clearly; otherwise no direction is claimed and the row
    sorts last. Indicator values carry no published sampling error, so a gap is not tested against one."""
    rows = indicators[indicators["year"] == year]
    items = rows[rows["level"] == "indicator"]
    parents = rows[rows["level"] == "subdimension"].pivot_table(
        index="province_code", columns="indicator_code", values="score"
    )
    out = []
    for code, group in items.groupby("indicator_code"):
        values = group.set_index("province_code")["score"].dropna()
        if province_code not in values.index or len(values) < 10:
            continue
        median = float(values.median())
        spread = 1.4826 * float((values - median).abs().median())
        parent = group["parent_code"].iloc[0]
        together = pd.concat([values, parents.get(parent)], axis=1, join="inner").dropna()
        rho = stats.spearmanr(together.iloc[:, 0], together.iloc[:, 1]).statistic if len(together) >= 10 else np.nan
        direction = np.sign(rho) if abs(rho) >= DIRECTION_MIN_RHO else np.nan  # too weak a link: no judgement
        value = float(values[province_code])
        gap = (value - median) / spread if spread > 0 else np.nan
        out.append(
            {
                "indicator_code": code,
                "parent_code": parent,
                "indicator_name_vi": group["indicator_name_vi"].iloc[0],
                "indicator_name_en": group["indicator_name_en"].iloc[0],
                "scale": group["scale"].iloc[0],
                "value": value,
                "median": median,
                "spread": spread,
                "rho_with_subdimension": rho,
                "higher_is_better": bool(direction > 0) if np.isfinite(direction) else None,
                "adverse_gap": gap * direction if np.isfinite(direction) else np.nan,
                "rank_among": int((values > value).sum() + 1)
                if direction > 0
                else int((values < value).sum() + 1)
                if np.isfinite(direction)
                else None,
                "n_provinces": len(values),
            }
        )
    if not out:
        return pd.DataFrame()
    return pd.DataFrame(out).sort_values("adverse_gap", na_position="last").reset_index(drop=True)


def load_rank_ranges(processed_dir: Path) -> pd.DataFrame:
    return _read_processed(Path(processed_dir) / "papi_rank_ranges.csv")


def _read_processed(path: Path) -> pd.DataFrame:
    """A table of the data step, with province codes kept as text; a clear error when the step has not run."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist yet: run `make data` (python -m analysis data)")
    return pd.read_csv(path, dtype={"province_code": str, "province_a": str, "province_b": str})


def load_precision_tables(processed_dir: Path) -> dict[str, pd.DataFrame]:
    """The precision outputs of the data step, with province codes kept as text."""
    folder = Path(processed_dir)
    names = ("papi_rank_ranges", "papi_indistinguishable_pairs", "papi_sheet_checks", "provinces")
    tables = {name: _read_processed(folder / f"{name}.csv") for name in names}
    tables["papi_indicators"] = pd.read_parquet(folder / "papi_indicators.parquet")
    return tables
