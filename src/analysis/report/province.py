"""The focus province's page as a reader sees it: a headline written from the data, the at-a-glance table, PAPI
precision, priorities, the scorecard section, the trend chart and the regional peers, in the report's language.

The numbers come from analysis.report.data; here they are put into words, tables (Stylers) and SVG charts.
Nothing here builds HTML.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from analysis.core import config
from analysis.core.text import INDEX_LABEL, number, t
from analysis.data.sources.scorecard import scorecard_name
from analysis.report import plots
from analysis.report.data import BriefingData, totals
from analysis.report.markdown import heading, note, paragraph, plain_markdown
from analysis.report.sentences import headline_text, rank_sentence
from analysis.report.svg import chart
from analysis.report.tables import styled
from analysis.report.words import label, move_words


def glance_table(glance: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The at-a-glance rows (analysis.report.data.glance) with the report's headers and words."""
    return pd.DataFrame(
        {
            t("index", lang): glance["index"].map(INDEX_LABEL).to_numpy(),
            t("score", lang): glance["score"].astype(float).to_numpy(),
            t("rank", lang): [
                f"{int(r)}/{int(n)}" if pd.notna(r) else "—"
                for r, n in zip(glance["rank"], glance["n_ranked"], strict=True)
            ],
            t("change_rank", lang): [move_words(move, lang) for move in glance["rank_change"]],
            t("basis", lang): [
                t("missing", lang) if basis is None or pd.isna(basis) else t(f"basis_{basis}", lang)
                for basis in glance["basis"]
            ],
        }
    )


def priorities_table(worst: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The priority areas with the report's headers (indexed by area code, which the table does not show)."""
    names = worst[f"indicator_name_{lang}"]
    return pd.DataFrame(
        index=pd.Index(worst["indicator_code"], name="indicator_code"),
        data={
            t("area", lang): [f"{c} {n}" for c, n in zip(worst["indicator_code"], names, strict=True)],
            t("province_value", lang): worst["score"].to_numpy(),
            t("median", lang): worst["national"].to_numpy(),
            t("regional_median", lang): worst["regional"].to_numpy(),
            t("gap_median", lang): worst["gap"].to_numpy(),
            t("gap_regional", lang): worst["gap_regional"].to_numpy(),
        },
    )


def indicator_table(worst: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = worst[f"indicator_name_{lang}"].fillna(worst["indicator_name_vi"])
    return pd.DataFrame(
        {
            t("indicator_col", lang): [f"{c} {n}" for c, n in zip(worst["indicator_code"], names, strict=True)],
            t("province_value", lang): worst["value"].to_numpy(),
            t("median", lang): worst["median"].to_numpy(),
            t("indicator_gap", lang): worst["adverse_gap"].to_numpy(),
            t("indicator_rank", lang): [
                f"{int(r)}/{int(n)}" for r, n in zip(worst["rank_among"], worst["n_provinces"], strict=True)
            ],
        }
    )


def peers_table(peers: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = peers.rename(columns={"papi": "PAPI", "par_index": "PAR INDEX", "sipas": "SIPAS"}).reset_index()
    return table.rename(columns={"province_name": t("province_value", lang)})


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
        for x, y, r, low, high in zip(rows["x"], rows["y"], rows["r"], rows["ci_low"], rows["ci_high"], strict=True):
            other = str(y if x == dimension else x)
            found.append(
                f"{area} ({label(dimension, panel, lang)}) – {label(other, panel, lang)}: ρ = "
                f"{number(float(r), lang, '.2f')} ({number(float(low), lang, '.2f')} – "
                f"{number(float(high), lang, '.2f')})"
            )
    if not found:
        return t("priority_links_none", lang)
    if rest:
        found.append(t("priority_links_rest", lang, areas=", ".join(rest)))
    return t("priority_links", lang, links="; ".join(found))


def province_page(data: BriefingData, code: str, lang: str, links: pd.DataFrame | None = None) -> list[object]:
    """What the notebook displays first for a focus province, in order: heading, headline, at-a-glance table, PAPI
    precision, priorities (areas, then indicators where loaded, their links to the plan, and what the data cannot
    answer), trend chart, regional peers."""
    year, panel = data.year, data.panel
    name = data.crosswalk.name_vi(code, year)
    region = data.crosswalk.scheme_table(year).at[code, "region_vi" if lang == "vi" else "region_en"]
    gap_columns = (t("gap_median", lang), t("gap_regional", lang))
    scored = data.scored()
    worst = data.priorities(code)
    page: list[object] = [
        heading(t("glance_title", lang, province=name, year=year), f"summary-{code}"),
        Markdown(f"**{plain_markdown(headline_text(data.headline(code), year, lang))}**"),
        styled(glance_table(data.glance(code), lang), lang, t("glance_table", lang, previous=year - 1)),
    ]
    if not scored:
        page.append(paragraph(t("no_papi_year", lang, year=year)))
    else:
        page += [
            note(t("rank_note", lang, n=scored)),
            paragraph(rank_sentence(data.rank_ranges, year, code, name, lang)),
            styled(priorities_table(worst, lang), lang, t("priorities_title", lang, year=year), signed=gap_columns),
            note(t("priorities_no_errors", lang)),
        ]
    if links is not None and scored:
        page.append(paragraph(priority_links(list(worst["indicator_code"]), links, panel, lang)))
    indicators = data.indicator_priorities(code)
    if len(indicators):
        caption, gap = t("indicator_title", lang, year=year), t("indicator_gap", lang)
        page += [
            styled(indicator_table(indicators, lang), lang, caption, signed=(gap,)),
            note(t("indicator_note", lang)),
        ]
    scorecard = data.scorecard(code)
    if not data.has_components(code) and scorecard is None:
        page.append(paragraph(t("no_components", lang)))
    page += scorecard_section(scorecard, panel, code, name, year, lang)
    if config.scheme_of(year) == 34:
        page += constituents_section(data, code, lang)
    else:
        title = t("trend_title", lang, province=name)
        page.append(chart(plots.trend_chart(data.trend(code), name, title, t("source_all", lang), lang), title))
    table = peers_table(data.peers(code), lang)
    page.append(styled(table, lang, t("peers_title", lang, region=region, year=year), highlight=name))
    return page


def constituents_section(data: BriefingData, code: str, lang: str) -> list[object]:
    """A province of 2025 beside the provinces it was formed from, each its own line (no composite made up)."""
    name = data.crosswalk.name_vi(code, data.year)
    parts = ", ".join(data.crosswalk.name_vi(c) for c in data.crosswalk.constituents(code))
    title = t("constituents_title", lang, province=name, parts=parts)
    source = t("source_all", lang) + " " + t("merger_note", lang)
    return [chart(plots.constituents_chart(data.constituents_history(code), name, title, source, lang), title)]


def scorecard_section(
    card: pd.DataFrame | None, panel: pd.DataFrame, code: str, name: str, year: int, lang: str
) -> list[object]:
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
    sentence = t(
        "scorecard_summary",
        lang,
        province=name,
        points=total,
        short=len(lost),
        n=len(card),
        zero=int((card["points"] == 0).sum()),
        lost=float(card["lost"].sum()),
        field=fields.iloc[0]["field"],
        field_lost=float(fields.iloc[0]["lost"]),
    )
    items: list[object] = [heading(t("scorecard_title", lang, year=year), f"scorecard-{code}", 3), paragraph(sentence)]
    columns = {
        "max_points": t("scorecard_max", lang),
        "points": t("scorecard_points", lang),
        "lost": t("scorecard_lost", lang),
    }
    by_field = fields.rename(columns={"field": t("scorecard_field", lang), **columns})
    top = lost.head(8)
    by_criterion = top[list(columns)].rename(columns=columns)
    by_criterion.insert(0, t("scorecard_criterion", lang), top["criterion_code"] + " " + top["criterion"])
    items += [
        styled(by_field, lang, t("scorecard_fields", lang)),
        styled(by_criterion, lang, t("scorecard_criteria", lang)),
    ]
    for k in range(1, min(3, len(lost)) + 1):
        gain = float(lost["lost"].iloc[:k].sum())
        items.append(
            paragraph(
                t(
                    "scorecard_recovery",
                    lang,
                    criteria=", ".join(lost["criterion_code"].iloc[:k]),
                    gain=gain,
                    total=total + gain,
                    year=year,
                    above=int((others < total + gain).sum()),
                    others=len(others),
                    above_now=int((others < total).sum()),
                )
            )
        )
    return items
