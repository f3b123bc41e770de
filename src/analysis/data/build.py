"""The data step: fetch and verify raw files, build and validate the panel, write data/processed/ atomically."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import config
from analysis.core.atomic import write_all_or_nothing, write_csv
from analysis.core.settings import load_plan
from analysis.data import fetch, precision
from analysis.data.dictionary import render_readme
from analysis.data.panel import build_panel
from analysis.data.provinces import load_crosswalk, provinces_table
from analysis.data.sources.papi_sheets import read_official_sheets
from analysis.data.store import to_wide


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


def build_processed(raw_dir: Path = config.RAW_DIR, processed_dir: Path = config.PROCESSED_DIR) -> dict:
    """Build and validate the panel, then write every processed file, or nothing at all if anything fails."""
    panel, conflicts = build_panel(raw_dir)
    crosswalk = load_crosswalk(raw_dir)
    provinces = provinces_table(crosswalk)
    wide = to_wide(panel)
    cov = coverage(panel)
    indicators, sheet_checks = read_official_sheets(Path(raw_dir), crosswalk, panel)
    plan = load_plan()
    ranges = precision.rank_ranges(indicators, plan.rank_draws, plan.seed)
    pairs = precision.indistinguishable_pairs(indicators)
    write_all_or_nothing(
        processed_dir,
        {
            "indices_long.parquet": lambda p: panel.to_parquet(p, index=False),
            "indices_long.csv": lambda p: write_csv(panel, p),
            "indices_wide.csv": lambda p: write_csv(wide, p),
            "conflicts.csv": lambda p: write_csv(conflicts, p),
            "provinces.csv": lambda p: write_csv(provinces, p),
            "coverage.csv": lambda p: write_csv(cov, p),
            "papi_indicators.csv": lambda p: write_csv(indicators, p),
            "papi_indicators.parquet": lambda p: indicators.to_parquet(p, index=False),
            "papi_sheet_checks.csv": lambda p: write_csv(sheet_checks, p),
            "papi_rank_ranges.csv": lambda p: write_csv(ranges, p),
            "papi_indistinguishable_pairs.csv": lambda p: write_csv(pairs, p),
            "README.md": lambda p: p.write_text(render_readme(), encoding="utf-8"),
        },
    )
    return {"rows": len(panel), "conflicts": len(conflicts), "processed_dir": str(processed_dir)}


def run_data_step(source: Path, raw_dir: Path = config.RAW_DIR, processed_dir: Path = config.PROCESSED_DIR) -> dict:
    fetch.fetch(source, raw_dir)
    return build_processed(raw_dir, processed_dir)
