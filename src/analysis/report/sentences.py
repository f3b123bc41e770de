"""One sentence per result a briefing can quote, written from its structured row (analysis.models) in the report's
language and never edited afterwards.

Each estimator has its own wording (a cross-section compares provinces; the pooled model compares provinces within
the same year; the two-way FE model speaks of change within a province; the lagged model of next year's outcome
given this year's). The verdict is the row's code (analysis.models.verdicts), so the words never contradict the
interval. The selection caveat is a flag (`selected_sample`), printed once by whoever shows the sentences.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.settings import AnalysisPlan
from analysis.core.text import INDEX_LABEL, t
from analysis.models.outputs import ROBUSTNESS
from analysis.report.words import breaks_text, format_p, period_text


def robustness_notes(row: pd.Series, lang: str, names: dict[str, str]) -> str:
    """Fragility (leave-one-province-out), power (when nothing is detected) and methodology breaks, in `lang`."""
    notes = []
    flips = [names.get(code, code) for code in str(row["loo_flip"] or "").split(";") if code and code != "nan"]
    if flips:
        key = "loo_note" if len(flips) <= 3 else "loo_note_many"
        notes.append(t(key, lang, names=", ".join(flips[:3]), count=len(flips)))
    if row["verdict"] == "not_distinguishable" and pd.notna(row.get("mde80")):
        notes.append(t("mde_note", lang, mde=row["mde80"]))
    if row.get("breaks") and isinstance(row["breaks"], str):
        notes.append(t("breaks_note", lang, breaks=breaks_text(row["breaks"])))
    return "".join(" " + note for note in notes)


def model_sentence(row: pd.Series, labels: dict[str, str], lang: str, names: dict[str, str]) -> str:
    """A regression term (a row of model_summaries.csv) in words."""
    text = t(
        f"model_sentence_{row['kind']}",
        lang,
        years=row["years"],
        term=labels.get(row["term"], row["term"]),
        outcome=labels.get(row["outcome"], row["outcome"]),
        size=abs(row["estimate"]),
        direction=t("direction_up" if row["estimate"] >= 0 else "direction_down", lang),
        low=row["ci_low"],
        high=row["ci_high"],
        ci_method=t(f"ci_{row['inference']}", lang),
        p=format_p(row["p_adjusted"], lang),
        n=int(row["n"]),
        provinces=int(row["n_provinces"]),
        verdict=t(f"verdict_{row['verdict']}", lang),
    )
    return text + robustness_notes(row, lang, names)


def correlation_sentence(
    row: pd.Series, labels: dict[str, str], lang: str, plan: AnalysisPlan, names: dict[str, str]
) -> str:
    """A planned correlation (a family, or a split-period robustness row) in words; other rows get ''."""
    kind = "year" if str(row["scope"]).isdigit() else "pooled"  # pooled: cluster bootstrap; a year: Fisher z
    common = {
        "x": labels.get(row["x"], row["x"]),
        "y": labels.get(row["y"], row["y"]),
        "r": row["r"],
        "low": row["ci_low"],
        "high": row["ci_high"],
        "n": int(row["n"]),
        "provinces": int(row["n_provinces"]),
        "years": row["years"],
        "ci_method": t(f"ci_{kind}", lang, b=plan.bootstrap_replicates),
    }
    if row["scope"] == "split" and row["family"] == ROBUSTNESS:
        return t("split_sentence", lang, period=period_text(row["split"], lang), **common)
    if not str(row["family"]).startswith("plan:"):
        return ""
    text = t(
        "corr_sentence",
        lang,
        scope=t(f"corr_scope_{kind}", lang, years=row["years"]),
        direction=t("corr_positive" if row["r"] >= 0 else "corr_negative", lang),
        p=format_p(row["p_adjusted"], lang),
        m=int(row["family_size"]),
        verdict=t(f"verdict_{row['verdict']}", lang),
        **common,
    )
    if row["overlap"] and isinstance(row["overlap"], str):
        text += " " + t("overlap_note", lang)
    return text + robustness_notes(row, lang, names)


def correlation_sentences(
    corr: pd.DataFrame, labels: dict[str, str], lang: str, plan: AnalysisPlan, names: dict[str, str]
) -> list[str]:
    return [correlation_sentence(row, labels, lang, plan, names) for _, row in corr.iterrows()]


def rank_sentence(ranges: pd.DataFrame, year: int, code: str, name: str, lang: str) -> str:
    """'Hà Nam 2022: PAPI 42.73 (standard error 0.73), ranked 26 of 61, plausibly 10–41; …' or, for a year without
    published errors, a sentence that says so."""
    row = ranges[(ranges["year"] == year) & (ranges["province_code"] == code)]
    if row.empty:
        return t("no_errors_sentence", lang, year=year)
    r = row.iloc[0]
    return t(
        "rank_range_sentence",
        lang,
        province=name,
        year=year,
        score=float(r["score"]),
        se=float(r["std_error"]),
        rank=int(r["rank"]),
        n=int(r["n_ranked"]),
        low=int(r["rank_low"]),
        high=int(r["rank_high"]),
        same=int(r["n_indistinguishable"]),
    )


def headline_text(facts: dict | None, year: int, lang: str) -> str:
    """'PAR INDEX fell 17 places to 60 of 63: the fall ranked 3 by size among the 22 provinces ranked in both years.'"""
    if facts is None:
        return t("headline_no_move", lang, year=year)
    return t(
        "headline_fall" if facts["move"] < 0 else "headline_rise",
        lang,
        index=INDEX_LABEL[facts["index"]],
        k=abs(int(facts["move"])),
        rank=facts["rank"],
        n=facts["n"],
        order=facts["order"],
        m=facts["m"],
    )
