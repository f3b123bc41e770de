"""The index pages: reports/index.html (every year with a run record, its headline and files) and
reports/profiles/<year>/index.html (every province of the year). Plain Jinja pages from report/templates,
autoescaped, written only when their content changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.atomic import atomic_path
from analysis.core.text import INDEX_LABEL, t
from analysis.data.provinces import Crosswalk
from analysis.data.store import total_rows
from analysis.report import data as numbers
from analysis.report.render import TEMPLATES
from analysis.report.sentences import headline_text

FIRST_NATIONWIDE = {"sipas": 2017}  # SIPAS surveyed every province from 2017 (reference/methodology/versions.csv)


def write_page(template: str, target: Path, **context: Any) -> bool:
    """An index page from report/templates (autoescaped: province names and headlines are text), written atomically
    and only when it differs from the page on disk. Returns whether it was written."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    page = environment.get_template(template).render(**context)
    if target.is_file() and target.read_text(encoding="utf-8") == page:
        return False
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return True


def file_links(paths: dict[str, dict[str, Path]], folder: str = "") -> list[dict[str, str]]:
    """An index page's links to one document's HTML and PDF files that are on disk; `paths` maps each language to
    its document paths, in the order shown, `folder` is the files' folder seen from the index page."""
    return [
        {"href": f"{folder}{path.name}", "label": f"{kind.upper()} ({lang})"}
        for lang, by_kind in paths.items()
        for kind, path in by_kind.items()
        if kind in ("html", "pdf") and path.is_file()
    ]


def year_headline(panel: pd.DataFrame, year: int, lang: str) -> str:
    """The year in one line for reports/index.html: PAPI's best province and how many provinces PAR INDEX and SIPAS
    have in the data; an index that did not yet exist that year (SIPAS before its nationwide survey) is said so."""
    totals = total_rows(panel, year=year)
    papi = totals[(totals["index"] == "papi") & totals["score"].notna()]
    counts = {index: _count_words(totals, index, year, lang) for index in ("par_index", "sipas")}
    if papi.empty:
        return t("headline_no_papi", lang, year=year, par=counts["par_index"], sipas=counts["sipas"])
    best = papi.sort_values("score", ascending=False).iloc[0]
    return t(
        "headline",
        lang,
        n=len(papi),
        best=best["province_name"],
        best_score=best["score"],
        par=counts["par_index"],
        sipas=counts["sipas"],
    )


def _count_words(totals: pd.DataFrame, index: str, year: int, lang: str) -> str:
    """'21 tỉnh', or, before the index's first year in the panel, when it started ('SIPAS toàn quốc từ 2017')."""
    rows = totals[(totals["index"] == index) & (totals["score"].notna() | totals["rank"].notna())]
    first = FIRST_NATIONWIDE.get(index)
    if first is not None and year < first:
        return t("index_from", lang, index=INDEX_LABEL[index], year=first)
    return t("provinces_count", lang, n=len(rows))


def focus_headlines(
    panel: pd.DataFrame, changes: pd.DataFrame, crosswalk: Crosswalk, year: int, focus: list[str], lang: str
) -> list[str]:
    """Each focus province's headline for the year ('Hà Nam: PAR INDEX 2021: 81,51, ranked 60 of 63, …')."""
    lines = []
    for name in focus:
        code = crosswalk.code(name, year=year)
        row = numbers.headline(numbers.glance(panel, changes, code, year))
        province = crosswalk.name_vi(code, year)
        lines.append(f"{province}: {headline_text(row, province, year, lang)}")
    return lines


def write_index(reports_dir: Path, panel: pd.DataFrame, changes: pd.DataFrame, crosswalk: Crosswalk) -> bool:
    """reports/index.html: every year that has a run record on disk, with its national headline, the headline of
    the focus province(s) it was rendered for, its files and failures."""
    from analysis.report.batch import report_paths

    rows = []
    for record_path in sorted(Path(reports_dir).glob("*/run.json"), reverse=True):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        year = record["year"]
        focus = list(dict.fromkeys(name for run in record["parameters"] for name in run["focus_provinces"]))
        links = file_links({lang: report_paths(reports_dir, year, lang) for lang in ("vi", "en")}, f"{year}/")
        rows.append(
            {
                "year": year,
                "headline_vi": year_headline(panel, year, "vi"),
                "headline_en": year_headline(panel, year, "en"),
                "focus_vi": focus_headlines(panel, changes, crosswalk, year, focus, "vi"),
                "focus_en": focus_headlines(panel, changes, crosswalk, year, focus, "en"),
                "links": links,
                "failed": sum(not report["ok"] for report in record["reports"]),
            }
        )
    return write_page("reports_index.html.j2", Path(reports_dir) / "index.html", rows=rows)


def write_profiles_index(
    reports_dir: Path, panel: pd.DataFrame, changes: pd.DataFrame, crosswalk: Crosswalk, year: int
) -> bool:
    """reports/profiles/<year>/index.html: every province of the year with its headline, its PAPI quartile group
    and links to the profiles on disk."""
    from analysis.report.plots import quartile_groups
    from analysis.report.profiles import FOLDER, profile_paths

    papi = numbers.totals(panel, "papi", year)["score"].reindex(crosswalk.codes(year))
    groups = {lang: quartile_groups(papi, lang) for lang in ("vi", "en")}
    table = crosswalk.scheme_table(year)
    rows = []
    for code in crosswalk.codes(year):
        links = file_links({lang: profile_paths(reports_dir, year, code, lang) for lang in ("vi", "en")})
        facts = numbers.headline(numbers.glance(panel, changes, code, year))
        name = str(table.at[code, "name_vi"])
        rows.append(
            {
                "name": name,
                "region": table.at[code, "region_vi"],
                "headline_vi": headline_text(facts, name, year, "vi"),
                "headline_en": headline_text(facts, name, year, "en"),
                "group_vi": groups["vi"][code],
                "group_en": groups["en"][code],
                "links": links,
            }
        )
    return write_page(
        "profiles_index.html.j2", Path(reports_dir) / FOLDER / str(year) / "index.html", year=year, rows=rows
    )
