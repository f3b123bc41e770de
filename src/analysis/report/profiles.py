"""A profile for every province, every year, in both languages: the briefing's province pages (summary, priorities,
trend, regional peers) as documents of their own, with an index page per year (analysis.report.index).

Each profile is rebuilt only when something it depends on changed (analysis.core.builds). Its key hashes the code
(the analysis package, the profile notebook, the templates), its parameters and formats, and the data it shows: that
year's panel rows (the national and regional medians and the peers use every province of the year), the province's
own rows in every year of its scheme (its trend), that year's PAPI rank ranges, rank changes, indicators and
priority lists, and its scorecard and reported criteria.
The keys of the last build are kept in reports/profiles/builds.json.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import config
from analysis.core.builds import code_digest, digest_files, digest_frame, digest_text
from analysis.core.text import t
from analysis.data.provinces import Crosswalk
from analysis.report.params import validate
from analysis.report.render import RenderJob, document_paths

NOTEBOOK = config.NOTEBOOKS_DIR / "profile.ipynb"
FOLDER = "profiles"


def profile_paths(reports_dir: Path, year: int, code: str, lang: str) -> dict[str, Path]:
    return document_paths(Path(reports_dir), Path(FOLDER) / str(year), f"profile_{year}_{code}_{lang}", FOLDER)


def inputs_digest(tables: dict[str, pd.DataFrame], year: int, code: str) -> str:
    """The data one profile shows (see the module docstring), as one digest."""
    panel, scorecards = tables["panel"], tables["scorecards"]
    parts = [
        panel[panel["year"] == year],
        panel[(panel["province_code"] == code) & (panel["scheme"] == config.scheme_of(year))],
        tables["ranges"][tables["ranges"]["year"] == year],
        tables["indicators"][tables["indicators"]["year"] == year],
        scorecards[(scorecards["year"] == year) & (scorecards["province_code"] == code)],
        tables["changes"][tables["changes"]["year"] == year],
        tables["priorities"][tables["priorities"]["year"] == year],
        tables["criteria"][(tables["criteria"]["year"] == year) & (tables["criteria"]["province_code"] == code)],
    ]
    return digest_text([digest_frame(part) for part in parts])


def profile_jobs(
    years: list[int],
    provinces: list[str] | None,
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    timeout: int,
    tables: dict[str, pd.DataFrame],
    crosswalk: Crosswalk,
    processed_dir: Path,
    reports_dir: Path,
) -> list[RenderJob]:
    """One job per year × province (None: every province of the year) × language, each parameter set validated."""
    available = sorted(int(y) for y in tables["panel"]["year"].unique())
    code = digest_text(code_digest("core", "data", "models", "report"), digest_files([NOTEBOOK]))
    jobs, digests = [], {}
    for year in years:
        names = provinces or [crosswalk.name_vi(c, year) for c in crosswalk.codes(year)]
        for name in names:
            for lang in langs:
                params = validate(year, [name], lang, available, crosswalk)
                province = params.focus_provinces[0]
                parameters = params.as_notebook_parameters(crosswalk, processed_dir)
                parameters["province"] = crosswalk.name_vi(province, year)
                del parameters["focus_provinces"]
                if (year, province) not in digests:  # the same data for both languages
                    digests[year, province] = inputs_digest(tables, year, province)
                visible = {k: v for k, v in parameters.items() if k != "processed_dir"}  # contents count, not the name
                title = t("profile_title", lang, province=crosswalk.name_vi(province, year), year=year)
                paths = profile_paths(reports_dir, year, province, lang)
                jobs.append(
                    RenderJob(
                        year=year,
                        lang=lang,
                        notebook=str(NOTEBOOK),
                        parameters=parameters,
                        title=title,
                        paths={k: str(v) for k, v in paths.items()},
                        formats=tuple(formats),
                        timeout=timeout,
                        key=digest_text(code, digests[year, province], visible, title, sorted(formats)),
                    )
                )
    return jobs
