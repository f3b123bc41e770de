"""The tables the model step writes into data/processed, and how a later stage reads them: plain pandas, no model
code, so the report reads the results without importing statsmodels and friends."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import config
from analysis.data.store import built

# the families a correlation belongs to besides the plan's own (plan:<scope>)
DESCRIPTIVE, EXPLORATORY = "descriptive (within one index)", "exploratory (not in the plan)"
ROBUSTNESS = "robustness (one side of a methodology break)"

OUTPUT_TABLES = {
    "model_results": "results",
    "correlations": "correlations",
    "correlations_skipped": "correlations_skipped",
    "models_skipped": "skipped",
    "model_summaries": "summaries",
    "selection_rank_coverage": "rank_coverage",
    "selection_weighted": "selection_weighted",
    "rank_agreement": "agreement",
    "divergences": "divergences",
    "specifications": "specifications",
    "papi_priorities": "priorities",
    "measurement_error": "measurement",
    "excluded_by_quality": "excluded_by_quality",
}


def load_model_outputs(processed_dir: Path = config.PROCESSED_DIR) -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(built(Path(processed_dir) / f"{name}.csv", step="models"), dtype={"province_code": str})
        for name in OUTPUT_TABLES
    }
