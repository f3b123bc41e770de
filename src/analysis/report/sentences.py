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
from analysis.report.words import breaks_text, format_p, num, ordinal_largest, period_text, places, plain_label


def robustness_notes(row: pd.Series, lang: str, names: dict[str, str]) -> str:
    """Fragility (leave-one-province-out), power (when nothing is detected) and methodology breaks, in `lang`."""
    notes = []
    flips = [names.get(code, code) for code in str(row["loo_flip"] or "").split(";") if code and code != "nan"]
    if flips:
        key = "loo_note" if len(flips) <= 3 else "loo_note_many"
        notes.append(t(key, lang, names=", ".join(flips[:3]), count=len(flips)))
    if row.get("verdict") == "not_distinguishable" and pd.notna(row.get("mde80")):  # regressions carry none
        notes.append(t("mde_note", lang, mde=row["mde80"]))
    if row.get("breaks") and isinstance(row["breaks"], str):
        notes.append(t("breaks_note", lang, breaks=breaks_text(row["breaks"])))
    return "".join(" " + note for note in notes)


def model_sentence(row: pd.Series, labels: dict[str, str], lang: str, plan: AnalysisPlan, names: dict[str, str]) -> str:
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
        n=int(row["n"]),
        provinces=int(row["n_provinces"]),
        role=t(f"role_{row['role']}", lang),
    )
    question = plan.question(str(row["outcome"]), str(row["term"]))
    if question is not None and question.overlap:
        text += " " + t("overlap_note", lang)
    return text + robustness_notes(row, lang, names)


def selection_text(row: pd.Series, lang: str) -> str:
    """The selection check joined to the verdict it qualifies ('' where no check applies)."""
    check = row.get("selection_check")
    if check == "not_estimable":
        return t("selection_join_none", lang)
    if check not in ("supports", "does_not_support"):
        return ""
    return t(
        "selection_join_ok" if check == "supports" else "selection_join_not",
        lang,
        n=int(row["weighted_n"]),
        r=row["weighted_r"],
        low=row["weighted_low"],
        high=row["weighted_high"],
    )


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
        if pd.notna(row.get("overlap_r")):
            text += " " + t("overlap_size", lang, overlap=row["overlap_r"])
    if selection := selection_text(row, lang):
        text += " " + selection
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


def _to(move: float) -> str:
    return "to_down" if move < 0 else "to_up"


def scored_change(row: dict, lang: str) -> str:
    """PAPI's move among the provinces scored in both years: 'among the 60 provinces scored in both years, down 7
    places (from 15 to 22)'."""
    return t(
        "order_scored",
        lang,
        m=int(row["n_both"]),
        move=places(float(row["move"]), lang),
        before=int(row["rank_before"]),
        to=t(_to(float(row["move"])), lang),
        now=int(row["rank_now"]),
    )


def uncertainty_text(row: dict, year: int, lang: str) -> str:
    """Whether PAPI's move beats survey error, from the published errors of the two years ('' for other indices)."""
    if row.get("compared_among") != "scored" or pd.isna(row.get("move")):
        return ""
    errors = row["errors"]
    if errors == "none":
        return t("uncertainty_none", lang, before=year - 1, now=year)
    low, high = places(float(row["move_low"]), lang), places(float(row["move_high"]), lang)
    within = bool(row["within_error"])
    if errors == "both":
        return t("uncertainty_within" if within else "uncertainty_beyond", lang, low=low, high=high)
    known, other = (year - 1, year) if errors == "before" else (year, year - 1)
    key = "uncertainty_within_partial" if within else "uncertainty_beyond_partial"
    return t(key, lang, year=known, other=other, low=low, high=high)


def change_notes(row: dict, year: int, lang: str) -> str:
    """What qualifies one index's rank change, in full sentences: its size among the provinces reported in both
    years (PAR INDEX, SIPAS) or its uncertainty (PAPI), a change of method, the quality of the value."""
    notes = []
    if pd.notna(row.get("move")) and row["move"] != 0 and row["compared_among"] == "reported":
        way = t("way_fall" if row["move"] < 0 else "way_rise", lang)
        notes.append(
            t("order_reported", lang, way=way, ordinal=ordinal_largest(int(row["order"]), lang), m=int(row["n_both"]))
        )
    if uncertainty := uncertainty_text(row, year, lang):
        notes.append(uncertainty)
    if pd.notna(row.get("move")) and row.get("same_method") is False:
        notes.append(t("method_changed", lang, index=INDEX_LABEL[str(row["index"])]))
    return " ".join(notes)


def headline_text(row: dict | None, province: str, year: int, lang: str) -> str:
    """The year's largest rank move of the province in one or two sentences (analysis.report.data.headline), with
    what qualifies it; or a sentence that nothing moved."""
    if row is None:
        return t("headline_none", lang, year=year, province=province)
    common = {
        "index": INDEX_LABEL[str(row["index"])],
        "year": year,
        "score": num(row["score"], lang) if pd.notna(row["score"]) else t("no_value", lang),
        "rank": int(row["rank"]),
        "n": int(row["n_ranked"]),
    }
    if row["compared_among"] == "scored":
        text = t("headline_papi", lang, change=scored_change(row, lang), **common)
    else:
        text = t("headline_move", lang, move=places(float(row["move"]), lang), previous=year - 1, **common)
    notes = change_notes(row, year, lang)
    return f"{text} {notes}".strip()


def link_sentence(row: pd.Series, panel: pd.DataFrame, lang: str, plan: AnalysisPlan) -> str:
    """A pooled planned question in plain words: whether the two go together, whether the link survives the press's
    selection of what it reports, and how much of it is the overlap of a part with its total."""
    x, y = plain_label(str(row["x"]), panel, lang), plain_label(str(row["y"]), panel, lang)
    common = {"x": x, "y": y, "years": row["years"], "n": int(row["n"])}
    direction = t("higher" if row["r"] >= 0 else "lower", lang)
    if row["verdict"] != "holds":
        text = t("link_none", lang, **common)
    elif row.get("selection_check") == "does_not_support":
        text = t("link_holds_selection", lang, direction=direction, **common)
    elif row.get("selection_check") == "supports":
        text = t("link_holds_selection_ok", lang, direction=direction, **common)
    else:
        text = t("link_holds", lang, direction=direction, **common)
    if pd.notna(row.get("overlap_r")):
        question = plan.question(str(row["x"]), str(row["y"]))
        points = question.part_points if question else None
        text += " " + t(
            "link_overlap",
            lang,
            x=x,
            y=y,
            points=num(points, lang, 0),
            overlap=num(row["overlap_r"], lang),
            r=num(row["r"], lang),
        )
    return text
