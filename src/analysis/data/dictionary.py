"""The data dictionary of data/processed/, written next to the files it describes; the panel's columns come from
data/panel_columns.yml (analysis.data.schema)."""

from __future__ import annotations

from analysis.data.schema import COLUMN_DOCS

FILES = {
    "indices_long.parquet": "The tidy panel: one row per year x province x index x indicator (columns below).",
    "indices_long.csv": "The same panel as UTF-8 CSV.",
    "indices_wide.csv": "One row per province-year, one column per index_indicator score (and _rank for totals).",
    "conflicts.csv": "Every province-year-field where sources disagree, with all candidates and the rule applied; "
    "and ranks held by several provinces.",
    "provinces.csv": "The 63 provinces: GSO code, names, region, municipality flag, 2025 merged unit.",
    "provinces_2025.csv": "The 34 provinces from 1 July 2025: new code, names, region (the one most of its old "
    "provinces had) and the old GSO codes that formed it, joined by '|'.",
    "province_spellings.csv": "Every known spelling of every province (scheme 63 or 34, code, spelling): how the "
    "reports read a province name given in any spelling without reading data/raw.",
    "par_index_scorecards.csv": "Every filled PAR INDEX scorecard in the source folder (par_index/scorecards/), "
    "checked against the published PAR INDEX (points within maxima, maxima adding to 100, points adding to the "
    "total): year, province_code, field, criterion, max_points, points, lost, source_file and line.",
    "par_index_criteria.csv": "What a source reports about a province's PAR INDEX criteria when no scorecard is "
    "published (par_index/par_index_criteria_reported.csv, checked row by row): year, province_code, province_name, "
    "criteria_total, criteria_below_max, criteria_zero (counts; empty = not reported), the criteria at zero named in "
    "zero_criteria_vi and zero_criteria_en (joined by ' | '), source_url and quote.",
    "boundaries_63.parquet / boundaries_34.parquet": "Province boundaries (GeoParquet: gso_code, geometry) of the "
    "63 and the 34 provinces, islands included, simplified to 0.01°; from reference/*.geojson (CC BY-SA 4.0).",
    "source_manifest.csv": "The data/manifest.csv the source files were checked against when this folder was built "
    "(path, sha256, bytes, origin of every source file): the version of the data the reports cite.",
    "builds.json": "The pipeline's record of the last data and model steps (the key of their inputs, code and "
    "parameters, the files they wrote and a digest of them): what `python -m analysis` compares to skip a step.",
    "coverage.csv": "Provinces with a score / a rank, per index, level and year.",
    "papi_indicators.csv / .parquet": "The official PAPI sheets (papi_official/raw_extracts) as tidy rows: year, "
    "province_code, level (total, dimension, subdimension, indicator), indicator_code (stable across years via "
    "data/papi_indicator_codebook.csv), parent_code, names, score (percent rows as 0-100), scale, std_error, ci_low, "
    "ci_high, variance where published, source_file, source_line.",
    "papi_sheet_checks.csv": "Per official sheet: loaded or rejected (a copy of another year), indicator count, and "
    "how many of its total/dimension/sub-dimension values were compared with the panel and agree within 0.001.",
    "papi_rank_ranges.csv": "Per province and year with a published standard error: rank and plausible rank range "
    "(2.5th-97.5th percentile over seeded normal draws), and how many provinces it cannot be told apart from.",
    "papi_rank_changes.csv": "Per province and pair of consecutive years: PAPI ranks within the provinces scored in "
    "both years (n_common), move (places gained), score change and its standard error where both years publish one, "
    "the 95% interval of the move over the rank ranges' own draws (errors: both, before or after = only that year's "
    "published error, a lower bound on the uncertainty; none = no interval), within_error (the interval covers no "
    "change) and same_method (False across PAPI's 2018 framework change).",
    "papi_indistinguishable_pairs.csv": "Pairs of provinces whose PAPI totals differ by less than 1.96 standard "
    "errors of the difference (per year with published errors).",
    "model_results.csv / .parquet": "Written by `make models`: one row per model term (standardised estimate, CR1 or "
    "HC3 SE, 95% CI and p from the wild-cluster bootstrap for clustered designs or HC3 t for one year, BH "
    "p_adjusted per kind and scope, n, years, selected_sample, spec, ci_method, mde80 = minimum detectable effect "
    "at 80% power, loo_low/loo_high/loo_flip = leave-one-province-out range and the provinces whose removal "
    "changes whether the interval excludes zero).",
    "correlations.csv": "Spearman rho per unordered pair, per year, pooled (within-year z-scores) and on each side "
    "of the plan's methodology breaks (scope split); family (plan:<scope>, robustness, exploratory, descriptive), "
    "ci_method, p_method, BH p_adjusted within plan families only, breaks spanned, mde80, leave-one-province-out "
    "columns, and one sentence per planned row in English and Vietnamese.",
    "excluded_by_quality.csv": "Written by `make models`: the panel values the models leave out because their "
    "quality is not among the plan's model_qualities (config/analysis_plan.yml): index, indicator_code, year, "
    "province_code, province_name, quality, score, rank.",
    "specifications.csv": "Every pre-declared specification (planned correlations and all regression specs), "
    "estimated or not, with estimator, inference, family and the reason when not estimated.",
    "model_summaries.csv": "One quotable sentence per model term, in English and Vietnamese, with n and uncertainty; "
    "selected_sample flags the rows that need the selection caveat.",
    "models_skipped.csv / correlations_skipped.csv": "Every model or pair not fitted and why (n below min_n or "
    "parameters + 10).",
    "selection_rank_coverage.csv / selection_weighted.csv": "Which PAR/SIPAS ranks are present vs 1-63, and pooled "
    "correlations unweighted and inverse-probability weighted by rank band and year.",
    "rank_agreement.csv / divergences.csv": "Spearman rho between indices' ranks by year; province-years ranked far "
    "apart by two indices.",
    "model_residuals.parquet": "Fitted values and residuals (SD units) of every fitted model: the data behind "
    "its diagnostic plots (`analysis.report.plots.residual_figure`, shown in notebooks/models.ipynb).",
}


def render_readme() -> str:
    lines = [
        "# data/processed (generated by `make data`; do not edit)",
        "",
        "Built from data/raw/ by `python -m analysis data`; see data/README.md for the sources.",
        "",
        "## Files",
        "",
        "| file | content |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {text} |" for name, text in FILES.items()]
    lines += ["", "## Columns of indices_long", "", "| column | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in COLUMN_DOCS.items()]
    return "\n".join(lines) + "\n"
