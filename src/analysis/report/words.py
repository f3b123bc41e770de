"""Codes and numbers put into the report's words: numbers in the language's format, ranks, rank moves, p-values,
periods and the names of model variables. Applied once, where a table, chart or sentence is shown."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pandas as pd

from analysis.core.text import INDEX_LABEL, number, t
from analysis.models.variables import PAR_WITHOUT_SIPAS, split_variable
from analysis.models.verdicts import split_parts


def num(value: Any, lang: str, digits: int = 2) -> str:
    """A number in the report's language (81,51 in Vietnamese), '—' when missing."""
    return "—" if value is None or pd.isna(value) else number(float(value), lang, f".{digits}f")


def interval(low: Any, high: Any, lang: str) -> str:
    return f"{num(low, lang)} – {num(high, lang)}"


def rank_text(rank: Any, n_ranked: Any, lang: str, basis: str = "stated") -> str:
    """'60/63' ('60 of 63' in English), starred when derived from a stated change; '—' when missing."""
    if pd.isna(rank):
        return "—"
    return f"{int(rank)}{t('of', lang)}{int(n_ranked)}" + ("*" if basis == "derived" else "")


def move_words(move: float, lang: str) -> str:
    """'giảm 17 bậc' / 'up 3' / 'unchanged' for places gained (positive) or lost; '—' when unknown."""
    if pd.isna(move):
        return "—"
    return t("same", lang) if move == 0 else t("up" if move > 0 else "down", lang, k=abs(int(move)))


def ordinal_largest(order: int, lang: str) -> str:
    """'largest' / '3rd-largest' ('lớn nhất' / 'lớn thứ 3')."""
    if order == 1:
        return t("largest", lang)
    suffix = "th" if 10 <= order % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(order % 10, "th")
    return t("kth_largest", lang, k=f"{order}{suffix}" if lang == "en" else order)


def places(move: float, lang: str) -> str:
    """'down 17 places' / 'giảm 17 bậc'; 'unchanged' for 0."""
    if move == 0:
        return t("same", lang)
    key = "rose" if move > 0 else "fell"
    return t(f"{key}_one", lang) if abs(int(move)) == 1 else t(key, lang, k=abs(int(move)))


def plain_label(variable: str, panel: pd.DataFrame, lang: str) -> str:
    """A model variable as a leader reads it, without codes: 'PAPI', 'PAPI – Public Administrative Procedures'."""
    if variable == PAR_WITHOUT_SIPAS:
        return t("par_without_sipas", lang)
    index, code = split_variable(variable)
    if code == "total":
        return INDEX_LABEL[index]
    names = panel[(panel["index"] == index) & (panel["indicator_code"] == code)]
    column = "indicator_name_vi" if lang == "vi" else "indicator_name_en"
    found = names[column].dropna()
    name = str(found.iloc[-1]) if len(found) else code
    return t("papi_named" if index == "papi" else "par_named", lang, name=name)


def source_name(url: str) -> str:
    """The site a source lives on ('hanamtv.vn'), as a reader names it."""
    host = urlparse(url).netloc
    return host.removeprefix("www.") or url


def format_p(p: float, lang: str = "en") -> str:
    """p-values as a reader should see them, in the language's number format: never 'p = 0.000'."""
    if pd.isna(p):
        return "—"
    return "< " + number(0.001, lang, ".3f") if p < 0.001 else "= " + number(p, lang, ".3f")


def period_text(split: str, lang: str) -> str:
    """'papi<2018' -> 'before the PAPI change of 2018' (or the Vietnamese)."""
    index, before, year = split_parts(split)
    return t("split_before" if before else "split_from", lang, index=INDEX_LABEL[index], year=year)


def breaks_text(breaks: str) -> str:
    """'papi 2018; par_index 2017, 2022' -> 'PAPI 2018; PAR INDEX 2017, 2022'."""
    parts = []
    for part in breaks.split("; "):
        index, _, years = part.partition(" ")
        parts.append(f"{INDEX_LABEL.get(index, index)} {years}")
    return "; ".join(parts)


def label(variable: str, panel: pd.DataFrame | None = None, lang: str = "en") -> str:
    """Human name of a model variable, e.g. papi_D5 -> 'PAPI D5 Public Administrative Procedures'."""
    if variable == PAR_WITHOUT_SIPAS:
        return t("par_without_sipas", lang)
    index, code = split_variable(variable)
    prefix = INDEX_LABEL[index]
    if code == "total" or panel is None:
        return prefix if code == "total" else f"{prefix} {code}"
    names = panel[(panel["index"] == index) & (panel["indicator_code"] == code)]
    column = "indicator_name_vi" if lang == "vi" else "indicator_name_en"
    name = names[column].dropna().iloc[-1] if names[column].notna().any() else ""
    return f"{prefix} {code} {name}".strip()


def labels(variables: set[str] | list[str], panel: pd.DataFrame, lang: str) -> dict[str, str]:
    return {variable: label(variable, panel, lang) for variable in variables}
