"""Charts for the notebooks and briefings: every one has a title, labelled axes with units, and a source line."""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from scipy import stats  # noqa: E402

from analysis.atomic import atomic_path  # noqa: E402

plt.rcParams.update({"font.family": "DejaVu Sans", "figure.dpi": 110, "savefig.dpi": 110, "axes.titlesize": 11,
                     "axes.titleweight": "bold", "axes.labelsize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8})
FOCUS_COLOUR, OTHER_COLOUR = "#c0392b", "#5d6d7e"


def add_source(fig, text: str) -> None:
    fig.text(0.01, 0.005, text, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)


def correlation_heatmap(corr: pd.DataFrame, labels: dict[str, str], title: str, source: str, method="spearman",
                        scope="pooled"):
    data = corr[(corr["method"] == method) & (corr["scope"] == scope)]
    variables = list(dict.fromkeys([*data["x"], *data["y"]]))
    matrix = pd.DataFrame(np.nan, index=variables, columns=variables)
    for row in data.itertuples():
        matrix.loc[row.x, row.y] = matrix.loc[row.y, row.x] = row.r
    for variable in variables:
        matrix.loc[variable, variable] = 1.0
    names = [labels.get(v, v) for v in variables]
    size = max(5.5, 0.55 * len(variables) + 2.5)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    annot = matrix.map(lambda r: "" if pd.isna(r) else f"{r:.2f}")
    sns.heatmap(matrix, vmin=-1, vmax=1, cmap="RdBu_r", annot=annot, fmt="", annot_kws={"fontsize": 7},
                xticklabels=names, yticklabels=names, cbar_kws={"label": f"{method.title()} correlation (r)"},
                linewidths=0.5, linecolor="white", ax=ax)
    ax.set_title(title)
    ax.set_xlabel("Indicator")
    ax.set_ylabel("Indicator")
    fig.subplots_adjust(bottom=0.3, left=0.28)
    add_source(fig, source)
    return fig


def scatter_with_focus(frame: pd.DataFrame, x: str, y: str, labels: dict[str, str], title: str, source: str,
                       focus_codes=(), label_all_below: int = 35, xlabel: str | None = None, ylabel: str | None = None):
    data = frame[["province_code", "province_name", x, y]].dropna()
    fig, ax = plt.subplots(figsize=(7.2, 5))
    focus = data["province_code"].isin(focus_codes)
    ax.scatter(data.loc[~focus, x], data.loc[~focus, y], s=28, color=OTHER_COLOUR, alpha=0.75, label="Province")
    ax.scatter(data.loc[focus, x], data.loc[focus, y], s=70, color=FOCUS_COLOUR, zorder=3, label="Focus province")
    for row in data.itertuples():
        is_focus = row.province_code in focus_codes
        if is_focus or len(data) <= label_all_below:
            ax.annotate(row.province_name, (getattr(row, x), getattr(row, y)), fontsize=8 if is_focus else 6.5,
                        xytext=(3, 3), textcoords="offset points",
                        color=FOCUS_COLOUR if is_focus else "#333333", weight="bold" if is_focus else "normal")
    if len(data) >= 3:
        slope, intercept = np.polyfit(data[x], data[y], 1)
        xs = np.linspace(data[x].min(), data[x].max(), 20)
        ax.plot(xs, intercept + slope * xs, color="#999999", lw=1, ls="--", label="Least-squares line")
    ax.set_title(f"{title} (n = {len(data)})")
    ax.set_xlabel(xlabel or labels.get(x, x))
    ax.set_ylabel(ylabel or labels.get(y, y))
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.3)
    fig.subplots_adjust(bottom=0.18)
    add_source(fig, source)
    return fig


def rank_coverage_chart(panel: pd.DataFrame, title: str, source: str, xlabel: str, ylabel: str):
    totals = panel[(panel["level"] == "total") & panel["index"].isin(["par_index", "sipas"]) & panel["rank"].notna()]
    fig, ax = plt.subplots(figsize=(7.2, 3.6))
    bins = np.arange(0.5, 64.5, 3)
    for index, colour in (("par_index", "#2e86c1"), ("sipas", "#d68910")):
        ranks = totals.loc[totals["index"] == index, "rank"]
        ax.hist(ranks, bins=bins, alpha=0.6, color=colour, label=f"{'PAR INDEX' if index == 'par_index' else 'SIPAS'} "
                f"(n = {len(ranks)})")
    expected = len(totals) / len(bins[:-1]) / 2
    ax.axhline(expected, color="#555555", ls=":", lw=1, label="Even spread over 1-63 (per index)")
    ax.set_xlim(0.5, 63.5)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=7)
    fig.subplots_adjust(bottom=0.22)
    add_source(fig, source)
    return fig


def residual_figure(fit):
    resid, fitted = fit.residuals.to_numpy(), fit.fitted.to_numpy()
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4))
    left.scatter(fitted, resid, s=12, color=OTHER_COLOUR)
    left.axhline(0, color="#999999", lw=1)
    left.set_xlabel("Fitted value (SD units)")
    left.set_ylabel("Residual (SD units)")
    left.set_title("Residuals vs fitted")
    stats.probplot(resid, dist="norm", plot=right)
    right.set_title("Normal Q-Q plot of residuals")
    right.set_xlabel("Theoretical quantile")
    right.set_ylabel("Ordered residual")
    fig.suptitle(fit.spec.name, fontsize=8)
    fig.subplots_adjust(bottom=0.2, top=0.82, wspace=0.3)
    add_source(fig, f"Model: {fit.spec.describe()}. n = {len(resid)}.")
    return fig


def save_residual_diagnostics(fits, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for fit in fits:
        path = folder / (re.sub(r"[^A-Za-z0-9_.-]+", "_", fit.spec.name) + ".png")
        fig = residual_figure(fit)
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format="png")
        plt.close(fig)
        paths.append(path)
    return paths
