"""Content of a yearly briefing. Each method returns what the notebook displays, in order: Markdown for headings and
sentences, pandas Stylers for tables, `Chart`s (SVG) for figures. The nbconvert template (report/templates/briefing)
owns the page's look: a notebook cell tagged `pair` puts its two outputs side by side, one tagged `columns` too on
screen, while in print its long tables run down two columns over page breaks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display
from pandas.io.formats.style import Styler

from analysis.core import config
from analysis.core.provenance import git_commit
from analysis.core.settings import load_plan, load_report_settings
from analysis.core.text import INDEX_LABEL, number, t
from analysis.data.precision import load_rank_ranges
from analysis.data.provinces import load_crosswalk
from analysis.data.sources.scorecard import read_scorecard, scorecard_path
from analysis.data.store import load_panel, to_wide
from analysis.models.associations import ROBUSTNESS
from analysis.models.run import load_model_outputs
from analysis.models.summaries import format_p, period_text
from analysis.models.variables import label
from analysis.report import plots, summary
from analysis.report.markdown import caveat, heading, note, paragraph, plain_markdown
from analysis.report.params import validate
from analysis.report.summary import move_words, styled
from analysis.report.svg import chart

SECTIONS = {"national": "sec_national", "map": "sec_map", "change": "sec_change", "models": "sec_models",
            "sources": "sec_sources"}  # fmt: skip


def show(items: Iterable[object]) -> None:
    """Display a section's items one after another (the notebook's only verb)."""
    for item in items:
        display(item)


class Briefing:
    def __init__(
        self,
        year: int,
        focus_provinces: list[str] | None = None,
        lang: str = "vi",
        processed_dir: str | Path | None = None,
        raw_dir: str | Path | None = None,
    ):
        if focus_provinces is None:
            focus_provinces = load_report_settings().focus_provinces
        self.raw_dir = Path(raw_dir or config.RAW_DIR)
        self.processed_dir = Path(processed_dir or config.PROCESSED_DIR)
        self.panel = load_panel(self.processed_dir)
        self.crosswalk = load_crosswalk(self.raw_dir)
        self.params = validate(year, focus_provinces, lang, sorted(self.panel["year"].unique()), self.crosswalk)
        self.year, self.lang = self.params.year, self.params.lang
        self.models = load_model_outputs(self.processed_dir)
        self.rank_ranges = load_rank_ranges(self.processed_dir)
        self.wide = to_wide(self.panel)
        self.labels: dict[str, str] = {}

    # ------------------------------------------------------------------ helpers
    def _t(self, key, **values):
        return t(key, self.lang, **values)

    def _totals(self, index: str, year: int | None = None) -> pd.DataFrame:
        return summary.totals(self.panel, index, self.year if year is None else year).reset_index()

    def _label(self, variable: str) -> str:
        if variable not in self.labels:
            self.labels[variable] = label(variable, self.panel, self.lang)
        return self.labels[variable]

    def _num(self, value, digits: int = 2) -> str:
        """A number in the report's language (81,51 in Vietnamese), '—' when missing."""
        return "—" if value is None or pd.isna(value) else number(float(value), self.lang, f".{digits}f")

    def _interval(self, low, high) -> str:
        return f"{self._num(low)} – {self._num(high)}"

    def _name(self, code: str) -> str:
        return self.crosswalk.name_vi(code, self.year)

    def _n_provinces(self) -> int:
        """Provinces in the year's scheme (config.SCHEME_SIZES: before and after the 2025 merger)."""
        return config.SCHEME_SIZES[config.scheme_of(self.year)]

    def _across_merger(self) -> bool:
        """Whether last year's provinces are not this year's (the 2025 merger lies between them)."""
        return config.scheme_of(self.year - 1) != config.scheme_of(self.year)

    def _rank_text(self, rank, n_ranked, basis: str = "stated") -> str:
        if pd.isna(rank):
            return "—"
        return f"{int(rank)}{self._t('of')}{int(n_ranked)}" + ("*" if basis == "derived" else "")

    def _table(self, frame: pd.DataFrame, caption: str = "") -> Styler:
        return styled(frame, self.lang, caption)

    def _pair_label(self, x: str, y: str) -> str:
        return f"{self._label(x)} – {self._label(y)}"

    def _dimension_names(self, dims: pd.DataFrame) -> dict[str, str]:
        names = dims.drop_duplicates("indicator_code").set_index("indicator_code")[f"indicator_name_{self.lang}"]
        return names.to_dict()

    def _papi_dimensions(self, year: int | None = None) -> pd.DataFrame:
        p, year = self.panel, self.year if year is None else year
        return p[(p["index"] == "papi") & (p["level"] == "dimension") & (p["year"] == year)]

    # ------------------------------------------------------------------ title and contents
    def header(self) -> list[object]:
        """Title, the focus provinces and the contents: each province's pages first, then the national sections."""
        names = [self._name(c) for c in self.params.focus_provinces]
        links = [f"- [{plain_markdown(self._t('glance_title', province=name, year=self.year))}](#summary-{code})"
                 for code, name in zip(self.params.focus_provinces, names, strict=True)]  # fmt: skip
        links += [f"- [{plain_markdown(self._t(key))}](#{anchor})" for anchor, key in SECTIONS.items()]
        subtitle = self._t("subtitle", n=len(names), focus=", ".join(names))
        return [Markdown(f"# {plain_markdown(self._t('title', year=self.year))}\n\n{plain_markdown(subtitle)}\n\n"
                         f"**{self._t('contents')}**\n\n" + "\n".join(links))]  # fmt: skip

    # ------------------------------------------------------------------ the focus provinces first
    def profile_header(self) -> list[object]:
        """The title of a province profile (a province page on its own, notebooks/profile.ipynb)."""
        name = self._name(self.params.focus_provinces[0])
        title = plain_markdown(self._t("profile_title", province=name, year=self.year))
        return [Markdown(f"# {title}\n\n{plain_markdown(self._t('profile_subtitle'))}")]

    def province_page(self, code: str, with_links: bool = True) -> list[object]:
        """The province's summary page (analysis.report.summary); with `with_links`, its priorities carry the plan's
        pooled results (a profile leaves them out: they change with every year's data)."""
        indicators = pd.read_parquet(self.processed_dir / "papi_indicators.parquet",
                                     filters=[("year", "==", self.year)])  # fmt: skip
        return summary.province_page(self.panel, self.rank_ranges, self.crosswalk, code, self.year, self.lang,
                                     links=self._pooled_findings() if with_links else None, indicators=indicators,
                                     scorecard=self._scorecard(code))  # fmt: skip

    def _scorecard(self, code: str) -> pd.DataFrame | None:
        """The province's filled PAR INDEX scorecard for the year, checked against its published total."""
        path = scorecard_path(self.raw_dir, self.year, code)
        if path is None:
            return None
        published = self._totals("par_index").set_index("province_code")["score"].get(code)
        return read_scorecard(path, None if pd.isna(published) else float(published))

    def _pooled_findings(self) -> pd.DataFrame:
        pooled = self._planned_findings()
        return pooled[pooled["scope"] == "pooled"]

    def index_links(self) -> list[object]:
        """What the pre-declared analyses say about the links between the indices: the plan's pooled questions in
        the plan's order (a fixed set, never chosen by p-value)."""
        pooled = self._pooled_findings()
        shown = pd.DataFrame({
            "": [self._pair_label(x, y) for x, y in zip(pooled["x"], pooled["y"], strict=True)],
            "ρ": pooled["r"].map(self._num),
            "95% CI": [self._interval(lo, hi) for lo, hi in zip(pooled["ci_low"], pooled["ci_high"], strict=True)],
            "p (BH)": [format_p(p, self.lang) for p in pooled["p_adjusted"]],
            "n": pooled["n"].astype(int),
        })  # fmt: skip
        items: list[object] = [self._table(shown, self._t("links_title"))]
        if not self.models["model_results"]["term"].str.startswith("par_index_C").any():
            items.append(note(self._t("components_none", min_n=self._min_n())))
        return items

    # ------------------------------------------------------------------ 1. national picture
    def coverage(self) -> list[object]:
        papi = self._totals("papi")
        missing = papi.loc[papi["score"].isna(), "province_name"].tolist()
        sentence = self._t(
            "coverage_note", year=self.year, n=int(papi["score"].notna().sum()),
            missing=self._t("missing_list", names=", ".join(missing)) if missing else "",
            par=self._count("par_index"), sipas=self._count("sipas"), total=self._n_provinces(),
        )  # fmt: skip
        return [heading(self._t("sec_national"), "national"), heading(self._t("sec_coverage"), "coverage", 3),
                paragraph(sentence), self._table(self._coverage_table())]  # fmt: skip

    def _count(self, index: str) -> int:
        rows = self._totals(index)
        return int((rows["score"].notna() | rows["rank"].notna()).sum())

    def _coverage_table(self) -> pd.DataFrame:
        rows = []
        for index in ("papi", "par_index", "sipas"):
            totals = self._totals(index)
            rows.append({
                self._t("index"): INDEX_LABEL[index],
                self._t("with_score"): int(totals["score"].notna().sum()),
                self._t("with_rank"): int(totals["rank"].notna().sum()),
                self._t("missing"): self._n_provinces() - self._count(index),
            })  # fmt: skip
        return pd.DataFrame(rows)

    def reported(self) -> list[object]:
        """PAR INDEX and SIPAS as far as the data has them this year (a `columns` cell)."""
        tables = [table for index in ("par_index", "sipas") if (table := self._reported_table(index)) is not None]
        return [*tables, note(self._t("derived_note"))] if tables else []

    def _reported_table(self, index: str) -> Styler | None:
        rows = self._totals(index)
        rows = rows[rows["score"].notna() | rows["rank"].notna()].sort_values(["rank", "score"],
                                                                              ascending=[True, False])  # fmt: skip
        if rows.empty:
            return None
        shown = pd.DataFrame({
            self._t("rank"): [self._rank_text(r.rank, r.n_ranked, r.basis) for r in rows.itertuples()],
            self._t("province"): rows["province_name"].to_numpy(),
            self._t("score"): rows["score"].to_numpy(),
        })  # fmt: skip
        return self._table(shown, f"{INDEX_LABEL[index]} {self.year} (n = {len(rows)})")

    def dashboard(self) -> list[object]:
        """Every province by PAPI dimension, coloured by its quartile group on each, as the PAPI report shows it."""
        dims = self._papi_dimensions()
        if dims["score"].isna().all():
            return [paragraph(self._t("no_papi_year", year=self.year))]
        table = dims.pivot_table(index="province_name", columns="indicator_code", values="score", dropna=False)
        total = self._totals("papi").set_index("province_name")["score"]
        table["PAPI"] = total
        table = table.sort_values("PAPI", ascending=False)
        title = self._t("dashboard_title", year=self.year, n=int(total.notna().sum()))
        focus = self._name(self.params.focus_provinces[0])
        fig = plots.quartile_dashboard(table, focus, title, self._t("source_papi"), self.lang)
        key = "; ".join(f"{code} {name}" for code, name in sorted(self._dimension_names(dims).items()))
        return [chart(fig, title), note(key)]

    def distribution(self) -> list[object]:
        dims = self._papi_dimensions()
        dims = dims[dims["score"].notna()]
        if dims.empty:
            return []
        title = self._t("dist_title", year=self.year, n=dims["province_code"].nunique())
        fig = plots.dimension_distribution(dims, title, self._t("source_papi"), self.lang)
        return [chart(fig, title)]

    # ------------------------------------------------------------------ 2. map
    def papi_map(self) -> list[object]:
        """The map of quartile groups beside the distribution of the dimension scores (a `pair` cell): PAPI's
        totals, or the first index with scores this year when PAPI has none; on the map of the year's provinces."""
        import geopandas as gpd

        if config.scheme_of(self.year) == 34:
            shapes = gpd.read_file(self.raw_dir / "reference" / "vn_provinces_34_2025.geojson")
            shapes = shapes.rename(columns={"new_code": "gso_code"})
        else:
            shapes = gpd.read_file(self.raw_dir / "reference" / "vn_provinces_63.geojson")
        index = next((i for i in ("papi", "par_index", "sipas") if self._totals(i)["score"].notna().any()), "papi")
        scores = self._totals(index).set_index("province_code")["score"]
        title = self._t("map_title", index=INDEX_LABEL[index], year=self.year)
        source = self._t("source_papi" if index == "papi" else "source_all") + " " + self._t("map_credit")
        fig = plots.quartile_map(shapes, scores, self.params.focus_provinces, title, source, self.lang)
        tooltips = {plots.province_gid(code): f"{self._name(code)}: {INDEX_LABEL[index]} {self._num(scores.get(code))}"
                    for code in shapes["gso_code"]}  # fmt: skip
        return [heading(self._t("sec_map"), "map"), chart(fig, title, tooltips), *self.distribution()]

    # ------------------------------------------------------------------ 3. change since last year
    def change(self) -> list[object]:
        """The five largest PAPI gains and falls side by side (a `pair` cell), or why the two years' totals cannot
        be compared."""
        items: list[object] = [heading(self._t("sec_change"), "change")]
        previous = self.year - 1
        if previous not in set(self.panel["year"]):
            return [*items, paragraph(self._t("no_previous"))]
        if self._across_merger():
            return [*items, paragraph(self._t("not_comparable_merger", year=self.year, previous=previous))]
        if (now := self._dimension_count(self.year)) != (before := self._dimension_count(previous)):
            return [*items, paragraph(self._t("not_comparable", year=self.year, n=now, m=before))]
        return items + self._movers()

    def _dimension_count(self, year: int) -> int:
        return self._papi_dimensions(year)["indicator_code"].nunique()

    def _with_previous(self, index: str, column: str) -> pd.DataFrame:
        """This year's totals of `index` with last year's `column` as `<column>_before`, for the provinces that
        have both."""
        now, before = self._totals(index), self._totals(index, self.year - 1)
        both = now.merge(before[["province_code", column]], on="province_code", suffixes=("", "_before"))
        return both.dropna(subset=[column, f"{column}_before"])

    def _movers(self) -> list[object]:
        previous = self.year - 1
        both = self._with_previous("papi", "score").assign(delta=lambda d: d["score"] - d["score_before"])
        tables = []
        for key, part in (("gainers", both.nlargest(5, "delta")), ("fallers", both.nsmallest(5, "delta"))):
            shown = pd.DataFrame({
                self._t("province"): part["province_name"].to_numpy(),
                f"PAPI {previous}": part["score_before"].to_numpy(),
                f"PAPI {self.year}": part["score"].to_numpy(),
                self._t("change_score"): part["delta"].to_numpy(),
            })  # fmt: skip
            caption = f"{self._t(key)} — PAPI {previous}→{self.year} (n = {len(both)})"
            tables.append(styled(shown, self.lang, caption, signed=(self._t("change_score"),)))
        return tables

    def rank_moves(self) -> list[object]:
        """PAR INDEX and SIPAS rank changes for the provinces with both years (a `columns` cell)."""
        if self._across_merger():
            return []
        return [table for index in ("par_index", "sipas") if (table := self._rank_moves(index)) is not None]

    def _rank_moves(self, index: str) -> Styler | None:
        previous = self.year - 1
        both = self._with_previous(index, "rank")
        if both.empty:
            return None
        both = both.assign(move=both["rank_before"] - both["rank"]).sort_values("move")
        shown = pd.DataFrame({
            self._t("province"): both["province_name"].to_numpy(),
            f"{self._t('rank')} {previous}": both["rank_before"].astype(int).to_numpy(),
            f"{self._t('rank')} {self.year}": both["rank"].astype(int).to_numpy(),
            self._t("change_rank"): [move_words(move, self.lang) for move in both["move"]],
        })  # fmt: skip
        return self._table(shown, f"{INDEX_LABEL[index]}: {self._t('change_rank')} {previous}→{self.year} "
                                  f"(n = {len(both)})")  # fmt: skip

    # ------------------------------------------------------------------ 4. what the evidence says
    def evidence(self) -> list[object]:
        """The plan's fixed set of results in sentences, their robustness and selection checks, then the charts. (The
        matrix of every pairwise correlation is exploratory and stays in the models notebook.)"""
        run = self.models["model_results"]
        intro = self._t("models_intro", min_n=self._min_n(), fitted=run["model"].nunique(),
                        skipped=len(self.models["models_skipped"]))  # fmt: skip
        items: list[object] = [heading(self._t("sec_models"), "models"), paragraph(intro)]
        items += self._agreement()
        chosen = self._planned_findings()
        sentences = chosen.loc[chosen["family"] != ROBUSTNESS, f"summary_{self.lang}"]
        items.append(Markdown("\n".join(f"- {plain_markdown(sentence)}" for sentence in sentences)))
        robustness = chosen[chosen["family"] == ROBUSTNESS]
        if len(robustness):
            items.append(self._table(self._robustness_table(robustness), self._t("robustness_title")))
        if not self.models["selection_weighted"].empty:
            items.append(self._table(self._selection_table(), self._t("selection_title")))
        if chosen["selected_sample"].any():
            items.append(caveat(self._t("selection_caveat_label").strip(), self._t("selection_caveat")))
        items += self._scatter()
        p = self.panel
        ranks = p[(p["level"] == "total") & p["index"].isin(["par_index", "sipas"]) & p["rank"].notna()]
        title = self._t("ranks_title")
        fig = plots.rank_coverage_chart(ranks, int(ranks["n_ranked"].max()), title, self._t("source_all"), self.lang)
        items.append(chart(fig, title))
        return items

    def _planned_findings(self) -> pd.DataFrame:
        """The plan's questions, in the plan's order: pooled first, each followed by its split-period robustness
        rows, then this year; degenerate rows left out."""
        corr = self.models["correlations"]
        shown = corr["family"].isin(["plan:pooled", f"plan:{self.year}", ROBUSTNESS])
        corr = corr[shown & ~corr["degenerate"].astype(bool)]
        order = {frozenset((q.x, q.y)): i for i, q in enumerate(load_plan().questions)}
        key = [(row.scope.isdigit(), order.get(frozenset((row.x, row.y)), 99), row.scope == "split")
               for row in corr.itertuples()]  # fmt: skip
        return corr.assign(_key=key).sort_values("_key")

    def _robustness_table(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The pooled results on each side of a methodology break, one line each (not separate tests)."""
        return pd.DataFrame({
            "": [self._pair_label(x, y) for x, y in zip(rows["x"], rows["y"], strict=True)],
            self._t("period"): [period_text(split, self.lang) for split in rows["split"]],
            "ρ": rows["r"].map(self._num),
            "95% CI": [self._interval(lo, hi) for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)],
            "n": rows["n"].astype(int),
        })  # fmt: skip

    def _selection_table(self) -> pd.DataFrame:
        table = self.models["selection_weighted"]
        return pd.DataFrame({
            "": [self._pair_label(x, y) for x, y in zip(table["x"], table["y"], strict=True)],
            self._t("estimator"): [self._t(f"estimator_{e.split()[0]}") for e in table["estimator"]],
            "ρ": table["r"].map(self._num),
            "95% CI": [self._interval(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)],
            "n": table["n"].astype(int),
        })  # fmt: skip

    def _min_n(self) -> int:
        path = self.processed_dir / "models_run.json"
        return json.loads(path.read_text())["min_n"] if path.is_file() else load_plan().min_n

    def _agreement(self) -> list[object]:
        """Rank agreement between the indices this year, and the provinces on which they disagree most (one row per
        province, its place on every index it has)."""
        rows = self.models["rank_agreement"]
        rows = rows[rows["year"] == self.year]
        items: list[object] = [heading(self._t("agreement", year=self.year), "agreement", 3)]
        if rows.empty:
            items.append(paragraph(self._t("no_agreement", year=self.year)))
        else:
            items.append(self._table(pd.DataFrame({
                "": (rows["a"].map(INDEX_LABEL) + " – " + rows["b"].map(INDEX_LABEL)).to_numpy(),
                "ρ": rows["r"].map(self._num).to_numpy(),
                "95% CI": [self._interval(lo, hi) for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)],
                "n": rows["n"].astype(int).to_numpy(),
            })))  # fmt: skip
        divergent = self.models["divergences"]
        divergent = divergent[divergent["year"] == self.year]
        if len(divergent):
            items.append(self._table(self._divergent_table(divergent), self._t("divergent", year=self.year)))
        return items

    def _divergent_table(self, divergent: pd.DataFrame) -> pd.DataFrame:
        def place(score, rank, n_ranked) -> str:
            rank_text = self._rank_text(rank, n_ranked)
            return rank_text if pd.isna(score) else f"{self._num(score)} ({rank_text})"

        rows = []
        for province, group in divergent.groupby("province_name", sort=False):
            first = group.iloc[0]
            row = {self._t("province"): province, "PAPI": place(first["papi_score"], first["papi_rank"],
                                                                 first["papi_n_ranked"])}  # fmt: skip
            for other in group.itertuples():
                row[INDEX_LABEL[other.other_index]] = place(other.other_score, other.other_rank, other.other_n_ranked)
            rows.append(row)
        return pd.DataFrame(rows).fillna("—")

    def _scatter(self) -> list[object]:
        data = self.wide[self.wide["year"] == self.year]
        panels = [(column, self._t(axis)) for column, axis in (("par_index_total", "par_axis"),
                                                               ("sipas_total", "sipas_axis"))
                  if data[["papi_total", column]].dropna().shape[0] >= 3]  # fmt: skip
        if not panels:
            return []
        title = self._t("scatter_title", year=self.year)
        fig = plots.scatter_with_focus(
            data,
            panels,
            "papi_total",
            title,
            self._t("source_all"),
            self.lang,
            ylabel=self._t("papi_axis"),
            focus_codes=self.params.focus_provinces,
        )
        return [chart(fig, title)]

    # ------------------------------------------------------------------ 5. sources
    def sources(self) -> list[object]:
        """Provenance as a short table in words: parameters, data version, code version, model run, conflicts."""
        conflicts = pd.read_csv(self.processed_dir / "conflicts.csv")
        run = json.loads((self.processed_dir / "models_run.json").read_text(encoding="utf-8"))
        focus = ", ".join(self._name(c) for c in self.params.focus_provinces)
        manifest = hashlib.sha256(config.MANIFEST_PATH.read_bytes()).hexdigest()[:12]
        rows = {
            self._t("prov_parameters"): self._t("prov_parameters_value", year=self.year, focus=focus,
                                                language=self._t(f"lang_{self.lang}")),
            self._t("prov_data"): self._t("prov_data_value", sha=manifest),
            self._t("prov_code"): git_commit(),
            self._t("prov_models"): self._t("prov_models_value", first=run["years"][0], last=run["years"][-1],
                                            min_n=run["min_n"], plan=run["plan"]),
            self._t("prov_conflicts"): self._t("prov_conflicts_value", n=int((conflicts["year"] == self.year).sum())),
            self._t("prov_sources"): self._t("source_all"),
            self._t("prov_boundaries"): self._t("map_credit"),
        }  # fmt: skip
        shown = pd.DataFrame({self._t("prov_item"): list(rows), self._t("prov_value"): list(rows.values())})
        return [heading(self._t("sec_sources"), "sources"), self._table(shown)]
