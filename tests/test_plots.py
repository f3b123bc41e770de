"""Charts are built without global side effects and carry a title, axis labels and a source in one language."""

import subprocess
import sys

import matplotlib as mpl
import numpy as np
import pandas as pd

from analysis import plots
from analysis.text import t


def test_importing_plots_does_not_choose_a_backend():
    code = "import matplotlib; import analysis.plots; print(matplotlib.rcParams._get('backend'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PATH": ""})  # fmt: skip
    assert done.stdout.strip() == "module://matplotlib_inline.backend_inline"


def _toy_frame():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"province_code": [f"{i:02d}" for i in range(12)],
                         "province_name": [f"Tỉnh {i}" for i in range(12)],
                         "x": rng.normal(size=12), "y": rng.normal(size=12)})  # fmt: skip


def _texts(fig):
    return [text.get_text() for text in fig.findobj(mpl.text.Text) if text.get_text()]


def test_style_applies_inside_the_figure_and_leaves_rcparams_alone():
    before = dict(mpl.rcParams)
    fig = plots.scatter_with_focus(_toy_frame(), "x", "y", "Tiêu đề", "Nguồn: thử", "vi", "Trục x", "Trục y",
                                   focus_codes=["03"])  # fmt: skip
    assert dict(mpl.rcParams) == before
    ax = fig.axes[0]
    assert ax.title.get_fontweight() == "bold" and ax.get_xlabel() == "Trục x"


def test_vietnamese_chart_has_no_english_legend_words():
    fig = plots.scatter_with_focus(_toy_frame(), "x", "y", "Tiêu đề", "Nguồn: thử", "vi", "Trục x", "Trục y",
                                   focus_codes=["03"])  # fmt: skip
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
