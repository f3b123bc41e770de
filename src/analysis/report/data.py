"""The numbers behind a briefing, as plain DataFrames with English column names and codes: what a researcher calls
to get the data of any table or chart the briefing shows, and what the display layer (analysis.report.briefing,
analysis.report.province) puts into words. Everything is read from data/processed; nothing here knows a language.

    from analysis.report.data import BriefingData
    data = BriefingData(2021)
    data.glance("35")          # Hà Nam's scores, ranks and rank changes on the three indices
    data.priorities("35")      # the PAPI areas furthest below the national median
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import config
from analysis.core.provenance import git_commit
from analysis.core.settings import load_plan
from analysis.data.boundaries import load_boundaries
from analysis.data.provinces import Crosswalk, load_processed_crosswalk
from analysis.data.store import load_panel, load_rank_changes, load_rank_ranges, to_wide, total_rows
from analysis.models.outputs import ROBUSTNESS, load_model_outputs

INDICES = ("par_index", "sipas", "papi")  # the order of the at-a-glance table: the ministry's indices first
MIN_NATIONAL, MIN_REGIONAL = 10, 5  # fewer provinces with a score: no median is drawn (reported rows are selected)


# ---------------------------------------------------------------- a province's figures, from the panel
def totals(panel: pd.DataFrame, index: str, year: int) -> pd.DataFrame:
    """The year's total rows of one index, indexed by province code."""
    return total_rows(panel, index, year).set_index("province_code")


def in_scheme(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows whose province codes mean what they mean in `year` (codes before and after the 2025 merger differ)."""
    return panel[panel["scheme"] == config.scheme_of(year)]


def region_of(panel: pd.DataFrame, code: str, year: int) -> str | None:
    rows = in_scheme(panel, year)
    regions = rows.loc[rows["province_code"] == code, "region"]
    return str(regions.iloc[0]) if len(regions) else None


GLANCE_COLUMNS = [
    "index",
    "score",
    "rank",
    "n_ranked",
    "basis",
    "quality",
    "rank_before",
    "rank_now",
    "move",
    "n_both",
    "compared_among",
    "order",
    "errors",
    "move_low",
    "move_high",
    "within_error",
    "same_method",
]


def ranked_change(panel: pd.DataFrame, index: str, code: str, year: int) -> dict[str, object]:
    """PAR INDEX or SIPAS: the official ranks of year-1 and year (each among every province), the places gained, and
    how the move compares with the provinces the sources report in both years (`n_both`, `order`: 1 = the largest
    move that way). Nothing across the 2025 merger or where the two years rank different numbers of provinces."""
    if config.scheme_of(year - 1) != config.scheme_of(year):
        return {}
    now, before = totals(panel, index, year), totals(panel, index, year - 1)
    both = now[["rank", "n_ranked"]].join(before[["rank", "n_ranked"]].add_suffix("_before"), how="inner").dropna()
    both = both[both["n_ranked"] == both["n_ranked_before"]]
    if code not in both.index:
        return {}
    moves = both["rank_before"] - both["rank"]
    move = float(moves[code])
    return {
        "rank_before": both.at[code, "rank_before"],
        "rank_now": both.at[code, "rank"],
        "move": move,
        "n_both": len(both),
        "compared_among": "reported",
        "order": _order(moves, move),
        "errors": "none",
        "same_method": methodology_of(panel, index, year - 1) == methodology_of(panel, index, year),
    }


def _order(moves: pd.Series, move: float) -> float:
    """Where `move` stands among the moves the same way, largest first (1 = the largest); NaN for no move."""
    if not move:
        return np.nan
    same_way = moves[moves < 0] if move < 0 else moves[moves > 0]
    return int((same_way.abs() > abs(move)).sum() + 1)


def papi_change(changes: pd.DataFrame, code: str, year: int) -> dict[str, object]:
    """PAPI: the rank change among the provinces scored in both years, with its interval where the survey's errors
    are published (analysis.data.precision.rank_changes), and its order among those provinces' moves."""
    rows = changes[changes["year"] == year]
    mine = rows[rows["province_code"] == code]
    if mine.empty:
        return {}
    row = mine.iloc[0]
    move = float(row["move"])
    return {
        "rank_before": row["rank_before"],
        "rank_now": row["rank"],
        "move": move,
        "n_both": int(row["n_common"]),
        "compared_among": "scored",
        "order": _order(rows["move"], move),
        "errors": row["errors"],
        "move_low": row["move_low"],
        "move_high": row["move_high"],
        "within_error": row["within_error"],
        "same_method": bool(row["same_method"]),
    }


def methodology_of(panel: pd.DataFrame, index: str, year: int) -> str | None:
    rows = total_rows(panel, index, year)["methodology"].dropna()
    return str(rows.iloc[0]) if len(rows) else None


def glance(panel: pd.DataFrame, changes: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """One row per index (PAR INDEX, SIPAS, PAPI, GLANCE_COLUMNS): score, rank among n_ranked, basis and quality of
    the value (missing when the province has none), and the change since year-1: ranks before and now, places
    gained (`move`), the set the move is counted in (`compared_among`: 'scored' = the n_both provinces PAPI scored
    in both years; 'reported' = the n_both provinces the sources report a rank for in both years), its order by
    size in that set, and for PAPI the interval of the move from the published survey errors."""
    rows = []
    for index in INDICES:
        table = totals(panel, index, year)
        row = table.loc[code] if code in table.index else None
        change = papi_change(changes, code, year) if index == "papi" else ranked_change(panel, index, code, year)
        rows.append(
            {
                "index": index,
                "score": np.nan if row is None else row["score"],
                "rank": np.nan if row is None else row["rank"],
                "n_ranked": np.nan if row is None else row["n_ranked"],
                "basis": None if row is None else row["basis"],
                "quality": None if row is None else row["quality"],
                **change,
            }
        )
    return pd.DataFrame(rows).reindex(columns=GLANCE_COLUMNS)


def headline(glance_rows: pd.DataFrame) -> dict | None:
    """The glance row with the largest rank move of the year (a dict of GLANCE_COLUMNS), None when nothing moved."""
    moved = glance_rows[glance_rows["move"].notna() & (glance_rows["move"] != 0)]
    if moved.empty:
        return None
    return moved.iloc[int(moved["move"].abs().to_numpy().argmax())].to_dict()


def _median(scores: pd.Series, minimum: int) -> float:
    return float(scores.median()) if scores.notna().sum() >= minimum else np.nan


def trend(panel: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """Per index and year of `year`'s province scheme: the province's score and rank, the national and regional
    medians of the provinces with a score (only with at least MIN_NATIONAL / MIN_REGIONAL of them), the methodology."""
    rows = total_rows(in_scheme(panel, year))
    region = region_of(panel, code, year)
    by_year = rows.groupby(["index", "year"])
    medians = by_year["score"].apply(_median, minimum=MIN_NATIONAL).rename("national_median")
    regional = rows[rows["region"] == region].groupby(["index", "year"])["score"].apply(_median, minimum=MIN_REGIONAL)
    own = rows[rows["province_code"] == code].set_index(["index", "year"])[["score", "rank", "n_ranked"]]
    out = pd.concat([own, medians, regional.rename("regional_median"), by_year["methodology"].first()], axis=1)
    return out.rename_axis(["index", "year"]).reset_index().sort_values(["index", "year"]).reset_index(drop=True)


def peers(panel: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The provinces of the focus province's region (index: province_name): PAPI dimensions D1.., the PAPI total
    (`papi`), `par_index` and `sipas` this year; a province without data stays listed, as missing."""
    rows = panel[panel["year"] == year]
    region = region_of(panel, code, year)
    members = rows[rows["region"] == region]
    papi = members[(members["index"] == "papi") & members["level"].isin(["dimension", "total"])]
    table = papi.pivot_table(index="province_name", columns="indicator_code", values="score", dropna=False)
    same = in_scheme(panel, year)
    table = table.reindex(sorted(same.loc[same["region"] == region, "province_name"].unique()))
    table = table.rename(columns={"total": "papi"})
    for index in ("par_index", "sipas"):
        scores = total_rows(members, index)
        table[index] = scores.set_index("province_name")["score"]
    ordered = [c for c in table.columns if c.startswith("D")] + ["papi", "par_index", "sipas"]
    table = table.reindex(columns=[c for c in ordered if c in table.columns])
    return table.sort_values("papi", ascending=False) if "papi" in table else table


def priorities(table: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The province's tested priority list for the year (analysis.models.priorities: the worst unrelated PAPI
    areas, each with whether it stands out beyond chance), best-first order of position."""
    rows = table[(table["year"] == year) & (table["province_code"] == code)]
    return rows.sort_values("position").reset_index(drop=True)


def has_components(panel: pd.DataFrame, code: str, year: int, index: str) -> bool:
    """Whether the data holds any component score of `index` for the province that year."""
    rows = panel[
        (panel["province_code"] == code)
        & (panel["year"] == year)
        & (panel["index"] == index)
        & (panel["level"] == "component")
    ]
    return bool(rows["score"].notna().any())


def par_fields(panel: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The province's PAR INDEX fields that year (an imported annex): indicator_code, indicator_name_vi/_en, score,
    max_score, lost (maximum minus score) and rank/n_scored among the provinces with that field scored, most points
    lost first. Empty when no field is scored."""
    fields = panel[(panel["year"] == year) & (panel["index"] == "par_index") & (panel["level"] == "component")].dropna(
        subset=["score"]
    )
    fields = fields.assign(
        rank=fields.groupby("indicator_code")["score"].rank(ascending=False, method="min"),
        n_scored=fields.groupby("indicator_code")["score"].transform("size"),
        lost=fields["max_score"] - fields["score"],
    )
    columns = ["indicator_code", "indicator_name_vi", "indicator_name_en", "score", "max_score", "lost"]
    own = fields[fields["province_code"] == code][[*columns, "rank", "n_scored"]]
    return own.sort_values(["lost", "indicator_code"], ascending=[False, True]).reset_index(drop=True)


def constituents_history(panel: pd.DataFrame, crosswalk: Crosswalk, code: str, year: int) -> pd.DataFrame:
    """A province of 2025 beside the provinces it was formed from: each old province's totals up to 2024 and the new
    province's own from 2025 (index, year, province_name, score, rank, n_ranked); no composite is made up."""
    totals_only = total_rows(panel)
    old = in_scheme(totals_only, config.MERGER_YEAR - 1)
    old = old[old["province_code"].isin(crosswalk.constituents(code))]
    new = in_scheme(totals_only, year)
    new = new[new["province_code"] == code]
    return pd.concat([old, new])[["index", "year", "province_name", "score", "rank", "n_ranked"]]


# ---------------------------------------------------------------- one year's briefing
class BriefingData:
    """Everything one year's briefing shows, read from data/processed."""

    def __init__(self, year: int, processed_dir: str | Path | None = None):
        self.year = year
        self.processed_dir = Path(processed_dir or config.PROCESSED_DIR)
        self.panel = load_panel(self.processed_dir)
        self.crosswalk = load_processed_crosswalk(self.processed_dir)
        self.models = load_model_outputs(self.processed_dir)
        self.rank_ranges = load_rank_ranges(self.processed_dir)
        self.rank_changes = load_rank_changes(self.processed_dir)
        self.wide = to_wide(self.panel)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.panel["year"].unique())

    def totals(self, index: str, year: int | None = None) -> pd.DataFrame:
        return totals(self.panel, index, self.year if year is None else year).reset_index()

    def name(self, code: str) -> str:
        return self.crosswalk.name_vi(code, self.year)

    def n_provinces(self) -> int:
        """Provinces in the year's scheme (config.SCHEME_SIZES: before and after the 2025 merger)."""
        return config.SCHEME_SIZES[config.scheme_of(self.year)]

    def across_merger(self) -> bool:
        """Whether last year's provinces are not this year's (the 2025 merger lies between them)."""
        return config.scheme_of(self.year - 1) != config.scheme_of(self.year)

    def papi_dimensions(self, year: int | None = None) -> pd.DataFrame:
        p, year = self.panel, self.year if year is None else year
        return p[(p["index"] == "papi") & (p["level"] == "dimension") & (p["year"] == year)]

    def dimension_names(self, lang_column: str) -> dict[str, str]:
        """Dimension code -> name from the panel (`lang_column`: indicator_name_vi or indicator_name_en)."""
        dims = self.papi_dimensions()
        names = dims.drop_duplicates("indicator_code").set_index("indicator_code")[lang_column]
        return {str(code): str(name) for code, name in names.items()}

    def province_names(self) -> dict[str, str]:
        """Province code -> name over every year (for notes that name provinces, such as leave-one-out fragility)."""
        first = self.panel.drop_duplicates("province_code")
        return dict(zip(first["province_code"].astype(str), first["province_name"].astype(str), strict=True))

    # ------------------------------------------------------------ a focus province
    def glance(self, code: str) -> pd.DataFrame:
        return glance(self.panel, self.rank_changes, code, self.year)

    def headline(self, code: str) -> dict | None:
        return headline(self.glance(code))

    def scored(self) -> int:
        """Provinces with a PAPI total this year."""
        return int(totals(self.panel, "papi", self.year)["score"].notna().sum())

    def priorities(self, code: str) -> pd.DataFrame:
        return priorities(self.models["papi_priorities"], code, self.year)

    def index_published(self, index: str) -> bool:
        """Whether any province has a score or rank on `index` this year (SIPAS, for one, starts nationwide later)."""
        return self.count(index) > 0

    def has_components(self, code: str, index: str) -> bool:
        return has_components(self.panel, code, self.year, index)

    def par_fields(self, code: str) -> pd.DataFrame:
        return par_fields(self.panel, code, self.year)

    @cached_property
    def scorecards(self) -> pd.DataFrame:
        text = {column: str for column in ("province_code", "field", "criterion_code", "criterion", "note")}
        return pd.read_csv(self.processed_dir / "par_index_scorecards.csv", dtype=text)

    def scorecard(self, code: str) -> pd.DataFrame | None:
        """The province's checked PAR INDEX scorecard for the year (a row per criterion, `lost` = max - points)."""
        card = self.scorecards[(self.scorecards["year"] == self.year) & (self.scorecards["province_code"] == code)]
        return None if card.empty else card.reset_index(drop=True)

    def criteria_reported(self, code: str) -> pd.DataFrame | None:
        """What sources report about the province's PAR INDEX criteria this year when no scorecard is published (a
        row per source: criteria_total, criteria_below_max, criteria_zero and the criteria at zero named in
        zero_criteria_vi / zero_criteria_en, joined by ' | '), or None if none does."""
        text = ["province_code", "province_name", "zero_criteria_vi", "zero_criteria_en", "source_url", "quote"]
        counts = ["criteria_total", "criteria_below_max", "criteria_zero"]
        dtypes: dict[str, str] = {**dict.fromkeys(text, "string"), **dict.fromkeys(counts, "Int64")}
        table = pd.read_csv(self.processed_dir / "par_index_criteria.csv", dtype=dtypes)
        rows = table[(table["year"] == self.year) & (table["province_code"] == code)]
        return None if rows.empty else rows.reset_index(drop=True)

    def trend(self, code: str) -> pd.DataFrame:
        return trend(self.panel, code, self.year)

    def peers(self, code: str) -> pd.DataFrame:
        return peers(self.panel, code, self.year)

    def constituents_history(self, code: str) -> pd.DataFrame:
        return constituents_history(self.panel, self.crosswalk, code, self.year)

    # ------------------------------------------------------------ the national picture
    def count(self, index: str) -> int:
        """Provinces with a score or a rank on `index` this year."""
        rows = self.totals(index)
        return int((rows["score"].notna() | rows["rank"].notna()).sum())

    def coverage(self) -> pd.DataFrame:
        """Per index: provinces with a score, with a rank, and without data this year."""
        rows = []
        for index in ("papi", "par_index", "sipas"):
            table = self.totals(index)
            rows.append(
                {
                    "index": index,
                    "with_score": int(table["score"].notna().sum()),
                    "with_rank": int(table["rank"].notna().sum()),
                    "missing": self.n_provinces() - self.count(index),
                }
            )
        return pd.DataFrame(rows)

    def papi_missing(self) -> list[str]:
        """Provinces without a PAPI total this year."""
        papi = self.totals("papi")
        return papi.loc[papi["score"].isna(), "province_name"].tolist()

    def reported(self, index: str) -> pd.DataFrame:
        """The year's PAR INDEX or SIPAS rows with a score or a rank, best rank first."""
        rows = self.totals(index)
        rows = rows[rows["score"].notna() | rows["rank"].notna()]
        return rows.sort_values(["rank", "score"], ascending=[True, False])

    def dashboard(self) -> pd.DataFrame:
        """Every province (index: province_name) by PAPI dimension and total (`PAPI`), best total first."""
        dims = self.papi_dimensions()
        table = dims.pivot_table(index="province_name", columns="indicator_code", values="score", dropna=False)
        table["PAPI"] = self.totals("papi").set_index("province_name")["score"]
        return table.sort_values("PAPI", ascending=False)

    def map_index(self) -> str:
        """The index the map shows: PAPI, or the first index with scores this year when PAPI has none."""
        return next((i for i in ("papi", "par_index", "sipas") if self.totals(i)["score"].notna().any()), "papi")

    def map_scores(self) -> pd.Series:
        return self.totals(self.map_index()).set_index("province_code")["score"]

    def boundaries(self):
        return load_boundaries(self.processed_dir, config.scheme_of(self.year))

    def change_blocker(self) -> str | None:
        """Why this year's PAPI totals cannot be compared with last year's ('no_previous', 'merger', 'dimensions'),
        or None when they can."""
        if self.year - 1 not in set(self.panel["year"]):
            return "no_previous"
        if self.across_merger():
            return "merger"
        if self.dimension_count(self.year) != self.dimension_count(self.year - 1):
            return "dimensions"
        return None

    def dimension_count(self, year: int) -> int:
        return self.papi_dimensions(year)["indicator_code"].nunique()

    def with_previous(self, index: str, column: str) -> pd.DataFrame:
        """This year's totals of `index` with last year's `column` as `<column>_before`, for the provinces that
        have both."""
        now, before = self.totals(index), self.totals(index, self.year - 1)
        both = now.merge(before[["province_code", column]], on="province_code", suffixes=("", "_before"))
        return both.dropna(subset=[column, f"{column}_before"])

    def score_moves(self) -> pd.DataFrame:
        """PAPI totals this year and last, with `delta`, for every province with both."""
        return self.with_previous("papi", "score").assign(delta=lambda d: d["score"] - d["score_before"])

    def rank_moves(self, index: str) -> pd.DataFrame:
        """PAR INDEX or SIPAS ranks this year and last with `move` (places gained), largest fall first."""
        both = self.with_previous(index, "rank")
        return both.assign(move=both["rank_before"] - both["rank"]).sort_values("move")

    # ------------------------------------------------------------ what the pre-declared analyses say
    def planned_findings(self) -> pd.DataFrame:
        """The plan's questions, in the plan's order: pooled first, each followed by its split-period robustness
        rows, then this year; degenerate rows left out."""
        corr = self.models["correlations"]
        shown = corr["family"].isin(["plan:pooled", f"plan:{self.year}", ROBUSTNESS])
        corr = corr[shown & ~corr["degenerate"].astype(bool)]
        order = {frozenset((q.x, q.y)): i for i, q in enumerate(load_plan().questions)}
        key = pd.Series(
            [
                (str(scope).isdigit(), order.get(frozenset((str(x), str(y))), 99), scope == "split")
                for scope, x, y in zip(corr["scope"], corr["x"], corr["y"], strict=True)
            ],
            index=corr.index,
        )
        return corr.loc[key.sort_values(kind="stable").index]

    def pooled_findings(self) -> pd.DataFrame:
        pooled = self.planned_findings()
        return pooled[pooled["scope"] == "pooled"]

    def models_run(self) -> dict:
        """The model step's parameters (years, min_n, plan) as recorded in models_run.json."""
        return json.loads((self.processed_dir / "models_run.json").read_text(encoding="utf-8"))

    def divergences(self) -> pd.DataFrame:
        rows = self.models["divergences"]
        return rows[rows["year"] == self.year]

    def scatter_data(self) -> pd.DataFrame:
        """One row per province this year with PAPI, PAR INDEX and SIPAS totals (from indices_wide)."""
        return self.wide[self.wide["year"] == self.year]

    def reported_ranks(self) -> pd.DataFrame:
        """Every reported PAR INDEX and SIPAS rank of every year (for the chart of which ranks the press reports)."""
        reported = total_rows(self.panel, ("par_index", "sipas"))
        return reported[reported["rank"].notna()]

    # ------------------------------------------------------------ provenance
    def conflicts_this_year(self) -> int:
        conflicts = pd.read_csv(self.processed_dir / "conflicts.csv")
        return int((conflicts["year"] == self.year).sum())

    def manifest_digest(self) -> str:
        """The digest of the data/manifest.csv the sources were checked against (the data step keeps a copy)."""
        return hashlib.sha256((self.processed_dir / "source_manifest.csv").read_bytes()).hexdigest()[:12]

    @staticmethod
    def code_version() -> str:
        return git_commit()
