"""Briefing parameters, checked before any notebook runs (a wrong year, province or type is a clear error)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.core import config
from analysis.core.errors import DataError
from analysis.core.text import LANGUAGES
from analysis.data.provinces import Crosswalk


@dataclass(frozen=True)
class BriefingParameters:
    year: int
    focus_provinces: tuple[str, ...]  # GSO codes
    lang: str

    def as_notebook_parameters(self, crosswalk: Crosswalk, processed_dir: Path) -> dict[str, object]:
        """Plain literals only (int, str, list of str): papermill writes them as a parameters cell."""
        return {
            "year": self.year,
            "focus_provinces": [crosswalk.name_vi(c, self.year) for c in self.focus_provinces],
            "lang": self.lang,
            "processed_dir": str(processed_dir),
        }


def validate(year, focus_provinces, lang, available_years, crosswalk: Crosswalk) -> BriefingParameters:
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValueError(f"year must be a whole number such as 2021, not {year!r}")
    if year not in available_years:
        raise ValueError(f"no data for year {year}; years with data: {min(available_years)}-{max(available_years)}")
    if (
        isinstance(focus_provinces, str)
        or not isinstance(focus_provinces, (list, tuple))
        or not all(isinstance(p, str) for p in focus_provinces)
    ):
        raise ValueError(f"focus_provinces must be a list of province names, e.g. ['Hà Nam'], not {focus_provinces!r}")
    codes = [_focus_code(name, year, crosswalk) for name in focus_provinces]
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return BriefingParameters(year, tuple(dict.fromkeys(codes)), lang)


def _focus_code(name: str, year: int, crosswalk: Crosswalk) -> str:
    """The province's code in the year's scheme; from 2025 an old province (Hà Nam) stands for the new province it
    joined (Ninh Bình), so a standing focus list keeps working across the merger."""
    try:
        return crosswalk.code(name, year=year, file="parameter focus_provinces")
    except DataError as exc:
        if config.scheme_of(year) == 34:
            try:
                return str(crosswalk.merger.at[crosswalk.code(name), "new_code"])
            except DataError:
                pass
        raise ValueError(str(exc)) from None
