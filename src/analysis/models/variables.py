"""Which panel columns the models use, their labels, and the conceptual PAR/PAPI/SIPAS pairs tested first."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.core.settings import load_plan
from analysis.data.store import to_wide

PAPI_DIMENSIONS = [f"papi_D{d}" for d in range(1, 9)]
PAR_COMPONENTS = [f"par_index_C{d}" for d in range(1, 9)] + ["par_index_C8_SIPAS", "par_index_APPRAISAL"]
PAR_WITHOUT_SIPAS = "par_index_excl_sipas"  # PAR INDEX minus its SIPAS points, where the component is known
OUTCOMES = ["papi_total", "sipas_total"]
PREDICTORS = ["par_index_total", PAR_WITHOUT_SIPAS, "sipas_total", "papi_total", *PAPI_DIMENSIONS, *PAR_COMPONENTS]
ASSOCIATION_VARIABLES = [
    "papi_total",
    *PAPI_DIMENSIONS,
    "sipas_total",
    "par_index_total",
    PAR_WITHOUT_SIPAS,
    *PAR_COMPONENTS,
]

# Conceptual overlaps (outcome, predictor, why); tested before everything else and flagged in the results.
CONCEPT_PAIRS = [
    ("papi_D5", "par_index_C3", "PAPI public administrative procedures <-> PAR administrative procedure reform"),
    ("papi_D8", "par_index_C7", "PAPI e-governance <-> PAR e-government / modernisation"),
    ("sipas_total", "par_index_C8", "SIPAS feeds PAR's impact-on-people component"),
    ("sipas_total", "par_index_C8_SIPAS", "SIPAS points inside PAR's impact component"),
    ("sipas_total", "papi_D5", "Citizens' experience of procedures in PAPI <-> satisfaction with services in SIPAS"),
    ("papi_total", "par_index_total", "Citizens' experience of governance <-> MoHA's reform index"),
    ("papi_total", "sipas_total", "Two citizen surveys"),
]

# Indices whose rows the press and portals chose to report (so extremes are over-represented).
SELECTED_SAMPLE_PREFIXES = ("par_index", "sipas")


EXCLUDED_COLUMNS = ["index", "indicator_code", "year", "province_code", "province_name", "quality", "score", "rank"]


def _left_out(panel: pd.DataFrame, qualities: Iterable[str] | None) -> pd.Series:
    """The panel rows whose quality the plan keeps out of the models (config/analysis_plan.yml, model_qualities:
    None reads the plan), and that have a value to leave out."""
    allowed = load_plan().model_qualities if qualities is None else tuple(qualities)
    return ~panel["quality"].isin(allowed) & (panel["score"].notna() | panel["rank"].notna())


def analysis_frame(panel: pd.DataFrame, qualities: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per province-year with every model variable (missing stays missing). A value whose quality is not
    among `qualities` (None: the plan's model_qualities) is set missing first (score and rank), so it enters no
    model; `excluded_by_quality` lists those values."""
    left_out = _left_out(panel, qualities)
    wide = to_wide(panel.assign(score=panel["score"].mask(left_out), rank=panel["rank"].mask(left_out)))
    for column in set(ASSOCIATION_VARIABLES) - set(wide.columns) - {PAR_WITHOUT_SIPAS}:
        wide[column] = float("nan")
    wide[PAR_WITHOUT_SIPAS] = wide["par_index_total"] - wide["par_index_C8_SIPAS"]
    return wide


def excluded_by_quality(panel: pd.DataFrame, qualities: Iterable[str] | None = None) -> pd.DataFrame:
    """The values `analysis_frame` leaves out for their quality: index, indicator_code, year, province_code,
    province_name, quality, score and rank, one row per panel value."""
    rows = panel.loc[_left_out(panel, qualities), EXCLUDED_COLUMNS]
    return rows.sort_values(["index", "year", "province_code", "indicator_code"]).reset_index(drop=True)


def is_part_of(predictor: str, outcome: str) -> bool:
    """A predictor from the outcome's own index (PAPI total ~ PAPI dimension) is a part-whole identity, not a link."""
    return split_variable(predictor)[0] == split_variable(outcome)[0]


def index_of(variable: str) -> str:
    """The index a model variable belongs to: papi, par_index or sipas."""
    return split_variable(variable)[0]


def uses_selected_sample(*variables: str) -> bool:
    return any(v.startswith(SELECTED_SAMPLE_PREFIXES) for v in variables)


def split_variable(variable: str) -> tuple[str, str]:
    for index in ("par_index", "papi", "sipas"):
        if variable.startswith(index + "_"):
            return index, variable[len(index) + 1 :]
    raise KeyError(variable)
