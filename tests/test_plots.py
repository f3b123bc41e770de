"""Charts are built without global side effects and carry a title, axis labels and a source in one language."""

import re
import subprocess
import sys

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

from analysis.core.text import INDEX_LABEL, t
from analysis.report import plots


def test_importing_plots_does_not_choose_a_backend():
    code = "import matplotlib; import analysis.report.plots; print(matplotlib.rcParams._get('backend'))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PATH": ""},
    )
    assert done.stdout.strip() == "module://matplotlib_inline.backend_inline"


def _toy_frame():
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "province_code": [f"{i:02d}" for i in range(12)],
            "province_name": [f"Tỉnh {i}" for i in range(12)],
            "x": rng.normal(size=12),
            "y": rng.normal(size=12),
        }
    )


def _texts(fig):
    """Every text of the figure, its lines joined again (sources and titles are broken into lines to fit)."""
    return [" ".join(text.get_text().split()) for text in fig.findobj(mpl.text.Text) if text.get_text()]


def test_style_applies_inside_the_figure_and_leaves_rcparams_alone():
    before = dict(mpl.rcParams)
    fig = plots.scatter_with_focus(
        _toy_frame(), [("x", "Trục x")], "y", "Tiêu đề", "Nguồn: thử", "vi", "Trục y", focus_codes=["03"], min_n=3
    )
    assert dict(mpl.rcParams) == before
    ax = fig.axes[0]
    assert ax.xaxis.label.get_fontsize() == plots.STYLE["axes.labelsize"] and ax.get_xlabel() == "Trục x"
    assert fig.get_suptitle() == "Tiêu đề" and mpl.rcParams["axes.labelsize"] != plots.STYLE["axes.labelsize"]


def test_vietnamese_chart_has_no_english_legend_words():
    fig = plots.scatter_with_focus(
        _toy_frame(), [("x", "Trục x")], "y", "Tiêu đề", "Nguồn: thử", "vi", "Trục y", focus_codes=["03"], min_n=3
    )
    words = " ".join(_texts(fig))
    for english in ("Province", "Focus province", "Least-squares line"):
        assert english not in words
    assert t("legend_focus", "vi") in words and "Nguồn: thử" in words
    ranks = pd.DataFrame({"index": ["par_index"] * 5 + ["sipas"] * 3, "rank": [1, 2, 3, 60, 61, 5, 6, 63]})
    words = " ".join(_texts(plots.rank_coverage_chart(ranks, 63, "Thứ hạng", "Nguồn", "vi")))
    assert "Even spread" not in words and "1–63" in words


def test_labels_are_shortened_at_word_boundaries():
    label = "D4 Control of Corruption in the Public Sector"
    short = plots.shorten(label, 30)
    assert short.endswith("…") and len(short) <= 30 and label.startswith(short[:-1])
    assert short[:-1].split()[-1] in label.split()


def _name_boxes(ax):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(ax.figure).get_renderer()
    return {text.get_text(): text.get_window_extent(renderer) for text in ax.texts}


def _overlapping(boxes):
    items = list(boxes.items())
    return [(a, b) for i, (a, box) in enumerate(items) for b, other in items[i + 1 :] if box.overlaps(other)]


def test_scatter_names_do_not_overlap_each_other():
    """Twenty provinces in a tight cluster, all named: after placement no two name boxes intersect."""
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "province_code": [f"{i:02d}" for i in range(20)],
            "province_name": [f"Tỉnh số {i}" for i in range(20)],
            "x": rng.normal(0, 0.3, 20),
            "y": rng.normal(0, 0.3, 20),
        }
    )
    fig = plots.scatter_with_focus(frame, [("x", "Trục x")], "y", "Tiêu đề", "Nguồn", "vi", "Trục y", named=20, min_n=3)
    assert len(_names_are_readable(fig.axes[0], frame, "x", "y")) == 20


@pytest.mark.slow
def test_scatter_names_the_focus_and_the_provinces_furthest_from_the_line_every_year(panel):
    """Real data, every year with PAPI against PAR INDEX or SIPAS, in both languages: a panel with the plan's min_n
    points has its least-squares line and names the focus province and the eight others with the largest absolute
    residual from it (scipy, computed here); one with fewer has no line and names every province. Names inside the
    panel, off their own point and each other; ticks exact; a focus legend entry only with a focus point."""
    from scipy import stats

    from analysis.core.settings import load_plan
    from analysis.data.store import to_wide

    min_n = load_plan().min_n
    wide = to_wide(panel)
    focus = {"35"}
    drawn = fitted = 0
    for year, frame in wide.groupby("year"):
        for column in ("par_index_total", "sipas_total"):
            data = frame[["province_code", "province_name", column, "papi_total"]].dropna()
            if len(data) < 3:
                continue
            lang = "vi" if drawn % 2 else "en"
            fig = plots.scatter_with_focus(
                frame, [(column, "x")], "papi_total", "T", "S", lang, "y", focus_codes=focus, min_n=min_n
            )
            ax = fig.axes[0]
            others = data[~data["province_code"].isin(focus)]
            expected = set(data.loc[data["province_code"].isin(focus), "province_name"])
            if len(data) >= min_n:
                fit = stats.linregress(data[column], data["papi_total"])
                residual = (others["papi_total"] - fit.intercept - fit.slope * others[column]).abs()
                expected |= set(others.loc[residual.nlargest(8).index, "province_name"])
                assert t("scatter_named", lang, named=8) in " ".join(_texts(fig)), (year, column)
                fitted += 1
            else:
                expected |= set(others["province_name"])
                panel = INDEX_LABEL[column.removesuffix("_total")]
                assert t("scatter_no_fit", lang, min_n=min_n, panels=panel) in " ".join(_texts(fig))
            assert _has_fit_line(ax) == (len(data) >= min_n), (year, column)
            assert set(_names_are_readable(ax, data, column, "papi_total", focus)) == expected, (year, column)
            assert _ticks_are_exact(ax) >= 4
            has_focus = data["province_code"].isin(focus).any()
            assert (t("legend_focus", lang) in _legend_words(fig)) == has_focus, (year, column)
            drawn += 1
    assert drawn >= 15 and fitted >= 2


def test_dashboard_colours_each_cell_by_its_column_quartile_group():
    rng = np.random.default_rng(2)
    scores = pd.DataFrame(
        rng.uniform(1, 10, size=(21, 3)), columns=["D1", "D2", "PAPI"], index=[f"Tỉnh {i}" for i in range(21)]
    )
    scores.iloc[4, 1] = np.nan
    fig = plots.quartile_dashboard(scores, "Tỉnh 3", "Bảng tổng hợp", "Nguồn", "vi")
    top, bottom = (ax.images[0].get_array() for ax in fig.axes[:2])
    shown = np.vstack([top, bottom])
    for column in range(3):  # group 0 = best quarter ... 3 = worst, 4 = no data; cut points from numpy
        values = scores.iloc[:, column]
        q1, q2, q3 = np.nanpercentile(values, [25, 50, 75])
        expected = np.where(
            values.isna(), 4, np.where(values >= q3, 0, np.where(values >= q2, 1, np.where(values >= q1, 2, 3)))
        )
        assert (shown[:, column] == expected).all()
    words = " ".join(_texts(fig))
    assert "Không có dữ liệu" in words and f"{scores.iloc[0, 0]:.1f}".replace(".", ",") in words
    focus = [tick for ax in fig.axes[:2] for tick in ax.get_yticklabels() if tick.get_text() == "Tỉnh 3"]
    assert focus and focus[0].get_fontweight() == "bold"


# ---------------------------------------------------------------- shared checks of what a chart prints
def _renderer(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _value(label: str) -> float:
    """A tick label read back as a number (Vietnamese 82,5 or English 82.5; either minus sign)."""
    return float(label.replace("−", "-").replace(",", "."))


def _ticks_are_exact(ax):
    """Every visible tick label, read back, is its tick's value (no 82.5 printed as 82)."""
    _renderer(ax.figure)
    checked = 0
    for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        for tick in axis.get_major_ticks():
            text = tick.label1.get_text()
            if text and min(low, high) <= tick.get_loc() <= max(low, high):
                assert _value(text) == pytest.approx(tick.get_loc(), abs=1e-9), (text, tick.get_loc())
                checked += 1
    return checked


def _marker_box(ax, x, y, area):
    point = ax.transData.transform((x, y))
    radius = np.sqrt(area) / 2 * ax.figure.dpi / 72
    return mpl.transforms.Bbox.from_extents(*(point - radius), *(point + radius))


def _names_are_readable(ax, frame, x, y, focus=()):
    """Each name inside its panel, clear of its own point (Agg's boxes) and of every other name."""
    renderer = _renderer(ax.figure)
    frame_box = ax.get_window_extent(renderer)
    boxes = {}
    for text in ax.texts:
        name = text.get_text()
        box = text.get_window_extent(renderer)
        row = frame[frame["province_name"] == name].iloc[0]
        area = plots.FOCUS_AREA if row["province_code"] in focus else plots.POINT_AREA
        assert frame_box.x0 <= box.x0 and box.x1 <= frame_box.x1, f"{name} crosses the panel's side"
        assert frame_box.y0 <= box.y0 and box.y1 <= frame_box.y1, f"{name} crosses the panel's top or bottom"
        assert not box.overlaps(_marker_box(ax, row[x], row[y], area)), f"{name} covers its own point"
        boxes[name] = box
    assert not _overlapping(boxes)
    return boxes


def _legend_words(fig):
    return [text.get_text() for legend in fig.legends for text in legend.get_texts()]


def _has_fit_line(ax):
    return any(line.get_linestyle() == "--" for line in ax.lines)


def test_scatter_ticks_are_exact_round_numbers():
    """x from 80 to 90: matplotlib's default steps would tick 82.5 and 87.5, which '.0f' printed as 82 and 88."""
    frame = pd.DataFrame(
        {
            "province_code": [f"{i:02d}" for i in range(21)],
            "province_name": [f"Tỉnh {i}" for i in range(21)],
            "x": np.linspace(80.3, 89.9, 21),
            "y": np.linspace(40.15, 47.05, 21) + np.sin(np.arange(21)),
        }
    )
    for lang in ("vi", "en"):
        fig = plots.scatter_with_focus(frame, [("x", "x")], "y", "T", "S", lang, "y", min_n=3)
        assert _ticks_are_exact(fig.axes[0]) >= 6


def test_scatter_draws_the_line_and_names_only_with_min_n_points_and_says_how_many_it_names():
    frame = _toy_frame()  # 12 provinces
    fig = plots.scatter_with_focus(frame, [("x", "x")], "y", "T", "S", "en", "y", focus_codes=["03"], min_n=12)
    assert _has_fit_line(fig.axes[0]) and len(fig.axes[0].texts) == 1 + 8
    assert t("scatter_named", "en", named=8) in " ".join(_texts(fig))
    fig = plots.scatter_with_focus(frame, [("x", "x")], "y", "T", "S", "en", "y", focus_codes=["03"], min_n=13)
    assert not _has_fit_line(fig.axes[0]) and len(fig.axes[0].texts) == 12, "no line: every province named"
    words = " ".join(_texts(fig))
    assert t("legend_fit", "en") not in _legend_words(fig) and "Named:" not in words
    assert t("scatter_no_fit", "en", min_n=13, panels="x") in words
    # two panels naming different numbers: each number said
    wide = frame.assign(x2=frame["x"].where(frame.index < 5))
    fig = plots.scatter_with_focus(wide, [("x", "x"), ("x2", "x2")], "y", "T", "S", "en", "y", named=8, min_n=3)
    assert [len(ax.texts) for ax in fig.axes[:2]] == [8, 5]
    assert t("scatter_named_each", "en", counts="x: 8; x2: 5") in " ".join(_texts(fig))


def test_no_focus_entry_in_the_legend_without_a_focus_point_and_the_source_says_why():
    frame = _toy_frame().assign(year=2024, par_index_total=lambda f: f["x"].where(f["province_code"] != "03"))
    panels = [("par_index_total", "PAR INDEX (%)"), ("x", "x")]
    fig = plots.scatter_with_focus(frame, panels[:1], "y", "T", "S", "vi", "y", focus_codes=["03"], min_n=3)
    assert t("legend_focus", "vi") not in _legend_words(fig)
    missing = t("scatter_focus_missing", "vi", province="Tỉnh 3", index="PAR INDEX", year=2024)
    assert missing in " ".join(_texts(fig))
    fig = plots.scatter_with_focus(frame, panels, "y", "T", "S", "en", "y", focus_codes=["03"], min_n=3)
    assert _legend_words(fig).count(t("legend_focus", "en")) == 1  # it has a point on the second panel
    assert t("scatter_focus_missing", "en", province="Tỉnh 3", index="PAR INDEX", year=2024) in " ".join(_texts(fig))


def test_names_sit_inside_their_panel_beside_their_point():
    """Points in the panel's corners and a tight cluster: every name inside the frame, off its own point."""
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {
            "province_code": [f"{i:02d}" for i in range(24)],
            "province_name": [f"Thành phố số {i}" for i in range(24)],
            "x": np.r_[[0, 0, 10, 10], rng.normal(5, 0.4, 20)],
            "y": np.r_[[0, 10, 0, 10], rng.normal(5, 0.4, 20)],
        }
    )
    fig = plots.scatter_with_focus(frame, [("x", "x")], "y", "T", "S", "vi", "y", ["00"], named=23, min_n=3)
    assert len(_names_are_readable(fig.axes[0], frame, "x", "y", focus={"00"})) == 24


def test_no_negative_zero_in_any_chart_text():
    assert plots.number_text(-0.001, "vi") == "0,00" and plots.number_text(-0.004, "en") == "0.00"
    assert plots.number_text(-0.006, "en") == "-0.01" and plots.number_text(-1e-17, "vi", ".0f") == "0"
    corr = pd.DataFrame(
        {"method": "spearman", "scope": "pooled", "x": ["a", "a", "b"], "y": ["b", "c", "c"], "r": [-0.001, 0.5, -0.3]}
    )
    figures = [
        plots.correlation_heatmap(corr, {}, "T", "S", "vi"),
        plots.residual_figure("m", "d", np.linspace(-1, 1, 21), np.linspace(-2, 2, 21), "vi"),
        plots.scatter_with_focus(_toy_frame(), [("x", "x")], "y", "T", "S", "en", "y", min_n=3),
    ]
    for fig in figures:
        _renderer(fig)
        words = [text.get_text() for text in fig.findobj(mpl.text.Text)]
        assert not [w for w in words if re.fullmatch(r"[-−]0([.,]0*)?", w)], words
    assert "0,00" in _texts(figures[0])


# ---------------------------------------------------------------- the map
def _map(processed_dir, scheme, lang, focus, name):
    from analysis.data.boundaries import load_boundaries

    shapes = load_boundaries(processed_dir, scheme)
    scores = pd.Series(np.linspace(30, 50, len(shapes)), index=shapes["gso_code"])
    title = t("map_title", lang, index="PAPI", year=2021 if scheme == 63 else 2025)
    source = t("source_papi", lang) + " " + t("map_credit", lang)
    return shapes, plots.quartile_map(shapes, scores, [focus], title, source, lang, focus_names={focus: name})


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("scheme", "focus", "name"), [(63, "35", "Hà Nam"), (34, "37", "Ninh Bình")])
def test_the_map_shows_hoang_sa_and_truong_sa_labelled_in_their_province_colour(
    processed_dir, scheme, focus, name, lang
):
    """Both archipelagos, from the boundaries' own island parts (east of 111°E, found by geometry in either scheme),
    in labelled inset boxes, each island in its province's colour; the focus province outlined and named; no box,
    label or legend over a province; the words as SVG text; nothing says 'mainland'."""
    import xml.etree.ElementTree as ET

    from shapely.geometry import Point, box

    from analysis.report.svg import SVG_NS, chart

    shapes, fig = _map(processed_dir, scheme, lang, focus, name)
    main = fig.axes[0]
    east = {
        key: [
            p
            for g in shapes.geometry
            for p in getattr(g, "geoms", [g])
            if p.representative_point().x > 111 and (p.representative_point().y > 13) == (key == "hoang-sa")
        ]
        for key in ("hoang-sa", "truong-sa")
    }
    fills = {patch.get_gid(): patch.get_facecolor() for patch in main.patches if patch.get_gid()}
    for key in ("hoang-sa", "truong-sa"):
        inset = next(ax for ax in main.child_axes if ax.get_gid() == f"inset-{key}")
        patches = [p for p in inset.patches if (p.get_gid() or "").startswith(f"{key}-")]
        assert patches and sum(len(p.get_path().to_polygons()) for p in patches) >= len(east[key])
        for patch in patches:
            vertices = patch.get_path().vertices
            assert vertices[:, 0].min() > 111, "islands east of 111°E, drawn where they are"
            code = patch.get_gid().removeprefix(f"{key}-")
            assert patch.get_facecolor() == fills[plots.province_gid(code)], "coloured like their province"
        x0, x1 = inset.get_xlim()
        assert x0 < min(p.bounds[0] for p in east[key]) and max(p.bounds[2] for p in east[key]) < x1
    svg = chart(fig, "map").svg
    root = ET.fromstring(svg)
    words = [e.text or "" for e in root.iter(f"{{{SVG_NS}}}text")]
    assert t("map_hoang_sa", lang) in words and t("map_truong_sa", lang) in words
    assert name in words, "the focus province is named"
    assert not [w for w in words if "mainland" in w.lower() or "đất liền" in w.lower()]
    ids = {e.get("id", "") for e in root.iter()}
    assert {f"inset-{key}" for key in east} <= ids and any(i.startswith("truong-sa-") for i in ids)
    # nothing drawn over a province: the legend, the two boxes and their labels lie in open water
    renderer = _renderer(fig)
    inverse = main.transData.inverted()

    def in_degrees(extent):
        (a, b), (c, d) = inverse.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
        return box(a, b, c, d)

    covers = [in_degrees(main.get_legend().get_window_extent(renderer))]
    covers += [in_degrees(ax.get_window_extent(renderer)) for ax in main.child_axes]
    covers += [in_degrees(text.get_window_extent(renderer)) for text in main.texts if text.get_gid()]
    land = [p for g in shapes.geometry for p in getattr(g, "geoms", [g]) if p.representative_point().x < 111]
    assert len(covers) == 5 and not [c for c in covers for p in land if c.intersects(p)]
    # the focus province: outlined, and its name led back to it
    outline = [p for p in main.patches if p.get_edgecolor()[:3] == (0, 0, 0) and p.get_linewidth() >= 1.5]
    assert outline
    label = next(text for text in main.texts if text.get_text() == name)
    shape = shapes.loc[shapes["gso_code"] == focus].geometry.iloc[0]
    assert shape.contains(Point(*getattr(label, "xy", label.get_position()))), "on the shape or led back to it"


def test_no_caption_says_mainland():
    from analysis.core.text import TEXT

    for key, entry in TEXT.items():
        for words in entry.values():
            for text in [words] if isinstance(words, str) else words:
                assert "mainland" not in text.lower() and "đất liền" not in text.lower(), key


# ---------------------------------------------------------------- the trend chart
def test_trend_chart_marks_exactly_the_methodology_changes_of_the_table(panel, raw_dir):
    """Hà Nam's trend chart: a dashed line before each year whose methodology differs from the previous year's in
    reference/methodology/versions.csv (analysis.data.methodology), in every panel, and nowhere else."""
    from analysis.data.methodology import breaks_within, load_versions
    from analysis.report.data import trend

    versions = load_versions(raw_dir)
    rows = trend(panel, "35", 2021)
    fig = plots.trend_chart(rows, "Hà Nam", "T", "S", "vi")
    panels = [i for i in ("papi", "par_index", "sipas") if rows.loc[rows["index"] == i, "score"].notna().any()]
    years = sorted(rows["year"].unique())
    assert len(panels) == 3
    for ax, index in zip(fig.axes, panels, strict=True):
        drawn = sorted(
            line.get_xdata()[0] + 0.5 for line in ax.lines if (line.get_gid() or "").startswith("methodology")
        )
        assert drawn == breaks_within(versions, index, years), index
        assert all(
            line.get_gid() == f"methodology-{index}-{int(line.get_xdata()[0] + 0.5)}"
            for line in ax.lines
            if (line.get_gid() or "").startswith("methodology")
        )


def test_methodology_breaks_ignore_unknown_years():
    methods = pd.Series(["A", None, "A", "B", None, "B", "C"], index=range(2015, 2022))
    assert plots.methodology_breaks(methods) == [2018, 2021]


# ---------------------------------------------------------------- print sizes, figure by figure
def _effective_sizes(fig, width):
    """(effective size, text) of every word the chart prints: its font size times the scale at which the page prints
    the SVG (svg.chart's crop), fitted into the column (or a `pair` half) and under the print height cap."""
    renderer = _renderer(fig)
    crop = fig.get_tightbbox(renderer).padded(mpl.rcParams["savefig.pad_inches"])
    scale = min(1.0, plots.PRINT_WIDTH[width] / crop.width, plots.PRINT_MAX_HEIGHT / crop.height)
    return [
        (text.get_fontsize() * scale, text.get_text())
        for text in fig.findobj(mpl.text.Text)
        if text.get_visible() and text.get_text().strip() and text.get_window_extent(renderer).width > 0
    ]


def test_every_briefing_chart_is_made_at_its_printed_size_with_no_text_under_7_pt(processed_dir):
    from analysis.report.data import BriefingData

    data = BriefingData(2021, processed_dir)
    dims = data.papi_dimensions()
    wide = data.scatter_data()
    ranks = data.reported_ranks()
    figures = {
        "trend": ("page", plots.trend_chart(data.trend("35"), "Hà Nam", "T " * 30, "S " * 120, "vi")),
        "dashboard": ("page", plots.quartile_dashboard(data.dashboard(), "Hà Nam", "T " * 40, "S " * 80, "vi")),
        "distribution": ("half", plots.dimension_distribution(dims[dims["score"].notna()], "T " * 25, "S " * 80, "en")),
        "map": ("half", _map(processed_dir, 63, "vi", "35", "Hà Nam")[1]),
        "scatter": (
            "page",
            plots.scatter_with_focus(
                wide,
                [("par_index_total", "x"), ("sipas_total", "x")],
                "papi_total",
                "T",
                "S " * 100,
                "en",
                "y",
                ["35"],
                min_n=20,
            ),
        ),
        "ranks": ("page", plots.rank_coverage_chart(ranks, 63, "T", "S", "vi")),
    }
    for name, (width, fig) in figures.items():
        sizes = _effective_sizes(fig, width)
        small = [(round(size, 2), text) for size, text in sizes if size < plots.MIN_TEXT_PT - 1e-9]
        assert not small, (name, small[:5])
        assert fig.get_figwidth() + 2 * plots.CROP_PAD <= plots.PRINT_WIDTH[width] + 1e-9, name
