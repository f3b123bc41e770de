"""Content of a yearly briefing: each section returns HTML blocks the notebook displays (no logic in notebooks)."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from analysis import config, plots
from analysis.models.associations import ROBUSTNESS
from analysis.models.plan import load_plan
from analysis.models.precision import load_rank_ranges
from analysis.models.run import load_model_outputs
from analysis.models.summaries import format_p, period_text
from analysis.models.variables import label
from analysis.provenance import git_commit
from analysis.provinces import load_crosswalk
from analysis.report.params import load_batch_config, validate
from analysis.report.summary import move_words
from analysis.text import INDEX_LABEL, number, t
from analysis.wide import load_panel, to_wide

SECTION_IDS = ["national", "map", "change", "models", "spotlight", "sources"]


def figure_html(fig: Figure, title: str) -> str:
    """Embed a chart as SVG (vector, its words kept as text so it prints crisply and can be read back), with its
    title as alt text and caption; a chart without a title is refused."""
    if not title.strip():
        raise ValueError("every chart needs a title")
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": title}):
        fig.savefig(buffer, format="svg", bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure class="chart"><img alt="{html.escape(title)}" src="data:image/svg+xml;base64,{data}"/>'
        f"<figcaption>{html.escape(title)}</figcaption></figure>"
    )


def side_by_side(*tables: str | None) -> str:
    """Two tables or charts next to each other (a column each on the page), missing ones left out."""
    present = [table for table in tables if table]
    return f'<div class="pair">{"".join(present)}</div>' if present else ""


def table_html(frame: pd.DataFrame, caption: str = "") -> str:
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = frame.to_html(index=False, na_rep="—", border=0, classes="briefing-table", escape=True)
    body = re.sub(
        r'<table[^>]*class="dataframe briefing-table"[^>]*>', f'<table class="briefing-table">{cap}', body, count=1
    )
    return body.replace(' style="text-align: right;"', "")


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
            focus_provinces = load_batch_config()["focus_provinces"]
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
    @staticmethod
    def embed(item: object) -> object:
        """What the notebook displays: a figure goes in with its title as alt text and caption (PNG for now);
        tables (Styler) and text (Markdown) as they are."""
        if isinstance(item, Figure):
            return HTML(figure_html(item, item.get_suptitle() or item.axes[0].get_title()))
        return item

    def _t(self, key, **values):
        return t(key, self.lang, **values)

    def _totals(self, index: str, year: int | None = None) -> pd.DataFrame:
        year = self.year if year is None else year
        p = self.panel
        return p[(p["index"] == index) & (p["level"] == "total") & (p["year"] == year)]

    def _label(self, variable: str) -> str:
        if variable not in self.labels:
            self.labels[variable] = label(variable, self.panel, self.lang)
        return self.labels[variable]

    def _num(self, value, digits: int = 2) -> str:
        """A number in the report's language (81,51 in Vietnamese), '—' when missing."""
        return "—" if value is None or pd.isna(value) else number(float(value), self.lang, f".{digits}f")

    def _name(self, code: str) -> str:
        return self.crosswalk.name_vi(code)

    def _n_provinces(self, year: int | None = None) -> int:
        """Provinces in the year's scheme: every province the panel lists for PAPI that year (scored or not)."""
        return int(self._totals("papi", year)["province_code"].nunique())

    def _rank_text(self, row) -> str:
        if row is None or pd.isna(row["rank"]):
            return "—"
        text = f"{int(row['rank'])}{self._t('of')}{int(row['n_ranked'])}"
        return text + ("*" if row["basis"] == "derived" else "")

    def _heading(self, key: str, anchor: str, **values) -> str:
        return f'<h2 id="{anchor}">{html.escape(self._t(key, **values))}</h2>'

    # ------------------------------------------------------------------ sections
    def header(self) -> str:
        focus_codes = self.params.focus_provinces
        focus = ", ".join(self._name(c) for c in focus_codes)
        toc_keys = ["sec_national", "sec_map", "sec_change", "sec_models", "sec_spotlight", "sec_sources"]
        items = [
            f'<li><a href="#summary-{c}">{html.escape(self._t("glance_title", province=self._name(c), year=self.year))}'
            "</a></li>"
            for c in focus_codes
        ]
        for key, anchor in zip(toc_keys, SECTION_IDS, strict=True):
            if anchor == "spotlight":
                items += [
                    f'<li><a href="#spotlight-{c}">{html.escape(self._t(key, province=self._name(c)))}</a></li>'
                    for c in self.params.focus_provinces
                ]
            else:
                items.append(f'<li><a href="#{anchor}">{html.escape(self._t(key))}</a></li>')
        css = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")
        return (
            f"<style>{css}</style>"
            f"<h1>{html.escape(self._t('title', year=self.year))}</h1>"
            f'<p class="subtitle">{html.escape(self._t("subtitle", n=len(focus_codes), focus=focus))}</p>'
            f'<nav class="toc"><h2>{self._t("contents")}</h2><ul>{"".join(items)}</ul></nav>'
        )

    def national(self) -> list[str]:
        papi = self._totals("papi")
        scored = papi[papi["score"].notna()]
        missing = papi.loc[papi["score"].isna(), "province_name"].tolist()
        missing_text = self._t("missing_list", names=", ".join(missing)) if missing else ""
        blocks = [
            self._heading("sec_national", "national"),
            f"<h3>{self._t('sec_coverage')}</h3>",
            "<p>"
            + html.escape(
                self._t(
                    "coverage_note",
                    year=self.year,
                    n=len(scored),
                    missing=missing_text,
                    par=self._count("par_index"),
                    sipas=self._count("sipas"),
                    total=self._n_provinces(),
                )
            )
            + "</p>",
            table_html(self._coverage_table()),
        ]
        ranked = scored.sort_values("rank")[["rank", "province_name", "province_code", "score"]]
        regions = self.crosswalk.table["region_vi" if self.lang == "vi" else "region_en"]
        ranked = ranked.assign(province_code=ranked["province_code"].map(regions))
        shown = ranked.assign(rank=ranked["rank"].astype(int), score=ranked["score"].map(self._num))
        shown.columns = [self._t("rank"), self._t("province"), self._t("region"), self._t("score")]
        blocks.append(side_by_side(table_html(shown.head(10), self._t("top10", year=self.year)),
                                   table_html(shown.tail(10), self._t("bottom10", year=self.year))))  # fmt: skip
        blocks.append("<p class='note'>" + html.escape(self._t("rank_note", n=len(scored))) + "</p>")
        blocks.append(side_by_side(self._reported_table("par_index"), self._reported_table("sipas")))
        blocks.append(f"<p class='note'>{html.escape(self._t('derived_note'))}</p>")
        blocks.append(self._dimension_distribution())
        return blocks

    def _count(self, index: str) -> int:
        rows = self._totals(index)
        return int((rows["score"].notna() | rows["rank"].notna()).sum())

    def _coverage_table(self) -> pd.DataFrame:
        rows = []
        for index in ("papi", "par_index", "sipas"):
            totals = self._totals(index)
            rows.append(
                {
                    self._t("index"): INDEX_LABEL[index],
                    self._t("with_score"): int(totals["score"].notna().sum()),
                    self._t("with_rank"): int(totals["rank"].notna().sum()),
                    self._t("missing"): self._n_provinces()
                    - int((totals["score"].notna() | totals["rank"].notna()).sum()),
                }
            )
        return pd.DataFrame(rows)

    def _reported_table(self, index: str) -> str | None:
        rows = self._totals(index)
        rows = rows[rows["score"].notna() | rows["rank"].notna()].sort_values(
            ["rank", "score"], ascending=[True, False]
        )
        if rows.empty:
            return None
        shown = pd.DataFrame(
            {
                self._t("rank"): [self._rank_text(r) for _, r in rows.iterrows()],
                self._t("province"): rows["province_name"],
                self._t("score"): rows["score"].map(self._num),
            }
        )
        return table_html(shown, f"{INDEX_LABEL[index]} {self.year} (n = {len(rows)})")

    def _dimension_distribution(self) -> str:
        p = self.panel
        dims = p[(p["index"] == "papi") & (p["level"] == "dimension") & (p["year"] == self.year) & p["score"].notna()]
        title = self._t("dist_title", year=self.year, n=dims["province_code"].nunique())
        names = dims.drop_duplicates("indicator_code").set_index("indicator_code")[f"indicator_name_{self.lang}"]
        fig = plots.dimension_distribution(dims, names.to_dict(), title, self._t("source_papi"), self.lang)
        return figure_html(fig, title)

    def papi_map(self) -> list[str]:
        import geopandas as gpd

        shapes = gpd.read_file(self.raw_dir / "reference" / "vn_provinces_63.geojson")
        scores = self._totals("papi").set_index("province_code")["score"]
        title = self._t("map_title", year=self.year)
        fig = plots.quartile_map(
            shapes,
            scores,
            self.params.focus_provinces,
            title,
            self._t("source_papi") + " " + self._t("map_credit"),
            self.lang,
        )
        return [self._heading("sec_map", "map"), figure_html(fig, title)]

    def change(self) -> list[str]:
        blocks = [self._heading("sec_change", "change")]
        previous = self.year - 1
        if previous not in set(self.panel["year"]):
            return [*blocks, f"<p>{self._t('no_previous')}</p>"]
        now, before = self._totals("papi"), self._totals("papi", previous)
        dims_now, dims_before = (
            self.panel[
                (self.panel["index"] == "papi") & (self.panel["level"] == "dimension") & (self.panel["year"] == y)
            ]["indicator_code"].nunique()
            for y in (self.year, previous)
        )
        if dims_now != dims_before:
            blocks.append(f"<p>{html.escape(self._t('not_comparable', year=self.year, n=dims_now, m=dims_before))}</p>")
        else:
            both = now.merge(before[["province_code", "score", "rank"]], on="province_code", suffixes=("", "_before"))
            both = both.dropna(subset=["score", "score_before"]).assign(delta=lambda d: d["score"] - d["score_before"])
            pair = []
            for key, part in (("gainers", both.nlargest(5, "delta")), ("fallers", both.nsmallest(5, "delta"))):
                shown = pd.DataFrame(
                    {
                        self._t("province"): part["province_name"],
                        f"PAPI {previous}": part["score_before"].map(self._num),
                        f"PAPI {self.year}": part["score"].map(self._num),
                        self._t("change_score"): part["delta"].map(lambda v: number(v, self.lang, "+.2f")),
                    }
                )
                pair.append(table_html(shown, f"{self._t(key)} — PAPI {previous}→{self.year} (n = {len(both)})"))
            blocks.append(side_by_side(*pair))
        blocks.append(side_by_side(self._rank_moves("par_index", previous), self._rank_moves("sipas", previous)))
        return blocks

    def _rank_moves(self, index: str, previous: int) -> str | None:
        now, before = self._totals(index), self._totals(index, previous)
        both = now.merge(before[["province_code", "rank", "basis"]], on="province_code", suffixes=("", "_before"))
        both = both.dropna(subset=["rank", "rank_before"])
        if both.empty:
            return None
        both = both.assign(move=both["rank_before"] - both["rank"]).sort_values("move")
        shown = pd.DataFrame(
            {
                self._t("province"): both["province_name"],
                f"{self._t('rank')} {previous}": both["rank_before"].astype(int),
                f"{self._t('rank')} {self.year}": both["rank"].astype(int),
                self._t("change_rank"): both["move"].map(lambda move: move_words(move, self.lang)),
            }
        )
        return table_html(
            shown, f"{INDEX_LABEL[index]}: {self._t('change_rank')} {previous}→{self.year} (n = {len(both)})"
        )

    def what_models_say(self) -> list[str]:
        m = self.models
        run = m["model_results"]
        blocks = [
            self._heading("sec_models", "models"),
            "<p>"
            + html.escape(
                self._t(
                    "models_intro", min_n=self._min_n(), fitted=run["model"].nunique(), skipped=len(m["models_skipped"])
                )
            )
            + "</p>",
        ]
        blocks.append(self._agreement())
        chosen = self._planned_findings()
        sentences = chosen.loc[chosen["family"] != ROBUSTNESS, f"summary_{self.lang}"]
        blocks.append("<ul class='findings'>" + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>")
        blocks.append(self._robustness_table(chosen[chosen["family"] == ROBUSTNESS]))
        blocks.append(self._selection_table())
        if chosen["selected_sample"].any():
            blocks.append(
                f"<p class='caveat'><strong>{self._t('selection_caveat_label')}</strong>"
                f"{html.escape(self._t('selection_caveat'))}</p>"
            )
        blocks.append(side_by_side(self._scatter("par_index_total", "scatter_par_title", "par_axis"),
                                   self._scatter("sipas_total", "scatter_sipas_title", "sipas_axis")))  # fmt: skip
        corr = m["correlations"]
        variables = ["papi_total", *[f"papi_D{d}" for d in range(1, 9)], "sipas_total", "par_index_total"]
        corr = corr[corr["x"].isin(variables) & corr["y"].isin(variables)]
        title = self._t("heatmap_title")
        fig = plots.correlation_heatmap(
            corr, {v: self._label(v) for v in variables}, title, self._t("source_all"), self.lang
        )
        blocks.append(figure_html(fig, title))
        title = self._t("ranks_title")
        p = self.panel
        ranks = p[(p["level"] == "total") & p["index"].isin(["par_index", "sipas"]) & p["rank"].notna()]
        fig = plots.rank_coverage_chart(ranks, int(ranks["n_ranked"].max()), title, self._t("source_all"), self.lang)
        blocks.append(figure_html(fig, title))
        return blocks

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

    def _robustness_table(self, rows: pd.DataFrame) -> str:
        """The pooled results on each side of a methodology break, one line each (not separate tests)."""
        if rows.empty:
            return ""
        shown = pd.DataFrame({
            "": [f"{self._label(x)} – {self._label(y)}" for x, y in zip(rows["x"], rows["y"], strict=True)],
            self._t("period"): [period_text(split, self.lang) for split in rows["split"]],
            "ρ": rows["r"].map(self._num),
            "95% CI": [f"{self._num(lo)} – {self._num(hi)}" for lo, hi in zip(rows["ci_low"], rows["ci_high"],
                                                                             strict=True)],
            "n": rows["n"].astype(int),
        })  # fmt: skip
        return table_html(shown, self._t("robustness_title"))

    def _selection_table(self) -> str:
        table = self.models["selection_weighted"]
        if table.empty:
            return ""
        shown = pd.DataFrame({
            "": [f"{self._label(x)} – {self._label(y)}" for x, y in zip(table["x"], table["y"], strict=True)],
            self._t("estimator"): [self._t(f"estimator_{e.split()[0]}") for e in table["estimator"]],
            "ρ": table["r"].map(self._num),
            "95% CI": [f"{self._num(lo)} – {self._num(hi)}"
                       for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)],
            "n": table["n"],
        })  # fmt: skip
        return table_html(shown, self._t("selection_title"))

    def _min_n(self) -> int:
        path = self.processed_dir / "models_run.json"
        return json.loads(path.read_text())["min_n"] if path.is_file() else load_plan().min_n

    def _agreement(self) -> str:
        agreement = self.models["rank_agreement"]
        rows = agreement[agreement["year"] == self.year]
        out = f"<h3>{html.escape(self._t('agreement', year=self.year))}</h3>"
        if rows.empty:
            out += f"<p>{html.escape(self._t('no_agreement', year=self.year))}</p>"
        else:
            shown = pd.DataFrame(
                {
                    "": rows["a"].map(INDEX_LABEL) + " – " + rows["b"].map(INDEX_LABEL),
                    "ρ": rows["r"].map(self._num),
                    "95% CI": [
                        f"{self._num(lo)} – {self._num(hi)}"
                        for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)
                    ],
                    "n": rows["n"],
                }
            )
            out += table_html(shown)
        divergent = self.models["divergences"]
        divergent = divergent[divergent["year"] == self.year]
        if len(divergent):
            shown = pd.DataFrame(
                {
                    self._t("province"): divergent["province_name"],
                    "PAPI": [
                        f"{self._num(s)} ({int(r)}/{int(n)})"
                        for s, r, n in zip(
                            divergent["papi_score"], divergent["papi_rank"], divergent["papi_n_ranked"], strict=True
                        )
                    ],
                    self._t("index"): divergent["other_index"].map(INDEX_LABEL),
                    self._t("score"): divergent["other_score"].map(self._num),
                    self._t("rank"): [
                        f"{int(r)}/{int(n)}"
                        for r, n in zip(divergent["other_rank"], divergent["other_n_ranked"], strict=True)
                    ],
                }
            )
            out += table_html(shown, self._t("divergent", year=self.year))
        return out

    def _scatter(self, other: str, title_key: str, axis_key: str) -> str:
        data = self.wide[self.wide["year"] == self.year]
        title = self._t(title_key, year=self.year)
        if data[["papi_total", other]].dropna().shape[0] < 3:
            return f"<p>{html.escape(title)}: n = {data[['papi_total', other]].dropna().shape[0]}</p>"
        fig = plots.scatter_with_focus(
            data,
            other,
            "papi_total",
            title,
            self._t("source_all"),
            self.lang,
            xlabel=self._t(axis_key),
            ylabel=self._t("papi_axis"),
            focus_codes=self.params.focus_provinces,
        )
        return figure_html(fig, f"{title} (n = {data[['papi_total', other]].dropna().shape[0]})")

    def spotlight(self, code: str) -> list[str]:
        name = self._name(code)
        blocks = [f'<h2 id="spotlight-{code}">{html.escape(self._t("sec_spotlight", province=name))}</h2>']
        blocks += self._profile(code, name)
        blocks.append(self._links())
        return blocks

    def _profile(self, code: str, name: str) -> list[str]:
        p = self.panel
        year_rows = p[(p["index"] == "papi") & (p["year"] == self.year)]
        dims = year_rows[year_rows["level"] == "dimension"]
        mine = dims[dims["province_code"] == code].set_index("indicator_code")["score"]
        if mine.isna().all():
            return [f"<p>PAPI {self.year}: {html.escape(name)} — {self._t('missing')}.</p>"]
        national = dims.groupby("indicator_code")["score"].agg(["median", "max"])
        title = self._t("profile_title", province=name, year=self.year)
        names = dims.drop_duplicates("indicator_code").set_index("indicator_code")[f"indicator_name_{self.lang}"]
        fig = plots.dimension_profile(mine, national, names.to_dict(), name, title, self._t("source_papi"), self.lang)
        return [figure_html(fig, title)]  # the weakest areas are in the summary's priorities table

    def _links(self) -> str:
        """The plan's pooled questions in the plan's order (a fixed set, never chosen by p-value)."""
        pooled = self._planned_findings()
        pooled = pooled[pooled["scope"] == "pooled"]
        shown = pd.DataFrame({
            "": [f"{self._label(x)} – {self._label(y)}" for x, y in zip(pooled["x"], pooled["y"], strict=True)],
            "ρ": pooled["r"].map(self._num),
            "95% CI": [f"{self._num(lo)} – {self._num(hi)}"
                       for lo, hi in zip(pooled["ci_low"], pooled["ci_high"], strict=True)],
            "p (BH)": pooled["p_adjusted"].map(format_p),
            "n": pooled["n"],
        })  # fmt: skip
        out = table_html(shown, self._t("links_title"))
        if not self.models["model_results"]["term"].str.startswith("par_index_C").any():
            out += f"<p class='note'>{html.escape(self._t('components_none', min_n=self._min_n()))}</p>"
        return out

    def sources(self) -> list[str]:
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
        }  # fmt: skip
        shown = pd.DataFrame({self._t("prov_item"): list(rows), self._t("prov_value"): list(rows.values())})
        return [
            self._heading("sec_sources", "sources"),
            table_html(shown),
            f"<p class='note'>{html.escape(self._t('source_all'))} {html.escape(self._t('map_credit'))}</p>",
        ]


def headline(panel: pd.DataFrame, year: int, lang: str) -> str:
    totals = panel[(panel["level"] == "total") & (panel["year"] == year)]
    papi = totals[(totals["index"] == "papi") & totals["score"].notna()]
    best = papi.sort_values("score", ascending=False).iloc[0]
    counts = {
        i: int(((totals["index"] == i) & (totals["score"].notna() | totals["rank"].notna())).sum())
        for i in ("par_index", "sipas")
    }
    return t(
        "headline",
        lang,
        n=len(papi),
        best=best["province_name"],
        best_score=best["score"],
        par=counts["par_index"],
        sipas=counts["sipas"],
    )
