"""Charts are built without global side effects and carry a title, axis labels and a source in one language."""

import subprocess
import sys

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

from analysis.core.text import t
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
    return [text.get_text() for text in fig.findobj(mpl.text.Text) if text.get_text()]


def test_style_applies_inside_the_figure_and_leaves_rcparams_alone():
    before = dict(mpl.rcParams)
    fig = plots.scatter_with_focus(
        _toy_frame(), [("x", "Trục x")], "y", "Tiêu đề", "Nguồn: thử", "vi", "Trục y", focus_codes=["03"]
    )
    assert dict(mpl.rcParams) == before
    ax = fig.axes[0]
    assert ax.xaxis.label.get_fontsize() == plots.STYLE["axes.labelsize"] and ax.get_xlabel() == "Trục x"
    assert fig.get_suptitle() == "Tiêu đề" and mpl.rcParams["axes.labelsize"] != plots.STYLE["axes.labelsize"]


def test_vietnamese_chart_has_no_english_legend_words():
    fig = plots.scatter_with_focus(
        _toy_frame(), [("x", "Trục x")], "y", "Tiêu đề", "Nguồn: thử", "vi", "Trục y", focus_codes=["03"]
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
    """Twenty provinces in a tight cluster, all named: after placement no two name boxes intersect (adjustText)."""
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "province_code": [f"{i:02d}" for i in range(20)],
            "province_name": [f"Tỉnh số {i}" for i in range(20)],
            "x": rng.normal(0, 0.3, 20),
            "y": rng.normal(0, 0.3, 20),
        }
    )
    fig = plots.scatter_with_focus(frame, [("x", "Trục x")], "y", "Tiêu đề", "Nguồn", "vi", "Trục y", named=20)
    boxes = _name_boxes(fig.axes[0])
    assert len(boxes) == 20
    assert not _overlapping(boxes)


@pytest.mark.slow
def test_scatter_names_the_focus_and_the_provinces_furthest_from_the_line_every_year(panel):
    """Real data, every year with PAPI against PAR INDEX or SIPAS: the names shown are the focus province and the
    eight with the largest absolute residual from the least-squares line (scipy, computed here), none overlapping;
    the source line says which provinces are named."""
    from scipy import stats

    from analysis.data.store import to_wide

    wide = to_wide(panel)
    focus = {"35"}
    drawn = 0
    for year, frame in wide.groupby("year"):
        for column in ("par_index_total", "sipas_total"):
            data = frame[["province_code", "province_name", column, "papi_total"]].dropna()
            if len(data) < 3:
                continue
            fig = plots.scatter_with_focus(frame, [(column, "x")], "papi_total", "T", "S", "en", "y", focus_codes=focus)
            fit = stats.linregress(data[column], data["papi_total"])
            residual = (data["papi_total"] - fit.intercept - fit.slope * data[column]).abs()
            expected = set(data.loc[residual.nlargest(8).index, "province_name"])
            expected |= set(data.loc[data["province_code"].isin(focus), "province_name"])
            boxes = _name_boxes(fig.axes[0])
            assert set(boxes) == expected, (year, column)
            assert not _overlapping(boxes), (year, column)
            assert t("scatter_named", "en", named=8) in " ".join(_texts(fig))
            drawn += 1
    assert drawn >= 15


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
