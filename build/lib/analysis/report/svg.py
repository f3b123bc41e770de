"""Charts as the briefings show them: SVG with every word kept as text, the chart's title as its accessible name and,
where given, a tooltip (`<title>`) on named parts such as the map's provinces.

A `Chart` is what a notebook displays (Jupyter draws it inline through `_repr_svg_`) and what the briefing's
nbconvert template writes into the page as it is, so the HTML shows tooltips and the PDF prints vector text.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str

    def _repr_svg_(self) -> tuple[str, dict[str, str]]:
        """The SVG, and its title as the output's metadata (the printed page's `alt` text)."""
        return self.svg, {"title": self.title}


def chart(fig: Figure, title: str, tooltips: Mapping[str, str] | None = None) -> Chart:
    """The figure as an SVG element. `title` (required) names the chart for screen readers and tests; `tooltips`
    maps the gid of an artist (`artist.set_gid`) to the words shown when the pointer rests on it."""
    if not title.strip():
        raise ValueError("every chart needs a title")
    buffer = io.BytesIO()
    # The tight crop measured once with Agg (matplotlib's "tight" would draw the SVG twice); no date in the file,
    # so the same figure gives the same bytes. fonttype none: words stay text; the salt keeps clip-path ids
    # distinct between the charts of one page.
    crop = fig.get_tightbbox(FigureCanvasAgg(fig).get_renderer()).padded(mpl.rcParams["savefig.pad_inches"])
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": title}):
        fig.savefig(buffer, format="svg", bbox_inches=crop, metadata={"Date": None})
    root = ET.fromstring(buffer.getvalue())
    root.set("role", "img")
    _prepend_title(root, title)
    tooltips = tooltips or {}
    missing = set(tooltips)
    for element in root.iter():
        gid = element.get("id", "")
        if gid in tooltips:
            _prepend_title(element, tooltips[gid])
            missing.discard(gid)
    if missing:
        raise ValueError(f"no chart element carries the tooltip ids {sorted(missing)}")
    return Chart(title, ET.tostring(root, encoding="unicode"))


def _prepend_title(element: ET.Element, text: str) -> None:
    node = ET.Element(f"{{{SVG_NS}}}title")
    node.text = text
    element.insert(0, node)
