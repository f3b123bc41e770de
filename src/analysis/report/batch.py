"""The yearly batch: shared work once (data, models), then one Papermill run per year x language in parallel,
rendered to self-contained HTML (nbconvert, no code) and A4 PDF (WeasyPrint), with a run record per year.

A failing report is recorded and the others go on; the command exits non-zero at the end if any failed.
"""
from __future__ import annotations

import csv
import html
import json
import re
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from analysis import config
from analysis.atomic import atomic_path

NOTEBOOK = config.NOTEBOOKS_DIR / "briefing.ipynb"
EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\ssrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.IGNORECASE)


def report_paths(reports_dir: Path, year: int, lang: str) -> dict[str, Path]:
    folder = reports_dir / str(year)
    stem = f"briefing_{year}_{lang}"
    return {"ipynb": folder / f"{stem}.ipynb", "html": folder / f"{stem}.html", "pdf": folder / f"{stem}.pdf"}


def notebook_to_html(notebook_path: Path, title: str) -> str:
    """Self-contained HTML: no input cells or prompts, images inline, no scripts fetched from the network."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    settings = Config()
    settings.TagRemovePreprocessor.remove_cell_tags = ("remove-cell",)
    settings.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=settings, template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(config=settings), enabled=True)
    notebook = nbformat.read(notebook_path, as_version=4)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    return EXTERNAL_SCRIPT.sub("", body)


def html_to_pdf(html_text: str, target: Path) -> None:
    from weasyprint import HTML
    with atomic_path(target) as tmp:
        HTML(string=html_text, base_url=str(target.parent)).write_pdf(tmp)


def render_one(job: dict) -> dict:
    """Execute, convert and print one briefing; never raises (the batch records the failure and goes on)."""
    import papermill

    year, lang, formats = job["year"], job["lang"], job["formats"]
    paths = report_paths(Path(job["reports_dir"]), year, lang)
    paths["ipynb"].parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outcome = {"year": year, "lang": lang, "ok": False, "outputs": []}
    try:
        with atomic_path(paths["ipynb"]) as tmp:
            papermill.execute_notebook(str(NOTEBOOK), str(tmp), parameters=job["parameters"],
                                       kernel_name=config.KERNEL_NAME, cwd=str(config.NOTEBOOKS_DIR),
                                       execution_timeout=job["timeout"], progress_bar=False, log_output=False)
        outcome["outputs"].append(str(paths["ipynb"]))
        title = job["title"]
        page = notebook_to_html(paths["ipynb"], title)
        if "html" in formats:
            with atomic_path(paths["html"]) as tmp:
                tmp.write_text(page, encoding="utf-8")
            outcome["outputs"].append(str(paths["html"]))
        if "pdf" in formats:
            html_to_pdf(page, paths["pdf"])
            outcome["outputs"].append(str(paths["pdf"]))
        outcome["ok"] = True
    except Exception as exc:  # noqa: BLE001 - one failing report must not take the batch down
        outcome["error"] = f"{type(exc).__name__}: {exc}"
        outcome["traceback"] = traceback.format_exc(limit=5)
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    return outcome


def package_versions() -> dict[str, str]:
    import tomllib
    deps = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = [re.split(r"[=<>!~ ]", d, maxsplit=1)[0] for d in deps]
    return {n: metadata.version(n) for n in names}


def manifest_checksums() -> dict[str, str]:
    with open(config.MANIFEST_PATH, encoding="utf-8", newline="") as handle:
        return {row["path"]: row["sha256"] for row in csv.DictReader(handle)}


def run_batch(years: list[int] | None = None, focus: list[str] | None = None, langs: list[str] | None = None,
              formats: list[str] | None = None, workers: int | None = None, source: Path | None = None,
              reports_dir: Path = config.REPORTS_DIR, refresh_data: bool = True) -> list[dict]:
    from analysis.build import run_data_step
    from analysis.models.run import run_models, write_model_outputs
    from analysis.provinces import load_crosswalk
    from analysis.report.briefing import git_commit
    from analysis.report.params import load_batch_config, validate
    from analysis.report.text import t
    from analysis.wide import load_panel

    settings = load_batch_config()
    focus, langs = focus or settings["focus_provinces"], langs or settings["languages"]
    formats, workers = formats or settings["formats"], workers or settings["workers"]
    if refresh_data:
        run_data_step(source or config.source_dir())
    panel = load_panel()
    available = sorted(panel["year"].unique().tolist())
    crosswalk = load_crosswalk()
    years = [y for y in (years or available) if y in available]
    jobs = []
    for year in years:          # every parameter set is validated before any notebook runs
        for lang in langs:
            params = validate(year, list(focus), lang, available, crosswalk)
            jobs.append({"year": year, "lang": lang, "formats": formats, "reports_dir": str(reports_dir),
                         "timeout": settings["execution_timeout_seconds"], "title": t("title", lang, year=year),
                         "parameters": params.as_notebook_parameters(crosswalk, config.PROCESSED_DIR)})
    if refresh_data:
        write_model_outputs(run_models(panel))
    record = {"git_commit": git_commit(), "data_manifest_sha256": manifest_checksums(), "packages": package_versions(),
              "kernel": config.KERNEL_NAME}
    started = _now()
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(render_one, jobs))
    else:
        outcomes = [render_one(job) for job in jobs]
    for year in years:
        mine = [o for o in outcomes if o["year"] == year]
        run = {**record, "year": year, "started": started, "finished": _now(),
               "parameters": [j["parameters"] for j in jobs if j["year"] == year], "reports": mine}
        with atomic_path(reports_dir / str(year) / "run.json") as tmp:
            tmp.write_text(json.dumps(run, indent=2, ensure_ascii=False), encoding="utf-8")
    write_index(reports_dir, panel, outcomes, langs, formats)
    return outcomes


def write_index(reports_dir: Path, panel, outcomes: list[dict], langs: list[str], formats: list[str]) -> Path:
    from analysis.report.briefing import headline

    rows = []
    for year in sorted({o["year"] for o in outcomes}, reverse=True):
        links = []
        for lang in langs:
            for fmt in formats:
                path = report_paths(reports_dir, year, lang)[fmt]
                if path.is_file():
                    links.append(f'<a href="{year}/{path.name}">{fmt.upper()} ({lang})</a>')
        failed = [o for o in outcomes if o["year"] == year and not o["ok"]]
        status = f' <span class="failed">{len(failed)} failed: see {year}/run.json</span>' if failed else ""
        rows.append(f"<tr><th>{year}</th><td>{html.escape(headline(panel, year, 'vi'))}<br/>"
                    f"<em>{html.escape(headline(panel, year, 'en'))}</em></td><td>{' · '.join(links)}{status}</td></tr>")
    page = ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Bản tin chỉ số quản trị cấp tỉnh / "
            "Provincial governance briefings</title><style>body{font-family:'DejaVu Sans',sans-serif;max-width:1000px;"
            "margin:2em auto;color:#1c2833}table{border-collapse:collapse}th,td{padding:6px 10px;border-bottom:1px "
            "solid #d5d8dc;vertical-align:top;text-align:left}.failed{color:#c0392b}</style></head><body>"
            "<h1>Bản tin chỉ số quản trị cấp tỉnh / Provincial governance briefings</h1>"
            "<p>PAPI · PAR INDEX · SIPAS. Mỗi năm một bản tin tiếng Việt và tiếng Anh / One briefing per year in "
            "Vietnamese and English.</p><table><tr><th>Năm / Year</th><th>Tóm tắt / Headline</th><th>Tệp / Files"
            f"</th></tr>{''.join(rows)}</table></body></html>")
    target = reports_dir / "index.html"
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return target


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
