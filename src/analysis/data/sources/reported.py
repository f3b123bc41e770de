"""PAR INDEX and SIPAS as collected from portals and the press: long files with one row per source per fact.

Totals: `year, province_name_vi, rank, score, source_url, notes`.
Components: `year, province_name_vi, component_code, component_name_vi, score, [max_score,] source_url, notes`.
A full ministry annex brought in the same tidy form (one row per province) is read the same way.
Every row gets its `basis` (stated or derived) and its `quality` from its note (rules in analysis.data.quality).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from analysis.core import config
from analysis.core.errors import DataError
from analysis.data.csvfile import LINE, convert_numeric, first_row_error, parse_years, read_csv
from analysis.data.provinces import Crosswalk, match_key
from analysis.data.quality import note_markers, note_quality
from analysis.data.sources.annex import ANNEX_FOLDER, ANNEX_NOTE
from analysis.data.sources.tidy import tidy

FILES = {
    "par_index": ("par_index/par_index_total.csv", "par_index/par_index_components.csv"),
    "sipas": ("sipas/sipas_total.csv", "sipas/sipas_components.csv"),
}
NATIONAL_KEY = "toanquoc"


def source_tiers(urls: pd.Series, notes: pd.Series) -> pd.Series:
    """Each row's source tier: -1 a ministry annex the user imported (the ministry's own table), 0 official portal
    (*.gov.vn), 1 press and other primary reports, 2 secondary compilations (datasets)."""
    hosts = urls.fillna("").map({url: urlparse(url).netloc.lower() for url in urls.fillna("").unique()})
    notes = notes.fillna("")
    secondary = hosts.str.contains("huggingface.co", regex=False) | notes.str.lower().str.contains(
        "secondary compilation", regex=False
    )
    tier = pd.Series(1, index=urls.index).mask(hosts.str.endswith("gov.vn"), 0).mask(secondary, 2)
    return tier.mask(notes.str.startswith(ANNEX_NOTE), -1)


def read_reported(raw_dir: Path, rel: str, index: str, crosswalk: Crosswalk) -> pd.DataFrame:
    """Every province row with a score or a rank, as tidy rows plus `basis` and `tier` for source resolution.

    National averages and bare group mentions (neither score nor rank) are left out: they are context, not a
    province's value.
    """
    components = "component" in Path(rel).name
    required = ["year", "province_name_vi", "score", "source_url", "notes"]
    required += ["component_code", "component_name_vi"] if components else ["rank"]
    frame = read_csv(raw_dir / rel, required, label=rel)
    if frame.empty:
        raise DataError(rel, "has a header but no rows: an empty table would silently remove every value it held")
    numeric = ["score"] + [c for c in ("rank", "max_score") if c in frame]
    convert_numeric(frame, numeric, rel)
    _check_every_row(frame, rel)
    names = frame["province_name_vi"].fillna("")
    loose = dict(zip(pd.unique(names), (match_key(n) for n in pd.unique(names)), strict=True))
    frame = frame[~names.map(loose).str.startswith(NATIONAL_KEY)]
    has_value = frame["score"].notna() | (frame["rank"].notna() if "rank" in frame else False)
    frame = frame[has_value].copy()
    if frame.empty:
        return tidy(pd.DataFrame())
    frame["year"] = parse_years(frame, rel)
    # each distinct name is looked up once per scheme, at its first line (so an unknown one is named there)
    schemes = frame["year"].map(config.scheme_of)
    lookups = frame.assign(_name=frame["province_name_vi"].fillna(""), _scheme=schemes).drop_duplicates(
        ["_name", "_scheme"]
    )
    codes = {
        (name, scheme): crosswalk.code(name, year=year, file=rel, line=line, column="province_name_vi")
        for name, scheme, year, line in zip(
            lookups["_name"], lookups["_scheme"], lookups["year"], lookups[LINE], strict=True
        )
    }
    frame["province_code"] = [codes[key] for key in zip(frame["province_name_vi"].fillna(""), schemes, strict=True)]
    sizes = schemes.map(config.SCHEME_SIZES)
    if "rank" in frame:
        rank = frame["rank"]
        wrong = rank.notna() & ((rank != rank.round()) | (rank < 1) | (rank > sizes))
        if wrong.any():
            problem = f"rank must be a whole number from 1 to {sizes[wrong].iloc[0]} (the provinces of that year)"
            raise first_row_error(rel, frame[wrong], "rank", problem)
        frame["n_ranked"] = sizes.where(rank.notna())
    frame["index"] = index
    frame["level"] = "component" if components else "total"
    if components:
        frame["indicator_code"] = frame["component_code"]
        frame["indicator_name_vi"] = frame["component_name_vi"]
    else:
        frame["indicator_code"] = "total"
    frame["source"] = frame["source_url"]
    frame["source_file"] = rel
    frame["source_line"] = frame[LINE].astype(str)
    frame["note"] = frame["notes"]
    frame["quality"] = note_quality(frame["notes"], published=frame["notes"].fillna("").str.startswith(ANNEX_NOTE))
    out = tidy(frame)
    # not stated by the source itself (arithmetic on a stated change, list position, guess, an unclear base)
    out["basis"] = np.where(note_markers(frame["notes"])["indirect"].to_numpy(), "derived", "stated")
    out["tier"] = source_tiers(frame["source_url"], frame["notes"]).to_numpy()
    return out


def _check_every_row(frame: pd.DataFrame, rel: str) -> None:
    """Checks on every source row, before any is preferred to another: a score from 0 to 100 (or to the row's
    stated maximum), and no row that repeats another exactly (a copy is not a second source)."""
    upper = frame["max_score"].fillna(100.0) if "max_score" in frame else pd.Series(100.0, index=frame.index)
    outside = frame["score"].notna() & ~frame["score"].between(0, upper + 0.005)
    if outside.any():
        raise first_row_error(rel, frame[outside], "score", f"score must be from 0 to {upper[outside].iloc[0]:g}")
    content = [c for c in frame.columns if c != LINE]
    copies = [lines for lines in frame.groupby(content, dropna=False, sort=False)[LINE].agg(list) if len(lines) > 1]
    if copies:
        raise DataError(
            rel,
            f"repeats line {copies[0][0]} exactly; a copied row is not a second source, remove one",
            line=int(copies[0][1]),
        )


def read_index(raw_dir: Path, index: str, crosswalk: Crosswalk) -> pd.DataFrame:
    """Totals and components of one reported index, then every annex imported for it (`python -m analysis
    import`); a missing components file is simply no components."""
    totals_rel, components_rel = FILES[index]
    frames = [read_reported(raw_dir, totals_rel, index, crosswalk)]
    if (raw_dir / components_rel).is_file():
        frames.append(read_reported(raw_dir, components_rel, index, crosswalk))
    annexes = sorted((raw_dir / index / ANNEX_FOLDER).glob("*.csv"))
    frames += [read_reported(raw_dir, path.relative_to(raw_dir).as_posix(), index, crosswalk) for path in annexes]
    return pd.concat([f for f in frames if not f.empty], ignore_index=True)
