"""A profile for every province, every year, in both languages: the briefing's province pages (summary, priorities,
trend, regional peers) as documents of their own, with an index page per year.

Each profile is rebuilt only when something it depends on changed. Its key hashes the code (the analysis package,
the profile notebook, the templates), its parameters and formats, and the data it shows: that year's panel rows
(the national and regional medians and the peers use every province of the year), the province's own rows in every
year of its scheme (its trend), that year's PAPI rank ranges and indicators, and its scorecard if there is one. The
keys of the last build are kept in reports/profiles/builds.json; `force` rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core import config
from analysis.core.atomic import atomic_path, remove_leftovers
from analysis.data.sources.scorecard import scorecard_path
from analysis.report.batch import TEMPLATES, check_options, document_paths, file_links, render_jobs, write_page

NOTEBOOK = config.NOTEBOOKS_DIR / "profile.ipynb"
FOLDER = "profiles"
BUILD_RECORD = "builds.json"


def profile_paths(reports_dir: Path, year: int, code: str, lang: str) -> dict[str, Path]:
    return document_paths(Path(reports_dir), Path(FOLDER) / str(year), f"profile_{year}_{code}_{lang}", FOLDER)


def code_version() -> str:
    """One digest of everything that shapes a profile besides its data: the package, the notebook, the templates."""
    package = Path(__file__).resolve().parents[1]
    files = sorted([*package.rglob("*.py"), *TEMPLATES.rglob("*"), NOTEBOOK, config.PROJECT_ROOT / "config" /
                    "analysis_plan.yml"])  # fmt: skip
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(config.PROJECT_ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def _frame_digest(frame: pd.DataFrame) -> str:
    return hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).values.tobytes()).hexdigest()


def inputs_digest(tables: dict[str, pd.DataFrame], raw_dir: Path, year: int, code: str) -> str:
    """The data one profile shows (see the module docstring), as one digest."""
    panel = tables["panel"]
    scheme = config.scheme_of(year)
    parts = [
        panel[panel["year"] == year],
        panel[(panel["province_code"] == code) & (panel["scheme"] == scheme)],
        tables["ranges"][tables["ranges"]["year"] == year],
        tables["indicators"][tables["indicators"]["year"] == year],
    ]
    digest = hashlib.sha256("".join(_frame_digest(part) for part in parts).encode())
    if (scorecard := scorecard_path(raw_dir, year, code)) is not None:
        digest.update(scorecard.read_bytes())
    return digest.hexdigest()


def run_profiles(
    years: list[int] | None = None,
    provinces: list[str] | None = None,
    langs: tuple[str, ...] = ("vi", "en"),
    formats: tuple[str, ...] = ("html", "pdf"),
    workers: int = 2,
    raw_dir: Path = config.RAW_DIR,
    processed_dir: Path = config.PROCESSED_DIR,
    reports_dir: Path = config.REPORTS_DIR,
    force: bool = False,
    scheduler: str | None = None,
) -> dict[str, Any]:
    """Render the profiles of `years` (None: every year with data) and `provinces` (None: every province of each
    year) that are missing or out of date, then each year's index page. Returns what was rendered, skipped and
    failed."""
    from analysis.core.text import t
    from analysis.data.precision import load_rank_ranges
    from analysis.data.provinces import load_crosswalk
    from analysis.data.store import load_panel
    from analysis.report.params import validate

    check_options(list(formats), list(langs), workers)
    panel = load_panel(processed_dir)
    available = sorted(panel["year"].unique().tolist())
    years = available if years is None else years
    crosswalk = load_crosswalk(raw_dir)
    tables = {"panel": panel, "ranges": load_rank_ranges(processed_dir),
              "indicators": pd.read_parquet(Path(processed_dir) / "papi_indicators.parquet")}  # fmt: skip
    version = code_version()
    record_path = Path(reports_dir) / FOLDER / BUILD_RECORD
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.is_file() else {}
    jobs: list[dict[str, Any]] = []
    skipped, keys, digests = 0, {}, {}
    for year in years:
        names = provinces or [crosswalk.name_vi(code, year) for code in crosswalk.codes(year)]
        for name in names:
            for lang in langs:
                params = validate(year, [name], lang, available, crosswalk)
                code = params.focus_provinces[0]
                paths = profile_paths(reports_dir, year, code, lang)
                parameters = params.as_notebook_parameters(crosswalk, processed_dir, raw_dir)
                parameters["province"] = crosswalk.name_vi(code, year)
                del parameters["focus_provinces"]
                # the folders' contents count through the digest, not their names
                shown = {k: v for k, v in parameters.items() if k not in ("processed_dir", "raw_dir")}
                if (year, code) not in digests:  # the same data for both languages
                    digests[year, code] = inputs_digest(tables, raw_dir, year, code)
                depends = [version, digests[year, code], shown, sorted(formats)]
                key = hashlib.sha256(json.dumps(depends, ensure_ascii=False).encode()).hexdigest()
                stem = paths["html"].stem
                keys[stem] = key
                outputs = [paths[fmt] for fmt in formats]
                if not force and record.get(stem) == key and all(p.is_file() for p in outputs):
                    skipped += 1
                    continue
                title = t("profile_title", lang, province=crosswalk.name_vi(code, year), year=year)
                jobs.append({"year": year, "lang": lang, "formats": list(formats), "notebook": str(NOTEBOOK),
                             "timeout": 600, "title": title, "parameters": parameters,
                             "paths": {k: str(v) for k, v in paths.items()}, "stem": stem})  # fmt: skip
    remove_leftovers(Path(reports_dir), recursive=True)
    outcomes = render_jobs(jobs, workers, scheduler, kind="profiles") if jobs else []
    done = {job["stem"] for job, outcome in zip(jobs, outcomes, strict=True) if outcome["ok"]}
    record.update({stem: keys[stem] for stem in done})
    for job, outcome in zip(jobs, outcomes, strict=True):
        if not outcome["ok"]:
            record.pop(job["stem"], None)
    with atomic_path(record_path) as tmp:
        tmp.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    rebuilt_years = sorted({job["year"] for job in jobs})
    for year in years:
        index = Path(reports_dir) / FOLDER / str(year) / "index.html"
        if year in rebuilt_years or not index.is_file():
            write_profiles_index(reports_dir, panel, crosswalk, year)
    return {"rendered": sorted(done), "skipped": skipped,
            "failed": [o for o in outcomes if not o["ok"]], "indexed": rebuilt_years}  # fmt: skip


def write_profiles_index(reports_dir: Path, panel: pd.DataFrame, crosswalk: Any, year: int) -> Path:
    """reports/profiles/<year>/index.html: every province of the year with its headline, its PAPI quartile group
    and links to the profiles on disk."""
    from analysis.report.plots import quartile_groups
    from analysis.report.summary import headline, totals

    papi = totals(panel, "papi", year)["score"].reindex(crosswalk.codes(year))
    groups = {lang: quartile_groups(papi, lang) for lang in ("vi", "en")}
    table = crosswalk.scheme_table(year)
    rows = []
    for code in crosswalk.codes(year):
        links = file_links({lang: profile_paths(reports_dir, year, code, lang) for lang in ("vi", "en")})
        rows.append({"name": table.at[code, "name_vi"], "region": table.at[code, "region_vi"],
                     "headline_vi": headline(panel, code, year, "vi"), "headline_en": headline(panel, code, year, "en"),
                     "group_vi": groups["vi"][code], "group_en": groups["en"][code], "links": links})  # fmt: skip
    return write_page("profiles_index.html.j2", Path(reports_dir) / FOLDER / str(year) / "index.html", year=year,
                      rows=rows)  # fmt: skip
