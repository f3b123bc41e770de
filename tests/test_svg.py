"""Charts as the briefing writes them into the page: SVG with words as text, a title and tooltips."""

import xml.etree.ElementTree as ET

import matplotlib as mpl
import pytest
from matplotlib.figure import Figure

from analysis.report.markdown import heading, plain_markdown
from analysis.report.svg import SVG_NS, chart


def _figure():
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.bar([0, 1], [1, 2], gid="bars")
    ax.set_xlabel("Năm & <điểm>")
    return fig


def test_chart_is_svg_named_by_its_title_with_words_as_text_and_tooltips():
    drawn = chart(_figure(), "Điểm PAPI", {"bars": "Hà Nam: PAPI 43,29 <cao>"})
    svg, metadata = drawn._repr_svg_()
    root = ET.fromstring(svg)
    assert metadata == {"title": "Điểm PAPI"}
    assert root.tag == f"{{{SVG_NS}}}svg" and root.get("role") == "img"
    assert root[0].tag == f"{{{SVG_NS}}}title" and root[0].text == "Điểm PAPI"
    bars = next(e for e in root.iter() if e.get("id") == "bars")
    assert bars[0].text == "Hà Nam: PAPI 43,29 <cao>"  # escaped in the markup, exact when read
    texts = " ".join(e.text or "" for e in root.iter(f"{{{SVG_NS}}}text"))
    assert "Năm & <điểm>" in texts
    assert not drawn.svg.startswith("<?xml"), "written into an HTML page, not a file"


def test_chart_refuses_a_missing_title_or_a_tooltip_for_nothing():
    with pytest.raises(ValueError, match="title"):
        chart(_figure(), " ")
    with pytest.raises(ValueError, match="province-99"):
        chart(_figure(), "Điểm", {"province-99": "?"})


@pytest.mark.parametrize("text", ["SC62 *Giáo dục* [tiểu học]", "a_b_c <script>", "# 1 | 2 `x` \\"])
def test_text_from_data_is_shown_exactly_in_markdown(text):
    import mistune

    rendered = mistune.html(plain_markdown(text))
    assert rendered.strip() == f"<p>{mistune.escape(text)}</p>" or rendered.strip() == f"<p>{text}</p>"
    assert "<em>" not in rendered and "<script>" not in rendered and "<h1>" not in rendered
    assert 'id="summary-01"' in heading("Hà Nam", "summary-01").data


def _drawing(root):
    """Every element's tag, text and presentation (its attributes and style declarations as one mapping), in document
    order: what a renderer draws from."""
    drawn = []
    for element in root.iter():
        properties = {k: v for k, v in element.attrib.items() if k != "style"}
        for declaration in filter(None, (d.strip() for d in element.get("style", "").split(";"))):
            name, value = (half.strip() for half in declaration.split(":", 1))
            properties[name] = value
        drawn.append((element.tag, (element.text or "").strip(), properties))
    return drawn


def _without_inert_groups(drawing):
    """A drawing less its groups that set nothing (an id alone): their children are drawn alike with or without
    them."""
    return [
        (tag, text, properties)
        for tag, text, properties in drawing
        if not (tag == f"{{{SVG_NS}}}g" and set(properties) <= {"id"})
    ]


def test_the_lighter_svg_draws_what_matplotlib_wrote():
    """The chart's SVG against matplotlib's own for the same figure: the same elements with the same properties,
    less only the identity rotations, the empty groups, the groups that set nothing around each text and the
    metadata block (each dropped for the printer's sake)."""
    import io

    from analysis.report import svg as svg_module

    fig = _figure()
    fig.axes[0].set_title("Tiêu đề")
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "x"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    written = ET.fromstring(buffer.getvalue())
    lighter = ET.fromstring(buffer.getvalue())
    svg_module._lighten(lighter)
    elements_written = len(list(written.iter()))

    for parent in list(written.iter()):  # what is left out: the metadata block and the groups with nothing in them
        for element in list(parent):
            if element.tag == f"{{{SVG_NS}}}metadata" or (element.tag == f"{{{SVG_NS}}}g" and not len(element)):
                parent.remove(element)
    expected = _drawing(written)
    for _, _, properties in expected:
        if properties.get("transform", "").startswith(("rotate(-0 ", "rotate(0 ")):
            del properties["transform"]
    assert _without_inert_groups(_drawing(lighter)) == _without_inert_groups(expected)
    text_groups = [e for e in written.iter() if e.tag == f"{{{SVG_NS}}}g" and e.get("id", "").startswith("text_")]
    assert text_groups, "matplotlib wraps each text in a group named by a counter"
    assert not [e for e in lighter.iter() if e.tag == f"{{{SVG_NS}}}g" and e.get("id", "").startswith("text_")]
    assert len(list(lighter.iter())) < elements_written
    styles = [e.get("style") for e in lighter.iter() if e.get("style")]
    assert all(
        set(s.replace(" ", "").split(";"))
        <= {
            "stroke-linejoin:round",
            "stroke-linecap:butt",
            "stroke-linejoin:miter",
            "stroke-linecap:round",
            "stroke-linecap:square",
            "stroke-linejoin:bevel",
        }
        for s in styles
    ), styles
    # matplotlib's own <style> sets these two on every element, and a rule beats an attribute: they stay in style
    assert not [e for e in lighter.iter() if {"stroke-linejoin", "stroke-linecap"} & set(e.attrib)]
    assert not [e for e in lighter.iter() if "rotate(-0 " in e.get("transform", "")]
    assert not [e for e in lighter.iter() if e.tag == f"{{{SVG_NS}}}g" and not len(e)]


def test_a_chart_shows_its_title_as_plain_text_not_its_svg_again():
    drawn = chart(_figure(), "Điểm PAPI")
    assert repr(drawn) == "Chart: Điểm PAPI"
