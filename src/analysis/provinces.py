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
    """The 63 provinces of 2008-2025 with every known spelling."""

    table: pd.DataFrame  # one row per province, indexed by gso_code
    keys: dict[str, str]  # match key -> gso_code
    merger: pd.DataFrame  # old gso_code -> new 2025 unit

    def code(self, name: str, *, file: str = "?", line: int | None = None, column: str | None = None) -> str:
        """The GSO code of `name`, or a DataError naming where the unknown name was found."""
        key = match_key(name)
        if key in self.keys:
            return self.keys[key]
        for prefix in PREFIXES:
            if key.startswith(prefix) and key[len(prefix) :] in self.keys:
                return self.keys[key[len(prefix) :]]
        close = difflib.get_close_matches(key, self.keys, n=3, cutoff=0.6)
        suggestions = sorted({self.table.at[self.keys[k], "name_vi"] for k in close})
        hint = f"; closest known: {', '.join(suggestions)}" if suggestions else ""
        raise DataError(
            file,
            f"unknown province name{hint}. Add the spelling to reference/province_aliases.csv if it is a real variant",
            line=line,
            column=column,
            value=name,
        )

    def name_vi(self, code: str) -> str:
        return self.table.at[code, "name_vi"]

    def codes(self) -> list[str]:
        return list(self.table.index)


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
    return Crosswalk(table=table, keys=keys, merger=merger)


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
