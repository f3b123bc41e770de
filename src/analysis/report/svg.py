"""Charts as the briefings show them: SVG with every word kept as text, the chart's title as its accessible name and,
where given, a tooltip (`<title>`) on named parts such as the map's provinces.

A `Chart` is what a notebook displays (Jupyter draws it inline through `_repr_svg_`) and what the briefing's
nbconvert template writes into the page as it is, so the HTML shows tooltips and the PDF prints vector text.
"""

from __future__ import annotations

import functools
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


@dataclass(frozen=True, repr=False)
class Chart:
    title: str
    svg: str

    def _repr_svg_(self) -> tuple[str, dict[str, str]]:
        """The SVG, and its title as the output's metadata (the printed page's `alt` text)."""
        return self.svg, {"title": self.title}

    def __repr__(self) -> str:
        """The notebook's plain-text form of the chart: its title, not the SVG a second time (a briefing's executed
        notebook would carry every chart twice)."""
        return f"Chart: {self.title}"


def chart(fig: Figure, title: str, tooltips: Mapping[str, str] | None = None) -> Chart:
    """The figure as an SVG element. `title` (required) names the chart for screen readers and tests; `tooltips`
    maps the gid of an artist (`artist.set_gid`) to the words shown when the pointer rests on it."""
    if not title.strip():
        raise ValueError("every chart needs a title")
    buffer = io.BytesIO()
    # The tight crop measured once with Agg (matplotlib's "tight" would draw the SVG twice), by the renderer that
    # measured the figure's words while it was laid out; no date in the file, so the same figure gives the same
    # bytes. fonttype none: words stay text; the salt keeps clip-path ids distinct between the charts of one page.
    crop = fig.get_tightbbox(measuring_renderer(fig.dpi)).padded(mpl.rcParams["savefig.pad_inches"])
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
    _lighten(root)
    return Chart(title, ET.tostring(root, encoding="unicode"))


@functools.cache
def measuring_renderer(dpi: float) -> Any:
    """What measures words and boxes at `dpi`: one renderer per resolution for the whole process, shared by the
    charts' layout (analysis.report.plots) and their crop here, so its text-size cache serves every figure (sizes
    depend on the dpi alone)."""
    return FigureCanvasAgg(Figure(dpi=dpi)).get_renderer()


# The properties matplotlib's own <style> sets on every element (`*{stroke-linejoin: round; stroke-linecap: butt}`):
# a rule beats a presentation attribute, so an element's own value for them stays in its style attribute.
SET_BY_RULE = frozenset({"stroke-linejoin", "stroke-linecap"})
NO_ROTATION = re.compile(r"rotate\(-?0 [^ )]+ [^ )]+\)")
# The group matplotlib opens around every text it draws, named by a counter (text_1, text_2, ...) when the artist
# has no gid of its own: it holds the one <text> element and sets nothing.
TEXT_GROUP = re.compile(r"text_\d+")


def _lighten(root: ET.Element) -> None:
    """The same drawing in fewer parts, which WeasyPrint prints in less time and a phone loads sooner: each
    element's `style` as presentation attributes (parsed as CSS for every element otherwise), no identity rotations
    (`rotate(-0 x y)` on every label), no empty groups (matplotlib leaves one per tick line it did not draw), no
    counter-named group around each text (the dashboard's numbers were half its elements) and no metadata block
    (the creator's name)."""
    for parent in list(root.iter()):
        for position, element in reversed(list(enumerate(parent))):
            if element.tag == f"{{{SVG_NS}}}metadata" or (element.tag == f"{{{SVG_NS}}}g" and not len(element)):
                parent.remove(element)
            elif _only_wraps_a_text(element):
                parent.remove(element)
                parent.insert(position, element[0])
    for element in list(root.iter()):
        style = element.attrib.pop("style", None)
        if style is not None:
            kept = []
            for declaration in filter(None, (part.strip() for part in style.split(";"))):
                name, value = (half.strip() for half in declaration.split(":", 1))
                if name in SET_BY_RULE:
                    kept.append(declaration)
                else:
                    element.set(name, value)
            if kept:
                element.set("style", "; ".join(kept))
        if NO_ROTATION.fullmatch(element.get("transform", "")):
            del element.attrib["transform"]


def _only_wraps_a_text(element: ET.Element) -> bool:
    return (
        element.tag == f"{{{SVG_NS}}}g"
        and element.keys() == ["id"]
        and TEXT_GROUP.fullmatch(element.get("id", "")) is not None
        and len(element) == 1
        and element[0].tag == f"{{{SVG_NS}}}text"
    )


def _prepend_title(element: ET.Element, text: str) -> None:
    node = ET.Element(f"{{{SVG_NS}}}title")
    node.text = text
    element.insert(0, node)
