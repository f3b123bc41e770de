"""The data step: fetch and verify raw files, build and validate the panel, write data/processed/ atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core import config
from analysis.core.atomic import write_all_or_nothing, write_csv
from analysis.core.settings import RESPONSIBILITIES_PATH, Responsibilities, load_plan, load_responsibilities
from analysis.data import precision
from analysis.data.boundaries import boundaries_name, simplified_boundaries
from analysis.data.dictionary import render_readme
from analysis.data.panel import build_panel
from analysis.data.provinces import Crosswalk, load_crosswalk, provinces_table, units_2025_table
from analysis.data.sources.criteria import read_criteria
from analysis.data.sources.papi_sheets import read_official_sheets
from analysis.data.sources.scorecard import read_scorecards
from analysis.data.store import to_wide, total_rows


def coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """How many provinces have a score and a rank, per index, level and year."""
    grouped = panel.groupby(["index", "level", "year"])
    cov = pd.DataFrame(
        {
            "provinces_with_score": grouped.apply(lambda d: d.loc[d["score"].notna(), "province_code"].nunique()),
            "provinces_with_rank": grouped.apply(lambda d: d.loc[d["rank"].notna(), "province_code"].nunique()),
            "indicators": grouped["indicator_code"].nunique(),
        }
    )
    return cov.reset_index()


def papi_rank_changes(panel: pd.DataFrame, indicators: pd.DataFrame, draws: int, seed: int) -> pd.DataFrame:
    """PAPI rank changes with their uncertainty (analysis.data.precision.rank_changes) from the panel's totals and
    the sheets' published errors, within each province scheme (codes before and after the 2025 merger differ);
    `same_method` is False where PAPI's framework changed between the two years."""
    papi = total_rows(panel, "papi")
    errors = indicators.loc[indicators["indicator_code"] == "total", ["year", "province_code", "std_error"]]
    totals = papi[["year", "province_code", "score", "scheme"]].merge(errors, on=["year", "province_code"], how="left")
    changes = [precision.rank_changes(rows, draws, seed) for _, rows in totals.groupby("scheme")]
    out = pd.concat(changes, ignore_index=True) if changes else pd.DataFrame(columns=precision.CHANGE_COLUMNS)
    method = papi.groupby("year")["methodology"].first()
    return out.assign(same_method=out["year"].map(method).eq((out["year"] - 1).map(method)).to_numpy())


def _agencies(crosswalk: Crosswalk, path: Path) -> tuple[str, Responsibilities] | None:
    """The province named in config/responsibilities.yml with its assignment (None without the file)."""
    assignment = load_responsibilities(path)
    if assignment is None:
        return None
    code = crosswalk.code(assignment.province, file=str(path), column="province")
    return code, assignment


def _parquet(frame: Any) -> Callable[[Path], object]:
    return lambda path: frame.to_parquet(path, index=False)


@dataclass(frozen=True)
class DataSummary:
    rows: int
    conflicts: int
    written: list[Path]


def build_processed(
    raw_dir: Path = config.RAW_DIR,
    processed_dir: Path = config.PROCESSED_DIR,
    manifest: Path = config.MANIFEST_PATH,
    responsibilities: Path = RESPONSIBILITIES_PATH,
) -> DataSummary:
    """Build and validate the panel, then write every processed file, or nothing at all if anything fails;
    `manifest` (the data/manifest.csv the raw files were checked against) is kept beside them."""
    panel, conflicts = build_panel(raw_dir)
    crosswalk = load_crosswalk(raw_dir)
    criteria = read_criteria(Path(raw_dir), crosswalk)  # checked before the slower steps: a bad row stops the build
    provinces = provinces_table(crosswalk)
    wide = to_wide(panel)
    cov = coverage(panel)
    indicators, sheet_checks = read_official_sheets(Path(raw_dir), crosswalk, panel)
    plan = load_plan()
    ranges = precision.rank_ranges(indicators, plan.rank_draws, plan.seed)
    pairs = precision.indistinguishable_pairs(indicators)
    changes = papi_rank_changes(panel, indicators, plan.rank_draws, plan.seed)
    scorecards = read_scorecards(Path(raw_dir), panel, _agencies(crosswalk, responsibilities))
    boundaries = {
        scheme: simplified_boundaries(Path(raw_dir), scheme, crosswalk.codes(year))
        for scheme, year in ((63, config.FIRST_YEAR), (34, config.MERGER_YEAR))
    }
    writers = {
        "indices_long.parquet": lambda p: panel.to_parquet(p, index=False),
        "indices_long.csv": lambda p: write_csv(panel, p),
        "indices_wide.csv": lambda p: write_csv(wide, p),
        "conflicts.csv": lambda p: write_csv(conflicts, p),
        "provinces.csv": lambda p: write_csv(provinces, p),
        "provinces_2025.csv": lambda p: write_csv(units_2025_table(crosswalk), p),
        "province_spellings.csv": lambda p: write_csv(crosswalk.spelling_rows, p),
        "par_index_scorecards.csv": lambda p: write_csv(scorecards, p),
        "par_index_criteria.csv": lambda p: write_csv(criteria, p),
        **{boundaries_name(scheme): _parquet(shapes) for scheme, shapes in boundaries.items()},
        "coverage.csv": lambda p: write_csv(cov, p),
        "papi_indicators.csv": lambda p: write_csv(indicators, p),
        "papi_indicators.parquet": lambda p: indicators.to_parquet(p, index=False),
        "papi_sheet_checks.csv": lambda p: write_csv(sheet_checks, p),
        "papi_rank_ranges.csv": lambda p: write_csv(ranges, p),
        "papi_indistinguishable_pairs.csv": lambda p: write_csv(pairs, p),
        "papi_rank_changes.csv": lambda p: write_csv(changes, p),
        "source_manifest.csv": lambda p: p.write_bytes(Path(manifest).read_bytes()),
        "README.md": lambda p: p.write_text(render_readme(), encoding="utf-8"),
    }
    written = write_all_or_nothing(processed_dir, writers)
    return DataSummary(rows=len(panel), conflicts=len(conflicts), written=written)
