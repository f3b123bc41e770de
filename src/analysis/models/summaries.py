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

from analysis.core.settings import AnalysisPlan
from analysis.core.text import INDEX_LABEL, number, t
from analysis.models.associations import ROBUSTNESS

SUMMARY_COLUMNS = ["model", "kind", "outcome", "term", "estimate", "ci_low", "ci_high", "p_adjusted", "n", "concept",
                   "verdict", "significant", "selected_sample", "mde80", "loo_flip", "summary_en",
                   "summary_vi"]  # fmt: skip


def format_p(p: float, lang: str = "en") -> str:
    """p-values as a reader should see them, in the language's number format: never 'p = 0.000'."""
    if pd.isna(p):
        return "—"
    return "< " + number(0.001, lang, ".3f") if p < 0.001 else "= " + number(p, lang, ".3f")


def verdict(p_adjusted: float, low: float, high: float, alpha: float, degenerate: bool = False) -> str:
    """holds / excludes_zero_not_corrected / not_distinguishable / not_estimable, consistent with the interval."""
    if degenerate or not np.isfinite(low) or not np.isfinite(high) or high - low <= 0:
        return "not_estimable"
    if p_adjusted < alpha:
        return "holds"
    return "excludes_zero_not_corrected" if low > 0 or high < 0 else "not_distinguishable"


def robustness_notes(row, lang: str, word: str, names: dict[str, str]) -> str:
    """Fragility (leave-one-province-out), power (when nothing is detected) and methodology breaks, in `lang`."""
    notes = []
    flips = [names.get(code, code) for code in str(row["loo_flip"] or "").split(";") if code and code != "nan"]
    if flips:
        key = "loo_note" if len(flips) <= 3 else "loo_note_many"
        notes.append(t(key, lang, names=", ".join(flips[:3]), count=len(flips)))
    if word == "not_distinguishable" and pd.notna(row.get("mde80")):
        notes.append(t("mde_note", lang, mde=row["mde80"]))
    if row.get("breaks") and isinstance(row["breaks"], str):
        notes.append(t("breaks_note", lang, breaks=_breaks_text(row["breaks"])))
    return "".join(" " + note for note in notes)


def _breaks_text(breaks: str) -> str:
    """'papi 2018; par_index 2017, 2022' -> 'PAPI 2018; PAR INDEX 2017, 2022'."""
    parts = []
    for part in breaks.split("; "):
        index, _, years = part.partition(" ")
        parts.append(f"{INDEX_LABEL.get(index, index)} {years}")
    return "; ".join(parts)


def sentence(row: pd.Series, labels: dict[str, str], lang: str, alpha: float, names: dict[str, str]) -> str:
    word = verdict(row["p_adjusted"], row["ci_low"], row["ci_high"], alpha)
    text = t(f"model_sentence_{row['kind']}", lang,
             years=row["years"], term=labels.get(row["term"], row["term"]),
             outcome=labels.get(row["outcome"], row["outcome"]), size=abs(row["estimate"]),
             direction=t("direction_up" if row["estimate"] >= 0 else "direction_down", lang),
             low=row["ci_low"], high=row["ci_high"], ci_method=t(f"ci_{row['inference']}", lang),
             p=format_p(row["p_adjusted"], lang), n=int(row["n"]), provinces=int(row["n_provinces"]),
             verdict=t(f"verdict_{word}", lang))  # fmt: skip
    return text + robustness_notes(row, lang, word, names)


def summarise(results: pd.DataFrame, labels_en: dict[str, str], labels_vi: dict[str, str], alpha: float,
              names: dict[str, str]) -> pd.DataFrame:  # fmt: skip
    """One row per model term with its verdict and its sentence in both languages; `names` maps province codes to
    the names used in fragility notes."""
    if results.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    out = results[["model", "kind", "outcome", "term", "estimate", "ci_low", "ci_high", "p_adjusted", "n",
                   "concept", "selected_sample", "mde80", "loo_flip"]].copy()  # fmt: skip
    out["verdict"] = [verdict(p, lo, hi, alpha) for p, lo, hi in
                      zip(out["p_adjusted"], out["ci_low"], out["ci_high"], strict=True)]  # fmt: skip
    out["significant"] = out["verdict"] == "holds"
    out["summary_en"] = [sentence(r, labels_en, "en", alpha, names) for _, r in results.iterrows()]
    out["summary_vi"] = [sentence(r, labels_vi, "vi", alpha, names) for _, r in results.iterrows()]
    return out[SUMMARY_COLUMNS]


def correlation_sentences(corr: pd.DataFrame, labels: dict[str, str], lang: str, plan: AnalysisPlan,
                          names: dict[str, str]) -> list[str]:  # fmt: skip
    """Sentences for the plan's correlations (a family, or a split-period robustness row); other rows get an
    empty string. Every word, the interval's method included, comes from the text table in `lang`."""
    out = []
    for _, row in corr.iterrows():
        kind = "year" if str(row["scope"]).isdigit() else "pooled"  # pooled: cluster bootstrap; a year: Fisher z
        common = {"x": labels.get(row["x"], row["x"]), "y": labels.get(row["y"], row["y"]), "r": row["r"],
                  "low": row["ci_low"], "high": row["ci_high"], "n": int(row["n"]),
                  "provinces": int(row["n_provinces"]), "years": row["years"],
                  "ci_method": t(f"ci_{kind}", lang, b=plan.bootstrap_replicates)}  # fmt: skip
        if row["scope"] == "split" and row["family"] == ROBUSTNESS:
            out.append(t("split_sentence", lang, period=period_text(row["split"], lang), **common))
            continue
        if not str(row["family"]).startswith("plan:"):
            out.append("")
            continue
        word = verdict(row["p_adjusted"], row["ci_low"], row["ci_high"], plan.alpha, bool(row["degenerate"]))
        text = t("corr_sentence", lang, scope=t(f"corr_scope_{kind}", lang, years=row["years"]),
                 direction=t("corr_positive" if row["r"] >= 0 else "corr_negative", lang),
                 p=format_p(row["p_adjusted"], lang), m=int(row["family_size"]), verdict=t(f"verdict_{word}", lang),
                 **common)  # fmt: skip
        if row["overlap"] and isinstance(row["overlap"], str):
            text += " " + t("overlap_note", lang)
        out.append(text + robustness_notes(row, lang, word, names))
    return out


def period_text(split: str, lang: str) -> str:
    """'papi<2018' -> 'before the PAPI change of 2018' (or the Vietnamese)."""
    index, before, year = split_parts(split)
    return t("split_before" if before else "split_from", lang, index=INDEX_LABEL[index], year=year)


def split_parts(split: str) -> tuple[str, bool, int]:
    """'papi<2018' -> ('papi', True, 2018); 'sipas>=2022' -> ('sipas', False, 2022)."""
    before = "<" in split and ">=" not in split
    index, year = split.split(">=") if not before else split.split("<")
    return index, before, int(year)
