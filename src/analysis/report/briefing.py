"""Content of a yearly briefing. Each method returns what the notebook displays, in order: Markdown for headings and
sentences, pandas Stylers for tables, `Chart`s (SVG) for figures. The numbers come from `analysis.report.data`
(`Briefing.data`, plain DataFrames a researcher can use); here they are put into the report's language. The nbconvert
template (report/templates/briefing) owns the page's look: a notebook cell tagged `pair` puts its two outputs side
by side, one tagged `columns` too on screen, while in print its long tables run down two columns over page breaks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display
from pandas.io.formats.style import Styler

from analysis.core.settings import load_plan, load_report_settings
from analysis.core.text import INDEX_LABEL, t
from analysis.models.outputs import ROBUSTNESS
from analysis.report import plots, province
from analysis.report.data import BriefingData, totals
from analysis.report.markdown import bullets, caveat, heading, note, paragraph, plain_markdown
from analysis.report.params import validate
from analysis.report.sentences import correlation_sentence
from analysis.report.svg import chart
from analysis.report.tables import styled
from analysis.report.words import format_p, interval, label, move_words, num, period_text, rank_text

GLOSSARY = ("ci", "rho", "p", "median", "survey_error", "chance", "selection", "reliability", "plan")
SECTIONS = {
    "national": "sec_national",
    "change": "sec_change",
    "models": "sec_models",
    "sources": "sec_sources",
}


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
    ):
        if focus_provinces is None:
            focus_provinces = load_report_settings().focus_provinces
        self.data = BriefingData(year, processed_dir)
        self.params = validate(year, focus_provinces, lang, self.data.years, self.data.crosswalk)
        self.year, self.lang = self.params.year, self.params.lang
        self.labels: dict[str, str] = {}

    # ------------------------------------------------------------------ helpers
    def _t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def _label(self, variable: str) -> str:
        if variable not in self.labels:
            self.labels[variable] = label(variable, self.data.panel, self.lang)
        return self.labels[variable]

    def _num(self, value: object, digits: int = 2) -> str:
        return num(value, self.lang, digits)

    def _interval(self, low: object, high: object) -> str:
        return interval(low, high, self.lang)

    def _name(self, code: str) -> str:
        return self.data.name(code)

    def _table(self, frame: pd.DataFrame, caption: str = "") -> Styler:
        return styled(frame, self.lang, caption)

    def _pair_label(self, x: str, y: str) -> str:
        return f"{self._label(x)} – {self._label(y)}"

    def _names(self) -> dict[str, str]:
        """Province code -> name, for the notes that name provinces (leave-one-out fragility)."""
        return self.data.province_names()

    # ------------------------------------------------------------------ title and contents
    def header(self) -> list[object]:
        """Title, the focus provinces and the contents: each province's leader pages first, then the annex."""
        names = [self._name(c) for c in self.params.focus_provinces]
        links = [
            f"- [{plain_markdown(self._t('leader_title', province=name, year=self.year))}](#summary-{code})"
            for code, name in zip(self.params.focus_provinces, names, strict=True)
        ]
        annex = [f"  - [{plain_markdown(self._t(key))}](#{anchor})" for anchor, key in SECTIONS.items()]
        links += [f"- [{plain_markdown(self._t('annex_title'))}](#annex)", *annex]
        subtitle = self._t("subtitle", focus=", ".join(names))
        return [
            Markdown(
                f"# {plain_markdown(self._t('title', year=self.year))}\n\n{plain_markdown(subtitle)}\n\n"
                f"**{self._t('contents')}**\n\n" + "\n".join(links)
            )
        ]

    # ------------------------------------------------------------------ the focus provinces first
    def profile_header(self) -> list[object]:
        """The title of a province profile (a province page on its own, notebooks/profile.ipynb)."""
        name = self._name(self.params.focus_provinces[0])
        title = plain_markdown(self._t("profile_title", province=name, year=self.year))
        return [Markdown(f"# {title}\n\n{plain_markdown(self._t('profile_subtitle'))}")]

    def province_page(self, code: str, with_links: bool = True, document: str = "briefing") -> list[object]:
        """The province's leader pages (analysis.report.province); with `with_links`, whether the indices move
        together (a profile leaves it out: it is the same for every province)."""
        return province.leader_pages(self.data, code, self.lang, with_links=with_links, document=document)

    def annex_header(self) -> list[object]:
        """Where the leader's pages end and the technical annex begins."""
        return [heading(self._t("annex_title"), "annex"), note(self._t("annex_intro"))]

    # ------------------------------------------------------------------ A. national picture
    def coverage(self) -> list[object]:
        missing = self.data.papi_missing()
        sentence = self._t(
            "coverage_note",
            year=self.year,
            n=self.data.scored(),
            missing=self._t("missing_list", names=", ".join(missing)) if missing else "",
            par=self.data.count("par_index"),
            sipas=self.data.count("sipas"),
            total=self.data.n_provinces(),
        )
        table = self.data.coverage()
        shown = pd.DataFrame(
            {
                self._t("index"): table["index"].map(INDEX_LABEL),
                self._t("with_score"): table["with_score"],
                self._t("with_rank"): table["with_rank"],
                self._t("missing"): table["missing"],
            }
        )
        return [
            heading(self._t("sec_national"), "national"),
            heading(self._t("sec_coverage"), "coverage", 3),
            paragraph(sentence),
            self._table(shown),
        ]

    def reported(self) -> list[object]:
        """PAR INDEX and SIPAS as far as the data has them this year (a `columns` cell)."""
        tables = [table for index in ("par_index", "sipas") if (table := self._reported_table(index)) is not None]
        return [*tables, note(self._t("derived_note"))] if tables else []

    def _reported_table(self, index: str) -> Styler | None:
        rows = self.data.reported(index)
        if rows.empty:
            return None
        shown = pd.DataFrame(
            {
                self._t("rank"): [rank_text(r.rank, r.n_ranked, self.lang, str(r.basis)) for r in rows.itertuples()],
                self._t("province"): rows["province_name"].to_numpy(),
                self._t("score"): rows["score"].to_numpy(),
            }
        )
        return self._table(shown, f"{INDEX_LABEL[index]} {self.year} (n = {len(rows)})")

    def dashboard(self) -> list[object]:
        """Every province by PAPI dimension, coloured by its quartile group on each, as the PAPI report shows it."""
        if self.data.papi_dimensions()["score"].isna().all():
            return [paragraph(self._t("no_papi_year", year=self.year))]
        table = self.data.dashboard()
        title = self._t("dashboard_title", year=self.year, n=self.data.scored())
        focus = self._name(self.params.focus_provinces[0])
        fig = plots.quartile_dashboard(table, focus, title, self._t("source_papi"), self.lang)
        names = self.data.dimension_names(f"indicator_name_{self.lang}")
        key = "; ".join(f"{code} {name}" for code, name in sorted(names.items()))
        return [chart(fig, title), note(key)]

    def distribution(self) -> list[object]:
        dims = self.data.papi_dimensions()
        dims = dims[dims["score"].notna()]
        if dims.empty:
            return []
        title = self._t("dist_title", year=self.year, n=dims["province_code"].nunique())
        fig = plots.dimension_distribution(dims, title, self._t("source_papi"), self.lang)
        return [chart(fig, title)]

    # ------------------------------------------------------------------ A. national picture: the map
    def papi_map(self) -> list[object]:
        """The map of quartile groups beside the distribution of the dimension scores (a `pair` cell): PAPI's
        totals, or the first index with scores this year when PAPI has none; on the map of the year's provinces."""
        shapes = self.data.boundaries()
        index = self.data.map_index()
        scores = self.data.map_scores()
        title = self._t("map_title", index=INDEX_LABEL[index], year=self.year)
        source = self._t("source_papi" if index == "papi" else "source_all") + " " + self._t("map_credit")
        focus = self.params.focus_provinces
        names = {code: self._name(code) for code in focus}
        fig = plots.quartile_map(shapes, scores, focus, title, source, self.lang, focus_names=names)
        tooltips = {
            plots.province_gid(code): f"{self._name(code)}: {INDEX_LABEL[index]} {self._num(scores.get(code))}"
            for code in shapes["gso_code"]
        }
        return [heading(self._t("sec_map"), "map", 3), chart(fig, title, tooltips), *self.distribution()]

    # ------------------------------------------------------------------ B. change since last year
    def change(self) -> list[object]:
        """The five largest PAPI gains and falls side by side (a `pair` cell), or why the two years' totals cannot
        be compared."""
        items: list[object] = [heading(self._t("sec_change"), "change")]
        blocker = self.data.change_blocker()
        if blocker == "no_previous":
            return [*items, paragraph(self._t("no_previous"))]
        if blocker == "merger":
            return [*items, paragraph(self._t("not_comparable_merger", year=self.year, previous=self.year - 1))]
        if blocker == "dimensions":
            now, before = self.data.dimension_count(self.year), self.data.dimension_count(self.year - 1)
            return [*items, paragraph(self._t("not_comparable", year=self.year, n=now, m=before))]
        return [*items, *self._movers()]

    def _movers(self) -> list[Styler]:
        previous = self.year - 1
        both = self.data.score_moves()
        tables = []
        for key, part in (("gainers", both.nlargest(5, "delta")), ("fallers", both.nsmallest(5, "delta"))):
            shown = pd.DataFrame(
                {
                    self._t("province"): part["province_name"].to_numpy(),
                    f"PAPI {previous}": part["score_before"].to_numpy(),
                    f"PAPI {self.year}": part["score"].to_numpy(),
                    self._t("change_score"): part["delta"].to_numpy(),
                }
            )
            caption = f"{self._t(key)} — PAPI {previous}→{self.year} (n = {len(both)})"
            tables.append(styled(shown, self.lang, caption, signed=(self._t("change_score"),)))
        return tables

    def rank_moves(self) -> list[Styler]:
        """PAR INDEX and SIPAS rank changes for the provinces with both years (a `columns` cell)."""
        if self.data.across_merger():
            return []
        return [table for index in ("par_index", "sipas") if (table := self._rank_moves(index)) is not None]

    def _rank_moves(self, index: str) -> Styler | None:
        previous = self.year - 1
        both = self.data.rank_moves(index)
        if both.empty:
            return None
        shown = pd.DataFrame(
            {
                self._t("province"): both["province_name"].to_numpy(),
                # the index in every header: a table that goes on over a page break names itself on each piece
                f"{INDEX_LABEL[index]} {previous}": both["rank_before"].astype(int).to_numpy(),
                f"{INDEX_LABEL[index]} {self.year}": both["rank"].astype(int).to_numpy(),
                self._t("change_rank"): [move_words(move, self.lang) for move in both["move"]],
            }
        )
        return self._table(
            shown, f"{INDEX_LABEL[index]}: {self._t('change_rank')} {previous}→{self.year} (n = {len(both)})"
        )

    # ------------------------------------------------------------------ C. what the evidence says
    def evidence(self) -> list[object]:
        """The plan's fixed set of results: the primary estimate of each question with its verdict (a table, then a
        sentence each, joined to its selection check and overlap), then the estimates that are robustness only (the
        split periods, the selection-weighted estimates, PAPI's survey error allowed for, the regressions of the
        same questions), the provinces the indices rank far apart, and the charts. (The matrix of every pairwise
        correlation is exploratory and stays in the models notebook.)"""
        plan, names = load_plan(), self._names()
        chosen = self.data.planned_findings()
        primary = chosen[chosen["family"] != ROBUSTNESS]
        labels = {v: self._label(v) for v in {*chosen["x"], *chosen["y"]}}
        items: list[object] = [
            heading(self._t("sec_models"), "models"),
            paragraph(self._t("evidence_intro", questions=len(plan.questions), min_n=plan.min_n)),
        ]
        if len(primary):
            items.append(self._table(self._planned_table(primary), self._t("links_title")))
            sentences = [correlation_sentence(row, labels, self.lang, plan, names) for _, row in primary.iterrows()]
            items.append(bullets(sentences))
        if not self.data.models["model_results"]["term"].str.startswith("par_index_C").any():
            items.append(note(self._t("components_none", min_n=plan.min_n)))
        robustness = chosen[chosen["family"] == ROBUSTNESS]
        if len(robustness):
            items.append(self._table(self._robustness_table(robustness), self._t("robustness_title")))
        if not self.data.models["selection_weighted"].empty:
            items += [
                self._table(self._selection_table(), self._t("selection_title")),
                note(self._t("selection_n_note")),
            ]
        if chosen["selected_sample"].any():
            items.append(caveat(self._t("selection_caveat_label").strip(), self._t("selection_caveat")))
        measured = self.data.models["measurement_error"]
        if len(measured.dropna(subset=["corrected"])):
            items.append(self._table(self._measurement_table(measured), self._t("measurement_title")))
            items.append(note(self._t("measurement_note")))
        regressions = self.data.models["model_summaries"]
        same_questions = regressions[regressions["role"] == "robustness"]
        if len(same_questions):
            items.append(self._table(self._regression_table(same_questions), self._t("regressions_title")))
        divergent = self.data.divergences()
        if len(divergent):
            items.append(self._table(self._divergent_table(divergent), self._t("divergent", year=self.year)))
        items += self._scatter(plan.min_n)
        ranks = self.data.reported_ranks()
        title = self._t("ranks_title")
        fig = plots.rank_coverage_chart(ranks, int(ranks["n_ranked"].max()), title, self._t("source_all"), self.lang)
        items.append(chart(fig, title))
        return items

    def _scope(self, scope: str) -> str:
        return self._t("scope_pooled") if scope == "pooled" else str(scope)

    def _planned_table(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The primary estimate of each planned question: pooled and this year, with its verdict in words."""
        return pd.DataFrame(
            {
                self._t("question"): [self._pair_label(x, y) for x, y in zip(rows["x"], rows["y"], strict=True)],
                self._t("scope"): [self._scope(str(scope)) for scope in rows["scope"]],
                self._t("rho"): rows["r"].map(self._num).to_numpy(),
                self._t("ci95"): [
                    self._interval(lo, hi) for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)
                ],
                self._t("p_adjusted"): [format_p(p, self.lang) for p in rows["p_adjusted"]],
                "n": rows["n"].astype(int).to_numpy(),
                self._t("verdict"): [self._t(f"verdict_short_{v}") for v in rows["verdict"]],
            }
        )

    def _robustness_table(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The pooled results on each side of a methodology break, one line each (not separate tests)."""
        return pd.DataFrame(
            {
                self._t("question"): [self._pair_label(x, y) for x, y in zip(rows["x"], rows["y"], strict=True)],
                self._t("period"): [period_text(split, self.lang) for split in rows["split"]],
                self._t("rho"): rows["r"].map(self._num),
                self._t("ci95"): [
                    self._interval(lo, hi) for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)
                ],
                "n": rows["n"].astype(int),
            }
        )

    def _selection_table(self) -> pd.DataFrame:
        table = self.data.models["selection_weighted"]
        return pd.DataFrame(
            {
                self._t("question"): [self._pair_label(x, y) for x, y in zip(table["x"], table["y"], strict=True)],
                self._t("estimator"): [self._t(f"estimator_{e.split()[0]}") for e in table["estimator"]],
                self._t("rho"): table["r"].map(self._num),
                self._t("ci95"): [
                    self._interval(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
                ],
                "n": table["n"].astype(int),
                self._t("years_used"): table["years"].fillna("").to_numpy(),
                self._t("years_left_out"): table["years_left_out"].fillna("").to_numpy(),
            }
        )

    def _measurement_table(self, rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows.dropna(subset=["corrected"])
        estimates = {
            self._t("reliability"): rows["reliability"].map(self._num).to_numpy(),
            self._t("ordinary"): rows["ordinary"].map(self._num).to_numpy(),
            self._t("corrected"): rows["corrected"].map(self._num).to_numpy(),
        }
        return self._model_rows(rows, estimates)

    def _regression_table(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Other estimators of the planned questions (robustness, no verdict of their own)."""
        return self._model_rows(rows, {self._t("coefficient"): rows["estimate"].map(self._num).to_numpy()})

    def _model_rows(self, rows: pd.DataFrame, estimates: Mapping[str, object]) -> pd.DataFrame:
        """A model's rows as the annex shows them: the model in words, its years, `estimates`, the 95% interval
        and n."""
        return pd.DataFrame(
            {
                self._t("model"): [
                    self._t(f"kind_{kind}", outcome=self._label(outcome), term=self._label(term))
                    for kind, outcome, term in zip(rows["kind"], rows["outcome"], rows["term"], strict=True)
                ],
                self._t("years_used"): rows["years"].to_numpy(),
                **estimates,
                self._t("ci95"): [
                    self._interval(lo, hi) for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)
                ],
                "n": rows["n"].astype(int).to_numpy(),
            }
        )

    def _divergent_table(self, divergent: pd.DataFrame) -> pd.DataFrame:
        """One row per province the indices rank far apart, with its value on every index this year (not only on
        the index it diverges on)."""

        by_index = {index: totals(self.data.panel, index, self.year) for index in ("papi", "par_index", "sipas")}

        def place(index: str, code: str) -> str:
            rows = by_index[index]
            if code not in rows.index:
                return "—"
            row = rows.loc[code]
            rank_words = rank_text(row["rank"], row["n_ranked"], self.lang)
            return rank_words if pd.isna(row["score"]) else f"{self._num(row['score'])} ({rank_words})"

        rows = []
        for code, group in divergent.groupby("province_code", sort=False):
            row = {self._t("province"): group.iloc[0]["province_name"]}
            for index in ("papi", "par_index", "sipas"):
                row[INDEX_LABEL[index]] = place(index, str(code))
            rows.append(row)
        return pd.DataFrame(rows)

    def _scatter(self, min_n: int) -> list[object]:
        data = self.data.scatter_data()
        panels = [
            (column, self._t(axis))
            for column, axis in (("par_index_total", "par_axis"), ("sipas_total", "sipas_axis"))
            if data[["papi_total", column]].dropna().shape[0] >= 3
        ]
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
            min_n=min_n,
            focus_codes=self.params.focus_provinces,
        )
        return [chart(fig, title)]

    # ------------------------------------------------------------------ D. sources
    def sources(self) -> list[object]:
        """Provenance as a short table in words: parameters, data version, code version, model run, conflicts."""
        run = self.data.models_run()
        focus = ", ".join(self._name(c) for c in self.params.focus_provinces)
        rows = {
            self._t("prov_parameters"): self._t(
                "prov_parameters_value", year=self.year, focus=focus, language=self._t(f"lang_{self.lang}")
            ),
            self._t("prov_data"): self._t("prov_data_value", sha=self.data.manifest_digest()),
            self._t("prov_code"): self.data.code_version(),
            self._t("prov_models"): self._t(
                "prov_models_value", first=run["years"][0], last=run["years"][-1], min_n=run["min_n"], plan=run["plan"]
            ),
            self._t("prov_conflicts"): self._t("prov_conflicts_value", n=self.data.conflicts_this_year()),
            self._t("prov_sources"): self._t("source_all"),
            self._t("prov_boundaries"): self._t("map_credit"),
        }
        shown = pd.DataFrame({self._t("prov_item"): list(rows), self._t("prov_value"): list(rows.values())})
        terms = pd.DataFrame(
            {
                self._t("term"): [self._t(f"term_{key}") for key in GLOSSARY],
                self._t("meaning"): [self._t(f"means_{key}") for key in GLOSSARY],
            }
        )
        return [
            heading(self._t("sec_sources"), "sources"),
            self._table(shown),
            self._table(terms, self._t("terms_title")),
        ]
