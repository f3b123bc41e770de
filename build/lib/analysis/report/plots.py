"""Every chart of the project, for the model stage, the notebooks and the briefings alike.

Each function returns a `matplotlib.figure.Figure` built without pyplot, so nothing global changes: no backend is
chosen here (Jupyter shows the figure inline, a script or the batch saves it) and the house style is applied inside
each function through `matplotlib.rc_context`. Every chart has a title, labelled axes with units and a source line,
all in the language it is given.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ParamSpec, TypeVar

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from adjustText import adjust_text
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter
from matplotlib.typing import RcKeyType
from scipy import stats
from shapely.plotting import patch_from_polygon

from analysis.core.text import INDEX_LABEL, number, t, t_list

STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
}
FOCUS_COLOUR, OTHER_COLOUR = "#c0392b", "#5d6d7e"
QUARTILE_COLOURS = ["#1a5276", "#5dade2", "#f5b041", "#c0392b", "#d5d8dc"]
INDEX_COLOURS = {"par_index": "#2e86c1", "sipas": "#d68910"}
LABEL_WIDTH = 42  # characters of an axis label before it is shortened
ADJUST_STEPS = 300  # adjustText iterations placing the names of a scatter panel

P = ParamSpec("P")
R = TypeVar("R")


def styled(function: Callable[P, R]) -> Callable[P, R]:
    """Build the figure under the house style without touching the global rcParams."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(STYLE):
            return function(*args, **kwargs)

    return wrapper


def add_source(fig: Figure, text: str) -> None:
    fig.text(0.01, 0.005, text, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)


def describe(fig: Figure, ax: Axes, title: str, xlabel: str, ylabel: str, source: str, **margins: float) -> None:
    """What every chart carries: a title, both axis labels (with units) and a source line below."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.subplots_adjust(**margins)
    add_source(fig, source)


def localise_ticks(axis: Any, lang: str, spec: str) -> None:
    """Tick labels in the language's number format (Vietnamese 37,5; English 37.5)."""
    axis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang, spec)))


def shorten(text: str, width: int = LABEL_WIDTH) -> str:
    """Cut a long label at a word boundary with an ellipsis, never mid-word."""
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0] + "…"


@styled
def correlation_heatmap(
    corr: pd.DataFrame,
    labels: dict[str, str],
    title: str,
    source: str,
    lang: str,
    method: str = "spearman",
    scope: str = "pooled",
) -> Figure:
    data = corr[(corr["method"] == method) & (corr["scope"] == scope)]
    variables = list(dict.fromkeys([*data["x"], *data["y"]]))
    matrix = pd.DataFrame(np.nan, index=variables, columns=variables)
    for x, y, r in zip(data["x"], data["y"], data["r"], strict=True):
        matrix.loc[x, y] = matrix.loc[y, x] = r
    for variable in variables:
        matrix.loc[variable, variable] = 1.0
    names = [shorten(labels.get(v, v), 30) for v in variables]
    size = max(4.2, 0.36 * len(variables) + 1.6)
    fig = Figure(figsize=(size + 1.3, size))
    ax = fig.subplots()
    annot = matrix.map(lambda r: "" if pd.isna(r) else f"{r:.2f}")
    sns.heatmap(
        matrix,
        vmin=-1,
        vmax=1,
        cmap="RdBu_r",
        annot=annot,
        fmt="",
        annot_kws={"fontsize": 7},
        xticklabels=names,
        yticklabels=names,
        cbar_kws={"label": t("correlation_bar", lang, method=method.title())},
        linewidths=0.5,
        linecolor="white",
        ax=ax,
    )
    describe(fig, ax, title, t("indicator", lang), t("indicator", lang), source, bottom=0.36, left=0.3)
    return fig


@styled
def scatter_with_focus(
    frame: pd.DataFrame,
    panels: Sequence[tuple[str, str]],
    y: str,
    title: str,
    source: str,
    lang: str,
    ylabel: str,
    focus_codes: Iterable[str] = (),
    named: int = 8,
) -> Figure:
    """One panel per (x column, x label), sharing the y axis: every province a point, named when it is a focus
    province or one of the `named` furthest from the least-squares line (the cases a reader asks about; naming all
    forty would bury them), names pushed apart so none overlaps another."""
    focus_codes = set(focus_codes)
    fig = Figure(figsize=(7.5, 3.8))
    axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=True))
    for ax, (x, xlabel) in zip(axes, panels, strict=True):
        data = frame[["province_code", "province_name", x, y]].dropna()
        focus = data["province_code"].isin(focus_codes)
        ax.scatter(
            data.loc[~focus, x],
            data.loc[~focus, y],
            s=22,
            color=OTHER_COLOUR,
            alpha=0.75,
            label=t("legend_province", lang),
        )
        ax.scatter(
            data.loc[focus, x], data.loc[focus, y], s=60, color=FOCUS_COLOUR, zorder=3, label=t("legend_focus", lang)
        )
        distance = pd.Series(0.0, index=data.index)
        if len(data) >= 3:
            slope, intercept = np.polyfit(data[x], data[y], 1)
            xs = np.linspace(data[x].min(), data[x].max(), 20)
            ax.plot(xs, intercept + slope * xs, color="#999999", lw=1, ls="--", label=t("legend_fit", lang))
            distance = (data[y] - (intercept + slope * data[x])).abs()
        shown = focus | data.index.isin(distance.nlargest(named).index)
        labels = [
            ax.text(
                getattr(row, x),
                getattr(row, y),
                row.province_name,
                fontsize=7.5 if is_focus else 6,
                color=FOCUS_COLOUR if is_focus else "#333333",
                weight="bold" if is_focus else "normal",
            )
            for row, is_focus in zip(data[shown].itertuples(), focus[shown], strict=True)
        ]
        ax.set_title(f"n = {len(data)}", fontsize=8, fontweight="normal")
        ax.set_xlabel(xlabel)
        ax.grid(alpha=0.3)
        localise_ticks(ax.xaxis, lang, ".0f")
        localise_ticks(ax.yaxis, lang, ".0f")
        # names pushed apart from each other and from the points, a thin line back to their point when moved; a
        # fixed number of steps (adjustText's default is one second of them): the same chart on every machine
        adjust_text(
            labels,
            x=data[x].to_numpy(),
            y=data[y].to_numpy(),
            ax=ax,
            iter_lim=ADJUST_STEPS,
            expand=(1.1, 1.4),
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5},
        )
    axes[0].set_ylabel(ylabel)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, fontsize=7, ncol=3, loc="upper center", bbox_to_anchor=(0.5, 0.93), frameon=False)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    fig.subplots_adjust(top=0.8, bottom=0.17, wspace=0.08)
    add_source(fig, f"{t('scatter_named', lang, named=named)} {source}")
    return fig


@styled
def rank_coverage_chart(ranks: pd.DataFrame, n_provinces: int, title: str, source: str, lang: str) -> Figure:
    """Histogram of the reported ranks (`ranks` has columns index, rank) against an even spread over 1..n."""
    fig = Figure(figsize=(7.2, 2.8))
    ax = fig.subplots()
    bins = list(np.arange(0.5, n_provinces + 1.5, 3))
    for index, colour in INDEX_COLOURS.items():
        values = ranks.loc[ranks["index"] == index, "rank"]
        ax.hist(values, bins=bins, alpha=0.6, color=colour, label=f"{INDEX_LABEL[index]} (n = {len(values)})")
    expected = len(ranks) / (len(bins) - 1) / len(INDEX_COLOURS)
    ax.axhline(expected, color="#555555", ls=":", lw=1, label=t("legend_even", lang, n=n_provinces))
    ax.set_xlim(0.5, n_provinces + 0.5)
    ax.legend(fontsize=7)
    describe(fig, ax, title, t("ranks_x", lang, n=n_provinces), t("ranks_y", lang), source, bottom=0.28)
    return fig


@styled
def dimension_distribution(dims: pd.DataFrame, title: str, source: str, lang: str) -> Figure:
    """Box plot of the PAPI dimension scores (`dims`: indicator_code, score), one box per dimension code; narrow, to
    stand beside the map (the codes' names are in the dashboard's key)."""
    fig = Figure(figsize=(3.9, 5.6))
    ax = fig.subplots()
    order = sorted(dims["indicator_code"].unique())
    sns.boxplot(data=dims, x="indicator_code", y="score", order=order, color="#aed6f1", ax=ax, fliersize=2)
    localise_ticks(ax.yaxis, lang, ".0f")
    ax.grid(axis="y", alpha=0.3)
    describe(
        fig, ax, title, t("dimension", lang), t("dist_y", lang), source, left=0.16, right=0.97, bottom=0.16, top=0.88
    )
    ax.set_title(title, fontsize=9, wrap=True)
    return fig


def quartile_groups(scores: pd.Series, lang: str) -> pd.Series:
    """Each province's PAPI quartile group (the four groups of the PAPI report, plus 'no data')."""
    names = t_list("groups", lang)
    group = pd.Series(names[4], index=scores.index, dtype=object)
    known = scores.notna()
    if known.any():
        cut = np.nanpercentile(scores[known], [25, 50, 75])
        group[known] = np.select(
            [scores[known] >= cut[2], scores[known] >= cut[1], scores[known] >= cut[0]], names[:3], default=names[3]
        )
    return group


@styled
def quartile_dashboard(scores: pd.DataFrame, focus: str, title: str, source: str, lang: str) -> Figure:
    """The PAPI report's dashboard: provinces (rows, in the given order) by areas (columns), each cell coloured by
    the province's quartile group on that column and showing its score; two halves side by side to fit a page."""
    names = t_list("groups", lang)
    groups = scores.apply(lambda column: quartile_groups(column, lang)).map(names.index)
    half = -(-len(scores) // 2)
    fig = Figure(figsize=(7.6, 0.155 * half + 1.25))
    colours = ListedColormap(QUARTILE_COLOURS)
    for ax, rows in zip(fig.subplots(1, 2), (slice(0, half), slice(half, None)), strict=True):
        part, codes = scores.iloc[rows], groups.iloc[rows].to_numpy()
        ax.imshow(codes, cmap=colours, vmin=-0.5, vmax=len(names) - 0.5, aspect="auto")
        for (row, column), value in np.ndenumerate(part.to_numpy()):
            ax.text(
                column,
                row,
                "" if np.isnan(value) else number(value, lang, ".1f"),
                ha="center",
                va="center",
                fontsize=5.6,
                color="white" if codes[row, column] in (0, 3) else "#1c2833",
            )
        ax.set_xticks(range(part.shape[1]), part.columns, fontsize=6.5)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(part)), part.index, fontsize=6.2)
        for tick in ax.get_yticklabels():
            if tick.get_text() == focus:
                tick.set_color(FOCUS_COLOUR)
                tick.set_fontweight("bold")
        ax.tick_params(length=0)
        ax.set_frame_on(False)
    handles = [Rectangle((0, 0), 1, 1, color=colour) for colour in QUARTILE_COLOURS]
    fig.legend(
        handles, names, fontsize=6.5, ncol=len(names), loc="lower center", bbox_to_anchor=(0.5, 0.035), frameon=False
    )
    fig.suptitle(title, fontsize=10, fontweight="bold")
    fig.subplots_adjust(
        left=0.16, right=0.99, top=1 - 0.62 / fig.get_figheight(), bottom=0.6 / fig.get_figheight(), wspace=0.55
    )
    add_source(fig, source)
    return fig


@styled
def trend_chart(trend: pd.DataFrame, province: str, title: str, source: str, lang: str) -> Figure:
    """One panel per index: the province's score by year against the national and regional medians, with every
    change of methodology marked by a dashed line (the series before and after are not comparable)."""
    fig, axes, indices, years = _index_panels(trend)
    for ax, index in zip(axes, indices, strict=False):
        rows = trend[trend["index"] == index].set_index("year").reindex(years)
        ax.plot(
            years,
            rows["national_median"],
            color="#7f8c8d",
            linestyle="--",
            linewidth=1,
            label=t("trend_national", lang),
        )
        ax.plot(
            years,
            rows["regional_median"],
            color="#1a5276",
            linestyle=":",
            linewidth=1.2,
            label=t("trend_regional", lang),
        )
        ax.plot(years, rows["score"], color=FOCUS_COLOUR, marker="o", markersize=3.5, linewidth=1.6, label=province)
        if index != "papi":  # reported ranks are few: label each one
            for year, row in rows.dropna(subset=["score", "rank"]).iterrows():
                ax.annotate(
                    f"{int(row['rank'])}/{int(row['n_ranked'])}",
                    (year, row["score"]),
                    fontsize=7,
                    xytext=(4, -3),
                    textcoords="offset points",
                    color=FOCUS_COLOUR,
                )
        methods = rows["methodology"].ffill()
        for year, before, after in zip(years[1:], methods.iloc[:-1], methods.iloc[1:], strict=True):
            if pd.notna(before) and pd.notna(after) and before != after:
                ax.axvline(year - 0.5, color="#555555", linestyle=(0, (2, 2)), linewidth=0.8)
    axes[0].legend(fontsize=7, ncol=3, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
    _label_index_panels(fig, axes, indices, years, title, lang)
    add_source(fig, source + " " + t("trend_break_note", lang))
    return fig


@styled
def constituents_chart(history: pd.DataFrame, new_name: str, title: str, source: str, lang: str) -> Figure:
    """One panel per index: a line for each old province (up to 2024) and the new province's own results (from
    2025) as large points, the merger marked by a solid line. `history`: index, year, province_name, score."""
    fig, axes, indices, years = _index_panels(history)
    merger = min((y for y in years if y >= 2025), default=None)
    old_names = list(dict.fromkeys(history.loc[history["year"] < 2025, "province_name"]))
    for ax, index in zip(axes, indices, strict=False):
        rows = history[history["index"] == index]
        for colour, name in zip(sns.color_palette("colorblind", len(old_names)), old_names, strict=True):
            own = rows[(rows["province_name"] == name) & (rows["year"] < 2025)].sort_values("year")
            ax.plot(own["year"], own["score"], marker="o", markersize=3, linewidth=1.2, color=colour, label=name)
        new = rows[rows["year"] >= 2025]
        ax.scatter(new["year"], new["score"], s=60, color=FOCUS_COLOUR, zorder=3, label=f"{new_name} (2025–)")
        if merger is not None:
            ax.axvline(merger - 0.5, color="#333333", linewidth=1)
    handles = {label: handle for ax in axes for handle, label in zip(*ax.get_legend_handles_labels(), strict=True)}
    axes[0].legend(
        handles.values(), handles.keys(), fontsize=7, ncol=4, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False
    )
    _label_index_panels(fig, axes, indices, years, title, lang)
    add_source(fig, source)
    return fig


def _index_panels(frame: pd.DataFrame) -> tuple[Figure, np.ndarray, list[str], list[int]]:
    """A figure with one panel per index that has a score in `frame` (index, year, score), stacked over shared
    years: (figure, axes, indices, years)."""
    indices = [i for i in ("papi", "par_index", "sipas") if frame.loc[frame["index"] == i, "score"].notna().any()]
    fig = Figure(figsize=(7.5, 1.9 * max(len(indices), 1) + 0.9))
    axes = np.atleast_1d(fig.subplots(max(len(indices), 1), 1, sharex=True))
    return fig, axes, indices, sorted(frame["year"].unique())


def _label_index_panels(
    fig: Figure, axes: np.ndarray, indices: list[str], years: list[int], title: str, lang: str
) -> None:
    """Each panel's index and unit, every year on the bottom axis, the title, and room above for a legend."""
    for ax, index in zip(axes, indices, strict=False):
        ax.set_ylabel(f"{INDEX_LABEL[index]}\n{t('score_axis', lang)}")
        localise_ticks(ax.yaxis, lang, ".0f")
    axes[-1].set_xticks(years, [str(y) for y in years], rotation=45)
    axes[-1].set_xlabel(t("year_axis", lang))
    fig.suptitle(title, fontsize=11, fontweight="bold")
    fig.subplots_adjust(
        left=0.11, right=0.98, top=1 - 0.8 / fig.get_figheight(), bottom=1.0 / fig.get_figheight(), hspace=0.3
    )


@styled
def rank_range_chart(
    ranges: pd.DataFrame, names: dict[str, str], focus_code: str, title: str, source: str, lang: str
) -> Figure:
    """Provinces sorted by PAPI score: the score with its 95% interval (left) and the plausible rank range with the
    rank by score (right); the focus province in red. `ranges` is one year of papi_rank_ranges."""
    table = ranges.sort_values("score", ascending=False).reset_index(drop=True)
    fig = Figure(figsize=(7.5, 0.16 * len(table) + 1.6))
    left, right = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.1, 1]})
    ys = np.arange(len(table))
    colours = [FOCUS_COLOUR if code == focus_code else OTHER_COLOUR for code in table["province_code"]]
    margin = 1.959964 * table["std_error"]
    left.errorbar(table["score"], ys, xerr=margin, fmt="none", ecolor=colours, elinewidth=1.2)
    left.scatter(table["score"], ys, c=colours, s=12, zorder=3, label=t("legend_score", lang))
    right.hlines(
        ys,
        table["rank_low"],
        table["rank_high"],
        colors=colours,
        linewidth=2.2,
        alpha=0.6,
        label=t("legend_range", lang),
    )
    right.scatter(table["rank"], ys, c=colours, s=12, zorder=3, marker="D", label=t("legend_rank", lang))
    left.set_yticks(ys, [names.get(code, code) for code in table["province_code"]], fontsize=6.5)
    for tick, code in zip(left.get_yticklabels(), table["province_code"], strict=True):
        if code == focus_code:
            tick.set_color(FOCUS_COLOUR)
            tick.set_fontweight("bold")
    left.invert_yaxis()
    right.set_xlim(0.5, table["n_ranked"].max() + 0.5)
    right.invert_xaxis()
    right.set_xlabel(t("rank_range_x", lang))
    right.legend(fontsize=7, loc="upper left")  # the top provinces' ranges sit at the right: the corner is empty
    localise_ticks(left.xaxis, lang, ".1f")
    localise_ticks(right.xaxis, lang, ".0f")
    describe(
        fig,
        left,
        "",
        t("score_ci_x", lang),
        "",
        source,
        left=0.2,
        right=0.98,
        top=0.94,
        bottom=0.9 / (0.16 * len(table) + 1.6),
        wspace=0.08,
    )
    fig.suptitle(title, fontsize=11, fontweight="bold")
    return fig


def province_gid(code: str) -> str:
    """The SVG id of a province's shape on the map (its tooltip is attached to it)."""
    return f"province-{code}"


@styled
def quartile_map(
    shapes: Any, scores: pd.Series, focus_codes: Sequence[str], title: str, source: str, lang: str
) -> Figure:
    """Choropleth of PAPI quartile groups; `shapes` is a GeoDataFrame with `gso_code` (the data step's boundaries,
    already simplified: analysis.data.boundaries), `scores` is by GSO code."""
    group = quartile_groups(shapes["gso_code"].map(scores), lang)
    names = t_list("groups", lang)
    colours = dict(zip(names, QUARTILE_COLOURS, strict=True))
    fig = Figure(figsize=(3.4, 6.3))
    ax = fig.subplots()
    # one patch per province, for its tooltip (a GeoDataFrame.plot call per province costs ten times as much);
    # add_artist, as the limits are fixed below and need no patch's extent
    for code, geometry, fill in zip(shapes["gso_code"], shapes.geometry, group.map(colours), strict=True):
        ax.add_artist(
            patch_from_polygon(geometry, facecolor=fill, edgecolor="white", linewidth=0.4, gid=province_gid(code))
        )
    for geometry in shapes.geometry[shapes["gso_code"].isin(focus_codes)]:
        ax.add_artist(patch_from_polygon(geometry, facecolor="none", edgecolor="black", linewidth=1.4))
    ax.set_xlim(102, 110)
    ax.set_ylim(8.3, 23.5)
    ax.set_aspect(1 / np.cos(np.deg2rad(np.mean(ax.get_ylim()))))  # degrees of longitude shrink with latitude
    ax.set_axis_off()  # a map's degree ticks tell a reader nothing: the room goes to the provinces and the legend
    counts = group.value_counts()
    handles = [Rectangle((0, 0), 1, 1, color=colours[n]) for n in names]
    # below the map: inside the frame it would hide provinces, beside it would shrink the map
    ax.legend(
        handles,
        [f"{n} ({counts.get(n, 0)})" for n in names],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        fontsize=8.5,
        frameon=False,
    )
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.28, top=0.92)
    ax.set_title(title, fontsize=9.5, wrap=True)
    add_source(fig, source)
    return fig


@styled
def residual_figure(name: str, description: str, residuals: np.ndarray, fitted: np.ndarray, lang: str = "en") -> Figure:
    fig = Figure(figsize=(8, 3.4))
    left, right = fig.subplots(1, 2)
    left.scatter(fitted, residuals, s=12, color=OTHER_COLOUR)
    left.axhline(0, color="#999999", lw=1)
    left.set_xlabel(t("resid_x", lang))
    left.set_ylabel(t("resid_y", lang))
    left.set_title(t("resid_title", lang))
    stats.probplot(residuals, dist="norm", plot=right)
    right.set_title(t("qq_title", lang))
    right.set_xlabel(t("qq_x", lang))
    right.set_ylabel(t("qq_y", lang))
    fig.suptitle(name, fontsize=8)
    fig.subplots_adjust(bottom=0.2, top=0.82, wspace=0.3)
    add_source(fig, t("resid_source", lang, spec=description, n=len(residuals)))
    return fig
