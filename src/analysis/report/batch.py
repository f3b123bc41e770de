"""The yearly batch: shared work once (data, models), then one Papermill run per year x language in worker
processes, rendered to self-contained HTML (nbconvert, no code) and A4 PDF (WeasyPrint), with a run record per year.

A failing report is recorded and the others go on; the command exits non-zero at the end if any failed. The console
shows a progress bar and one line per failure; everything the kernels print goes to `reports/logs/`.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import re
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from tqdm import tqdm

from analysis.core import config
from analysis.core.atomic import atomic_path, remove_leftovers
from analysis.core.provenance import git_commit, manifest_checksums, package_versions
from analysis.core.text import t

NOTEBOOK = config.NOTEBOOKS_DIR / "briefing.ipynb"
LOG_DIR = "logs"
TEMPLATES = Path(__file__).parent / "templates"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def document_paths(reports_dir: Path, folder: Path | str, stem: str, log_folder: str = "") -> dict[str, Path]:
    """A rendered document's files: executed notebook, HTML and PDF in `folder`, its log under reports/logs/."""
    where = reports_dir / folder
    return {
        "ipynb": where / f"{stem}.ipynb",
        "html": where / f"{stem}.html",
        "pdf": where / f"{stem}.pdf",
        "log": reports_dir / LOG_DIR / log_folder / f"{stem}.log",
    }


def report_paths(reports_dir: Path, year: int, lang: str) -> dict[str, Path]:
    return document_paths(reports_dir, str(year), f"briefing_{year}_{lang}")


def notebook_to_html(notebook: Any, title: str, lang: str, for_print: bool = False) -> str:
    """Self-contained HTML through the briefing template (report/templates/briefing): no input cells, prompts or
    scripts, the page in the report's language; charts inline as SVG (their tooltips work) or, `for_print`, as SVG
    images, which WeasyPrint prints alike in two thirds of the time."""
    resources = {"metadata": {"name": title}, "charts_as_images": for_print}
    body, _ = _exporter(lang).from_notebook_node(notebook, resources=resources)
    return body


@functools.cache
def _exporter(lang: str) -> Any:
    """One exporter per language and process: loading the templates once serves every document of the worker."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    settings = Config()
    # the parameter cells show nothing, and papermill gives the injected one a random id: left out, the same
    # parameters give the same page
    settings.TagRemovePreprocessor.remove_cell_tags = ("remove-cell", "parameters", "injected-parameters")
    settings.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=settings, template_name="briefing", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            exclude_anchor_links=True, language_code=lang)  # fmt: skip
    exporter.register_preprocessor(TagRemovePreprocessor(config=settings), enabled=True)
    return exporter


def html_to_pdf(html_text: str, target: Path) -> None:
    from weasyprint import HTML

    with atomic_path(target) as tmp:
        HTML(string=html_text, base_url=str(target.parent)).write_pdf(tmp)


@contextmanager
def output_to(log_path: Path) -> Iterator[BinaryIO]:
    """Send this process's stdout and stderr, and so those of the kernels it starts, to `log_path` (also yielded,
    for messages that must reach the log whatever `sys.stderr` is)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    with open(log_path, "wb") as log:
        for fd in saved:
            os.dup2(log.fileno(), fd)
        try:
            yield log
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)


def render_one(job: dict[str, Any]) -> dict[str, Any]:
    """Execute, convert and print one briefing; never raises (the batch records the failure and goes on)."""
    import papermill

    from analysis.report.engine import NAME as WARM_KERNEL

    year, lang, formats = job["year"], job["lang"], job["formats"]
    if "paths" in job:  # a profile or another document that names its own files
        paths = {kind: Path(path) for kind, path in job["paths"].items()}
    else:
        paths = report_paths(Path(job["reports_dir"]), year, lang)
    paths["ipynb"].parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outcome: dict[str, Any] = {"year": year, "lang": lang, "ok": False, "outputs": [], "log": str(paths["log"]),
                               "engine": WARM_KERNEL}  # fmt: skip
    with output_to(paths["log"]) as log:
        try:
            with atomic_path(paths["ipynb"]) as tmp:
                notebook = papermill.execute_notebook(
                    str(job["notebook"]),
                    str(tmp),
                    parameters=job["parameters"],
                    kernel_name=config.KERNEL_NAME,
                    cwd=str(config.NOTEBOOKS_DIR),
                    execution_timeout=job["timeout"],
                    progress_bar=False,
                    log_output=False,
                    engine_name=WARM_KERNEL,
                    # written once when done (or failed), not at every cell's start and end: the file is a
                    # temporary one nobody watches, and 28 rewrites of a growing notebook cost a fifth of a second
                    request_save_on_cell_execute=False,
                )
            outcome["outputs"].append(str(paths["ipynb"]))
            if "html" in formats:
                with atomic_path(paths["html"]) as tmp:
                    tmp.write_text(notebook_to_html(notebook, job["title"], lang), encoding="utf-8")
                outcome["outputs"].append(str(paths["html"]))
            if "pdf" in formats:
                html_to_pdf(notebook_to_html(notebook, job["title"], lang, for_print=True), paths["pdf"])
                outcome["outputs"].append(str(paths["pdf"]))
            outcome["ok"] = True
        except Exception as exc:
            outcome["error"] = _one_line(exc)
            outcome["traceback"] = traceback.format_exc(limit=5)
            log.write(outcome["traceback"].encode("utf-8"))
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    return outcome


def _one_line(exc: Exception) -> str:
    """The exception's type and the last non-empty line of its message (papermill's are pages long)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    message = re.sub(r"\x1b\[[0-9;]*m", "", lines[-1]) if lines else ""
    return f"{type(exc).__name__}: {message}"


def check_options(formats: list[str], langs: list[str], workers: int) -> None:
    """Refuse bad options before any work is done (the same checks as config/reports.yml)."""
    from analysis.core.settings import load_report_settings

    load_report_settings().with_options(formats=formats, languages=langs, workers=workers)


def run_batch(
    years: list[int] | None = None,
    focus: list[str] | None = None,
    langs: list[str] | None = None,
    formats: list[str] | None = None,
    workers: int | None = None,
    source: Path | None = None,
    raw_dir: Path = config.RAW_DIR,
    processed_dir: Path = config.PROCESSED_DIR,
    reports_dir: Path = config.REPORTS_DIR,
    notebook: Path = NOTEBOOK,
    refresh_data: bool = True,
) -> list[dict[str, Any]]:
    """Render the briefings of `years` (None: every year with data; a year without data is an error).

    With `refresh_data` the data step and the models run first (into `raw_dir`/`processed_dir`); without it the
    batch uses what those folders hold.
    """
    from analysis.core.settings import load_report_settings
    from analysis.data.provinces import load_crosswalk
    from analysis.data.store import load_panel
    from analysis.report.params import validate

    settings = load_report_settings().with_options(focus_provinces=focus or None, languages=langs, formats=formats,
                                                   workers=workers)  # fmt: skip
    if years is not None and not years:
        raise ValueError("no years to render: give at least one year (None means every year with data)")
    if refresh_data:  # the data step and the models import statsmodels and more: seconds a rendering-only run saves
        from analysis.data.build import run_data_step

        run_data_step(source or config.source_dir(), raw_dir, processed_dir)
    panel = load_panel(processed_dir)
    available = sorted(panel["year"].unique().tolist())
    crosswalk = load_crosswalk(raw_dir)
    years = available if years is None else sorted(years)
    jobs = []
    for year in years:  # every parameter set is validated before any notebook runs
        for lang in settings.languages:
            params = validate(year, settings.focus_provinces, lang, available, crosswalk)
            jobs.append(
                {
                    "year": year,
                    "lang": lang,
                    "formats": settings.formats,
                    "reports_dir": str(reports_dir),
                    "notebook": str(notebook),
                    "timeout": settings.execution_timeout_seconds,
                    "title": t("title", lang, year=year),
                    "parameters": params.as_notebook_parameters(crosswalk, processed_dir, raw_dir),
                }
            )
    if refresh_data:
        from analysis.models.run import run_models, write_model_outputs

        write_model_outputs(run_models(panel), processed_dir)
    record = {
        "git_commit": git_commit(),
        "data_manifest_sha256": manifest_checksums(),
        "packages": package_versions(),
        "kernel": config.KERNEL_NAME,
        "engine": "Papermill with one warm kernel per worker, its namespace reset before each document "
        "(analysis.report.engine)",
    }
    started = _now()
    remove_leftovers(reports_dir, recursive=True)
    outcomes = render_jobs(jobs, settings.workers)
    for year in years:
        mine = [o for o in outcomes if o["year"] == year]
        run = {
            **record,
            "year": year,
            "started": started,
            "finished": _now(),
            "parameters": [j["parameters"] for j in jobs if j["year"] == year],
            "reports": mine,
        }
        with atomic_path(reports_dir / str(year) / "run.json") as tmp:
            tmp.write_text(json.dumps(run, indent=2, ensure_ascii=False), encoding="utf-8")
    write_index(reports_dir, panel)
    return sorted(outcomes, key=lambda o: (o["year"], o["lang"]))


def _die_with_parent(parent: int) -> None:
    """Worker start-up: ask Linux to SIGKILL this worker when the batch process dies (prctl PR_SET_PDEATHSIG), so a
    killed batch leaves no worker rendering on; its kernels follow, as each kernel polls for its parent."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the batch died before the request took effect
        os._exit(1)


def render_jobs(
    jobs: list[dict[str, Any]], workers: int, scheduler: str | None = None, kind: str = "briefings"
) -> list[dict[str, Any]]:
    """Render the jobs on the local process pool or, given a scheduler address, on that Dask cluster (optional
    extra `dask`); outcomes in the jobs' order."""
    if scheduler is None:
        return _render_all(jobs, workers, kind)
    from distributed import Client

    with Client(scheduler) as client:
        futures = client.map(render_one, jobs, pure=False)
        return client.gather(futures)


def _render_all(jobs: list[dict[str, Any]], workers: int, kind: str) -> list[dict[str, Any]]:
    """Run the jobs in worker processes (so kernel output can be sent to log files), with a progress bar; the
    outcomes come back in the jobs' order."""
    with (
        ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)), initializer=_die_with_parent, initargs=(os.getpid(),)
        ) as pool,  # fmt: skip
        tqdm(total=len(jobs), desc=kind, unit="document", file=sys.stderr) as progress,
    ):
        futures = [pool.submit(render_one, job) for job in jobs]
        for future in as_completed(futures):
            outcome = future.result()
            if not outcome["ok"]:
                progress.write(
                    f"FAILED {outcome['year']} {outcome['lang']}: {outcome['error']} (log: {outcome['log']})"
                )
            progress.update()
        return [future.result() for future in futures]


def write_index(reports_dir: Path, panel: pd.DataFrame) -> Path:
    """reports/index.html: every year that has a run record on disk, with its headline, files and failures."""
    rows = []
    for record_path in sorted(reports_dir.glob("*/run.json"), reverse=True):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        year = record["year"]
        links = file_links({lang: report_paths(reports_dir, year, lang) for lang in ("vi", "en")}, f"{year}/")
        rows.append({"year": year, "headline_vi": year_headline(panel, year, "vi"),
                     "headline_en": year_headline(panel, year, "en"), "links": links,
                     "failed": sum(not report["ok"] for report in record["reports"])})  # fmt: skip
    return write_page("reports_index.html.j2", reports_dir / "index.html", rows=rows)


def file_links(paths: dict[str, dict[str, Path]], folder: str = "") -> list[dict[str, str]]:
    """An index page's links to one document's HTML and PDF files that are on disk; `paths` maps each language to
    its document_paths, in the order shown, `folder` is the files' folder seen from the index page."""
    return [{"href": f"{folder}{path.name}", "label": f"{kind.upper()} ({lang})"}
            for lang, by_kind in paths.items() for kind, path in by_kind.items()
            if kind in ("html", "pdf") and path.is_file()]  # fmt: skip


def year_headline(panel: pd.DataFrame, year: int, lang: str) -> str:
    """The year in one line for reports/index.html: PAPI's best province and how many PAR INDEX and SIPAS rows."""
    totals = panel[(panel["level"] == "total") & (panel["year"] == year)]
    papi = totals[(totals["index"] == "papi") & totals["score"].notna()]
    counts = {
        i: int(((totals["index"] == i) & (totals["score"].notna() | totals["rank"].notna())).sum())
        for i in ("par_index", "sipas")
    }
    if papi.empty:
        return t("headline_no_papi", lang, year=year, par=counts["par_index"], sipas=counts["sipas"])
    best = papi.sort_values("score", ascending=False).iloc[0]
    return t("headline", lang, n=len(papi), best=best["province_name"], best_score=best["score"],
             par=counts["par_index"], sipas=counts["sipas"])  # fmt: skip


def write_page(template: str, target: Path, **context: Any) -> Path:
    """An index page from report/templates (autoescaped: province names and headlines are text), written atomically.
    Plain Jinja, no notebook: the batch process writes it without importing the briefing's charts."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    page = environment.get_template(template).render(**context)
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return target


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
