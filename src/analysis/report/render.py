"""One document rendered: a parameterised notebook executed by Papermill (one warm kernel per worker process,
analysis.report.engine), converted by nbconvert through the briefing template to a self-contained HTML page, and
printed by WeasyPrint to an A4 PDF. What to render is a `RenderJob`; what happened is a `RenderOutcome`."""

from __future__ import annotations

import functools
import gc
import os
import re
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis.core import config
from analysis.core.atomic import atomic_path
from analysis.report.runner import output_to

LOG_DIR = "logs"
TEMPLATES = Path(__file__).parent / "templates"
UNUSED_GRAMMAR = "rfc3987_syntax"


def document_paths(reports_dir: Path, folder: Path | str, stem: str, log_folder: str = "") -> dict[str, Path]:
    """A rendered document's files: executed notebook, HTML and PDF in `folder`, its log under reports/logs/."""
    where = Path(reports_dir) / folder
    return {
        "ipynb": where / f"{stem}.ipynb",
        "html": where / f"{stem}.html",
        "pdf": where / f"{stem}.pdf",
        "log": Path(reports_dir) / LOG_DIR / log_folder / f"{stem}.log",
    }


@dataclass(frozen=True)
class RenderJob:
    """One document to render: the notebook and its (plain, JSON-able) parameters, where its files go, the formats
    wanted besides the executed notebook, the page title, the cell timeout, and the key it is recorded under."""

    year: int
    lang: str
    notebook: str
    parameters: dict[str, Any]
    title: str
    paths: dict[str, str]
    formats: tuple[str, ...] = ("html", "pdf")
    timeout: int = 600
    key: str = ""

    @property
    def stem(self) -> str:
        return Path(self.paths["html"]).stem

    def outputs(self) -> list[Path]:
        """The files a successful render leaves: the executed notebook and each format asked for."""
        return [Path(self.paths[kind]) for kind in ("ipynb", *self.formats)]


@dataclass
class RenderOutcome:
    year: int
    lang: str
    stem: str
    ok: bool
    log: str
    engine: str
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds spent executing, converting and printing
    error: str = ""
    traceback: str = ""

    def lap(self, name: str, since: float) -> float:
        """Record the seconds since `since` as phase `name`; returns now, the start of the next phase."""
        now = time.perf_counter()
        self.phases[name] = round(now - since, 2)
        return now

    def as_record(self) -> dict[str, Any]:
        """The outcome as the run record (run.json) keeps it."""
        record = asdict(self)
        return {key: value for key, value in record.items() if value != "" or key in ("year", "lang")}


def load_libraries() -> None:
    """Import Papermill (with the warm-kernel engine) and WeasyPrint. Called once in the batch process before its
    workers are forked, so they start with both loaded: imported in each worker instead, Papermill alone took
    1.4-3 s per worker.

    Papermill's notebook validator uses jsonschema, which imports rfc3987_syntax when it is installed (the dev
    tools bring it) to check IRI strings, and that module builds its grammar on import: a second, two thirds of
    these imports. No notebook schema checks an IRI format (nbformat validates without a format checker), so the
    module is marked absent here before jsonschema looks for it; jsonschema then leaves those formats unchecked."""
    sys.modules.setdefault(UNUSED_GRAMMAR, None)  # type: ignore[arg-type]
    import papermill  # noqa: F401
    import weasyprint  # noqa: F401

    from analysis.report import engine  # noqa: F401


def render_document(job: RenderJob) -> RenderOutcome:
    """Execute, convert and print one document; never raises (the batch records the failure and goes on)."""
    import papermill

    from analysis.report.engine import NAME as WARM_KERNEL

    paths = {kind: Path(path) for kind, path in job.paths.items()}
    paths["ipynb"].parent.mkdir(parents=True, exist_ok=True)
    # the kernel starts in notebooks/ and inherits this environment: it resolves the same project folder as the
    # batch, also when the package is installed rather than run from its checkout (analysis.core.config)
    os.environ.setdefault("ANALYSIS_PROJECT_ROOT", str(config.PROJECT_ROOT))
    started = time.perf_counter()
    outcome = RenderOutcome(
        year=job.year, lang=job.lang, stem=job.stem, ok=False, log=str(paths["log"]), engine=WARM_KERNEL
    )
    with output_to(paths["log"]) as log:
        try:
            phase = time.perf_counter()
            with atomic_path(paths["ipynb"]) as tmp:
                notebook = papermill.execute_notebook(
                    job.notebook,
                    str(tmp),
                    parameters=job.parameters,
                    kernel_name=config.KERNEL_NAME,
                    cwd=str(config.NOTEBOOKS_DIR),
                    execution_timeout=job.timeout,
                    progress_bar=False,
                    log_output=False,
                    engine_name=WARM_KERNEL,
                    # written once when done (or failed), not at every cell's start and end: the file is a
                    # temporary one nobody watches, and 28 rewrites of a growing notebook cost a fifth of a second
                    request_save_on_cell_execute=False,
                )
            outcome.outputs.append(str(paths["ipynb"]))
            phase = outcome.lap("execute", phase)
            if "html" in job.formats:
                with atomic_path(paths["html"]) as tmp:
                    tmp.write_text(notebook_to_html(notebook, job.title, job.lang), encoding="utf-8")
                outcome.outputs.append(str(paths["html"]))
                phase = outcome.lap("html", phase)
            if "pdf" in job.formats:
                html_to_pdf(notebook_to_html(notebook, job.title, job.lang, for_print=True), paths["pdf"])
                outcome.outputs.append(str(paths["pdf"]))
                outcome.lap("pdf", phase)
            outcome.ok = True
        except Exception as exc:
            outcome.error = _one_line(exc)
            outcome.traceback = traceback.format_exc(limit=5)
            log.write(outcome.traceback.encode("utf-8"))
    outcome.seconds = round(time.perf_counter() - started, 2)
    return outcome


def _one_line(exc: Exception) -> str:
    """The exception's type and the last non-empty line of its message (papermill's are pages long)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    message = re.sub(r"\x1b\[[0-9;]*m", "", lines[-1]) if lines else ""
    return f"{type(exc).__name__}: {message}"


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
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    settings = Config()
    # the parameter cells show nothing, and papermill gives the injected one a random id: left out, the same
    # parameters give the same page
    settings.TagRemovePreprocessor.remove_cell_tags = ("remove-cell", "parameters", "injected-parameters")
    settings.TagRemovePreprocessor.enabled = True
    # no code is shown, so no code highlighting: without this step the page carries no Pygments stylesheet
    settings.CSSHTMLHeaderPreprocessor.enabled = False
    exporter = _page_exporter_class()(
        config=settings,
        template_name="briefing",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        language_code=lang,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(config=settings), enabled=True)
    return exporter


@functools.cache
def _page_exporter_class() -> type:
    """nbconvert's HTML exporter without its last pass, which parses the finished page again (BeautifulSoup) to give
    images without alt text a placeholder and make every output focusable, and writes it out anew: a third of the
    conversion's time. The briefing template gives each chart its title as alt text, and a phone scrolls the wide
    tables themselves; the notebook's metadata is not kept from one document to the next."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(  # type: ignore[override]
            self, nb: Any, resources: Any = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            self._nb_metadata.clear()
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", Highlight2HTML(pygments_lexer="ipython3", parent=self))
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


def html_to_pdf(html_text: str, target: Path) -> None:
    """Print the page to `target` with Python's cyclic collector paused, then collect once. A briefing's print
    leaves some 130,000 objects in reference cycles (WeasyPrint's boxes and their parents), all garbage at the end;
    the collections its allocations set off during the print walk the growing layout again and again and free
    nothing that one collection afterwards does not (1.55 -> 1.48 s a PDF, peak memory unchanged). Paused, the
    collector promotes nothing: all the print made is in the youngest generation, which that one collection walks."""
    from weasyprint import HTML

    with atomic_path(target) as tmp, _collected_once():
        HTML(string=html_text, base_url=str(target.parent)).write_pdf(tmp)


@contextmanager
def _collected_once() -> Iterator[None]:
    """The cyclic garbage collector paused for the block, then one collection of the youngest generation (a collector
    that was off stays off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
            gc.collect(0)
