"""Province names -> GSO codes, regions and the 2025 merger map (63 -> 34).

A name matches a known spelling (reference/provinces.csv, reference/province_aliases.csv) after normalisation that
keeps the Vietnamese letters distinct: case, spacing, punctuation and the placement of tone marks are ignored (Hoà
Bình = Hòa Bình), but â, ă and a, ơ and o, ư and u, đ and d stay different letters, so 'Hậ Giang' is neither Hà
Giang nor Hậu Giang. A name written without any diacritics ('Ha Nam', 'HAU GIANG') is compared without them. A letter
outside Latin and Vietnamese (a Cyrillic 'у' in 'Tуên Quang') is refused. A name that matches nothing is an error
with the closest candidates; nothing is guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.core import config
from analysis.core.errors import DataError
from analysis.data.csvfile import LINE, first_row_error, read_csv
from analysis.data.store import built

LOOKALIKE_D = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
PREFIXES = ("thành phố", "thanh pho", "tỉnh", "tinh", "tp")
SPELLING_COLUMNS = ["scheme", "code", "spelling"]
UNIT_COLUMNS = ["new_code", "name_vi", "new_name_vi_official", "name_ascii", "region_vi", "region_en", "old_gso_codes"]


def match_key(name: str) -> str:
    """Loose key without any diacritics: 'TP. Hồ Chí Minh', 'Ho Chi Minh' and 'HỒ CHÍ MINH' -> 'tphochiminh'/
    'hochiminh'. Used for names written without diacritics and to spot national rows."""
    text = unicodedata.normalize("NFC", str(name)).translate(LOOKALIKE_D).casefold()
    text = unicodedata.normalize("NFD", text.replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


def spelling_key(name: str) -> str:
    """Strict key: case, spacing, punctuation and tone marks dropped, Vietnamese letters kept (â ă ê ô ơ ư đ)."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", str(name)).translate(LOOKALIKE_D).casefold())
    text = unicodedata.normalize("NFC", "".join(ch for ch in text if ch not in TONE_MARKS))
    return "".join(ch for ch in text if ch.isalnum())


def foreign_letter(name: str) -> str | None:
    """The first letter that is neither Latin nor Vietnamese (e.g. a Cyrillic look-alike), or None."""
    for ch in unicodedata.normalize("NFC", str(name)):
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return ch
    return None


@dataclass(frozen=True)
class Spellings:
    """The known spellings of one province list: strict keys, and loose keys for names written without diacritics
    (a loose key two provinces share maps to None and is refused as ambiguous)."""

    strict: dict[str, str]
    loose: dict[str, str | None]

    @classmethod
    def build(cls, spellings: Sequence[tuple[str, str, str, int | None]]) -> Spellings:
        """From (code, spelling, file, line); a spelling that means two provinces is an error naming its line."""
        strict: dict[str, str] = {}
        loose: dict[str, str | None] = {}
        for code, spelling, file, line in spellings:
            key = spelling_key(spelling)
            if strict.get(key, code) != code:
                raise DataError(
                    file, f"spelling maps to two provinces ({strict[key]} and {code})", line=line, value=spelling
                )
            strict[key] = code
            plain = match_key(spelling)
            loose[plain] = code if loose.get(plain, code) == code else None
        return cls(strict, loose)

    def _keys_for(self, name: str) -> tuple[dict[str, str] | dict[str, str | None], Callable[[str], str]]:
        """A name written without diacritics is compared on loose keys, any other on strict ones."""
        return (self.loose, match_key) if str(name).isascii() else (self.strict, spelling_key)

    def find(self, name: str) -> str | None:
        keys, make_key = self._keys_for(name)
        key = make_key(name)
        prefixes = [make_key(p) for p in PREFIXES]
        for candidate in (key, *(key[len(p) :] for p in prefixes if key.startswith(p))):
            if candidate in keys:
                return keys[candidate]
        return None

    def closest(self, name: str) -> list[str]:
        keys, make_key = self._keys_for(name)
        return [
            code for k in difflib.get_close_matches(make_key(name), list(keys), n=3, cutoff=0.6) if (code := keys[k])
        ]


@dataclass(frozen=True)
class Crosswalk:
    """The 63 provinces of 2008-2024 and the 34 of 2025 onward, with every known spelling of each. A name is read
    in the scheme of its year (`year`; the 63 without one): 'Ninh Bình' is GSO 37 before 2025 and the new Ninh Bình
    (Hà Nam + Nam Định + Ninh Bình, new code 37) from 2025."""

    table: pd.DataFrame  # the 63, indexed by gso_code
    spellings: Spellings
    merger: pd.DataFrame  # old gso_code -> new 2025 unit
    units34: pd.DataFrame  # the 34, indexed by new_code: name_vi, name_ascii, region_vi, region_en, old_codes
    spellings34: Spellings
    spelling_rows: pd.DataFrame  # scheme, code, spelling: every known spelling, as written to data/processed

    def code(
        self, name: str, *, year: int | None = None, file: str = "?", line: int | None = None, column: str | None = None
    ) -> str:
        """The code of `name` in its year's scheme, or a DataError naming where the unknown name was found."""
        new = year is not None and config.scheme_of(year) == 34
        spellings, table = (self.spellings34, self.units34) if new else (self.spellings, self.table)
        if (letter := foreign_letter(name)) is not None:
            raise DataError(
                file,
                f"the province name contains '{letter}' ({unicodedata.name(letter, '?')}), a "
                f"letter that is neither Latin nor Vietnamese",
                line=line,
                column=column,
                value=name,
            )
        found = spellings.find(name)
        if found is not None:
            return found
        if new and (old := self.spellings.find(name)) is not None:
            became, old_name = str(self.merger.at[old, "new_name_vi"]), str(self.table.at[old, "name_vi"])
            raise DataError(
                file,
                f"{old_name} is one of the 63 provinces before the merger: from "
                f"1 July 2025 it is part of {became} (Resolution 202/2025/QH15), and a table of "
                f"{year} names the 34 provinces; write {became}",
                line=line,
                column=column,
                value=name,
            )
        suggestions = sorted({str(table.at[code, "name_vi"]) for code in spellings.closest(name)})
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
        return str(self.scheme_table(year).at[code, "name_vi"])

    def codes(self, year: int | None = None) -> list[str]:
        return list(self.scheme_table(year).index)

    def successor(self, code: str) -> str | None:
        """The name of the province of 2025 that an old province (GSO code) became part of, when it was merged with
        others; None when it continues on its own."""
        if code not in self.merger.index:
            return None
        new_code = str(self.merger.at[code, "new_code"])
        return str(self.units34.at[new_code, "name_vi"]) if len(self.constituents(new_code)) > 1 else None

    def constituents(self, new_code: str) -> list[str]:
        """The old GSO codes that formed a province of 2025."""
        return str(self.units34.at[new_code, "old_gso_codes"]).split("|")


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
    unknown = aliases[~aliases["gso_code"].isin(table.index)]
    if len(unknown):
        problem = "names a code that reference/provinces.csv does not list"
        raise first_row_error("reference/province_aliases.csv", unknown, "gso_code", problem)
    listed = [
        (c, n, "reference/provinces.csv", int(line))
        for c, n, line in zip(table["gso_code"], table["name_vi"], table[LINE], strict=True)
    ]
    listed += [
        (c, a, "reference/province_aliases.csv", int(line))
        for c, a, line in zip(aliases["gso_code"], aliases["alias"], aliases[LINE], strict=True)
    ]
    spellings = Spellings.build(listed)
    merger = read_csv(
        ref / "merger_2025.csv", ["old_gso_code", "new_code", "new_name_vi"], label="reference/merger_2025.csv"
    ).set_index("old_gso_code")
    units34, listed34 = _load_units_2025(ref, table)
    _check_merger_agrees(merger, units34, table)
    rows = [(63, code, spelling) for code, spelling, _, _ in listed] + [
        (34, code, spelling) for code, spelling, _, _ in listed34
    ]
    return Crosswalk(
        table=table,
        spellings=spellings,
        merger=merger,
        units34=units34,
        spellings34=Spellings.build(listed34),
        spelling_rows=pd.DataFrame(rows, columns=SPELLING_COLUMNS),
    )


def _load_units_2025(ref: Path, table: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str, str, int]]]:
    """The 34 provinces of 2025 with their spellings; a unit's region is the one most of its old provinces had."""
    label = "reference/provinces_2025.csv"
    units = read_csv(
        ref / "provinces_2025.csv",
        ["new_code", "new_name_vi", "new_name_vi_official", "new_name_ascii", "old_gso_codes"],
        label=label,
    )
    units["old_codes"] = units["old_gso_codes"].str.split("|")
    for line, codes in zip(units[LINE], units["old_codes"], strict=True):
        if unknown := [c for c in codes if c not in table.index]:
            raise DataError(
                label,
                "names old provinces that reference/provinces.csv does not list",
                line=line,
                column="old_gso_codes",
                value="|".join(unknown),
            )
    units["name_vi"] = units["new_name_vi"].map(lambda s: unicodedata.normalize("NFC", s))
    units["name_ascii"] = units["new_name_ascii"]
    for column in ("region_vi", "region_en"):
        units[column] = [table.loc[codes, column].mode().iloc[0] for codes in units["old_codes"]]
    units = units.set_index("new_code", drop=False)
    listed = [
        (code, spelling, label, int(line))
        for code, line, *names in zip(
            units["new_code"],
            units[LINE],
            units["name_vi"],
            units["new_name_vi_official"],
            units["new_name_ascii"],
            strict=True,
        )
        for spelling in names
    ]
    return units, listed


def _check_merger_agrees(merger: pd.DataFrame, units: pd.DataFrame, table: pd.DataFrame) -> None:
    """The merger is written twice, old to new (merger_2025.csv) and new to old (provinces_2025.csv): both must
    place each of the 63 provinces in the same one of the 34, under the same name."""
    merger_label, units_label = "reference/merger_2025.csv", "reference/provinces_2025.csv"
    placed = {
        old: (code, line)
        for code, codes, line in zip(units["new_code"], units["old_codes"], units[LINE], strict=True)
        for old in codes
    }
    listed = [old for codes in units["old_codes"] for old in codes]
    if repeated := sorted({old for old in listed if listed.count(old) > 1}):
        raise DataError(
            units_label, "lists an old province under two new ones", column="old_gso_codes", value="|".join(repeated)
        )
    if missing := sorted(set(table.index) - set(merger.index)):
        raise DataError(
            merger_label,
            "does not say which 2025 province these old provinces joined",
            column="old_gso_code",
            value="|".join(missing),
        )
    if duplicated := sorted(set(merger.index[merger.index.duplicated()])):
        raise DataError(merger_label, "lists an old province twice", column="old_gso_code", value="|".join(duplicated))
    for old, row in merger.iterrows():
        if old not in placed:
            raise DataError(
                merger_label,
                f"old province {old} is in no unit's old_gso_codes in {units_label}",
                line=int(row[LINE]),
                column="old_gso_code",
                value=old,
            )
        code, line = placed[old]
        if row["new_code"] != code:
            raise DataError(
                merger_label,
                f"old province {old} joins {row['new_code']} here but {code} in {units_label} line {line}",
                line=int(row[LINE]),
                column="new_code",
                value=row["new_code"],
            )
        name = units.at[code, "name_vi"]
        if unicodedata.normalize("NFC", row["new_name_vi"]) != name:
            raise DataError(
                merger_label,
                f"new province {code} is named {name!r} in {units_label} line {line}",
                line=int(row[LINE]),
                column="new_name_vi",
                value=row["new_name_vi"],
            )


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


def units_2025_table(crosswalk: Crosswalk) -> pd.DataFrame:
    """The 34 provinces of 2025 written to data/processed/provinces_2025.csv (old codes joined by '|')."""
    return crosswalk.units34[UNIT_COLUMNS].reset_index(drop=True)


def load_processed_crosswalk(processed_dir: str | Path | None = None) -> Crosswalk:
    """The crosswalk as the data step wrote it to data/processed (provinces.csv, provinces_2025.csv,
    province_spellings.csv): what the report reads, never data/raw."""
    folder = Path(processed_dir or config.PROCESSED_DIR).resolve()
    names = ("provinces.csv", "provinces_2025.csv", "province_spellings.csv")
    return _processed_crosswalk(folder, tuple(built(folder / name).stat().st_mtime_ns for name in names))


@lru_cache(maxsize=4)
def _processed_crosswalk(folder: Path, _versions: tuple[int, ...]) -> Crosswalk:
    provinces = pd.read_csv(folder / "provinces.csv", dtype=str, keep_default_na=False)
    table = provinces.rename(
        columns={
            "province_code": "gso_code",
            "province_name": "name_vi",
            "province_name_en": "name_en",
            "province_name_ascii": "name_ascii",
            "region": "region_vi",
        }
    ).set_index("gso_code", drop=False)
    merger = provinces.rename(
        columns={"province_code": "old_gso_code", "new_code_2025": "new_code", "new_name_2025": "new_name_vi"}
    ).set_index("old_gso_code")
    units = pd.read_csv(folder / "provinces_2025.csv", dtype=str, keep_default_na=False)
    units["old_codes"] = units["old_gso_codes"].str.split("|")
    units = units.set_index("new_code", drop=False)
    rows = pd.read_csv(folder / "province_spellings.csv", dtype={"code": str, "spelling": str})

    def spellings(scheme: int) -> Spellings:
        mine = rows[rows["scheme"] == scheme]
        return Spellings.build(
            [
                (code, spelling, "province_spellings.csv", None)
                for code, spelling in zip(mine["code"], mine["spelling"], strict=True)
            ]
        )

    return Crosswalk(
        table=table,
        spellings=spellings(63),
        merger=merger[["new_code", "new_name_vi"]],
        units34=units,
        spellings34=spellings(34),
        spelling_rows=rows,
    )
