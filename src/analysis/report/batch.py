"""The yearly briefings as jobs: one document per year × language from notebooks/briefing.ipynb, each parameter
set validated before any notebook runs, each with the key that says what it shows (analysis.core.builds), and the
run record (reports/<year>/run.json) that says how each was made. analysis.pipeline runs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core import config
from analysis.core.atomic import atomic_path
from analysis.core.builds import code_digest, digest_files, digest_text
from analysis.core.provenance import git_commit, manifest_checksums, package_versions
from analysis.core.settings import PLAN_PATH, ReportSettings
from analysis.core.text import t
from analysis.data.provinces import Crosswalk
from analysis.report.params import BriefingParameters, validate
from analysis.report.render import RenderJob, RenderOutcome, document_paths

NOTEBOOK = config.NOTEBOOKS_DIR / "briefing.ipynb"
ENGINE = "Papermill with one warm kernel per worker, its namespace reset before each document (analysis.report.engine)"


def report_paths(reports_dir: Path, year: int, lang: str) -> dict[str, Path]:
    return document_paths(Path(reports_dir), str(year), f"briefing_{year}_{lang}")


def validated_parameters(
    years: list[int], settings: ReportSettings, available: list[int], crosswalk: Crosswalk
) -> list[BriefingParameters]:
    """Every year × language's parameters, all checked before any work: a year without data, an unknown province
    or language stops the batch with a message."""
    return [
        validate(year, settings.focus_provinces, lang, available, crosswalk)
        for year in years
        for lang in settings.languages
    ]


def shown_inputs_digest(processed_dir: Path) -> str:
    """Everything a briefing reads: every file of data/processed (the panel, the crosswalk, PAPI errors and
    indicators, scorecards, boundaries, the model outputs, the manifest the sources were checked against) and the
    analysis plan (its order of questions)."""
    files = [p for p in Path(processed_dir).iterdir() if p.is_file() and p.name != "builds.json"]
    return digest_text(digest_files(files), digest_files([PLAN_PATH]))


def briefing_jobs(
    parameters: list[BriefingParameters],
    settings: ReportSettings,
    crosswalk: Crosswalk,
    processed_dir: Path,
    reports_dir: Path,
    notebook: Path = NOTEBOOK,
) -> list[RenderJob]:
    """One job per parameter set, keyed by the code, the notebook, the data shown, the parameters and formats."""
    code = digest_text(code_digest("core", "data", "models", "report"), digest_files([Path(notebook)]))
    shown = shown_inputs_digest(processed_dir)
    jobs = []
    for params in parameters:
        notebook_parameters = params.as_notebook_parameters(crosswalk, processed_dir)
        title = t("title", params.lang, year=params.year)
        visible = {k: v for k, v in notebook_parameters.items() if k != "processed_dir"}  # its contents count above
        jobs.append(
            RenderJob(
                year=params.year,
                lang=params.lang,
                notebook=str(notebook),
                parameters=notebook_parameters,
                title=title,
                paths={k: str(v) for k, v in report_paths(reports_dir, params.year, params.lang).items()},
                formats=tuple(settings.formats),
                timeout=settings.execution_timeout_seconds,
                key=digest_text(code, shown, visible, title, sorted(settings.formats)),
            )
        )
    return jobs


def write_run_records(
    reports_dir: Path, processed_dir: Path, jobs: list[RenderJob], outcomes: list[RenderOutcome], started: str
) -> list[Path]:
    """reports/<year>/run.json for every year with a document rendered now: parameters, git commit, data manifest
    checksums, package versions, engine, times and each document's outcome. A document kept from an earlier run keeps
    its earlier outcome in the record, so the record describes every document of the year on disk."""
    common = {
        "git_commit": git_commit(),
        "data_manifest_sha256": manifest_checksums(Path(processed_dir) / "source_manifest.csv"),
        "packages": package_versions(),
        "kernel": config.KERNEL_NAME,
        "engine": ENGINE,
    }
    written = []
    for year in sorted({outcome.year for outcome in outcomes}):
        path = Path(reports_dir) / str(year) / "run.json"
        earlier = _earlier_reports(path)
        now = {(o.year, o.lang): o.as_record() for o in outcomes if o.year == year}
        reports = [now.get((year, job.lang)) or earlier.get(job.lang) for job in jobs if job.year == year]
        run = {
            **common,
            "year": year,
            "started": started,
            "finished": now_text(),
            "parameters": [job.parameters for job in jobs if job.year == year],
            "reports": [report for report in reports if report],
        }
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(run, indent=2, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    return written


def _earlier_reports(path: Path) -> dict[str, dict[str, Any]]:
    """The outcomes an earlier run.json records, by language (nothing when it is missing or unreadable)."""
    try:
        return {report["lang"]: report for report in json.loads(path.read_text(encoding="utf-8"))["reports"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def panel_years(panel: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in panel["year"].unique())
