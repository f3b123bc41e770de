"""A verdict per planned result, as a code that never contradicts its interval; the report puts it into words.

Only the plan's primary estimates (Spearman correlations of the plan's questions, analysis.models.associations) get
a verdict. Regression terms are other estimates: `robustness` when the term and outcome are a question of the plan
(another estimator of the same question), `exploratory` otherwise; neither carries a verdict of its own.

`holds`: the family-adjusted p-value is below alpha. `excludes_zero_not_corrected`: the unadjusted interval excludes
zero but the adjusted p-value does not pass. `not_distinguishable`: the interval covers zero. `not_estimable`: no
usable interval (a degenerate or unbounded estimate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

VERDICTS = ("holds", "excludes_zero_not_corrected", "not_distinguishable", "not_estimable")
SUMMARY_COLUMNS = [
    "model",
    "kind",
    "outcome",
    "term",
    "estimate",
    "ci_low",
    "ci_high",
    "p_adjusted",
    "n",
    "n_provinces",
    "years",
    "inference",
    "concept",
    "role",
    "selected_sample",
    "mde80",
    "loo_flip",
]


def verdict(p_adjusted: float, low: float, high: float, alpha: float, degenerate: bool = False) -> str:
    """holds / excludes_zero_not_corrected / not_distinguishable / not_estimable, consistent with the interval."""
    if degenerate or not np.isfinite(low) or not np.isfinite(high) or high - low <= 0:
        return "not_estimable"
    if p_adjusted < alpha:
        return "holds"
    return "excludes_zero_not_corrected" if low > 0 or high < 0 else "not_distinguishable"


ROBUSTNESS_ROLE, EXPLORATORY_ROLE = "robustness", "exploratory"


def summarise(results: pd.DataFrame, questions: set[frozenset[str]]) -> pd.DataFrame:
    """One row per model term with its role (the columns a sentence about it needs): `robustness` when
    {outcome, term} is one of the plan's `questions`, else `exploratory`; no verdict."""
    if results.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    out = results.copy()
    out["role"] = [
        ROBUSTNESS_ROLE if frozenset((outcome, term)) in questions else EXPLORATORY_ROLE
        for outcome, term in zip(out["outcome"], out["term"], strict=True)
    ]
    return out[SUMMARY_COLUMNS]


def split_parts(split: str) -> tuple[str, bool, int]:
    """'papi<2018' -> ('papi', True, 2018); 'sipas>=2022' -> ('sipas', False, 2022)."""
    before = "<" in split and ">=" not in split
    index, year = split.split(">=") if not before else split.split("<")
    return index, before, int(year)
