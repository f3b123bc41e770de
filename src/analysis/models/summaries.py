"""One sentence per result a briefing can quote, generated from the structured row and never edited afterwards.

Each estimator has its own wording (a cross-section compares provinces; the pooled model compares provinces within
the same year; the two-way FE model speaks of change within a province; the lagged model of next year's outcome
given this year's). The verdict follows the family-adjusted p-value, and the words never contradict the interval:
an interval that excludes zero with a verdict that does not hold after correction says exactly that. The selection
caveat is a flag (`selected_sample`), printed once by whoever shows the sentences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.models.plan import AnalysisPlan
from analysis.text import t

SUMMARY_COLUMNS = ["model", "kind", "outcome", "term", "estimate", "ci_low", "ci_high", "p_adjusted", "n", "concept",
                   "verdict", "significant", "selected_sample", "summary_en", "summary_vi"]  # fmt: skip


def format_p(p: float) -> str:
    """p-values as a reader should see them: never 'p = 0.000'."""
    if pd.isna(p):
        return "—"
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def verdict(p_adjusted: float, low: float, high: float, alpha: float, degenerate: bool = False) -> str:
    """holds / excludes_zero_not_corrected / not_distinguishable / not_estimable, consistent with the interval."""
    if degenerate or not np.isfinite(low) or not np.isfinite(high) or high - low <= 0:
        return "not_estimable"
    if p_adjusted < alpha:
        return "holds"
    return "excludes_zero_not_corrected" if low > 0 or high < 0 else "not_distinguishable"


def sentence(row: pd.Series, labels: dict[str, str], lang: str, alpha: float) -> str:
    word = verdict(row["p_adjusted"], row["ci_low"], row["ci_high"], alpha)
    return t(f"model_sentence_{row['kind']}", lang,
             years=row["years"], term=labels.get(row["term"], row["term"]),
             outcome=labels.get(row["outcome"], row["outcome"]), size=abs(row["estimate"]),
             direction=t("direction_up" if row["estimate"] >= 0 else "direction_down", lang),
             low=row["ci_low"], high=row["ci_high"], p=format_p(row["p_adjusted"]), n=int(row["n"]),
             provinces=int(row["n_provinces"]), verdict=t(f"verdict_{word}", lang))  # fmt: skip


def summarise(results: pd.DataFrame, labels_en: dict[str, str], labels_vi: dict[str, str],
              alpha: float) -> pd.DataFrame:  # fmt: skip
    if results.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    out = results[["model", "kind", "outcome", "term", "estimate", "ci_low", "ci_high", "p_adjusted", "n",
                   "concept", "selected_sample"]].copy()  # fmt: skip
    out["verdict"] = [verdict(p, lo, hi, alpha) for p, lo, hi in
                      zip(out["p_adjusted"], out["ci_low"], out["ci_high"], strict=True)]  # fmt: skip
    out["significant"] = out["verdict"] == "holds"
    out["summary_en"] = [sentence(r, labels_en, "en", alpha) for _, r in results.iterrows()]
    out["summary_vi"] = [sentence(r, labels_vi, "vi", alpha) for _, r in results.iterrows()]
    return out[SUMMARY_COLUMNS]


def correlation_sentences(corr: pd.DataFrame, labels: dict[str, str], lang: str, plan: AnalysisPlan) -> list[str]:
    """Sentences for the plan's correlations (rows with a family); other rows get an empty string. Every word,
    the interval's method included, comes from the text table in `lang`."""
    out = []
    for row in corr.itertuples():
        if not str(row.family).startswith("plan:"):
            out.append("")
            continue
        word = verdict(row.p_adjusted, row.ci_low, row.ci_high, plan.alpha, bool(row.degenerate))
        kind = "pooled" if row.scope == "pooled" else "year"  # pooled: cluster bootstrap; a year: Fisher z
        text = t("corr_sentence", lang, scope=t(f"corr_scope_{kind}", lang, years=row.years),
                 x=labels.get(row.x, row.x), y=labels.get(row.y, row.y),
                 direction=t("corr_positive" if row.r >= 0 else "corr_negative", lang), r=row.r, low=row.ci_low,
                 high=row.ci_high, ci_method=t(f"ci_{kind}", lang, b=plan.bootstrap_replicates),
                 p=format_p(row.p_adjusted), m=int(row.family_size),
                 n=int(row.n), provinces=int(row.n_provinces), verdict=t(f"verdict_{word}", lang))  # fmt: skip
        if row.overlap:
            text += " " + t("overlap_note", lang)
        out.append(text)
    return out
