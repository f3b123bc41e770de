"""The focus province's page: at a glance, a headline written from the data, priorities, trend and peers.

Every function returns data (DataFrames, sentences, SVG charts) in the report's language; the briefing notebook
displays them, and `styled` formats a table's numbers the language's way. Nothing here builds HTML.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from IPython.display import Markdown
from pandas.io.formats.style import Styler

from analysis.core import config
from analysis.core.text import INDEX_LABEL, number, t
from analysis.data.precision import indicator_gaps, rank_sentence
from analysis.data.provinces import Crosswalk
from analysis.data.sources.scorecard import scorecard_name
from analysis.models.variables import label
from analysis.report import plots
from analysis.report.markdown import heading, note, paragraph, plain_markdown
from analysis.report.svg import chart

INDICES = ("par_index", "sipas", "papi")


def totals(panel: pd.DataFrame, index: str, year: int) -> pd.DataFrame:
    rows = panel[(panel["index"] == index) & (panel["level"] == "total") & (panel["year"] == year)]
    return rows.set_index("province_code")


def in_scheme(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows whose province codes mean what they mean in `year` (codes before and after the 2025 merger differ)."""
    return panel[panel["scheme"] == config.scheme_of(year)]


def _region(panel: pd.DataFrame, code: str, year: int) -> str | None:
    rows = in_scheme(panel, year)
    rows = rows.loc[rows["province_code"] == code, "region"]
    return rows.iloc[0] if len(rows) else None


def _rank_change(panel: pd.DataFrame, index: str, code: str, year: int) -> tuple[float, pd.Series]:
    """(this province's places gained, every province's places gained) between year-1 and year (positive = up);
    nothing across the 2025 merger, where the provinces themselves changed."""
    if config.scheme_of(year - 1) != config.scheme_of(year):
        return np.nan, pd.Series(dtype=float)
    now, before = totals(panel, index, year)["rank"], totals(panel, index, year - 1)["rank"]
    moves = (before - now).dropna()
    return float(moves.get(code, np.nan)), moves


def at_a_glance(panel: pd.DataFrame, code: str, year: int, lang: str) -> pd.DataFrame:
    """One row per index: score, rank, change since last year and the basis of the number."""
    rows = []
    for index in INDICES:
        table = totals(panel, index, year)
        move, _ = _rank_change(panel, index, code, year)
        entry = {t("index", lang): INDEX_LABEL[index], t("score", lang): np.nan, t("rank", lang): "—",
                 t("change_rank", lang): move_words(move, lang), t("basis", lang): t("missing", lang)}  # fmt: skip
        if code in table.index:
            row = table.loc[code]
            ranked = pd.notna(row["rank"])
            entry |= {t("score", lang): row["score"], t("basis", lang): t(f"basis_{row['basis']}", lang),
                      t("rank", lang): f"{int(row['rank'])}/{int(row['n_ranked'])}" if ranked else "—"}  # fmt: skip
        rows.append(entry)
    return pd.DataFrame(rows)


def move_words(move: float, lang: str) -> str:
    """'giảm 17 bậc' / 'up 3' / 'unchanged' for places gained (positive) or lost; '—' when unknown."""
    if pd.isna(move):
        return "—"
    return t("same", lang) if move == 0 else t("up" if move > 0 else "down", lang, k=abs(int(move)))


def headline(panel: pd.DataFrame, code: str, year: int, lang: str) -> str:
    """The largest rank move of the year among the three indices, put against every province's move."""
    best: tuple[float, str] | None = None
    for index in INDICES:
        move, _ = _rank_change(panel, index, code, year)
        if np.isfinite(move) and (best is None or abs(move) > abs(best[0])):
            best = (move, index)
    if best is None or best[0] == 0:
        return t("headline_no_move", lang, year=year)
    move, index = best
    _, moves = _rank_change(panel, index, code, year)
    same_way = moves[moves < 0] if move < 0 else moves[moves > 0]
    order = int((same_way.abs() > abs(move)).sum() + 1)
    now = totals(panel, index, year).loc[code]
    return t("headline_fall" if move < 0 else "headline_rise", lang, index=INDEX_LABEL[index], k=abs(int(move)),
             rank=int(now["rank"]), n=int(now["n_ranked"]), order=order, m=len(moves))  # fmt: skip


MIN_NATIONAL, MIN_REGIONAL = 10, 5  # fewer provinces with a score: no median is drawn (reported rows are selected)


def _median(scores: pd.Series, minimum: int) -> float:
    return float(scores.median()) if scores.notna().sum() >= minimum else np.nan


def trend(panel: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """Per index and year of `year`'s province scheme: the province's score and rank, the national and regional
    medians of the provinces with a score (only with at least MIN_NATIONAL / MIN_REGIONAL of them), the methodology."""
    rows = in_scheme(panel, year)
    rows = rows[rows["level"] == "total"]
    region = _region(panel, code, year)
    by_year = rows.groupby(["index", "year"])
    medians = by_year["score"].apply(_median, minimum=MIN_NATIONAL).rename("national_median")
    regional = rows[rows["region"] == region].groupby(["index", "year"])["score"].apply(_median, minimum=MIN_REGIONAL)
    own = rows[rows["province_code"] == code].set_index(["index", "year"])[["score", "rank", "n_ranked"]]
    out = pd.concat([own, medians, regional.rename("regional_median"), by_year["methodology"].first()], axis=1)
    return out.rename_axis(["index", "year"]).reset_index().sort_values(["index", "year"]).reset_index(drop=True)


def peers(panel: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The provinces of the focus province's region: PAPI dimensions and total, PAR INDEX and SIPAS, this year."""
    rows = panel[panel["year"] == year]
    region = _region(panel, code, year)
    members = rows[rows["region"] == region]
    papi = members[(members["index"] == "papi") & members["level"].isin(["dimension", "total"])]
    table = papi.pivot_table(index="province_name", columns="indicator_code", values="score", dropna=False)
    same = in_scheme(panel, year)
    everyone = sorted(same.loc[same["region"] == region, "province_name"].unique())
    table = table.reindex(everyone)  # a province without data this year stays listed, as missing
    table = table.rename(columns={"total": "PAPI"})
    for index in ("par_index", "sipas"):
        scores = members[(members["index"] == index) & (members["level"] == "total")]
        table[INDEX_LABEL[index]] = scores.set_index("province_name")["score"]
    ordered = [c for c in table.columns if c.startswith("D")] + ["PAPI", "PAR INDEX", "SIPAS"]
    table = table.reindex(columns=[c for c in ordered if c in table.columns])
    return table.sort_values("PAPI", ascending=False) if "PAPI" in table else table


def priorities(panel: pd.DataFrame, code: str, year: int, lang: str, limit: int = 6) -> pd.DataFrame:
    """PAPI dimensions and sub-dimensions where the province is furthest below the national median, as a share of
    the scale, with the regional median beside it; the largest gaps first."""
    parts = panel["level"].isin(["dimension", "subdimension"])
    rows = panel[(panel["index"] == "papi") & (panel["year"] == year) & parts]
    region = _region(panel, code, year)
    stats = rows.groupby("indicator_code").agg(national=("score", "median"), scale=("max_score", "first"),
                                               level=("level", "first"))  # fmt: skip
    stats["regional"] = rows[rows["region"] == region].groupby("indicator_code")["score"].median()
    own = rows[rows["province_code"] == code].set_index("indicator_code")
    stats = stats.join(own[["score", f"indicator_name_{lang}"]]).dropna(subset=["score"])
    stats["gap"] = (stats["score"] - stats["national"]) / stats["scale"] * 100
    stats["gap_regional"] = (stats["score"] - stats["regional"]) / stats["scale"] * 100
    worst = stats.nsmallest(limit, "gap")
    return pd.DataFrame({
        t("area", lang): [f"{c} {n}" for c, n in zip(worst.index, worst[f"indicator_name_{lang}"], strict=True)],
        t("province_value", lang): worst["score"], t("median", lang): worst["national"],
        t("regional_median", lang): worst["regional"], t("gap_median", lang): worst["gap"],
        t("gap_regional", lang): worst["gap_regional"],
    })  # fmt: skip


def indicator_priorities(indicators: pd.DataFrame, code: str, year: int, lang: str, limit: int = 5) -> pd.DataFrame:
    """The indicators (where the official sheets have them) furthest on the adverse side of the national median, in
    robust SD units (analysis.data.precision.indicator_gaps); empty when the year has none."""
    gaps = indicator_gaps(indicators, year, code) if len(indicators) else pd.DataFrame()
    if gaps.empty:
        return gaps
    worst = gaps.dropna(subset=["adverse_gap"]).head(limit)
    names = worst[f"indicator_name_{lang}"].fillna(worst["indicator_name_vi"])
    return pd.DataFrame({
        t("indicator_col", lang): [f"{c} {n}" for c, n in zip(worst["indicator_code"], names, strict=True)],
        t("province_value", lang): worst["value"].to_numpy(), t("median", lang): worst["median"].to_numpy(),
        t("indicator_gap", lang): worst["adverse_gap"].to_numpy(),
        t("indicator_rank", lang): [f"{int(r)}/{int(n)}" for r, n in zip(worst["rank_among"], worst["n_provinces"],
                                                                         strict=True)],
    })  # fmt: skip


def priority_links(areas: list[str], links: pd.DataFrame, panel: pd.DataFrame, lang: str) -> str:
    """What the plan's pooled results say about the dimensions the priority areas belong to (SC62 and D6 both
    belong to D6), e.g. 'D5 – SIPAS: ρ = 0,23 (−0,01 – 0,43)'; which dimensions have a question was fixed before
    any result was seen, so areas without one are said to have none."""
    found, rest = [], []
    for area in areas:
        dimension = f"papi_D{area[2]}" if area.startswith("SC") else f"papi_{area}"
        rows = links[(links["x"] == dimension) | (links["y"] == dimension)]
        if rows.empty:
            rest.append(area)
        for row in rows.itertuples():
            other = row.y if row.x == dimension else row.x
            found.append(f"{area} ({label(dimension, panel, lang)}) – {label(other, panel, lang)}: ρ = "
                         f"{number(row.r, lang, '.2f')} ({number(row.ci_low, lang, '.2f')} – "
                         f"{number(row.ci_high, lang, '.2f')})")  # fmt: skip
    if not found:
        return t("priority_links_none", lang)
    if rest:
        found.append(t("priority_links_rest", lang, areas=", ".join(rest)))
    return t("priority_links", lang, links="; ".join(found))


def styled(frame: pd.DataFrame, lang: str, caption: str, digits: int = 2, signed: tuple[str, ...] = (),
           highlight: str = "") -> Styler:  # fmt: skip
    """The table as a reader sees it: numbers in the language's format, missing as '—', a caption, no index; the row
    whose first cell is `highlight` (the focus province) in bold."""

    def plain(value: object) -> str:
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return number(float(value), lang, ".0f")
        if isinstance(value, (float, np.floating)):
            return "—" if pd.isna(value) else number(float(value), lang, f".{digits}f")
        return str(value)

    def plus(value: object) -> str:
        return "—" if pd.isna(value) else number(float(value), lang, f"+.{digits}f")  # type: ignore[arg-type]

    styler = frame.style.format(plain)
    if signed:
        styler = styler.format(plus, subset=list(signed))
    if highlight:
        first = frame.columns[0]
        styler = styler.apply(lambda row: ["font-weight: bold" if row[first] == highlight else ""] * len(row), axis=1)
    # ids from the caption and the cells instead of pandas' random ones: the same parameters give the same page
    uuid = hashlib.sha256(f"{caption}\n{frame.to_csv()}".encode()).hexdigest()[:10]
    return styler.set_uuid(uuid).set_caption(caption).hide(axis="index").set_table_attributes('class="briefing-table"')


def has_components(panel: pd.DataFrame, code: str, year: int) -> bool:
    """Whether the data holds any PAR INDEX or SIPAS component score for the province that year."""
    rows = panel[(panel["province_code"] == code) & (panel["year"] == year) & (panel["level"] == "component")]
    return bool(rows["score"].notna().any())


def province_page(panel: pd.DataFrame, ranges: pd.DataFrame, crosswalk: Crosswalk, code: str, year: int,
                  lang: str, links: pd.DataFrame | None = None, indicators: pd.DataFrame | None = None,
                  scorecard: pd.DataFrame | None = None) -> list[object]:  # fmt: skip
    """What the notebook displays first for a focus province, in order: heading, headline, at-a-glance table, PAPI
    precision, priorities (areas, then indicators where loaded, their links to the plan, and what the data cannot
    answer), trend chart, regional peers."""
    name = crosswalk.name_vi(code, year)
    region = crosswalk.scheme_table(year).at[code, "region_vi" if lang == "vi" else "region_en"]
    gap_columns = (t("gap_median", lang), t("gap_regional", lang))
    scored = int(totals(panel, "papi", year)["score"].notna().sum())
    weakest = priorities(panel, code, year, lang)
    page: list[object] = [
        heading(t("glance_title", lang, province=name, year=year), f"summary-{code}"),
        Markdown(f"**{plain_markdown(headline(panel, code, year, lang))}**"),
        styled(at_a_glance(panel, code, year, lang), lang, t("glance_table", lang, previous=year - 1)),
    ]
    if not scored:
        page.append(paragraph(t("no_papi_year", lang, year=year)))
    else:
        page += [note(t("rank_note", lang, n=scored)), paragraph(rank_sentence(ranges, year, code, name, lang)),
                 styled(weakest, lang, t("priorities_title", lang, year=year), signed=gap_columns),
                 note(t("priorities_no_errors", lang))]  # fmt: skip
    if links is not None and scored:
        page.append(paragraph(priority_links([area.split()[0] for area in weakest.iloc[:, 0]], links, panel, lang)))
    worst = indicator_priorities(indicators if indicators is not None else pd.DataFrame(), code, year, lang)
    if len(worst):
        caption, gap = t("indicator_title", lang, year=year), t("indicator_gap", lang)
        page += [styled(worst, lang, caption, signed=(gap,)), note(t("indicator_note", lang))]
    if not has_components(panel, code, year) and scorecard is None:
        page.append(paragraph(t("no_components", lang)))
    page += scorecard_section(scorecard, panel, code, name, year, lang)
    if config.scheme_of(year) == 34:
        page += constituents_history(panel, crosswalk, code, year, lang)
    else:
        title = t("trend_title", lang, province=name)
        page.append(chart(plots.trend_chart(trend(panel, code, year), name, title, t("source_all", lang), lang), title))
    table = peers(panel, code, year).reset_index().rename(columns={"province_name": t("province_value", lang)})
    page.append(styled(table, lang, t("peers_title", lang, region=region, year=year), highlight=name))
    return page


def constituents_history(panel: pd.DataFrame, crosswalk: Crosswalk, code: str, year: int, lang: str) -> list[object]:
    """A province of 2025 beside the provinces it was formed from: each old province's score on every index up to
    2024 and the new province's own from 2025, as separate lines (no composite of the old ones is made up)."""
    totals_only = panel[panel["level"] == "total"]
    old = in_scheme(totals_only, config.MERGER_YEAR - 1)
    old = old[old["province_code"].isin(crosswalk.constituents(code))]
    new = in_scheme(totals_only, year)
    new = new[new["province_code"] == code]
    history = pd.concat([old, new])[["index", "year", "province_name", "score", "rank", "n_ranked"]]
    name = crosswalk.name_vi(code, year)
    title = t("constituents_title", lang, province=name, parts=", ".join(crosswalk.name_vi(c) for c in
                                                                           crosswalk.constituents(code)))  # fmt: skip
    fig = plots.constituents_chart(history, name, title, t("source_all", lang) + " " + t("merger_note", lang), lang)
    return [chart(fig, title)]


def scorecard_section(card: pd.DataFrame | None, panel: pd.DataFrame, code: str, name: str, year: int,
                      lang: str) -> list[object]:  # fmt: skip
    """Points lost by field and by criterion, the counts of criteria short of the maximum and at zero, and what
    recovering the largest losses would have meant against the other provinces' published scores; without a
    scorecard, the one line that says which file would fill the section."""
    if card is None:
        return [note(t("scorecard_missing", lang, year=year, province=name, path=scorecard_name(year, code)))]
    fields = card.groupby("field", sort=False)[["max_points", "points", "lost"]].sum().reset_index()
    fields = fields.sort_values("lost", ascending=False)
    lost = card[card["lost"] > 0].sort_values("lost", ascending=False)
    total = float(card["points"].sum())
    others = totals(panel, "par_index", year)["score"].drop(index=code, errors="ignore").dropna()
    sentence = t("scorecard_summary", lang, province=name, points=total, short=len(lost), n=len(card),
                 zero=int((card["points"] == 0).sum()), lost=float(card["lost"].sum()),
                 field=fields.iloc[0]["field"], field_lost=float(fields.iloc[0]["lost"]))  # fmt: skip
    items: list[object] = [heading(t("scorecard_title", lang, year=year), f"scorecard-{code}", 3),
                           paragraph(sentence)]  # fmt: skip
    columns = {"max_points": t("scorecard_max", lang), "points": t("scorecard_points", lang),
               "lost": t("scorecard_lost", lang)}  # fmt: skip
    by_field = fields.rename(columns={"field": t("scorecard_field", lang), **columns})
    top = lost.head(8)
    by_criterion = top[list(columns)].rename(columns=columns)
    by_criterion.insert(0, t("scorecard_criterion", lang), top["criterion_code"] + " " + top["criterion"])
    items += [styled(by_field, lang, t("scorecard_fields", lang)),
              styled(by_criterion, lang, t("scorecard_criteria", lang))]  # fmt: skip
    for k in range(1, min(3, len(lost)) + 1):
        gain = float(lost["lost"].iloc[:k].sum())
        items.append(paragraph(t("scorecard_recovery", lang, criteria=", ".join(lost["criterion_code"].iloc[:k]),
                                 gain=gain, total=total + gain, year=year,
                                 above=int((others < total + gain).sum()), others=len(others),
                                 above_now=int((others < total).sum()))))  # fmt: skip
    return items
