"""How far each panel value can be trusted: the panel's `quality` column, read by rule from the notes of the source
rows and from the methodology table, never typed in by hand.

The qualities, from the most to the least trusted (analysis.core.config.QUALITIES, data/panel_columns.yml):

  published          official sheets: PAPI (sub-dimension files checked against the official totals) and ministry
                     annexes imported with `python -m analysis import` (their note starts "Official annex imported
                     from"); the checked PAR INDEX scorecards are official too but are not panel rows
  stated             a source states the value: every other PAR INDEX / SIPAS row
  derived            computed from a stated change or a rank order: the note starts with DERIVED, ASSUMED, DEDUCED,
                     INFERRED or IMPLIED, also after RANK or SCORE ("RANK INFERRED from an ordered list"), or the
                     row's basis is derived (one of those flags anywhere in the note, as the source resolution reads
                     it: "rank 5 = 12-7 (DERIVED rank ...)")
  secondary-partial  a secondary compilation seen only in part: the note starts with "Secondary compilation" (the
                     HuggingFace dataset-viewer previews, of which only the first rows were visible)
  ambiguous          the source itself is unclear: the note starts with AMBIGUOUS, or with DERIVED (AMBIGUOUS base)
                     (a value derived from an unclear base)
  not-comparable     a year before the index's series starts: the first result year that the index's methodology
                     table (reference/methodology/versions.csv, analysis.data.methodology) lists, e.g. SIPAS
                     before its first nationwide survey

Markers are read at the start of the note, ignoring case, spacing and leading punctuation: "  ambiguous :" and
"Derived ( ambiguous base )" are markers, "... which the existing file only had as DERIVED" is not. When several
rules apply, the less trusted quality wins: not-comparable > ambiguous > secondary-partial > derived > stated >
published. Every rule is a vectorised string match over the whole column.

Where several source rows give one province-year, the resolved panel row carries the quality of the row its value
was taken from; when its score and its rank were taken from different rows, the less trusted of the two
(`least_trusted`), as `basis` is derived when either is. The analysis plan (config/analysis_plan.yml,
model_qualities) says which qualities enter the models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.core import config
from analysis.data.methodology import series_starts

QUALITIES = config.QUALITIES
TRUST = {quality: order for order, quality in enumerate(QUALITIES)}  # larger = less trusted
# The flag anywhere in a note that makes a row's basis derived (as source resolution has always read it); a note
# that only mentions another row's basis ("which the existing file only had as DERIVED") marks nothing.
INDIRECT = re.compile(r"(?<!had as )\b(?:DERIVED|ASSUMED|DEDUCED|INFERRED|IMPLIED|AMBIGUOUS)\b")
LEAD = r"^[\W_]*"  # spaces, quotes, brackets or bullets before a note's leading marker
MARKERS = {  # leading markers, case-insensitive; the less trusted first
    "ambiguous": re.compile(LEAD + r"(?:derived\W*)?ambiguous\b", re.IGNORECASE),
    "secondary-partial": re.compile(LEAD + r"secondary\s+compilation\b", re.IGNORECASE),
    "derived": re.compile(
        LEAD + r"(?:(?:rank|score)\s+)?(?:derived|assumed|deduced|inferred|implied)\b", re.IGNORECASE
    ),
}


def note_markers(notes: pd.Series) -> pd.DataFrame:
    """One boolean column per leading marker (ambiguous, secondary-partial, derived), plus `indirect`: the row is
    not stated directly (a derived or ambiguous leading marker, or a flag anywhere in the note)."""
    text = notes.fillna("").astype(str)
    found = pd.DataFrame(
        {quality: text.str.contains(pattern) for quality, pattern in MARKERS.items()}, index=notes.index
    )
    found["indirect"] = found["derived"] | found["ambiguous"] | text.str.contains(INDIRECT)
    return found


def note_quality(notes: pd.Series, published: pd.Series | None = None) -> pd.Series:
    """Each source row's quality from its note (see the module docstring); `published` marks the rows of official
    sheets, which are published unless a note says otherwise."""
    found = note_markers(notes)
    base = np.where(published.to_numpy(bool), "published", "stated") if published is not None else "stated"
    chosen = np.select(
        [found["ambiguous"], found["secondary-partial"], found["indirect"]],
        ["ambiguous", "secondary-partial", "derived"],
        default=base,
    )
    return pd.Series(chosen, index=notes.index, dtype=object)


def not_comparable(index: pd.Series, year: pd.Series, versions: pd.DataFrame) -> pd.Series:
    """True for the rows of a year before their index's series starts (analysis.data.methodology.series_starts)."""
    starts = index.map(series_starts(versions))
    return pd.Series(year.to_numpy() < starts.to_numpy(float), index=index.index)


def with_methodology_rule(quality: pd.Series, index: pd.Series, year: pd.Series, versions: pd.DataFrame) -> pd.Series:
    """`quality` with not-comparable wherever the year precedes its index's series (it outranks every other)."""
    return quality.mask(not_comparable(index, year, versions), "not-comparable")


def least_trusted(qualities: Iterable[str]) -> str:
    """The least trusted of some qualities (the one that wins when several apply)."""
    return max(qualities, key=TRUST.__getitem__)
