"""The data step: fetch and verify raw files, build and validate the panel, write data/processed/ atomically."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config, fetch
from analysis.atomic import write_all_or_nothing
from analysis.dictionary import render_readme
from analysis.panel import build_panel
from analysis.provinces import load_crosswalk, provinces_table
from analysis.wide import to_wide


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
    provinces = provinces_table(load_crosswalk(raw_dir))
    wide = to_wide(panel)
    cov = coverage(panel)
    csv = {"index": False, "encoding": "utf-8", "lineterminator": "\n"}
    write_all_or_nothing(
        processed_dir,
        {
            "indices_long.parquet": lambda p: panel.to_parquet(p, index=False),
            "indices_long.csv": lambda p: panel.to_csv(p, **csv),
            "indices_wide.csv": lambda p: wide.to_csv(p, **csv),
            "conflicts.csv": lambda p: conflicts.to_csv(p, **csv),
            "provinces.csv": lambda p: provinces.to_csv(p, **csv),
            "coverage.csv": lambda p: cov.to_csv(p, **csv),
            "README.md": lambda p: p.write_text(render_readme(), encoding="utf-8"),
        },
    )
    return {"rows": len(panel), "conflicts": len(conflicts), "processed_dir": str(processed_dir)}


def run_data_step(source: Path, raw_dir: Path = config.RAW_DIR, processed_dir: Path = config.PROCESSED_DIR) -> dict:
    fetch.fetch(source, raw_dir)
    return build_processed(raw_dir, processed_dir)
