"""Loading the processed tables (the panel, long or wide, and the PAPI rank tables) in one line, without importing
what built them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import config


def built(path: Path, step: str = "data") -> Path:
    """`path`, a file the data (or models) step writes; a clear error naming the step to run when it is missing."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path} does not exist yet: run `make {step}` (python -m analysis {step})")
    return Path(path)


def load_panel(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """The tidy long panel (build it first with `make data`)."""
    return pd.read_parquet(built(Path(processed_dir or config.PROCESSED_DIR) / "indices_long.parquet"))


def total_rows(
    panel: pd.DataFrame, index: str | tuple[str, ...] | None = None, year: int | None = None
) -> pd.DataFrame:
    """The rows of index totals (level 'total'), of one index or several and of one year or every year."""
    keep = panel["level"] == "total"
    if index is not None:
        keep &= panel["index"].isin([index] if isinstance(index, str) else index)
    if year is not None:
        keep &= panel["year"] == year
    return panel[keep]


def to_wide(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per province-year; columns `<index>_<indicator>` hold scores, `<index>_total_rank` the ranks."""
    keys = ["year", "province_code", "province_name", "region"]
    panel = panel.assign(column=panel["index"] + "_" + panel["indicator_code"])
    scores = panel.set_index([*keys, "column"])["score"].unstack("column")
    totals = total_rows(panel)
    ranks = totals.set_index([*keys, "column"])["rank"].unstack("column")
    ranks.columns = [f"{c}_rank" for c in ranks.columns]
    wide = scores.join(ranks, how="left").reset_index()
    wide.columns.name = None
    return wide.sort_values(["year", "province_code"]).reset_index(drop=True)


def load_wide(processed_dir: str | Path | None = None) -> pd.DataFrame:
    return to_wide(load_panel(processed_dir))


def load_rank_ranges(processed_dir: Path) -> pd.DataFrame:
    return read_processed_table(Path(processed_dir) / "papi_rank_ranges.csv")


def load_rank_changes(processed_dir: Path) -> pd.DataFrame:
    return read_processed_table(Path(processed_dir) / "papi_rank_changes.csv")


def read_processed_table(path: Path) -> pd.DataFrame:
    """A table of the data step, with province codes kept as text; a clear error when the step has not run."""
    return pd.read_csv(built(path), dtype={"province_code": str, "province_a": str, "province_b": str})
