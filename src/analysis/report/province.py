"""The leader's pages for a focus province, in plain language: what happened this year (scores, ranks and what
qualifies each change), where the PAR INDEX points were lost, where citizens rate the province lowest and whether
that beats chance, whether the indices move together, what is not known yet and which table would answer it, the
trend and the regional peers. No codes, statistical terms or commands: the method is in the briefing's annex.

The numbers come from analysis.report.data (and the models' tables); here they are put into words, tables (Stylers)
and SVG charts. Nothing here builds HTML. A briefing shows these pages first; a province profile is these pages.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from analysis.core import config
from analysis.core.settings import load_plan
from analysis.core.text import INDEX_LABEL, t
from analysis.report import plots
from analysis.report.data import BriefingData, headline, totals
from analysis.report.markdown import bullets, heading, note, numbered, paragraph, plain_markdown, source_link
from analysis.report.sentences import change_notes, headline_text, link_sentence, scored_change
from analysis.report.svg import chart
from analysis.report.tables import styled
from analysis.report.words import places, source_name

# the README's how-to, from where each kind of document is written (reports/<year>/, reports/profiles/<year>/); the
# link is shown on screen only
README_SCORECARDS = {
    "briefing": "../../README.md#par-index-scorecards",
    "profile": "../../../README.md#par-index-scorecards",
}


def glance_table(glance: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """Index, score, rank and the change since last year, in words ('down 17 places (43 → 60)'); a value whose
    quality is not plainly stated by the source is marked with a note number kept in `quality_marks`."""
    change = [
        "—"
        if pd.isna(move)
        # PAPI's ranks before and after are among the provinces scored in both years, not the rank column's
        else f"{places(float(move), lang)} ({int(before)} → {int(now)}"
        + (f" {t('among_both', lang, m=int(m))})" if among == "scored" else ")")
        for move, before, now, among, m in zip(
            glance["move"],
            glance["rank_before"],
            glance["rank_now"],
            glance["compared_among"],
            glance["n_both"],
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            t("index", lang): glance["index"].map(INDEX_LABEL).to_numpy(),
            t("score", lang): glance["score"].astype(float).to_numpy(),
            t("rank", lang): [
                f"{int(r)}/{int(n)}" if pd.notna(r) else "—"
                for r, n in zip(glance["rank"], glance["n_ranked"], strict=True)
            ],
            t("glance_change", lang, previous=year - 1): change,
        }
    )


def glance_notes(glance: pd.DataFrame, headline_index: str | None, year: int, lang: str) -> list[str]:
    """One line per index whose change or value needs a qualifier (the headline's index is qualified in the
    headline itself): its size among the reported provinces, its survey error, the value's quality."""
    lines = []
    for row in glance.to_dict("records"):
        parts = []
        if row["index"] != headline_index and (notes := change_notes(row, year, lang)):
            if row["compared_among"] == "scored":
                parts.append(_sentence(scored_change(row, lang)))
            elif pd.notna(row["move"]) and row["move"] != 0:  # the move the next sentence ranks ("It is the ...")
                parts.append(_sentence(places(float(row["move"]), lang)))
            parts.append(notes)
        if row["quality"] in ("derived", "ambiguous", "secondary-partial", "not-comparable"):
            parts.append(_sentence(t(f"quality_{row['quality']}", lang)))
        if parts:
            lines.append(f"{INDEX_LABEL[str(row['index'])]}: " + " ".join(parts))
    return lines


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def papi_range_sentence(data: BriefingData, code: str, name: str, lang: str) -> str:
    """Where the province's PAPI rank could lie given the survey's published errors ('' in years without them)."""
    rows = data.rank_ranges[(data.rank_ranges["year"] == data.year) & (data.rank_ranges["province_code"] == code)]
    if rows.empty:
        return ""
    row = rows.iloc[0]
    return t(
        "papi_range_sentence",
        lang,
        province=name,
        year=data.year,
        rank=int(row["rank"]),
        n=int(row["n_ranked"]),
        low=int(row["rank_low"]),
        high=int(row["rank_high"]),
    )


def points_lost(data: BriefingData, code: str, name: str, lang: str, document: str = "briefing") -> list[object]:
    """Where the PAR INDEX points were lost: the checked scorecard when one is loaded (by field, criterion and lead
    agency); otherwise what a source reports about the criteria (counts and the criteria at zero, named); otherwise
    the sentence that says which table would answer."""
    year = data.year
    items: list[object] = [heading(t("par_lost_title", lang), f"points-{code}", 3)]
    card = data.scorecard(code)
    if card is not None:
        return items + scorecard_tables(card, data, code, name, lang)
    fields = data.par_fields(code)
    if not fields.empty:
        items += field_tables(fields, name, lang)
    reported = data.criteria_reported(code)
    if reported is None:
        key = "criteria_none" if fields.empty else "criteria_points_unknown"
        return [*items, paragraph(t(key, lang, province=name, year=year)), _howto(lang, document)]
    for row in reported.to_dict("records"):
        source = source_link(source_name(str(row["source_url"])), str(row["source_url"]))
        counts = t(
            "criteria_counts",
            lang,
            source="\x00",
            year=year,
            province=name,
            below=int(row["criteria_below_max"]),
            total=int(row["criteria_total"]),
            zero=int(row["criteria_zero"]),
        )
        before, _, after = plain_markdown(counts).partition("\x00")
        items.append(Markdown(before + source + after))
        names = row[f"zero_criteria_{lang}"]
        if isinstance(names, str) and names.strip():
            items.append(numbered([part.strip() for part in names.split(" | ")]))
    items += [paragraph(t("criteria_points_unknown", lang, year=year)), _howto(lang, document)]
    return items


def _howto(lang: str, document: str) -> Markdown:
    """The link to the README's how-to (the print stylesheet hides links to the README: a printed page carries no
    instructions)."""
    return Markdown(source_link(t("howto_scorecard", lang), README_SCORECARDS[document]))


def field_tables(fields: pd.DataFrame, name: str, lang: str) -> list[object]:
    """Points lost by field from an imported annex (no criteria yet): the sentence naming the field that lost most
    and the table of every field with the province's position among the provinces scored on it."""
    worst = fields.iloc[0]
    label = fields[f"indicator_name_{lang}"].fillna(fields["indicator_name_vi"]).fillna(fields["indicator_code"])
    sentence = t(
        "fields_summary",
        lang,
        province=name,
        lost=float(fields["lost"].sum()),
        field=label.iloc[0],
        field_lost=float(worst["lost"]),
        maximum=float(worst["max_score"]),
    )
    table = pd.DataFrame(
        {
            t("scorecard_field", lang): label.to_numpy(),
            t("scorecard_max", lang): fields["max_score"].to_numpy(),
            t("scorecard_points", lang): fields["score"].to_numpy(),
            t("scorecard_lost", lang): fields["lost"].to_numpy(),
            t("fields_position", lang): [
                f"{int(r)}/{int(n)}" for r, n in zip(fields["rank"], fields["n_scored"], strict=True)
            ],
        }
    )
    return [paragraph(sentence), styled(table, lang, t("scorecard_fields", lang))]


def scorecard_tables(card: pd.DataFrame, data: BriefingData, code: str, name: str, lang: str) -> list[object]:
    """Points lost by field, by criterion (the largest losses) and, where the province assigned them, by lead
    agency; with the sentence that sums them up."""
    fields = card.groupby("field", sort=False)[["max_points", "points", "lost"]].sum().reset_index()
    fields = fields.sort_values("lost", ascending=False)
    lost = card[card["lost"] > 0].sort_values("lost", ascending=False)
    sentence = t(
        "scorecard_summary",
        lang,
        province=name,
        points=float(card["points"].sum()),
        short=len(lost),
        n=len(card),
        zero=int((card["points"] == 0).sum()),
        lost=float(card["lost"].sum()),
        field=fields.iloc[0]["field"],
        field_lost=float(fields.iloc[0]["lost"]),
    )
    columns = {
        "max_points": t("scorecard_max", lang),
        "points": t("scorecard_points", lang),
        "lost": t("scorecard_lost", lang),
    }
    by_field = fields.rename(columns={"field": t("scorecard_field", lang), **columns})
    top = lost.head(8)
    by_criterion = top[list(columns)].rename(columns=columns)
    by_criterion.insert(0, t("scorecard_criterion", lang), top["criterion"].to_numpy())
    items: list[object] = [
        paragraph(sentence),
        styled(by_field, lang, t("scorecard_fields", lang)),
        styled(by_criterion, lang, t("scorecard_criteria", lang)),
    ]
    others = totals(data.panel, "par_index", data.year)["score"].drop(index=code, errors="ignore").dropna()
    total = float(card["points"].sum())
    for k in range(1, min(3, len(lost)) + 1):
        gain = float(lost["lost"].iloc[:k].sum())
        recovery = t(
            "scorecard_recovery",
            lang,
            criteria="; ".join(lost["criterion"].iloc[:k]),
            gain=gain,
            total=total + gain,
            year=data.year,
            above=int((others < total + gain).sum()),
            others=len(others),
            above_now=int((others < total).sum()),
        )
        items.append(paragraph(recovery))
    agencies = card["lead_agency"].astype("string").fillna("").str.strip() if "lead_agency" in card else None
    if agencies is not None and agencies.ne("").any():
        agency = agencies.replace("", t("agency_unassigned", lang))
        by_agency = card.assign(agency=agency).groupby("agency")["lost"].sum().sort_values(ascending=False)
        table = pd.DataFrame(
            {t("scorecard_agency", lang): by_agency.index, t("scorecard_lost", lang): by_agency.to_numpy()}
        )
        items.append(styled(table, lang, t("scorecard_agencies", lang)))
    return items


def priorities_section(data: BriefingData, code: str, name: str, lang: str) -> list[object]:
    """The PAPI areas where the province is furthest below the other provinces, each tested against chance
    (analysis.models.priorities), in words; and the sentence that says whether any stands out."""
    year = data.year
    listed = data.priorities(code)
    items: list[object] = [heading(t("papi_low_title", lang, province=name), f"priorities-{code}", 3)]
    if listed.empty:
        return [*items, paragraph(t("priorities_empty", lang, province=name, year=year))]
    survey = listed["test"] == "survey error"
    stands = [
        t(("yes_survey" if is_survey else "yes") if out else ("no_survey" if is_survey else "no"), lang)
        for out, is_survey in zip(listed["stands_out"], survey, strict=True)
    ]
    table = pd.DataFrame(
        {
            t("papi_area", lang): listed[f"name_{lang}"].fillna(listed["name_vi"]).to_numpy(),
            name: listed["score"].to_numpy(),
            t("median", lang): listed["national_median"].to_numpy(),
            # an indicator may be worse when higher (disputes taken outside the courts): the position says which
            t("papi_better", lang): [t("yes" if better else "no", lang) for better in listed["higher_is_better"]],
            t("papi_position", lang): [
                f"{int(r)}/{int(n)}" for r, n in zip(listed["rank_among"], listed["n_provinces"], strict=True)
            ],
            t("papi_stands_out", lang): stands,
        }
    )
    items.append(styled(table, lang, ""))
    areas = int(listed["n_areas"].iloc[0])  # the areas the year's lists were chosen from
    standing = listed[listed["stands_out"]]
    if standing.empty:
        items.append(paragraph(t("priorities_none", lang, areas=areas, year=year, province=name)))
    else:
        names = "; ".join(standing[f"name_{lang}"].fillna(standing["name_vi"]))
        items.append(paragraph(t("priorities_some", lang, areas=areas, names=names)))
    return items


def links_section(data: BriefingData, lang: str) -> list[object]:
    """Whether the indices move together: the plan's pooled questions, one plain sentence each."""
    rows = data.pooled_findings()
    if rows.empty:
        return []
    plan = load_plan()
    sentences = [link_sentence(row, data.panel, lang, plan) for _, row in rows.iterrows()]
    return [heading(t("links_plain_title", lang), "links", 3), bullets(sentences)]


def unknowns_section(data: BriefingData, code: str, name: str, glance: pd.DataFrame, lang: str) -> list[object]:
    """What the data cannot tell yet about the province this year, and which table would."""
    year, lines = data.year, []
    scores = glance.set_index("index")["score"]
    lines += [
        t("unknown_value", lang, index=INDEX_LABEL[index], year=year, province=name)
        for index in ("par_index", "sipas")
        if pd.isna(scores[index]) and data.index_published(index)
    ]
    if data.scorecard(code) is None and data.par_fields(code).empty and pd.notna(scores["par_index"]):
        lines.append(t("unknown_par_fields", lang, year=year, province=name))
    if pd.notna(scores["sipas"]) and not data.has_components(code, "sipas"):
        lines.append(t("unknown_sipas_parts", lang, year=year, province=name))
    if pd.notna(scores["papi"]) and not papi_range_sentence(data, code, name, lang):
        lines.append(t("unknown_papi_errors", lang, year=year))
    return [heading(t("unknown_title", lang), f"unknown-{code}", 3), bullets(lines)] if lines else []


def leader_pages(
    data: BriefingData, code: str, lang: str, with_links: bool = True, document: str = "briefing"
) -> list[object]:
    """What the notebook displays first for a focus province, in order (see the module docstring); `with_links`
    adds whether the indices move together (a profile leaves it out: it is the same for every province)."""
    year = data.year
    name = data.crosswalk.name_vi(code, year)
    glance = data.glance(code)
    top = headline(glance)
    items: list[object] = [heading(t("leader_title", lang, province=name, year=year), f"summary-{code}")]
    if config.scheme_of(year) == 63 and year >= config.MERGER_YEAR - 1 and (new := data.crosswalk.successor(code)):
        items.append(paragraph(t("merged_into", lang, province=name, new=new)))
    if config.scheme_of(year) != config.scheme_of(year - 1):
        items.append(note(t("not_comparable_merger", lang, year=year, previous=year - 1)))
    items.append(Markdown(f"**{plain_markdown(headline_text(top, name, year, lang))}**"))
    items.append(styled(glance_table(glance, year, lang), lang, ""))
    lines = glance_notes(glance, None if top is None else str(top["index"]), year, lang)
    if precision := papi_range_sentence(data, code, name, lang):
        lines.append(precision)
    papi = glance[glance["index"] == "papi"].iloc[0].to_dict()
    if pd.notna(papi["rank"]):
        lines.append(t("papi_rank_computed", lang, n=int(papi["n_ranked"])))
    if lines:
        items.append(bullets(lines))
    items += points_lost(data, code, name, lang, document)
    items += priorities_section(data, code, name, lang)
    if with_links:
        items += links_section(data, lang)
    items += unknowns_section(data, code, name, glance, lang)
    if config.scheme_of(year) == 34:
        items += constituents_section(data, code, lang)
    else:
        title = t("trend_title", lang, province=name)
        items.append(chart(plots.trend_chart(data.trend(code), name, title, t("source_plain", lang), lang), title))
    region = data.crosswalk.scheme_table(year).at[code, "region_vi" if lang == "vi" else "region_en"]
    peers = data.peers(code)
    peers = peers[[c for c in ("papi", "par_index", "sipas") if c in peers]]
    table = peers.rename(columns=INDEX_LABEL).reset_index().rename(columns={"province_name": t("province", lang)})
    items.append(styled(table, lang, t("peers_plain_title", lang, region=region, year=year), highlight=name))
    return items


def constituents_section(data: BriefingData, code: str, lang: str) -> list[object]:
    """A province of 2025 beside the provinces it was formed from, each its own line (no composite made up)."""
    name = data.crosswalk.name_vi(code, data.year)
    parts = ", ".join(data.crosswalk.name_vi(c) for c in data.crosswalk.constituents(code))
    title = t("constituents_title", lang, province=name, parts=parts)
    source = t("source_all", lang) + " " + t("merger_note", lang)
    return [chart(plots.constituents_chart(data.constituents_history(code), name, title, source, lang), title)]
