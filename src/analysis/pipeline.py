"""The pipeline: data → models → documents, each step rebuilt only when something it depends on changed.

Every step has a key (analysis.core.builds): the data step hashes the recorded source files (data/manifest.csv, after
fetch has checked every source file against it), the data code and the PAPI precision settings; the model step
hashes the panel it reads, the model code, the analysis plan and its years; each document hashes the data it
shows, the code, the notebook and templates, and its parameters. A step whose key and outputs are as its last build
left them is skipped and said to be; `force` rebuilds everything. The command line, the yearly briefings and the
province profiles all go through here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core import config
from analysis.core.atomic import remove_leftovers
from analysis.core.builds import BuildRecord, code_digest, digest_files, digest_text
from analysis.core.settings import PLAN_PATH, RESPONSIBILITIES_PATH, load_plan, load_report_settings
from analysis.report.render import RenderJob, RenderOutcome

RECORD = "builds.json"


@dataclass(frozen=True)
class Folders:
    source: Path = field(default_factory=config.source_dir)
    raw: Path = config.RAW_DIR
    processed: Path = config.PROCESSED_DIR
    reports: Path = config.REPORTS_DIR
    manifest: Path = config.MANIFEST_PATH  # the recorded checksums every source file is checked against

    def __post_init__(self) -> None:
        """Absolute paths: the notebooks' kernels run in notebooks/, where a relative folder means another one."""
        for name in ("source", "raw", "processed", "reports", "manifest"):
            object.__setattr__(self, name, Path(getattr(self, name)).expanduser().resolve())


@dataclass(frozen=True)
class StepResult:
    """What one step did: `ran` False when it was current and skipped."""

    name: str
    ran: bool
    seconds: float
    detail: str = ""

    def line(self) -> str:
        if not self.ran:
            return f"{self.name}: unchanged since the last build, skipped"
        return f"{self.name}: {self.detail} ({self.seconds:.1f} s)"


@dataclass
class DocumentsResult:
    """The documents of one run: those rendered (with their outcomes) and those kept as they were."""

    rendered: list[RenderOutcome] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    steps: list[StepResult] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)  # index pages written (only those whose content changed)

    @property
    def failed(self) -> list[RenderOutcome]:
        return [outcome for outcome in self.rendered if not outcome.ok]

    @property
    def done(self) -> list[str]:
        """The documents rendered now, by name (e.g. profile_2021_35_vi), in order."""
        return sorted(outcome.stem for outcome in self.rendered if outcome.ok)


Say = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# ---------------------------------------------------------------- data and models
def data_step(folders: Folders, force: bool = False, say: Say = _quiet) -> StepResult:
    """Fetch and verify the source files (every run: an edited source file is always caught), then build
    data/processed unless it is current."""
    from analysis.core.provenance import manifest_checksums
    from analysis.data import fetch
    from analysis.data.sources.papi_sheets import CODEBOOK_PATH

    started = time.perf_counter()
    _remove_leftovers(say, folders.raw, folders.processed)
    fetch.fetch(folders.source, folders.raw, folders.manifest)
    plan = load_plan()
    key = digest_text(
        manifest_checksums(folders.manifest),
        code_digest("core", "data"),
        digest_files([CODEBOOK_PATH, RESPONSIBILITIES_PATH]),
        plan.rank_draws,
        plan.seed,
    )
    record = BuildRecord(Path(folders.processed) / RECORD)
    if not force and record.is_current("data", key):
        return _said(say, StepResult("data", False, time.perf_counter() - started))
    from analysis.data.build import build_processed

    built = build_processed(folders.raw, folders.processed, folders.manifest)
    record.record("data", key, built.written)
    record.save()
    detail = f"{built.rows} panel rows, {built.conflicts} source conflicts logged -> {folders.processed}"
    return _said(say, StepResult("data", True, time.perf_counter() - started, detail))


def models_step(folders: Folders, years: list[int] | None = None, force: bool = False, say: Say = _quiet) -> StepResult:
    """Fit the plan's models on the panel in data/processed unless their outputs are current."""
    started = time.perf_counter()
    processed = Path(folders.processed)
    key = digest_text(
        digest_files([processed / "indices_long.parquet", processed / "papi_indicators.parquet", PLAN_PATH]),
        code_digest("core", "data", "models"),
        years,
    )
    record = BuildRecord(processed / RECORD)
    if not force and record.is_current("models", key):
        return _said(say, StepResult("models", False, time.perf_counter() - started))
    import pandas as pd

    from analysis.data.store import load_panel
    from analysis.models.run import run_models, write_model_outputs

    indicators = pd.read_parquet(processed / "papi_indicators.parquet")
    run = run_models(load_panel(processed), years=years, indicators=indicators)
    record.record("models", key, write_model_outputs(run, processed))
    record.save()
    holds = int((run.correlations["verdict"] == "holds").sum())
    detail = (
        f"{len(run.fits)} fitted ({len(run.skipped)} skipped, reasons in models_skipped.csv), "
        f"{len(run.correlations)} correlations over {run.parameters['years'][0]}-{run.parameters['years'][-1]}; "
        f"{holds} planned correlations hold after Benjamini-Hochberg correction -> {processed}"
    )
    return _said(say, StepResult("models", True, time.perf_counter() - started, detail))


def _remove_leftovers(say: Say, *folders: Path) -> None:
    """Staging folders and temporary files a killed run left behind are removed, and the user is told."""
    for folder in folders:
        if Path(folder).is_dir():
            for leftover in remove_leftovers(Path(folder), recursive=True):
                say(f"removed {leftover}, left by a run that was killed")


def _said(say: Say, result: StepResult) -> StepResult:
    say(result.line())
    return result


# ---------------------------------------------------------------- documents
def render_current(
    jobs: list[RenderJob],
    record_path: Path,
    workers: int,
    kind: str,
    force: bool = False,
    scheduler: str | None = None,
    say: Say = _quiet,
) -> DocumentsResult:
    """Render the jobs whose key or outputs changed; record the ones that rendered, forget the ones that failed."""
    from analysis.report.render import load_libraries, render_document
    from analysis.report.runner import run_jobs

    record = BuildRecord(record_path)
    todo = [job for job in jobs if force or not record.is_current(job.stem, job.key)]
    kept = [job.stem for job in jobs if job not in todo]
    if kept:
        say(f"{kind}: {len(kept)} unchanged since the last build, kept")
    _remove_leftovers(say, record_path.parent)
    outcomes = run_jobs(render_document, todo, workers, scheduler, kind=kind, prepare=load_libraries)
    for job, outcome in zip(todo, outcomes, strict=True):
        if outcome.ok:
            record.record(job.stem, job.key, job.outputs())
        else:
            record.forget(job.stem)
    record.save()
    return DocumentsResult(rendered=outcomes, kept=kept)


def reports(
    years: list[int] | None = None,
    focus: list[str] | None = None,
    langs: list[str] | None = None,
    formats: list[str] | None = None,
    workers: int | None = None,
    folders: Folders | None = None,
    notebook: Path | None = None,
    force: bool = False,
    refresh_data: bool = True,
    say: Say = _quiet,
) -> DocumentsResult:
    """The yearly briefings of `years` (None: every year with data; a year without data is an error): the data and
    model steps first (unless `refresh_data` is False), every parameter set checked before any model is fitted, then
    the documents that changed, the run records and reports/index.html."""
    from analysis.data.provinces import load_processed_crosswalk
    from analysis.data.store import load_panel, load_rank_changes
    from analysis.report import batch
    from analysis.report.index import write_index

    folders = folders or Folders()
    settings = load_report_settings().with_options(
        focus_provinces=focus or None, languages=langs, formats=formats, workers=workers
    )
    if years is not None and not years:
        raise ValueError("no years to render: give at least one year (None means every year with data)")
    steps = [data_step(folders, force, say)] if refresh_data else []
    panel = load_panel(folders.processed)
    crosswalk = load_processed_crosswalk(folders.processed)
    available = batch.panel_years(panel)
    parameters = batch.validated_parameters(
        available if years is None else sorted(years), settings, available, crosswalk
    )
    if refresh_data:
        steps.append(models_step(folders, force=force, say=say))
    jobs = batch.briefing_jobs(
        parameters, settings, crosswalk, folders.processed, folders.reports, notebook or batch.NOTEBOOK
    )
    started = batch.now_text()
    result = render_current(jobs, Path(folders.reports) / RECORD, settings.workers, "briefings", force, say=say)
    result.steps = steps
    batch.write_run_records(folders.reports, Path(folders.processed), jobs, result.rendered, started)
    if write_index(folders.reports, panel, load_rank_changes(folders.processed), crosswalk):
        result.pages.append(Path(folders.reports) / "index.html")
        say(f"index: {result.pages[-1]} written")
    return result


def profiles(
    years: list[int] | None = None,
    provinces: list[str] | None = None,
    langs: list[str] | None = None,
    formats: list[str] | None = None,
    workers: int | None = None,
    folders: Folders | None = None,
    force: bool = False,
    scheduler: str | None = None,
    refresh_data: bool = False,
    say: Say = _quiet,
) -> DocumentsResult:
    """A profile for every province (or `provinces`) of `years` (None: every year with data) in each language,
    the ones that changed, then each year's index page (written when its content changed)."""
    import pandas as pd

    from analysis.data.provinces import load_processed_crosswalk
    from analysis.data.store import load_panel, load_rank_changes, load_rank_ranges
    from analysis.report import profiles as documents
    from analysis.report.index import write_profiles_index

    folders = folders or Folders()
    settings = load_report_settings().with_options(languages=langs, formats=formats, workers=workers)
    steps = [data_step(folders, force, say)] if refresh_data else []
    processed = Path(folders.processed)
    panel = load_panel(processed)
    crosswalk = load_processed_crosswalk(processed)
    available = sorted(int(y) for y in panel["year"].unique())
    years = available if years is None else years
    if refresh_data:  # before the tables are read: the priorities are the models step's
        steps.append(models_step(folders, force=force, say=say))
    tables = {
        "panel": panel,
        "ranges": load_rank_ranges(processed),
        "changes": load_rank_changes(processed),
        "priorities": pd.read_csv(processed / "papi_priorities.csv", dtype={"province_code": str}),
        "criteria": pd.read_csv(processed / "par_index_criteria.csv", dtype={"province_code": str}),
        "indicators": pd.read_parquet(processed / "papi_indicators.parquet"),
        "scorecards": pd.read_csv(processed / "par_index_scorecards.csv", dtype={"province_code": str}),
    }
    jobs = documents.profile_jobs(
        years,
        provinces,
        tuple(settings.languages),
        tuple(settings.formats),
        settings.execution_timeout_seconds,
        tables,
        crosswalk,
        processed,
        folders.reports,
    )
    folder = Path(folders.reports) / documents.FOLDER
    result = render_current(jobs, folder / RECORD, settings.workers, "profiles", force, scheduler, say)
    result.steps = steps
    for year in years:
        if write_profiles_index(folders.reports, panel, tables["changes"], crosswalk, year):
            result.pages.append(folder / str(year) / "index.html")
            say(f"index: {result.pages[-1]} written")
    return result
