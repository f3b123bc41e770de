"""Charts as the briefing writes them into the page: SVG with words as text, a title and tooltips."""

import xml.etree.ElementTree as ET

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
