"""Every path, year range and default of the project in one place."""

from __future__ import annotations

import os
from pathlib import Path


def _project_root() -> Path:
    """The project folder (config/, notebooks/, data/, reports/): $ANALYSIS_PROJECT_ROOT when set; else the source
    checkout this package sits in (src/analysis); else, for a package installed with `pip install .`, the current
    folder."""
    if os.environ.get("ANALYSIS_PROJECT_ROOT"):
        return Path(os.environ["ANALYSIS_PROJECT_ROOT"]).expanduser().resolve()
    checkout = Path(__file__).resolve().parents[3]
    return checkout if (checkout / "pyproject.toml").is_file() else Path.cwd().resolve()


def _folder(variable: str, default: Path) -> Path:
    """A folder the environment may point elsewhere (a notebook's kernel reads the same variables)."""
    return Path(os.environ[variable]).expanduser().resolve() if os.environ.get(variable) else default


PROJECT_ROOT = _project_root()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = _folder("ANALYSIS_RAW_DIR", DATA_DIR / "raw")
PROCESSED_DIR = _folder("ANALYSIS_PROCESSED_DIR", DATA_DIR / "processed")
MANIFEST_PATH = DATA_DIR / "manifest.csv"
REPORTS_DIR = _folder("ANALYSIS_REPORTS_DIR", PROJECT_ROOT / "reports")
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"

SOURCE_ENV_VAR = "ANALYSIS_DATA_SOURCE"
DEFAULT_SOURCE_DIR = PROJECT_ROOT.parent / "shared" / "data"

FIRST_YEAR, LAST_YEAR = 2011, 2030
INDICES = ("papi", "par_index", "sipas")
KERNEL_NAME = "vn-governance"
# Since 1 July 2025 Viet Nam has 34 provinces (Resolution 202/2025/QH15; reference/merger_2025.csv): results from
# 2025 name the new units, results up to 2024 the 63 old ones. A year's "scheme" says which list its codes come from.
MERGER_YEAR = 2025
SCHEME_SIZES = {63: 63, 34: 34}
# How far a panel value can be trusted (the panel's `quality` column, analysis.data.quality), from the most to the
# least trusted: when several apply to one value, the later in this list wins. The analysis plan's model_qualities
# must be among them.
QUALITIES = ("published", "stated", "derived", "secondary-partial", "ambiguous", "not-comparable")


def scheme_of(year: int) -> int:
    """63 for the provinces of 2008-2024, 34 for those from 2025."""
    return 34 if int(year) >= MERGER_YEAR else 63


# Where each source folder comes from; copied into data/manifest.csv (details in each folder's SOURCES.md).
ORIGINS = {
    "papi": "PAPI sub-dimension scores (CECODES/VFF-CRT/RTA/UNDP, papi.org.vn) via GitHub "
    "hnks-gh/ml-mcdm@d165721 data/csv/ (MIT)",
    "papi_official": "PAPI official totals and dimensions via mdtrinh/vietnamdata@be581b8 (CC0), "
    "HungNT1st/CS571_Project@7d6415f, tunah72/papi-dashboard@2e42ab8",
    "par_index": "PAR INDEX (Ministry of Home Affairs) scores and ranks hand-collected from official portals and the "
    "press; URL on every row",
    "sipas": "SIPAS (Ministry of Home Affairs) scores and ranks hand-collected from official portals and the press; "
    "URL on every row",
    "reference": "Province crosswalk (GSO codes via VietnamProvinces/vietnamcode/pycountry), Resolution 202/2025/QH15 "
    "merger, boundaries Open Development Mekong / Dept of Survey and Mapping (CC BY-SA 4.0)",
    "reference/methodology": "Methodology decisions of PAR INDEX, SIPAS and PAPI read from stored public pages; URL "
    "on every row",
    "": "Overview of the shared data folder",
}


def origin_of(relative_path: str) -> str:
    """The ORIGINS entry of the deepest folder that has one (reference/methodology/x.csv before reference/)."""
    folders = relative_path.split("/")[:-1]
    for depth in range(len(folders), 0, -1):
        folder = "/".join(folders[:depth])
        if folder in ORIGINS:
            return ORIGINS[folder]
    return ORIGINS[""]


def source_dir(cli_value: str | os.PathLike | None = None) -> Path:
    """The folder raw files are fetched from: --source, else $ANALYSIS_DATA_SOURCE, else ../shared/data."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    if os.environ.get(SOURCE_ENV_VAR):
        return Path(os.environ[SOURCE_ENV_VAR]).expanduser().resolve()
    return DEFAULT_SOURCE_DIR.resolve()


def parse_years(text: str | None) -> list[int]:
    """'2011-2024', '2021' or '2019,2021' -> sorted list of years within the supported range; None -> every year.

    A reversed range ('2024-2011') or an empty text is an error: a list the user wrote is never widened to all years.
    """
    if text is None:
        return list(range(FIRST_YEAR, LAST_YEAR + 1))
    years: set[int] = set()
    for part in str(text).split(","):
        try:
            bounds = [int(bound) for bound in part.strip().split("-", 1)]
        except ValueError:
            raise ValueError(f"cannot read years from {text!r}: use e.g. 2021, 2019,2021 or 2011-2024") from None
        first, last = bounds[0], bounds[-1]
        if first > last:
            raise ValueError(f"the year range {part.strip()!r} runs backwards: write {last}-{first}")
        years.update(range(first, last + 1))
    outside = sorted(y for y in years if not FIRST_YEAR <= y <= LAST_YEAR)
    if outside:
        raise ValueError(f"years {outside} are outside the data's range {FIRST_YEAR}-{LAST_YEAR}")
    return sorted(years)
