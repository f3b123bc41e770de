"""Every chart of the project, for the model stage, the notebooks and the briefings alike.

Each function returns a `matplotlib.figure.Figure` built without pyplot, so nothing global changes: no backend is
chosen here (Jupyter shows the figure inline, a script or the batch saves it) and the house style is applied inside
each function through `matplotlib.rc_context`. Every chart has a title, labelled axes with units and a source line,
all in the language it is given.

The briefing's charts are made at the size they print at in the A4 PDF (`printed_figure`: the text column or one
half of a `pair` cell, see briefing.css), so a word set at 7 pt prints at 7 pt: no text of a chart is smaller than
`MIN_TEXT_PT`. Margins are laid out in inches around the text they hold (the source line is measured once wrapped),
so a long title or source takes room from nothing else.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox
from matplotlib.typing import RcKeyType
from scipy import stats
from shapely import STRtree
from shapely.geometry import MultiPolygon, box
from shapely.plotting import patch_from_polygon

from analysis.core.text import INDEX_LABEL, number, t, t_list
from analysis.report.svg import measuring_renderer

# ---------------------------------------------------------------- print sizes
MM = 1 / 25.4  # inches
CROP_PAD = 0.1  # inches svg.chart leaves around a chart's ink (matplotlib's savefig.pad_inches)
PRINT_WIDTH = {"page": 182 * MM, "half": 87 * MM}  # A4 less 2 x 14 mm margins; one chart of a `pair` cell (48%)
PRINT_MAX_HEIGHT = 150 * MM  # briefing.css caps a printed chart's height at this: every chart here is shorter
MIN_TEXT_PT = 7.0  # the smallest text any chart prints
SOURCE_PT = 7.0  # source lines, notes on the chart, the dashboard's scores
NAME_PT = 7.0  # names of the provinces on a scatter
LEGEND_PT = 7.5

STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": LEGEND_PT,
    "legend.title_fontsize": LEGEND_PT,
    "figure.titlesize": 10.5,
    "figure.titleweight": "bold",
}
FOCUS_COLOUR, OTHER_COLOUR = "#c0392b", "#5d6d7e"
QUARTILE_COLOURS = ["#1a5276", "#5dade2", "#f5b041", "#c0392b", "#d5d8dc"]
INDEX_COLOURS = {"par_index": "#2e86c1", "sipas": "#d68910"}
LABEL_WIDTH = 42  # characters of an axis label before it is shortened
TICK_STEPS = [1, 2, 5, 10]  # tick spacings (times a power of ten): every tick a round number, printed exactly

P = ParamSpec("P")
R = TypeVar("R")


def styled(function: Callable[P, R]) -> Callable[P, R]:
    """Build the figure under the house style without touching the global rcParams."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(STYLE):
            return function(*args, **kwargs)

    return wrapper


def printed_figure(width: str) -> Figure:
    """A figure as wide as it prints in the A4 briefing, so its words print at their own size: `width` is 'page'
    (the text column, 182 mm) or 'half' (one chart of a `pair` cell, 87 mm), less the margin svg.chart adds around
    the ink. Its height is provisional: `arrange` sets it from the margins and the plotting area."""
    return Figure(figsize=(PRINT_WIDTH[width] - 2 * CROP_PAD, 4.0))


def _renderer(fig: Figure) -> Any:
    """What measures the figure's words and boxes (svg.measuring_renderer, shared by every figure of its dpi)."""
    return measuring_renderer(fig.dpi)


def _inside(frame: Bbox, box: Bbox) -> bool:
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def _legend_handles(axes: Iterable[Axes]) -> dict[str, Any]:
    """One legend entry per label over all the panels (the first handle drawn with it)."""
    handles: dict[str, Any] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    return handles


def _figure(ax: Axes) -> Figure:
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    return fig


def inches(fig: Figure, artist: Artist) -> Bbox:
    """Where an artist is drawn, in inches from the figure's lower left corner (wrapped text as wrapped)."""
    return artist.get_window_extent(_renderer(fig)).transformed(fig.dpi_scale_trans.inverted())


def add_source(fig: Figure, text: str) -> float:
    """The source line at the bottom left, wrapped to the figure's width; its height in inches (with a gap)."""
    artist = fig.text(
        0.02, 0.02, text, fontsize=SOURCE_PT, color="#555555", ha="left", va="bottom", transform=fig.dpi_scale_trans
    )
    wrap_to_width(fig, artist, fig.get_figwidth() - 0.04)
    return inches(fig, artist).height + 0.1


def wrap_to_width(fig: Figure, artist: Text, width: float) -> None:
    """Break the artist's text into lines no wider than `width` inches, once. (matplotlib's own `wrap=True` wraps
    again at every layout and draw, measuring each growing line anew: a third of the time a briefing's charts took.)
    Each word is measured once per font (`_word_width`), a space as what it adds between two letters."""
    prop, dpi = artist.get_fontproperties(), fig.dpi
    lines = []
    for paragraph in artist.get_text().split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            extra = _word_width(word, prop, dpi) + (_space_width(prop, dpi) if line else 0.0)
            if line and used + extra > width:
                lines.append(line)
                line, used = word, _word_width(word, prop, dpi)
            else:
                line, used = (f"{line} {word}" if line else word), used + extra
        lines.append(line)
    artist.set_text("\n".join(lines))


@functools.lru_cache(maxsize=8192)
def _word_width(word: str, prop: Any, dpi: float) -> float:
    """Inches a word takes in font `prop` drawn at `dpi` (as the figure measures it: glyphs are placed on whole
    pixels); cached for the process, so a warm kernel measures a source line's words once for every document."""
    width, _, _ = measuring_renderer(dpi).get_text_width_height_descent(word, prop, ismath=False)
    return float(width) / dpi


def _space_width(prop: Any, dpi: float) -> float:
    return _word_width("x x", prop, dpi) - _word_width("xx", prop, dpi)


def add_heading(fig: Figure, title: str, **style: Any) -> tuple[Text, float]:
    """The chart's title, centred at the top and wrapped to the figure's width; with its height in inches (and a
    gap). `place_heading` puts it at the top once the figure has its height."""
    heading = fig.suptitle(title, va="top", **style)
    wrap_to_width(fig, heading, fig.get_figwidth() - 0.1)
    return heading, inches(fig, heading).height + 0.12


def place_heading(fig: Figure, heading: Text) -> None:
    heading.set_y(1 - 0.04 / fig.get_figheight())


def arrange(fig: Figure, body: float, top: float, bottom: float, left: float, right: float, **spacing: float) -> None:
    """Make the figure `top + body + bottom` inches high and put the subplots inside those margins (inches)."""
    width, height = fig.get_figwidth(), top + body + bottom
    fig.set_size_inches(width, height)
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height, **spacing
    )


def number_text(value: float, lang: str, spec: str = ".2f") -> str:
    """A number in the language's format, never a negative zero: a value that rounds to zero prints as 0,00."""
    text = number(value, lang, spec)
    if text[:1] in "-−" and not any(digit in text for digit in "123456789"):
        return text[1:]
    return text


def _decimals(values: Iterable[float]) -> int:
    """The fewest decimals that write every value exactly (ticks of round steps need 0, 1 or 2)."""
    values = [float(v) for v in values if np.isfinite(v)]
    for digits in range(7):
        if all(abs(round(v, digits) - v) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return digits
    return 6


def localise_ticks(axis: Any, lang: str) -> None:
    """Tick labels in the language's number format (Vietnamese 37,5; English 37.5). Ticks fall on round steps (1, 2
    or 5 times a power of ten) and are written with as many decimals as they need: every label is its tick's exact
    value."""
    axis.set_major_locator(MaxNLocator(nbins="auto", steps=TICK_STEPS))

    def label(value: float, _: int) -> str:
        return number_text(value, lang, f".{_decimals(axis.get_majorticklocs())}f")

    axis.set_major_formatter(FuncFormatter(label))


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
    annot = matrix.map(lambda r: "" if pd.isna(r) else number_text(r, lang))
    sns.heatmap(
        matrix,
        vmin=-1,
        vmax=1,
        cmap="RdBu_r",
        annot=annot,
        fmt="",
        annot_kws={"fontsize": SOURCE_PT},
        xticklabels=names,
        yticklabels=names,
        cbar_kws={"label": t("correlation_bar", lang, method=method.title())},
        linewidths=0.5,
        linecolor="white",
        ax=ax,
    )
    if (bar := ax.collections[0].colorbar) is not None:
        localise_ticks(bar.ax.yaxis, lang)
    ax.set_title(title)
    ax.set_xlabel(t("indicator", lang))
    ax.set_ylabel(t("indicator", lang))
    fig.subplots_adjust(bottom=0.36, left=0.3)
    add_source(fig, source)
    return fig


# ---------------------------------------------------------------- scatter
POINT_AREA, FOCUS_AREA = 22, 60  # marker areas (pt²) of a province and of a focus province
NAME_GAPS_PT = (1.5, 4, 8, 13, 19, 26, 34, 44, 56, 70, 90)  # distances tried between a point and its name
NAME_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
LEADER_FROM_PT = 4  # a name further than this from its point's edge gets a thin line back to it


def _index_name(column: str, label: str) -> str:
    """What a panel shows, in a sentence: the index of a total column (PAR INDEX), else the axis label."""
    return INDEX_LABEL.get(column.removesuffix("_total"), label)


@dataclass
class _Name:
    text: str
    x: float
    y: float
    focus: bool


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
    *,
    min_n: int,
) -> Figure:
    """One panel per (x column, x label), sharing the y axis: every province a point. A panel with at least `min_n`
    points (the analysis plan's threshold) gets its least-squares line and names
    the `named` provinces furthest from it (the cases a reader asks about; naming all forty would bury them); a
    smaller one has no line and names every province. A focus province is named wherever it has a point, and the
    source line says, in words, where it has none, and how many provinces each panel names. Names sit beside their
    point, inside the panel, clear of every point and of each other."""
    focus_codes = set(focus_codes)
    fig = printed_figure("page")
    axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=True))
    names: list[list[_Name]] = []
    counts: dict[str, int] = {}
    unfitted: list[str] = []
    for ax, (x, xlabel) in zip(axes, panels, strict=True):
        data = frame[["province_code", "province_name", x, y]].dropna()
        focus = data["province_code"].isin(focus_codes)
        ax.scatter(
            data.loc[~focus, x],
            data.loc[~focus, y],
            s=POINT_AREA,
            color=OTHER_COLOUR,
            alpha=0.75,
            label=t("legend_province", lang),
        )
        if focus.any():  # no legend entry for a point that is not there
            ax.scatter(
                data.loc[focus, x],
                data.loc[focus, y],
                s=FOCUS_AREA,
                color=FOCUS_COLOUR,
                zorder=3,
                label=t("legend_focus", lang),
            )
        shown = list(data.index[focus])
        panel = _index_name(x, xlabel)
        if len(data) >= min_n:
            slope, intercept = np.polyfit(data[x], data[y], 1)
            xs = np.linspace(data[x].min(), data[x].max(), 20)
            ax.plot(xs, intercept + slope * xs, color="#999999", lw=1, ls="--", label=t("legend_fit", lang))
            distance = (data[y] - (intercept + slope * data[x])).abs()
            shown += list(distance[~focus].nlargest(named).index)
            counts[panel] = len(shown) - int(focus.sum())
        else:  # no line to be far from: a panel this small names every province
            shown += list(data.index[~focus])
            unfitted.append(panel)
        rows = data.loc[shown]
        names.append(
            [
                _Name(str(name), float(px), float(py), bool(is_focus))
                for name, px, py, is_focus in zip(rows["province_name"], rows[x], rows[y], focus[shown], strict=True)
            ]
        )
        ax.set_title(f"n = {len(data)}", fontsize=8, fontweight="normal")
        ax.set_xlabel(xlabel)
        ax.set_xlim(*_padded(data[x], 0.06))
        ax.grid(alpha=0.3)
        localise_ticks(ax.xaxis, lang)
    axes[0].set_ylim(*_padded(pd.concat([frame[[x, y]].dropna()[y] for x, _ in panels]), 0.08))
    localise_ticks(axes[0].yaxis, lang)
    axes[0].set_ylabel(ylabel)
    caption = _scatter_caption(frame, panels, y, ylabel, lang, focus_codes, counts, unfitted, min_n)
    bottom = add_source(fig, f"{caption} {source}".strip()) + 0.4
    heading, top = add_heading(fig, title)
    arrange(fig, body=2.45, top=top + 0.5, bottom=bottom, left=0.62, right=0.08, wspace=0.06)
    height = fig.get_figheight()
    handles = _legend_handles(axes)
    fig.legend(
        handles.values(),
        handles.keys(),
        ncol=3,
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - (top - 0.02) / height),
        frameon=False,
    )
    place_heading(fig, heading)
    for ax, panel_names in zip(axes, names, strict=True):
        place_names(ax, panel_names)
    return fig


def _padded(values: pd.Series, share: float) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    pad = (high - low) * share if high > low else 1.0
    return low - pad, high + pad


def _scatter_caption(
    frame: pd.DataFrame,
    panels: Sequence[tuple[str, str]],
    y: str,
    ylabel: str,
    lang: str,
    focus_codes: set[str],
    counts: dict[str, int],
    unfitted: list[str],
    min_n: int,
) -> str:
    """Which provinces are named (the number each panel with a line actually names), the panels without a line
    (they name every province), and, for a focus province without a point, which index it has no value on."""
    parts = []
    if any(counts.values()):
        if len(set(counts.values())) == 1 and not unfitted:
            parts.append(t("scatter_named", lang, named=next(iter(counts.values()))))
        else:
            each = "; ".join(f"{panel}: {count}" for panel, count in counts.items())
            parts.append(t("scatter_named_each", lang, counts=each))
    if unfitted:
        parts.append(t("scatter_no_fit", lang, min_n=min_n, panels=", ".join(unfitted)))
    years = list(frame["year"].dropna().unique()) if "year" in frame else []
    for code in sorted(focus_codes):
        row = frame[frame["province_code"] == code]
        name = str(row["province_name"].iloc[0]) if len(row) else code
        if row.empty or row[y].isna().all():
            missing = [_index_name(y, ylabel)]
        else:
            missing = [_index_name(x, label) for x, label in panels if row[x].isna().all()]
        if missing:
            index = t("scatter_or", lang).join(missing)
            if len(years) == 1:
                parts.append(t("scatter_focus_missing", lang, province=name, index=index, year=int(years[0])))
            else:
                parts.append(t("scatter_focus_missing_undated", lang, province=name, index=index))
    return " ".join(parts)


def place_names(ax: Axes, names: Sequence[_Name]) -> None:
    """Write each name beside its point (in order: the first gets the best place): at the nearest of a fixed set of
    places around the point that lies inside the panel and covers no point and no name placed before, with a thin
    line back to the point when it had to move away. Deterministic, so the same data gives the same chart. Call it
    once the panel's limits and the figure's layout are final."""
    fig = _figure(ax)
    renderer = _renderer(fig)
    per_pt = fig.dpi / 72
    to_display, to_data = ax.transData, ax.transData.inverted()
    frame = ax.get_window_extent(renderer).padded(-per_pt)
    radius = {size: (math.sqrt(size) / 2 + 0.5) * per_pt for size in (POINT_AREA, FOCUS_AREA)}
    taken: list[Bbox] = []
    for collection in ax.collections:  # every point of the panel is an obstacle
        if not isinstance(collection, PathCollection):
            continue
        sizes = collection.get_sizes()
        for i, point in enumerate(to_display.transform(collection.get_offsets())):
            r = (math.sqrt(sizes[i % len(sizes)]) / 2 + 0.5) * per_pt if len(sizes) else radius[POINT_AREA]
            taken.append(Bbox.from_extents(point[0] - r, point[1] - r, point[0] + r, point[1] + r))
    for name in names:
        px, py = to_display.transform((name.x, name.y))
        own = radius[FOCUS_AREA if name.focus else POINT_AREA]
        text = ax.text(
            name.x,
            name.y,
            name.text,
            fontsize=NAME_PT + 1 if name.focus else NAME_PT,
            color=FOCUS_COLOUR if name.focus else "#333333",
            weight="bold" if name.focus else "normal",
            ha="center",
            va="center",
            zorder=4,
        )
        extent = text.get_window_extent(renderer)
        shift = (px - extent.x0, py - extent.y0)  # from the box's corner to the text's anchor
        best: tuple[int, Bbox] | None = None
        for gap in NAME_GAPS_PT:
            for dx, dy in NAME_DIRECTIONS:
                cx = px + dx * (extent.width / 2 + own + gap * per_pt)
                cy = py + dy * (extent.height / 2 + own + gap * per_pt)
                place = Bbox.from_bounds(cx - extent.width / 2, cy - extent.height / 2, extent.width, extent.height)
                if not _inside(frame, place):
                    continue
                clashes = sum(place.overlaps(other) for other in taken)
                if best is None or clashes < best[0]:
                    best = (clashes, place)
                if clashes == 0:
                    break
            if best is not None and best[0] == 0:
                break
        if best is None:  # no place inside the panel at all: leave the name on its point
            continue
        place = best[1]
        x, y = to_data.transform((place.x0 + shift[0], place.y0 + shift[1]))
        text.set_position((float(x), float(y)))
        taken.append(place.padded(per_pt))
        end = (min(max(px, place.x0), place.x1), min(max(py, place.y0), place.y1))
        length = math.hypot(end[0] - px, end[1] - py)
        if length - own >= LEADER_FROM_PT * per_pt:
            start = (px + (end[0] - px) * own / length, py + (end[1] - py) * own / length)
            (x0, y0), (x1, y1) = to_data.transform([start, end])
            ax.plot([x0, x1], [y0, y1], color="#999999", lw=0.5, zorder=2)


@styled
def rank_coverage_chart(ranks: pd.DataFrame, n_provinces: int, title: str, source: str, lang: str) -> Figure:
    """Histogram of the reported ranks (`ranks` has columns index, rank) against an even spread over 1..n."""
    fig = printed_figure("page")
    ax = fig.subplots()
    bins = list(np.arange(0.5, n_provinces + 1.5, 3))
    for index, colour in INDEX_COLOURS.items():
        values = ranks.loc[ranks["index"] == index, "rank"]
        ax.hist(values, bins=bins, alpha=0.6, color=colour, label=f"{INDEX_LABEL[index]} (n = {len(values)})")
    expected = len(ranks) / (len(bins) - 1) / len(INDEX_COLOURS)
    ax.axhline(expected, color="#555555", ls=":", lw=1, label=t("legend_even", lang, n=n_provinces))
    ax.set_xlim(0.5, n_provinces + 0.5)
    localise_ticks(ax.xaxis, lang)
    localise_ticks(ax.yaxis, lang)
    ax.legend()
    ax.set_xlabel(t("ranks_x", lang, n=n_provinces))
    ax.set_ylabel(t("ranks_y", lang))
    heading, top = add_heading(fig, title)
    arrange(fig, body=1.9, top=top, bottom=add_source(fig, source) + 0.4, left=0.55, right=0.08)
    place_heading(fig, heading)
    return fig


@styled
def dimension_distribution(dims: pd.DataFrame, title: str, source: str, lang: str) -> Figure:
    """Box plot of the PAPI dimension scores (`dims`: indicator_code, score), one box per dimension code; half the
    page wide, to stand beside the map (the codes' names are in the dashboard's key)."""
    fig = printed_figure("half")
    ax = fig.subplots()
    order = sorted(dims["indicator_code"].unique())
    sns.boxplot(data=dims, x="indicator_code", y="score", order=order, color="#aed6f1", ax=ax, fliersize=2)
    localise_ticks(ax.yaxis, lang)
    ax.grid(axis="y", alpha=0.3)
    ax.set_xlabel(t("dimension", lang))
    ax.set_ylabel(t("dist_y", lang))
    heading, top = add_heading(fig, title, fontsize=9)
    arrange(fig, body=MAP_BODY - 0.25, top=top, bottom=add_source(fig, source) + 0.42, left=0.5, right=0.06)
    place_heading(fig, heading)
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


DASHBOARD_ROW = 0.13  # inches a province's row takes on the dashboard (its 7 pt scores fit)


@styled
def quartile_dashboard(scores: pd.DataFrame, focus: str, title: str, source: str, lang: str) -> Figure:
    """The PAPI report's dashboard: provinces (rows, in the given order) by areas (columns), each cell coloured by
    the province's quartile group on that column and showing its score; two halves side by side to fit a page."""
    names = t_list("groups", lang)
    groups = scores.apply(lambda column: quartile_groups(column, lang)).map(names.index)
    half = -(-len(scores) // 2)
    fig = printed_figure("page")
    colours = ListedColormap(QUARTILE_COLOURS)
    axes = fig.subplots(1, 2)
    for ax, rows in zip(axes, (slice(0, half), slice(half, None)), strict=True):
        part, codes = scores.iloc[rows], groups.iloc[rows].to_numpy()
        ax.imshow(codes, cmap=colours, vmin=-0.5, vmax=len(names) - 0.5, aspect="auto")
        for (row, column), value in np.ndenumerate(part.to_numpy()):
            ax.text(
                column,
                row,
                "" if np.isnan(value) else number_text(value, lang, ".1f"),
                ha="center",
                va="center",
                fontsize=SOURCE_PT,
                color="white" if codes[row, column] in (0, 3) else "#1c2833",
                in_layout=False,  # inside its cell: it never moves the chart's edges, so they are not measured for it
            )
        ax.set_xticks(range(part.shape[1]), part.columns)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(part)), part.index, fontsize=SOURCE_PT)
        ax.set_ylim(half - 0.5, -0.5)  # the same row height in both halves
        for tick in ax.get_yticklabels():
            if tick.get_text() == focus:
                tick.set_color(FOCUS_COLOUR)
                tick.set_fontweight("bold")
        ax.tick_params(length=0)
        ax.set_frame_on(False)
    handles = [Rectangle((0, 0), 1, 1, color=colour) for colour in QUARTILE_COLOURS]
    legend = fig.legend(handles, names, ncol=len(names), loc="lower center", frameon=False, handlelength=1.2)
    if inches(fig, legend).width > fig.get_figwidth() - 0.1:
        legend.remove()
        legend = fig.legend(handles, names, ncol=3, loc="lower center", frameon=False, handlelength=1.2)
    names_width = max(inches(fig, tick).width for ax in axes for tick in ax.get_yticklabels())
    legend_height = inches(fig, legend).height
    source_height = add_source(fig, source)
    width = fig.get_figwidth()
    left, gap, right = names_width + 0.08, names_width + 0.25, 0.05
    heading, top = add_heading(fig, title)
    arrange(
        fig,
        body=DASHBOARD_ROW * half,
        top=top + 0.22,
        bottom=source_height + legend_height + 0.02,
        left=left,
        right=right,
        wspace=gap / ((width - left - gap - right) / 2),
    )
    height = fig.get_figheight()
    legend.set_bbox_to_anchor((0.5, (source_height - 0.08) / height), transform=fig.transFigure)
    place_heading(fig, heading)
    return fig


def methodology_breaks(methods: pd.Series) -> list[int]:
    """The years (the index of `methods`, one methodology per year) whose methodology differs from the previous
    year's that has one: where the trend chart draws a dashed line, just before the year. As in
    analysis.data.methodology.breaks_within, a year without a known methodology is no break by itself."""
    known = methods.dropna()
    years, values = known.index.astype(int).tolist(), known.tolist()
    return [year for year, before, after in zip(years[1:], values, values[1:], strict=False) if before != after]


@styled
def trend_chart(trend: pd.DataFrame, province: str, title: str, source: str, lang: str) -> Figure:
    """One panel per index: the province's score by year against the national and regional medians, with every
    change of methodology in the `methodology` column (reference/methodology/versions.csv, through the panel)
    marked by a dashed line just before the first year of the new one (the series before and after are not
    comparable)."""
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
                    fontsize=SOURCE_PT,
                    xytext=(4, -3),
                    textcoords="offset points",
                    color=FOCUS_COLOUR,
                )
        for year in methodology_breaks(rows["methodology"]):
            ax.axvline(
                year - 0.5, color="#555555", linestyle=(0, (2, 2)), linewidth=0.8, gid=f"methodology-{index}-{year}"
            )
    axes[0].legend(ncol=3, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
    _label_index_panels(fig, axes, indices, years, title, source + " " + t("trend_break_note", lang), lang)
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
    handles = _legend_handles(axes)
    axes[0].legend(handles.values(), handles.keys(), ncol=4, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
    _label_index_panels(fig, axes, indices, years, title, source, lang)
    return fig


PANEL_HEIGHT = 0.7  # inches of one index's panel on the trend charts


def _index_panels(frame: pd.DataFrame) -> tuple[Figure, np.ndarray, list[str], list[int]]:
    """A page-wide figure with one panel per index that has a score in `frame` (index, year, score), stacked over
    shared years: (figure, axes, indices, years)."""
    indices = [i for i in ("papi", "par_index", "sipas") if frame.loc[frame["index"] == i, "score"].notna().any()]
    fig = printed_figure("page")
    axes = np.atleast_1d(fig.subplots(max(len(indices), 1), 1, sharex=True))
    return fig, axes, indices, sorted(frame["year"].unique())


def _label_index_panels(
    fig: Figure, axes: np.ndarray, indices: list[str], years: list[int], title: str, source: str, lang: str
) -> None:
    """Each panel's index and unit, every year on the bottom axis, the title and source, and room above for a
    legend."""
    for ax, index in zip(axes, indices, strict=False):
        ax.set_ylabel(f"{INDEX_LABEL[index]}\n{t('score_axis', lang)}")
        localise_ticks(ax.yaxis, lang)
    crowded = len(years) > 16  # more years than fit side by side: their labels turn
    axes[-1].set_xticks(years, [str(y) for y in years], rotation=45 if crowded else 0)
    axes[-1].set_xlabel(t("year_axis", lang))
    gap = 0.22
    heading, top = add_heading(fig, title)
    arrange(
        fig,
        body=PANEL_HEIGHT * len(axes) + gap * (len(axes) - 1),
        top=top + 0.3,
        bottom=add_source(fig, source) + (0.55 if crowded else 0.4),
        left=0.72,
        right=0.08,
        hspace=gap / PANEL_HEIGHT,
    )
    place_heading(fig, heading)


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
    left.set_yticks(ys, [names.get(code, code) for code in table["province_code"]], fontsize=SOURCE_PT)
    for tick, code in zip(left.get_yticklabels(), table["province_code"], strict=True):
        if code == focus_code:
            tick.set_color(FOCUS_COLOUR)
            tick.set_fontweight("bold")
    left.invert_yaxis()
    right.set_xlim(0.5, table["n_ranked"].max() + 0.5)
    right.invert_xaxis()
    right.set_xlabel(t("rank_range_x", lang))
    right.legend(loc="upper left")  # the top provinces' ranges sit at the right: the corner is empty
    localise_ticks(left.xaxis, lang)
    localise_ticks(right.xaxis, lang)
    left.set_xlabel(t("score_ci_x", lang))
    fig.subplots_adjust(left=0.2, right=0.98, top=0.94, bottom=0.9 / (0.16 * len(table) + 1.6), wspace=0.08)
    add_source(fig, source)
    fig.suptitle(title)
    return fig


def province_gid(code: str) -> str:
    """The SVG id of a province's shape on the map (its tooltip is attached to it)."""
    return f"province-{code}"


# ---------------------------------------------------------------- map
MAP_SOUTH, MAP_NORTH, MAP_WEST = 8.35, 23.45, 102.1  # degrees the map shows (east: as far as the width allows)
# inches of map: with its title and source the chart is about 100 mm high, short enough for its `pair` cell (with
# the box plot) to share a printed page with the tables before it
MAP_BODY = 2.8
ISLANDS_EAST_OF = 111.0  # °E: every part of a province east of it is an island of Hoàng Sa or Trường Sa
HOANG_SA_NORTH_OF = 13.0  # °N: of those islands, Hoàng Sa lies north of it (about 15.7–17.1°N), Trường Sa south
ARCHIPELAGOS = {"hoang-sa": "map_hoang_sa", "truong-sa": "map_truong_sa"}  # inset box: text key of its label
INSET_SIZE = (1.25, 0.55)  # inches: each archipelago's box, against the map's east edge (Hoàng Sa under the legend
# with its label above, Trường Sa at the bottom with its label below)
INSET_OFFSHORE = 0.25  # degrees at least between a box and the land in its latitudes
GAP = 0.04  # inches between the legend, the labels and the boxes
FOCUS_LABEL_PT = 8.0


def _group_label(name: str, count: int) -> str:
    """A quartile group's legend entry with its number of provinces, its definition on a second line:
    'Cao nhất (15)' over '(≥ phân vị 75)'."""
    head, bracket, rest = name.partition(" (")
    return f"{head} ({count})\n({rest}" if bracket else f"{name} ({count})"


def split_archipelagos(geometry: Any) -> tuple[Any, dict[str, list[Any]]]:
    """A province's shape without its islands east of ISLANDS_EAST_OF (None if nothing is left), and those islands
    by archipelago ('hoang-sa', 'truong-sa'). Found by geometry, so any scheme's codes will do."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    islands: dict[str, list[Any]] = {key: [] for key in ARCHIPELAGOS}
    land = []
    for part in parts:
        point = part.representative_point()
        if point.x > ISLANDS_EAST_OF:
            islands["hoang-sa" if point.y > HOANG_SA_NORTH_OF else "truong-sa"].append(part)
        else:
            land.append(part)
    if not land:
        return None, islands
    return (land[0] if len(land) == 1 else MultiPolygon(land)), islands


@styled
def quartile_map(
    shapes: Any,
    scores: pd.Series,
    focus_codes: Sequence[str],
    title: str,
    source: str,
    lang: str,
    focus_names: Mapping[str, str] | None = None,
) -> Figure:
    """Choropleth of PAPI quartile groups; `shapes` is a GeoDataFrame with `gso_code` (the data step's boundaries,
    already simplified: analysis.data.boundaries), `scores` is by GSO code. The islands of Hoàng Sa and Trường Sa
    (the parts of a province east of ISLANDS_EAST_OF, in any scheme) are drawn in two labelled inset boxes in their
    province's colour; each focus province is outlined and named (`focus_names`: code -> name) on its shape, or
    beside it with a line to it when the name does not fit there."""
    group = quartile_groups(shapes["gso_code"].map(scores), lang)
    names = t_list("groups", lang)
    colours = dict(zip(names, QUARTILE_COLOURS, strict=True))
    fig = printed_figure("half")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()  # a map's degree ticks tell a reader nothing: the room goes to the provinces and the legend
    land: dict[str, Any] = {}
    islands: dict[str, list[tuple[str, Any, str]]] = {key: [] for key in ARCHIPELAGOS}
    # one patch per province, for its tooltip (a GeoDataFrame.plot call per province costs ten times as much);
    # add_artist, as the limits are fixed below and need no patch's extent
    for code, geometry, fill in zip(shapes["gso_code"], shapes.geometry, group.map(colours), strict=True):
        mainland, isles = split_archipelagos(geometry)
        if mainland is not None:
            land[code] = mainland
            ax.add_artist(
                patch_from_polygon(mainland, facecolor=fill, edgecolor="white", linewidth=0.4, gid=province_gid(code))
            )
        for key, parts in isles.items():
            if parts:
                islands[key].append((code, MultiPolygon(parts), fill))
    for code in focus_codes:
        if code in land:
            ax.add_artist(patch_from_polygon(land[code], facecolor="none", edgecolor="black", linewidth=1.5, zorder=3))
    heading, top = add_heading(fig, title, fontsize=9)
    source_height, width = add_source(fig, source), fig.get_figwidth()
    height = source_height + MAP_BODY + top
    fig.set_size_inches(width, height)
    ax.set_position((0.02 / width, source_height / height, 1 - 0.04 / width, MAP_BODY / height))
    place_heading(fig, heading)
    scale = MAP_BODY / (MAP_NORTH - MAP_SOUTH)  # inches per degree of latitude
    shrink = np.cos(np.deg2rad((MAP_NORTH + MAP_SOUTH) / 2))  # degrees of longitude shrink with latitude
    ax.set_xlim(MAP_WEST, MAP_WEST + (width - 0.04) / (scale * shrink))
    ax.set_ylim(MAP_SOUTH, MAP_NORTH)
    ax.set_aspect(1 / shrink)
    counts = group.value_counts()
    handles = [Rectangle((0, 0), 1, 1, color=colours[n]) for n in names]
    labels = [_group_label(n, counts.get(n, 0)) for n in names]
    if focus_codes:
        handles.append(Rectangle((0, 0), 1, 1, facecolor="none", edgecolor="black", linewidth=1.5))
        labels.append(t("legend_focus", lang))
    # in the open sea east of the coast: below the map it would make the chart too tall for its page
    legend = ax.legend(
        handles, labels, loc="upper right", frameon=False, handlelength=1.2, borderaxespad=0.1, labelspacing=0.35
    )
    obstacles = [*land.values(), _data_box(ax, legend.get_window_extent(_renderer(fig)))]
    ceiling = obstacles[-1].bounds[1] - GAP / scale
    for key, text_key in ARCHIPELAGOS.items():
        if islands[key]:
            covered = _archipelago_inset(ax, key, islands[key], list(land.values()), t(text_key, lang), ceiling)
            obstacles += covered
    names_by_code = dict(focus_names or {})
    for code in focus_codes:
        if code in land and code in names_by_code:
            obstacles.append(_label_province(ax, land[code], names_by_code[code], obstacles))
    return fig


def _archipelago_inset(
    ax: Axes, key: str, parts: list[tuple[str, Any, str]], land: list[Any], label: str, ceiling: float
) -> list[Any]:
    """An archipelago's inset box of INSET_SIZE against the map's east edge, at least INSET_OFFSHORE degrees from
    the land in its latitudes: Hoàng Sa's with its label above, its top at `ceiling` (latitude); Trường Sa's at
    the bottom with its label below. The islands are drawn in their province's colour and outlined in it, so the
    smallest still shows. Returns what the box and its label cover on the map (shapely boxes in degrees) for the
    focus labels to avoid."""
    fig = _figure(ax)
    renderer = _renderer(fig)
    (west, east), (south, _) = ax.get_xlim(), ax.get_ylim()
    bbox = ax.get_window_extent(renderer)
    per_x, per_y = (east - west) / bbox.width * fig.dpi, (ax.get_ylim()[1] - south) / bbox.height * fig.dpi
    box_east = east - GAP * per_x
    above = key == "hoang-sa"
    text = ax.text(
        box_east,
        ceiling if above else south + GAP * per_y,
        label,
        ha="right",
        va="top" if above else "bottom",
        fontsize=LEGEND_PT,
        color="#1c2833",
        gid=f"label-{key}",
    )
    text_box = _data_box(ax, text.get_window_extent(renderer))
    if above:
        box_north = text_box.bounds[1] - GAP * per_y
        box_south = box_north - INSET_SIZE[1] * per_y
    else:
        box_south = text_box.bounds[3] + GAP * per_y
        box_north = box_south + INSET_SIZE[1] * per_y
    band = box(west, box_south, ISLANDS_EAST_OF, box_north)
    coast = max((shape.intersection(band).bounds[2] for shape in land if shape.intersects(band)), default=west)
    box_west = max(box_east - INSET_SIZE[0] * per_x, coast + INSET_OFFSHORE)
    inset = ax.inset_axes(
        (box_west, box_south, box_east - box_west, box_north - box_south), transform=ax.transData, gid=f"inset-{key}"
    )
    for code, geometry, fill in parts:
        inset.add_artist(
            patch_from_polygon(geometry, facecolor=fill, edgecolor=fill, linewidth=0.6, gid=f"{key}-{code}")
        )
    # the islands' extent with a margin, widened or heightened to the box's shape (degrees of longitude shrink)
    x0, y0, x1, y1 = MultiPolygon([p for _, g, _ in parts for p in g.geoms]).bounds
    shrink = np.cos(np.deg2rad((y0 + y1) / 2))
    wide, high = (x1 - x0 + 0.6) * shrink, y1 - y0 + 0.6
    shape = ((box_north - box_south) / per_y) / ((box_east - box_west) / per_x)  # the box's height / width
    wide, high = max(wide, high / shape), max(high, wide * shape)
    inset.set_xlim((x0 + x1) / 2 - wide / shrink / 2, (x0 + x1) / 2 + wide / shrink / 2)
    inset.set_ylim((y0 + y1) / 2 - high / 2, (y0 + y1) / 2 + high / 2)
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_color("#7f8c8d")
        spine.set_linewidth(0.6)
    return [box(box_west, box_south, box_east, box_north), text_box]


def _data_box(ax: Axes, extent: Bbox) -> Any:
    """A display box (pixels) as a shapely box in the axes' data coordinates."""
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
    return box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


FOCUS_ANGLES = (0, 25, -25, 50, -50, 75, -75, 100, -100, 130, -130, 155, -155, 180)  # degrees, east first
FOCUS_RADII = tuple(np.arange(0.15, 1.65, 0.1))  # inches from the province to its name, nearest first


def _label_province(ax: Axes, shape: Any, name: str, obstacles: list[Any]) -> Any:
    """The focus province's name in bold: on the shape when it fits there, else at the nearest place around it
    (east first) inside the map that covers no province, inset or label, with a line to the shape. Returns the
    name's box (in degrees) for the next label to avoid."""
    fig = _figure(ax)
    renderer = _renderer(fig)
    style: dict[str, Any] = {"fontsize": FOCUS_LABEL_PT, "weight": "bold", "color": "black", "zorder": 5}
    inside = shape.representative_point()
    text = ax.text(inside.x, inside.y, name, ha="center", va="center", **style)
    label = _data_box(ax, text.get_window_extent(renderer).padded(2))
    if shape.contains(label):
        return label
    text.remove()
    tree = STRtree(obstacles)
    frame = ax.get_window_extent(renderer)
    px, py = ax.transData.transform((inside.x, inside.y))
    per_inch = fig.dpi
    for radius in FOCUS_RADII:
        for angle in FOCUS_ANGLES:
            cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            ha = "left" if cos > 0.3 else "right" if cos < -0.3 else "center"
            va = "bottom" if sin > 0.3 else "top" if sin < -0.3 else "center"
            at = ax.transData.inverted().transform((px + radius * per_inch * cos, py + radius * per_inch * sin))
            anchor = (float(at[0]), float(at[1]))
            text = ax.text(*anchor, name, ha=ha, va=va, **style)
            extent = text.get_window_extent(renderer).padded(2)
            text.remove()
            if not _inside(frame, extent):
                continue
            label = _data_box(ax, extent)
            if len(tree.query(label, predicate="intersects")):
                continue
            ax.annotate(
                name,
                (inside.x, inside.y),
                xytext=anchor,
                ha=ha,
                va=va,
                arrowprops={"arrowstyle": "-", "color": "black", "linewidth": 0.8, "shrinkA": 1, "shrinkB": 0},
                **style,
            )
            return label
    ax.text(inside.x, inside.y, name, ha="center", va="center", **style)  # nowhere else: on the shape after all
    return _data_box(ax, ax.texts[-1].get_window_extent(renderer))


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
    for ax in (left, right):
        localise_ticks(ax.xaxis, lang)
        localise_ticks(ax.yaxis, lang)
    fig.suptitle(name, fontsize=8)
    fig.subplots_adjust(bottom=0.2, top=0.82, wspace=0.3)
    add_source(fig, t("resid_source", lang, spec=description, n=len(residuals)))
    return fig
