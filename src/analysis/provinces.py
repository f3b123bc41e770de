"""Province names -> GSO codes, regions and the 2025 merger map (63 -> 34).

Matching follows the reference data's own rule (reference/SOURCES.md): compare on a key made by NFC-normalising,
case-folding, folding look-alike letters (Ð, ɖ, ð -> đ), stripping diacritics (đ -> d) and keeping only [a-z0-9].
A name that matches no known spelling is an error with the closest candidates; nothing is guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.errors import DataError
from analysis.sources.csvfile import read_csv

LOOKALIKE_D = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})
PREFIXES = ("thanhpho", "tinh", "tp")


def match_key(name: str) -> str:
    """Spelling-insensitive key: 'TP. Hồ Chí Minh', 'Ho Chi Minh' and 'HỒ CHÍ MINH' -> 'tphochiminh'/'hochiminh'."""
    text = unicodedata.normalize("NFC", str(name)).translate(LOOKALIKE_D).casefold()
    text = unicodedata.normalize("NFD", text.replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass(frozen=True)
class Crosswalk:
    """The 63 provinces of 2008-2024 and the 34 of 2025 onward, with every known spelling of each. A name is read
    in the scheme of its year (`year`; the 63 without one): 'Ninh Bình' is GSO 37 before 2025 and the new Ninh Bình
    (Hà Nam + Nam Định + Ninh Bình, new code 37) from 2025."""

    table: pd.DataFrame  # the 63, indexed by gso_code
    keys: dict[str, str]  # match key -> gso_code
    merger: pd.DataFrame  # old gso_code -> new 2025 unit
    units34: pd.DataFrame  # the 34, indexed by new_code: name_vi, name_ascii, region_vi, region_en, old_codes
    keys34: dict[str, str]  # match key -> new_code

    def code(self, name: str, *, year: int | None = None, file: str = "?", line: int | None = None,
             column: str | None = None) -> str:  # fmt: skip
        """The code of `name` in its year's scheme, or a DataError naming where the unknown name was found."""
        new = year is not None and config.scheme_of(year) == 34
        keys, table = (self.keys34, self.units34) if new else (self.keys, self.table)
        key = match_key(name)
        if key in keys:
            return keys[key]
        for prefix in PREFIXES:
            if key.startswith(prefix) and key[len(prefix) :] in keys:
                return keys[key[len(prefix) :]]
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
        suggestions = sorted({table.at[keys[k], "name_vi"] for k in close})
        hint = f"; closest known: {', '.join(suggestions)}" if suggestions else ""
        scheme = " among the 34 provinces of 2025 onward" if new else ""
        raise DataError(
            file,
            f"unknown province name{scheme}{hint}. Add the spelling to reference/province_aliases.csv if it is a "
            "real variant",
            line=line,
            column=column,
            value=name,
        )

    def scheme_table(self, year: int | None = None) -> pd.DataFrame:
        """name_vi, region_vi, region_en by code, for the scheme of `year` (the 63 without one)."""
        return self.units34 if year is not None and config.scheme_of(year) == 34 else self.table

    def name_vi(self, code: str, year: int | None = None) -> str:
        return self.scheme_table(year).at[code, "name_vi"]

    def codes(self, year: int | None = None) -> list[str]:
        return list(self.scheme_table(year).index)

    def constituents(self, new_code: str) -> list[str]:
        """The old GSO codes that formed a province of 2025."""
        return list(self.units34.at[new_code, "old_codes"])


def load_crosswalk(raw_dir: str | Path | None = None) -> Crosswalk:
    return _load_crosswalk(Path(raw_dir or config.RAW_DIR).resolve())


@lru_cache(maxsize=4)
def _load_crosswalk(raw_dir: Path) -> Crosswalk:
    ref = raw_dir / "reference"
    table = read_csv(
        ref / "provinces.csv",
        ["gso_code", "name_vi", "name_en", "region_vi", "region_en"],
        label="reference/provinces.csv",
    )
    table["name_vi"] = table["name_vi"].map(lambda s: unicodedata.normalize("NFC", s))
    table = table.set_index("gso_code", drop=False)
    aliases = read_csv(ref / "province_aliases.csv", ["gso_code", "alias"], label="reference/province_aliases.csv")
    keys: dict[str, str] = {}
    spellings = [(c, n, "reference/provinces.csv") for c, n in zip(table["gso_code"], table["name_vi"], strict=True)]
    spellings += [
        (c, a, "reference/province_aliases.csv") for c, a in zip(aliases["gso_code"], aliases["alias"], strict=True)
    ]
    for code, spelling, file in spellings:
        key = match_key(spelling)
        if keys.get(key, code) != code:
            raise DataError(file, f"spelling maps to two provinces ({keys[key]} and {code})", value=spelling)
        keys[key] = code
    merger = read_csv(
        ref / "merger_2025.csv", ["old_gso_code", "new_code", "new_name_vi"], label="reference/merger_2025.csv"
    ).set_index("old_gso_code")
    units34, keys34 = _load_units_2025(ref, table)
    return Crosswalk(table=table, keys=keys, merger=merger, units34=units34, keys34=keys34)


def _load_units_2025(ref: Path, table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The 34 provinces of 2025 with their spellings; a unit's region is the one most of its old provinces had."""
    label = "reference/provinces_2025.csv"
    units = read_csv(ref / "provinces_2025.csv", ["new_code", "new_name_vi", "new_name_vi_official",
                                                  "new_name_ascii", "old_gso_codes"], label=label)  # fmt: skip
    units["old_codes"] = units["old_gso_codes"].str.split("|")
    for line, codes in zip(units["_line"], units["old_codes"], strict=True):
        if unknown := [c for c in codes if c not in table.index]:
            raise DataError(label, "names old provinces that reference/provinces.csv does not list", line=line,
                            column="old_gso_codes", value="|".join(unknown))  # fmt: skip
    units["name_vi"] = units["new_name_vi"].map(lambda s: unicodedata.normalize("NFC", s))
    units["name_ascii"] = units["new_name_ascii"]
    for column in ("region_vi", "region_en"):
        units[column] = [table.loc[codes, column].mode().iloc[0] for codes in units["old_codes"]]
    units = units.set_index("new_code", drop=False)
    keys: dict[str, str] = {}
    for code, *spellings in zip(units["new_code"], units["name_vi"], units["new_name_vi_official"],
                                units["new_name_ascii"], strict=True):  # fmt: skip
        for spelling in spellings:
            key = match_key(spelling)
            if keys.get(key, code) != code:
                raise DataError(label, f"spelling maps to two provinces ({keys[key]} and {code})", value=spelling)
            keys[key] = code
    return units, keys


def provinces_table(crosswalk: Crosswalk) -> pd.DataFrame:
    """The tidy province list written to data/processed/provinces.csv."""
    t = crosswalk.table
    out = pd.DataFrame(
        {
            "province_code": t["gso_code"],
            "province_name": t["name_vi"],
            "province_name_ascii": t["name_ascii"],
            "province_name_en": t["name_en"],
            "region": t["region_vi"],
            "region_en": t["region_en"],
            "is_municipality": t["is_municipality_2011_2024"].eq("true"),
            "iso_3166_2": t["iso_3166_2"],
        }
    ).reset_index(drop=True)
    merger = crosswalk.merger
    out["new_code_2025"] = out["province_code"].map(merger["new_code"])
    out["new_name_2025"] = out["province_code"].map(merger["new_name_vi"])
    return out
