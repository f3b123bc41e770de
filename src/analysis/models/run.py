"""Run every model on the panel and write the results as data (data/processed/), all-or-nothing."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core import config
from analysis.core.atomic import write_all_or_nothing, write_csv
from analysis.core.settings import PLAN_PATH, AnalysisPlan, load_plan
from analysis.models import associations, measurement, priorities, regressions, selection, verdicts
from analysis.models.outputs import OUTPUT_TABLES, ROBUSTNESS
from analysis.models.regressions import KINDS, RESULT_COLUMNS, ModelSpec
from analysis.models.variables import (
    ASSOCIATION_VARIABLES,
    CONCEPT_PAIRS,
    OUTCOMES,
    PAPI_DIMENSIONS,
    PREDICTORS,
    analysis_frame,
    excluded_by_quality,
    is_part_of,
)


@dataclass
class ModelRun:
    parameters: dict
    correlations: pd.DataFrame
    correlations_skipped: pd.DataFrame
    results: pd.DataFrame
    skipped: pd.DataFrame
    summaries: pd.DataFrame
    rank_coverage: pd.DataFrame
    selection_weighted: pd.DataFrame
    agreement: pd.DataFrame
    divergences: pd.DataFrame
    specifications: pd.DataFrame
    priorities: pd.DataFrame = field(default_factory=pd.DataFrame)  # every province's tested PAPI priorities
    measurement: pd.DataFrame = field(default_factory=pd.DataFrame)  # PAPI's survey error allowed for (robustness)
    fits: list = field(default_factory=list, repr=False)
    excluded_by_quality: pd.DataFrame = field(default_factory=pd.DataFrame)  # values the plan's qualities leave out


def model_specs(
    outcomes: list[str], predictors: list[str], years: list[int], include_all_concepts: bool = True
) -> list[ModelSpec]:
    """Conceptual pairs first (all of them, or those of the chosen outcomes), then every outcome x predictor that
    is not a part of the outcome's own index, in each design; plus one multi-predictor model of SIPAS on the PAPI
    dimensions (which parts of citizens' experience go with satisfaction)."""
    pairs = [(o, p, why) for o, p, why in CONCEPT_PAIRS if include_all_concepts or o in outcomes]
    seen = {frozenset((o, p)) for o, p, _ in pairs}
    for outcome, predictor in itertools.product(outcomes, predictors):
        if not is_part_of(predictor, outcome) and frozenset((outcome, predictor)) not in seen:
            pairs.append((outcome, predictor, ""))  # one model per unordered pair: no X~Y beside Y~X
            seen.add(frozenset((outcome, predictor)))
    specs = []
    for outcome, predictor, why in pairs:
        specs += [ModelSpec("cross_section", outcome, (predictor,), (y,), why) for y in years]
        specs += [ModelSpec(kind, outcome, (predictor,), tuple(years), why) for kind in KINDS[1:]]
    if "sipas_total" in outcomes:
        specs.append(
            ModelSpec(
                "pooled_year_fe",
                "sipas_total",
                tuple(PAPI_DIMENSIONS),
                tuple(years),
                "Which PAPI dimensions go with SIPAS satisfaction",
            )
        )
    return specs


def run_models(
    panel: pd.DataFrame,
    years: list[int] | None = None,
    outcomes: list[str] | None = None,
    predictors: list[str] | None = None,
    min_n: int | None = None,
    plan: AnalysisPlan | None = None,
    indicators: pd.DataFrame | None = None,
) -> ModelRun:
    """Fit every pre-declared model on `years` (None: every year in the panel; an empty list is an error).

    `plan` defaults to config/analysis_plan.yml; `min_n`, when given, overrides the plan's minimum n. `indicators`
    (the official PAPI sheets, papi_indicators.parquet) add the sheets' indicators and published errors to the
    priorities; without them the priorities use the panel's dimensions and sub-dimensions."""
    plan = plan or load_plan()
    if min_n is not None:
        plan = plan.with_changes(min_n=min_n)
    if years is None:
        years = panel["year"].unique().tolist()
    if not years:
        raise ValueError("no years to model: give at least one year (None means every year with data)")
    missing = sorted(set(years) - set(panel["year"]))
    if missing:
        raise ValueError(f"no data for year(s) {missing}; the panel covers {panel['year'].min()}-{panel['year'].max()}")
    years = sorted(years)
    run_all = outcomes is None
    outcomes, predictors = list(outcomes or OUTCOMES), list(predictors or PREDICTORS)
    frame = analysis_frame(panel, plan.model_qualities)
    sheets = indicators if indicators is not None else pd.DataFrame()
    versions = panel[["index", "year", "methodology"]].dropna().drop_duplicates()
    corr, corr_skipped = associations.correlations(frame, ASSOCIATION_VARIABLES, years, plan, versions)
    specs = model_specs(outcomes, predictors, years, include_all_concepts=run_all)
    fits = [regressions.fit_model(spec, frame, plan) for spec in specs]
    fitted = [f for f in fits if not f.skipped]
    results = pd.concat([f.coefficients for f in fitted], ignore_index=True) if fitted else pd.DataFrame()
    results = results.reindex(columns=RESULT_COLUMNS)
    results["family"] = results["kind"]  # the plan's regression_family: one family per estimator, all its terms
    results["p_adjusted"] = results.groupby("family")["p_value"].transform(associations.adjust)
    skipped = pd.DataFrame(
        [
            {
                "model": f.spec.name,
                "kind": f.spec.kind,
                "outcome": f.spec.outcome,
                "predictors": "+".join(f.spec.predictors),
                "reason": f.skipped,
            }
            for f in fits
            if f.skipped
        ],
        columns=["model", "kind", "outcome", "predictors", "reason"],
    )
    pairs = [
        ("papi_total", "par_index_total", "par_index_total_rank"),
        ("papi_total", "sipas_total", "sipas_total_rank"),
    ]
    frame_years = frame[frame["year"].isin(years)]
    panel_years = panel[panel["year"].isin(years)]
    weighted = selection.selection_weighted(frame_years, pairs, plan)
    return ModelRun(
        parameters={
            "years": years,
            "outcomes": outcomes,
            "predictors": predictors,
            "min_n": plan.min_n,
            "plan": str(PLAN_PATH.relative_to(config.PROJECT_ROOT)),
        },
        correlations=selection.selection_checks(corr, weighted),
        correlations_skipped=corr_skipped,
        results=results,
        skipped=skipped,
        summaries=verdicts.summarise(results, {q.pair for q in plan.questions}),
        rank_coverage=selection.rank_coverage(panel_years),
        selection_weighted=weighted,
        agreement=selection.rank_agreement(frame_years, plan.min_n),
        divergences=selection.divergences(frame_years, panel),
        specifications=specification_table(corr, corr_skipped, results, skipped, plan),
        measurement=measurement.measurement_error([f.spec for f in fitted], frame, sheets, plan),
        priorities=priorities.priorities(panel_years, sheets, plan),
        fits=fitted,
        excluded_by_quality=excluded_by_quality(panel_years, plan.model_qualities),
    )


SPECIFICATION_COLUMNS = ["analysis", "name", "scope", "estimator", "inference", "family", "status", "n", "reason"]


def specification_table(
    corr: pd.DataFrame, corr_skipped: pd.DataFrame, results: pd.DataFrame, skipped: pd.DataFrame, plan: AnalysisPlan
) -> pd.DataFrame:
    """Every pre-declared specification, estimated or not: the plan's correlations (each scope, split periods
    included) and every regression spec. A reader sees the whole set, so nothing shown was picked by p-value."""
    planned = corr[corr["family"].str.startswith("plan:") | (corr["family"] == ROBUSTNESS)]
    rows = [
        {
            "analysis": "correlation",
            "name": f"{r.x} × {r.y}",
            "scope": r.split if r.scope == "split" else r.scope,
            "estimator": "Spearman",
            "inference": f"{r.ci_method}; p: {r.p_method}",
            "family": r.family,
            "status": "estimated",
            "n": r.n,
            "reason": "",
        }
        for r in planned.fillna({"split": ""}).itertuples()
    ]
    rows += [
        {
            "analysis": "correlation",
            "name": f"{r.x} × {r.y}",
            "scope": r.split if r.scope == "split" else r.scope,
            "estimator": "Spearman",
            "inference": "",
            "family": "",
            "status": "not estimated",
            "n": r.n,
            "reason": r.reason,
        }
        for r in corr_skipped.fillna({"split": ""}).itertuples()
        if plan.question(str(r.x), str(r.y))
    ]
    if not results.empty:
        models = results.drop_duplicates("model")
        rows += [
            {
                "analysis": r.kind,
                "name": r.model,
                "scope": r.years,
                "estimator": r.spec,
                "inference": r.ci_method,
                "family": r.family,
                "status": "estimated",
                "n": r.n,
                "reason": "",
            }
            for r in models.itertuples()
        ]
    rows += [
        {
            "analysis": r.kind,
            "name": r.model,
            "scope": str(r.model).rsplit(":", 1)[-1],
            "estimator": "",
            "inference": "",
            "family": "",
            "status": "not estimated",
            "n": None,
            "reason": r.reason,
        }
        for r in skipped.itertuples()
    ]
    return pd.DataFrame(rows, columns=SPECIFICATION_COLUMNS)


def _csv_writer(table: pd.DataFrame) -> Callable[[Path], object]:
    return lambda path: write_csv(table, path)


def residuals_table(fits: list) -> pd.DataFrame:
    """Every fitted model's fitted values and residuals (SD units), the data behind its diagnostic plots."""
    frames = [
        pd.DataFrame(
            {
                "model": fit.spec.name,
                "spec": fit.spec.describe(),
                "fitted": fit.fitted.to_numpy(),
                "residual": fit.residuals.to_numpy(),
            }
        )
        for fit in fits
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RESIDUAL_COLUMNS)


RESIDUAL_COLUMNS = ["model", "spec", "fitted", "residual"]


def write_model_outputs(run: ModelRun, processed_dir: Path = config.PROCESSED_DIR) -> list[Path]:
    """Every model table, all or nothing; numbers and codes only (the report puts them into words)."""
    writers = {f"{name}.csv": _csv_writer(getattr(run, attr)) for name, attr in OUTPUT_TABLES.items()}
    writers["model_results.parquet"] = lambda p: run.results.to_parquet(p, index=False)
    writers["model_residuals.parquet"] = lambda p: residuals_table(run.fits).to_parquet(p, index=False)
    writers["models_run.json"] = lambda p: p.write_text(json.dumps(run.parameters, indent=2), encoding="utf-8")
    return write_all_or_nothing(processed_dir, writers)
