"""Which of a province's PAPI areas are weak beyond chance: the "priorities" a briefing may name.

Taking the worst few of some forty areas gives every province a list of negative gaps, so a gap is a priority only
when it beats what chance gives. Two sources of chance, one test each, at the plan's alpha:

- **survey error**, where the official sheets publish it (the 2019 dimension variances): the province's score
  against the national median in standard errors of its own score, one-sided, Holm-corrected over every area of the
  province that has an error (so choosing the worst of them is accounted for);
- **selection**, everywhere else: the province's k-th worst gap against the k-th worst gap of profiles drawn area by
  area from all provinces' values (what picking the worst of this many areas gives by chance), tested in order from
  the worst and stopping at the first that does not stand out (a fixed-sequence test: the error rate over the list
  stays at alpha). Drawing areas independently ignores that a province weak on one area tends to be weak on related
  ones; correlated areas make extreme k-th worst values rarer, so this reference is conservative.

All gaps share one unit: robust standard deviations across provinces (1.4826 x the median absolute deviation),
signed so that negative is worse. An area is never listed beside its own parent or child (a dimension and its
sub-dimension are one weakness): the list walks the areas from the worst and skips any area related to one taken.
Whether a higher indicator value is better is read from the data (the sheets do not say): it is when the indicator
rises with its own sub-dimension across provinces (Spearman rho at least DIRECTION_MIN_RHO), worse when it falls as
clearly; an indicator with a weaker link has no direction and is left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.core.settings import AnalysisPlan
from analysis.data.precision import standard_errors

ROBUST_SD = 1.4826  # a normal distribution's SD per unit of median absolute deviation
DIRECTION_MIN_RHO = 0.3
MIN_PROVINCES = 10  # fewer provinces with a value: the area's spread is not estimated
SURVEY, SELECTION = "survey error", "selection"
PRIORITY_COLUMNS = [
    "year",
    "province_code",
    "position",
    "area",
    "level",
    "parent",
    "name_vi",
    "name_en",
    "score",
    "national_median",
    "gap",
    "rank_among",
    "n_provinces",
    "higher_is_better",
    "test",
    "z_survey",
    "p_value",
    "stands_out",
    "n_areas",
]


def area_table(panel: pd.DataFrame, indicators: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(scores, areas) for one year. `scores`: provinces x areas, signed so that higher is better (an indicator where
    lower is better is negated); `areas`: one row per area with level, parent, names, direction and, for areas whose
    sheet publishes them, nothing more (errors come separately)."""
    rows = panel[(panel["index"] == "papi") & (panel["year"] == year)]
    parts = rows[rows["level"].isin(["dimension", "subdimension"])]
    scores = parts.pivot_table(index="province_code", columns="indicator_code", values="score")
    info = parts.drop_duplicates("indicator_code").set_index("indicator_code")
    areas = pd.DataFrame(
        {
            "level": info["level"],
            "parent": [_dimension_of(str(code)) if str(code).startswith("SC") else "" for code in info.index],
            "name_vi": info["indicator_name_vi"],
            "name_en": info["indicator_name_en"],
            "higher_is_better": True,
        }
    )
    items = indicators[(indicators["year"] == year) & (indicators["level"] == "indicator")] if len(indicators) else None
    if items is not None and len(items):
        values = items.pivot_table(index="province_code", columns="indicator_code", values="score")
        direction = indicator_directions(values, scores, items.drop_duplicates("indicator_code"))
        keep = direction.index[direction.notna()]
        scores = scores.join(values[keep] * direction[keep], how="outer")
        first = items.drop_duplicates("indicator_code").set_index("indicator_code").loc[keep]
        areas = pd.concat(
            [
                areas,
                pd.DataFrame(
                    {
                        "level": "indicator",
                        "parent": first["parent_code"],
                        "name_vi": first["indicator_name_vi"],
                        "name_en": first["indicator_name_en"].fillna(first["indicator_name_vi"]),
                        "higher_is_better": direction[keep] > 0,
                    }
                ),
            ]
        )
    enough = scores.columns[scores.notna().sum() >= MIN_PROVINCES]
    return scores[enough], areas.loc[enough]


def indicator_directions(values: pd.DataFrame, parents: pd.DataFrame, items: pd.DataFrame) -> pd.Series:
    """+1 where an indicator rises with its sub-dimension across provinces (rho >= DIRECTION_MIN_RHO), -1 where it
    falls as clearly, NaN otherwise (too weak a link to say which way is better)."""
    parent_of = items.set_index("indicator_code")["parent_code"]
    out = {}
    for code in values.columns:
        parent = parent_of.get(code)
        together = pd.concat([values[code], parents.get(parent)], axis=1, join="inner").dropna()
        rho = stats.spearmanr(together.iloc[:, 0], together.iloc[:, 1]).statistic if len(together) >= 10 else np.nan
        out[code] = np.sign(rho) if abs(rho) >= DIRECTION_MIN_RHO else np.nan
    return pd.Series(out, dtype=float)


def robust_gaps(scores: pd.DataFrame) -> pd.DataFrame:
    """provinces x areas: (score - median) / robust SD of each area; NaN where the spread is zero."""
    median = scores.median()
    spread = ROBUST_SD * (scores - median).abs().median()
    return (scores - median) / spread.where(spread > 0)


def _dimension_of(area: str) -> str:
    return f"D{area[2]}" if area.startswith("SC") else area


def related(a: str, b: str) -> bool:
    """A dimension and one of its sub-dimensions (D6 and SC62), or an indicator and its sub-dimension or dimension
    (SC72_02 with SC72 or D7), are one weakness."""
    return a.startswith(b) or b.startswith(a) or _dimension_of(a) == b or _dimension_of(b) == a


def relation_matrix(areas: list[str]) -> np.ndarray:
    return np.array([[related(a, b) for b in areas] for a in areas])


def worst_apart(profiles: np.ndarray, relations: np.ndarray, limit: int) -> np.ndarray:
    """profiles x limit: for each row of gaps, the columns of its `limit` most negative gaps, walking from the worst
    and skipping a column related to one already taken (-1 where a row has fewer; NaN gaps are never taken). All
    rows are walked together, one step per column."""
    rows = np.arange(len(profiles))
    order = np.argsort(np.where(np.isnan(profiles), np.inf, profiles), axis=1, kind="stable")
    picked = np.full((len(profiles), limit), -1)
    count = np.zeros(len(profiles), dtype=int)
    blocked = np.zeros(profiles.shape, dtype=bool)
    for step in range(profiles.shape[1]):
        column = order[:, step]
        take = ~blocked[rows, column] & (count < limit) & np.isfinite(profiles[rows, column])
        picked[rows[take], count[take]] = column[take]
        blocked[take] |= relations[column[take]]
        count += take
    return picked


def chance_worst(gaps: pd.DataFrame, relations: np.ndarray, limit: int, draws: int, seed: int) -> np.ndarray:
    """draws x limit: the k-th worst unrelated gap of profiles drawn area by area from the provinces' own values
    (NaN where a profile has fewer than k areas)."""
    rng = np.random.default_rng(seed)
    values = gaps.to_numpy(float)
    drawn = np.full((draws, values.shape[1]), np.nan)
    for column in range(values.shape[1]):
        present = values[np.isfinite(values[:, column]), column]
        if len(present):
            drawn[:, column] = present[rng.integers(len(present), size=draws)]
    picked = worst_apart(drawn, relations, limit)
    return np.where(picked >= 0, np.take_along_axis(drawn, np.maximum(picked, 0), axis=1), np.nan)


def year_priorities(
    scores: pd.DataFrame,
    areas: pd.DataFrame,
    errors: pd.DataFrame | None,
    alpha: float,
    limit: int,
    draws: int,
    seed: int,
) -> pd.DataFrame:
    """Every province's list for one year (columns of PRIORITY_COLUMNS without year). `errors`, where given, is
    provinces x areas of published standard errors (the survey test applies to those areas)."""
    gaps = robust_gaps(scores)
    names = [str(a) for a in gaps.columns]
    relations = relation_matrix(names)
    chance = chance_worst(gaps, relations, limit, draws, seed)
    medians = scores.median()
    picks = worst_apart(gaps.to_numpy(float), relations, limit)
    values, gap_values = scores.to_numpy(float), gaps.to_numpy(float)
    better = areas["higher_is_better"].astype(bool).to_dict()
    rows = []
    for row, (province, picked) in enumerate(zip(gaps.index, picks, strict=True)):
        se = errors.reindex(index=[province], columns=gaps.columns).iloc[0] if errors is not None else None
        survey = _survey_tests(scores.loc[province], medians, se)
        still_standing = True  # the fixed sequence of selection tests stops at the first that fails
        for position, column in enumerate(c for c in picked if c >= 0):
            area, gap = names[column], float(gap_values[row, column])
            present = values[np.isfinite(values[:, column]), column]
            if area in survey.index:
                z, p = survey.loc[area, ["z", "p_holm"]].to_numpy(float)
                test = SURVEY
                stands_out = p < alpha
            else:
                reference = chance[:, position]
                reference = reference[np.isfinite(reference)]
                test, z = SELECTION, np.nan
                p = (1 + int((reference <= gap).sum())) / (1 + len(reference))
                still_standing = still_standing and p < alpha
                stands_out = still_standing
            sign = 1.0 if better[area] else -1.0  # back to the area's own scale where lower is better
            rows.append(
                {
                    "province_code": province,
                    "position": position + 1,
                    "area": area,
                    "level": areas.at[area, "level"],
                    "parent": areas.at[area, "parent"],
                    "name_vi": areas.at[area, "name_vi"],
                    "name_en": areas.at[area, "name_en"],
                    "score": sign * values[row, column],
                    "national_median": sign * float(medians.iloc[column]),
                    "gap": gap,
                    "rank_among": int((present > values[row, column]).sum() + 1),
                    "n_provinces": len(present),
                    "higher_is_better": better[area],
                    "test": test,
                    "z_survey": z,
                    "p_value": p,
                    "stands_out": stands_out,
                    "n_areas": len(names),
                }
            )
    return pd.DataFrame(rows, columns=PRIORITY_COLUMNS[1:])


def _survey_tests(scores: pd.Series, medians: pd.Series, errors: pd.Series | None) -> pd.DataFrame:
    """Per area with a published error: z = (score - national median) / error, the one-sided p of being below the
    median, and Holm's adjustment over all of them."""
    if errors is None:
        return pd.DataFrame(columns=["z", "p_holm"])
    usable = errors[(errors > 0) & scores.notna()].index
    if not len(usable):
        return pd.DataFrame(columns=["z", "p_holm"])
    z = (scores[usable] - medians[usable]) / errors[usable]
    p_holm = multipletests(stats.norm.cdf(z.to_numpy(float)), method="holm")[1]
    return pd.DataFrame({"z": z, "p_holm": p_holm}, index=usable)


def published_errors(indicators: pd.DataFrame, year: int) -> pd.DataFrame | None:
    """provinces x areas of published standard errors for the year's dimensions and sub-dimensions (the 2019 sheet
    gives each dimension's variance), or None when the year publishes none."""
    if indicators.empty:
        return None
    rows = indicators[(indicators["year"] == year) & indicators["level"].isin(["dimension", "subdimension"])]
    se = standard_errors(rows)
    rows = rows.assign(se=se).dropna(subset=["se"])
    if rows.empty:
        return None
    return rows.pivot_table(index="province_code", columns="indicator_code", values="se")


def priorities(panel: pd.DataFrame, indicators: pd.DataFrame, plan: AnalysisPlan) -> pd.DataFrame:
    """Every province's tested priority list, every year with PAPI areas (PRIORITY_COLUMNS)."""
    frames = []
    years = sorted(panel.loc[panel["index"] == "papi", "year"].unique())
    for year in years:
        scores, areas = area_table(panel, indicators, int(year))
        if scores.empty:
            continue
        table = year_priorities(
            scores,
            areas,
            published_errors(indicators, int(year)),
            plan.alpha,
            plan.priorities.areas,
            plan.priorities.draws,
            plan.seed_for(f"priorities:{year}"),
        )
        frames.append(table.assign(year=int(year)))
    return pd.concat(frames, ignore_index=True)[PRIORITY_COLUMNS] if frames else pd.DataFrame(columns=PRIORITY_COLUMNS)
