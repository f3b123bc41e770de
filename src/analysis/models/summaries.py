"""One sentence per model term that a briefing can quote: direction, size in SD, uncertainty, n.

The selection caveat is not part of the sentence: each row carries a `selected_sample` flag and the reader of the
table (a briefing, a notebook) prints the caveat once, in its own language.
"""

from __future__ import annotations

import pandas as pd

from analysis.models.variables import uses_selected_sample
from analysis.text import t

ALPHA = 0.05
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
    "concept",
    "significant",
    "selected_sample",
    "summary_en",
    "summary_vi",
]


def sentence(row: pd.Series, labels: dict[str, str], lang: str) -> str:
    significant = row["p_adjusted"] < ALPHA
    return t(
        "model_sentence",
        lang,
        scope=t(f"scope_{row['kind']}", lang, years=row["years"]),
        term=labels.get(row["term"], row["term"]),
        outcome=labels.get(row["outcome"], row["outcome"]),
        size=abs(row["estimate"]),
        direction=t("direction_up" if row["estimate"] >= 0 else "direction_down", lang),
        low=row["ci_low"],
        high=row["ci_high"],
        p=row["p_adjusted"],
        n=int(row["n"]),
        provinces=int(row["n_provinces"]),
        verdict=t("verdict_holds" if significant else "verdict_not", lang),
    )


def summarise(results: pd.DataFrame, labels_en: dict[str, str], labels_vi: dict[str, str]) -> pd.DataFrame:
    if results.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    out = results[
        ["model", "kind", "outcome", "term", "estimate", "ci_low", "ci_high", "p_adjusted", "n", "concept"]
    ].copy()
    out["significant"] = out["p_adjusted"] < ALPHA
    out["selected_sample"] = [
        uses_selected_sample(o, term) for o, term in zip(out["outcome"], out["term"], strict=True)
    ]
    out["summary_en"] = [sentence(r, labels_en, "en") for _, r in results.iterrows()]
    out["summary_vi"] = [sentence(r, labels_vi, "vi") for _, r in results.iterrows()]
    return out[SUMMARY_COLUMNS]
