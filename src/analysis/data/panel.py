"""Clean stage: assemble one tidy panel of PAPI, PAR INDEX and SIPAS, resolve duplicate sources, rank, validate.

Resolution rule for PAR INDEX / SIPAS, where several sources report the same province-year (each field, score
and rank, is resolved on its own, from the rows that give a value for it):
  1. a value some source states directly beats one only derived (DERIVED/ASSUMED/INFERRED/IMPLIED/DEDUCED/AMBIGUOUS);
  2. then official portals (*.gov.vn) beat the press, which beats secondary compilations (datasets);
  3. then the value more rows report;
  4. then, if the preferred value breaks the year's table (a better rank with a lower score, or a rank another
     province holds) and another reported value does not, the other value is taken;
  5. otherwise the first row in the file.
Every province-year-field with more than one distinct value goes to conflicts.csv with all candidates and why.
The resolved row keeps the `quality` of the row(s) its values were taken from (analysis.data.quality), and every
row of a year before its index's series starts (reference/methodology/versions.csv) is not-comparable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import config
from analysis.core.errors import DataError, DataErrors
from analysis.data.indicator_names import PAR_COMPONENTS_EN, TOTAL_NAMES
from analysis.data.methodology import load_versions
from analysis.data.provinces import Crosswalk, load_crosswalk
from analysis.data.quality import least_trusted, with_methodology_rule
from analysis.data.schema import PANEL_COLUMNS, READER_COLUMNS, validate_panel
from analysis.data.sources import papi as papi_source
from analysis.data.sources import reported

KEY = ["year", "province_code", "index", "indicator_code"]
CROSS_CHECK_TOLERANCE = 0.001
CONFLICT_COLUMNS = [
    "year",
    "index",
    "indicator_code",
    "province_code",
    "province_name",
    "field",
    "kind",
    "chosen",
    "rule",
    "candidates",
]


# ---------------------------------------------------------------- PAPI
def build_papi(raw_dir: Path, crosswalk: Crosswalk) -> pd.DataFrame:
    """Sub-dimensions as published; dimensions and totals by summation; ranks among complete provinces."""
    years = papi_source.papi_years(raw_dir)
    subs = pd.concat([papi_source.read_subdimensions(raw_dir, y, crosswalk) for y in years], ignore_index=True)
    # A sub-dimension not surveyed at all in a year (e.g. SC24 before 2018) does not exist that year.
    exists = subs.groupby(["year", "indicator_code"])["score"].transform(lambda s: s.notna().any())
    subs = subs[exists].copy()
    subs["dimension"] = "D" + subs["indicator_code"].str[2]
    per_dim = subs.groupby(["year", "dimension"])["indicator_code"].transform("nunique")
    subs["max_score"] = 10.0 / per_dim
    subs["basis"] = "published"

    dims = _sum_complete(subs, ["year", "province_code", "dimension"])
    dims = dims.rename(columns={"dimension": "indicator_code"})
    dims["level"], dims["max_score"], dims["basis"] = "dimension", 10.0, "sum of sub-dimensions"
    totals = _sum_complete(dims.assign(dimension="total"), ["year", "province_code", "dimension"])
    totals = totals.rename(columns={"dimension": "indicator_code"})
    totals["level"], totals["basis"] = "total", "sum of dimensions"
    totals["max_score"] = totals["year"].map(dims.groupby("year")["indicator_code"].nunique() * 10.0)

    papi = pd.concat([totals, dims, subs.drop(columns="dimension")], ignore_index=True)
    papi["index"] = "papi"
    papi["quality"] = "published"
    _name_papi_indicators(papi, raw_dir)
    return _rank_papi(papi)


def _sum_complete(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum scores within `keys`; the sum is missing unless every part present that year has a value."""
    parts_per_group = rows.groupby(["year", keys[-1]])["indicator_code"].transform("nunique")
    rows = rows.assign(_parts=parts_per_group)
    grouped = rows.groupby(keys, sort=False)
    out = grouped.agg(
        score=("score", "sum"),
        n_values=("score", "count"),
        n_parts=("_parts", "first"),
        source=("source", "first"),
        source_file=("source_file", "first"),
        source_line=("source_line", "first"),
    ).reset_index()
    out.loc[out["n_values"] < out["n_parts"], "score"] = np.nan
    return out.drop(columns=["n_values", "n_parts"])


def _name_papi_indicators(papi: pd.DataFrame, raw_dir: Path) -> None:
    _, subs_book, _ = papi_source.read_codebook(raw_dir)
    names_en = dict(zip(subs_book["Variable_Code"], subs_book["Variable_Name"], strict=True))
    names_vi = papi_source.subdimension_names_vi(raw_dir)
    official = pd.read_csv(raw_dir / "papi_official" / "papi_dimensions.csv", dtype=str)
    latest = official.sort_values("year").groupby("dimension_code")["dimension_name"].last()
    for code, name in latest.items():
        en, _, vi = str(name).partition(" / ")
        names_en[str(code)], names_vi[str(code)] = en.strip(), (vi or en).strip()
    names_vi["total"], names_en["total"] = TOTAL_NAMES["papi"]
    papi["indicator_name_vi"] = papi["indicator_code"].map(names_vi)
    papi["indicator_name_en"] = papi["indicator_code"].map(names_en)


def _rank_papi(papi: pd.DataFrame) -> pd.DataFrame:
    """PAPI publishes no ranks: rank each indicator among the provinces with a complete total that year (ties
    share the best rank). Provinces with partial data get no rank on anything."""
    complete = papi[(papi["level"] == "total") & papi["score"].notna()][["year", "province_code"]]
    ranked = papi.merge(complete.assign(_complete=True), on=["year", "province_code"], how="left")
    eligible = ranked["_complete"].eq(True) & ranked["score"].notna()
    scores = ranked["score"].where(eligible)
    group = [ranked["year"], ranked["indicator_code"]]
    ranked["rank"] = scores.groupby(group).rank(method="min", ascending=False)
    ranked["n_ranked"] = scores.groupby(group).transform("count").where(eligible)
    return ranked.drop(columns="_complete")


def cross_check_papi(papi: pd.DataFrame, raw_dir: Path, crosswalk: Crosswalk) -> pd.DataFrame:
    """Compare our sums with papi_official/ (totals and dimensions). Returns the disagreements (empty if none):
    a value differing by more than 0.001, or present on one side only."""
    official = pd.concat(
        [
            papi_source.read_official_totals(raw_dir, crosswalk).assign(
                indicator_code="total", file="papi_official/papi_totals.csv"
            ),
            papi_source.read_official_dimensions(raw_dir, crosswalk)
            .rename(columns={"dimension_code": "indicator_code"})
            .assign(file="papi_official/papi_dimensions.csv"),
        ],
        ignore_index=True,
    ).rename(columns={"_line": "official_line"})
    official = official[["year", "province_code", "indicator_code", "official", "file", "official_line"]]
    ours = papi[papi["level"].isin(["total", "dimension"])][
        ["year", "province_code", "indicator_code", "score", "source_file", "source_line"]
    ]
    both = official.merge(ours, on=["year", "province_code", "indicator_code"], how="outer")
    differs = (both["official"] - both["score"]).abs() > CROSS_CHECK_TOLERANCE
    one_sided = both["official"].isna() != both["score"].isna()
    return both[differs | one_sided]


# ---------------------------------------------------------------- PAR INDEX and SIPAS
def resolve_reported(rows: pd.DataFrame, crosswalk: Crosswalk) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One value per province-year-indicator from many source rows (see the module docstring for the rule)."""
    if rows.empty:
        return rows, pd.DataFrame(columns=CONFLICT_COLUMNS)
    choices: dict[tuple, dict] = {}
    for key, group in rows.groupby(KEY, sort=False):
        for field in ("score", "rank"):
            candidates = _ranked_candidates(group, field)
            if candidates:
                choices[(*key, field)] = {"candidates": candidates, "chosen": 0, "rule": _why(candidates)}
    _repair_inconsistent_choices(choices)

    resolved, conflicts = [], []
    for key, group in rows.groupby(KEY, sort=False):
        first = group.iloc[0]
        skip = ("score", "rank", "source", "source_line", "note", "quality")
        out = {c: first[c] for c in READER_COLUMNS if c not in skip}
        used_rows = []
        for field in ("score", "rank"):
            choice = choices.get((*key, field))
            out[field] = np.nan
            if not choice:
                continue
            value, witnesses = choice["candidates"][choice["chosen"]]
            out[field] = value
            used_rows.append(witnesses.rows.iloc[0])
            if field == "score" and pd.notna(witnesses.rows.iloc[0]["max_score"]):
                out["max_score"] = witnesses.rows.iloc[0]["max_score"]
            if len(choice["candidates"]) > 1:
                conflicts.append(_conflict_row(key, field, choice, crosswalk))
        used = pd.DataFrame(used_rows)
        out["basis"] = "derived" if (used["basis"] == "derived").any() else "stated"
        out["quality"] = least_trusted(used["quality"])
        out["source"] = " ; ".join(dict.fromkeys(used["source"]))
        out["source_file"] = ";".join(dict.fromkeys(used["source_file"]))
        out["source_line"] = ";".join(dict.fromkeys(used["source_line"]))
        out["n_ranked"] = np.nan if pd.isna(out["rank"]) else float(config.SCHEME_SIZES[config.scheme_of(out["year"])])
        resolved.append(out)
    frame = pd.DataFrame(resolved)
    conflicts += _shared_ranks(frame, crosswalk)
    return frame, pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS)


@dataclass(frozen=True)
class Witnesses:
    """The source rows that report one value (`frame.iloc[positions]`, strongest first), and what the resolution
    rule weighs."""

    frame: pd.DataFrame
    positions: np.ndarray
    derived: bool  # every one of them derived
    tier: int  # the best source tier among them (0 official, 1 press, 2 secondary)
    support: int  # how many rows
    first: int  # the earliest row in the file

    @property
    def rows(self) -> pd.DataFrame:
        return self.frame.iloc[self.positions]


def _ranked_candidates(group: pd.DataFrame, field: str) -> list[tuple[float, Witnesses]]:
    """Distinct values of `field`, best first by (stated, source tier, support, file order); computed for all values
    at once (numpy), so a province-year reported a hundred thousand times costs seconds, not hours."""
    with_value = group[group[field].notna()]
    if with_value.empty:
        return []
    derived = with_value["basis"].eq("derived").to_numpy()
    tier = with_value["tier"].to_numpy()
    # the strongest witness first (stated before derived, official before press), so the panel credits it
    ordered = with_value.iloc[np.argsort(derived.astype(int) * 10 + tier, kind="stable")]
    values, lines = ordered[field].to_numpy(float), ordered.index.to_numpy()
    distinct, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    grouped = np.argsort(inverse, kind="stable")  # rows of each value together, strongest first within it
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    derived_all = np.logical_and.reduceat(ordered["basis"].eq("derived").to_numpy()[grouped], starts)
    best_tier = np.minimum.reduceat(ordered["tier"].to_numpy()[grouped], starts)
    first = np.minimum.reduceat(lines[grouped], starts)
    candidates = [
        (float(value), Witnesses(ordered, positions, bool(every), int(best), int(count), int(line)))
        for value, positions, every, best, count, line in zip(
            distinct, np.split(grouped, starts[1:]), derived_all, best_tier, counts, first, strict=True
        )
    ]
    candidates.sort(key=lambda c: (c[1].derived, c[1].tier, -c[1].support, c[1].first))
    return candidates


TIER_REASONS = {
    -1: "ministry annex beats other reports",
    0: "official portal beats press",
    1: "primary report beats secondary compilation",
}


def _why(candidates: list[tuple[float, Witnesses]]) -> str:
    if len(candidates) < 2:
        return "single value"
    best, runner = candidates[0][1], candidates[1][1]
    if best.derived != runner.derived:
        return "stated beats derived"
    if best.tier != runner.tier:
        return TIER_REASONS[best.tier]
    if best.support != runner.support:
        return f"reported by more sources ({best.support} vs {runner.support})"
    return "first in file (equal evidence)"


def _repair_inconsistent_choices(choices: dict) -> None:
    """Rule 4: swap a preferred value that breaks its year's ranking for another reported one that does not."""
    for _ in range(3):
        changed = False
        for key, choice in choices.items():
            if len(choice["candidates"]) < 2:
                continue
            year, province, index, indicator, field = key
            others = _other_provinces(choices, year, index, indicator, province)
            mine = {f: _value(choices, (year, province, index, indicator, f)) for f in ("score", "rank")}
            if not _breaks(others, mine):
                continue
            for alternative, (value, _) in enumerate(choice["candidates"]):
                if alternative != choice["chosen"] and not _breaks(others, mine | {field: value}):
                    choice["chosen"], changed = alternative, True
                    choice["rule"] = "the preferred value contradicts the year's other ranks/scores; this one does not"
                    break
        if not changed:
            return


def _other_provinces(choices: dict, year: int, index: str, indicator: str, province: str) -> np.ndarray:
    """(rank, score) of every other province with a chosen rank in the same table; NaN where a score is missing."""
    pairs = [
        (rank, _value(choices, (y, p, i, ind, "score")))
        for (y, p, i, ind, f), choice in choices.items()
        if f == "rank"
        and (y, i, ind) == (year, index, indicator)
        and p != province
        and (rank := choice["candidates"][choice["chosen"]][0]) is not None
    ]
    return np.array([(rank, np.nan if score is None else score) for rank, score in pairs], dtype=float).reshape(-1, 2)


def _breaks(others: np.ndarray, mine: dict[str, float | None]) -> bool:
    """Whether a (rank, score) would share a rank with another province, or be ranked better with a lower score."""
    rank, score = mine["rank"], mine["score"]
    if rank is None or not len(others):
        return False
    if (others[:, 0] == rank).any():
        return True
    if score is None:
        return False
    with np.errstate(invalid="ignore"):
        return bool(((rank - others[:, 0]) * (score - others[:, 1]) > 0).any())


def _value(choices: dict, key: tuple) -> float | None:
    choice = choices.get(key)
    return choice["candidates"][choice["chosen"]][0] if choice else None


def _conflict_row(key: tuple, field: str, choice: dict, crosswalk: Crosswalk) -> dict:
    year, province, index, indicator = key
    listed = []
    for value, witnesses in choice["candidates"]:
        rows = witnesses.rows
        listed += [
            f"{value:g} [{basis}] {source} ({file}:{line})"
            for basis, source, file, line in zip(
                rows["basis"], rows["source"], rows["source_file"], rows["source_line"], strict=True
            )
        ]
    return {
        "year": year,
        "index": index,
        "indicator_code": indicator,
        "province_code": province,
        "province_name": crosswalk.name_vi(province),
        "field": field,
        "kind": "sources disagree",
        "chosen": choice["candidates"][choice["chosen"]][0],
        "rule": choice["rule"],
        "candidates": " | ".join(listed),
    }


def _shared_ranks(frame: pd.DataFrame, crosswalk: Crosswalk) -> list[dict]:
    """Two provinces holding the same reported rank (a tie, or one source is wrong): kept, but logged."""
    out = []
    ranked = frame[frame["rank"].notna()]
    for (year, index, indicator, rank), group in ranked.groupby(["year", "index", "indicator_code", "rank"]):
        if len(group) < 2:
            continue
        names = ", ".join(crosswalk.name_vi(c) for c in group["province_code"])
        out += [
            {
                "year": year,
                "index": index,
                "indicator_code": indicator,
                "province_code": code,
                "province_name": crosswalk.name_vi(code),
                "field": "rank",
                "kind": "rank held by several provinces",
                "chosen": rank,
                "rule": "kept as reported (tie or a source error)",
                "candidates": names,
            }
            for code in group["province_code"]
        ]
    return out


def name_reported_indicators(frame: pd.DataFrame) -> None:
    totals = frame["level"] == "total"
    for index, (vi, en) in TOTAL_NAMES.items():
        mask = totals & (frame["index"] == index)
        frame.loc[mask, "indicator_name_vi"], frame.loc[mask, "indicator_name_en"] = vi, en
        frame.loc[mask & frame["max_score"].isna(), "max_score"] = 100.0
    components = ~totals
    frame.loc[components, "indicator_name_en"] = frame.loc[components, "indicator_code"].map(PAR_COMPONENTS_EN)


# ---------------------------------------------------------------- assemble
def build_panel(raw_dir: Path = config.RAW_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(panel, conflicts) from the raw files; raises DataError/DataErrors on bad input."""
    raw_dir = Path(raw_dir)
    crosswalk = load_crosswalk(raw_dir)
    papi = build_papi(raw_dir, crosswalk)
    papi["source_line"] = papi["source_line"].astype(str)
    resolved, conflicts = [], []
    for index in ("par_index", "sipas"):
        frame, found = resolve_reported(reported.read_index(raw_dir, index, crosswalk), crosswalk)
        resolved.append(frame)
        conflicts.append(found)
    reported_panel = pd.concat(resolved, ignore_index=True)
    name_reported_indicators(reported_panel)
    panel = pd.concat([papi, reported_panel], ignore_index=True)
    panel["scheme"] = panel["year"].astype("int64").map(config.scheme_of).astype("int64")
    for scheme, rows in panel.groupby("scheme").groups.items():
        table = crosswalk.scheme_table(config.MERGER_YEAR if scheme == 34 else config.FIRST_YEAR)
        panel.loc[rows, "province_name"] = panel.loc[rows, "province_code"].map(table["name_vi"])
        panel.loc[rows, "region"] = panel.loc[rows, "province_code"].map(table["region_vi"])
    panel["basis"] = panel["basis"].fillna("published")
    panel["year"] = panel["year"].astype("int64")
    versions = load_versions(raw_dir)
    panel = panel.merge(
        versions[["index", "year", "methodology"]], on=["index", "year"], how="left", validate="many_to_one"
    )
    panel["quality"] = with_methodology_rule(panel["quality"], panel["index"], panel["year"], versions)
    panel = (
        panel[PANEL_COLUMNS]
        .sort_values(["index", "year", "level", "indicator_code", "province_code"], key=_level_order)
        .reset_index(drop=True)
    )
    panel["year"] = panel["year"].astype("int64")
    validate_panel(panel)
    _raise_on_official_mismatch(cross_check_papi(papi, raw_dir, crosswalk))
    return panel, pd.concat(conflicts, ignore_index=True)


def _raise_on_official_mismatch(mismatches: pd.DataFrame) -> None:
    if mismatches.empty:
        return
    errors = []
    for row in mismatches.to_dict("records"):
        ours = (
            f"the sub-dimensions in {row['source_file']} line {row['source_line']} sum to {row['score']}"
            if pd.notna(row["score"])
            else "the sub-dimension files give no complete value"
        )
        errors.append(
            DataError(
                row["file"] if isinstance(row["file"], str) else "papi_official/",
                f"PAPI {row['indicator_code']} {row['year']}, province {row['province_code']}: "
                f"official {row['official']} but {ours}",
                line=None if pd.isna(row["official_line"]) else int(row["official_line"]),
            )
        )
    raise DataErrors(errors)


def _level_order(column: pd.Series) -> pd.Series:
    if column.name == "level":
        return column.map({"total": 0, "dimension": 1, "subdimension": 2, "component": 3})
    return column
