"""The printed briefing as WeasyPrint lays it out, page by page, for 2018, 2021, 2023 and 2024 in both languages: the
leader's pages fit two A4 pages and the technical annex starts on the third, every page but the last is at least 60%
filled, no table is parted from its caption and no heading is left at the foot of a page."""

from __future__ import annotations

import nbformat
import pytest

from analysis.report.batch import report_paths
from analysis.report.render import notebook_to_html
from helpers import render_briefings

pytestmark = pytest.mark.slow  # renders eight briefings

YEARS, LANGS = (2018, 2021, 2023, 2024), ("vi", "en")
MIN_FILLED = 0.60


@pytest.fixture(scope="module")
def layouts(tmp_path_factory, raw_dir, processed_dir):
    """{(year, lang): WeasyPrint's pages} of the printed briefings, rendered from the session's data."""
    from weasyprint import HTML

    out = render_briefings(tmp_path_factory.mktemp("print_layout"), raw_dir, processed_dir, YEARS, LANGS, ["html"])
    pages = {}
    for year in YEARS:
        for lang in LANGS:
            notebook = nbformat.read(report_paths(out, year, lang)["ipynb"], as_version=4)
            pages[year, lang] = HTML(string=notebook_to_html(notebook, "t", lang, for_print=True)).render().pages
    return pages


def _boxes(page):
    return list(page._page_box.descendants())


def _ink(page):
    """The boxes that put text or an image on the page, inside its content area (not the running header/footer)."""
    from weasyprint.formatting_structure import boxes

    box = page._page_box
    top, height = box.content_box_y(), box.height
    return [
        b
        for b in _boxes(page)
        if isinstance(b, (boxes.TextBox, boxes.ReplacedBox)) and top <= b.position_y < top + height
    ]


def filled_share(page) -> float:
    """How far down its content area a page's text and images reach, from 0 to 1."""
    box = page._page_box
    bottoms = [b.position_y + b.margin_height() for b in _ink(page)]
    return (max(bottoms) - box.content_box_y()) / box.height


def _page_of(pages, anchor: str) -> int:
    """The page (from 1) holding the element with id `anchor`."""
    for number, page in enumerate(pages, start=1):
        if any(getattr(b, "element", None) is not None and b.element.get("id") == anchor for b in _boxes(page)):
            return number
    raise AssertionError(f"no element #{anchor}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("year", YEARS)
def test_every_page_but_the_last_is_at_least_60_percent_filled(layouts, year, lang):
    shares = [round(filled_share(page), 2) for page in layouts[year, lang]]
    assert min(shares[:-1]) >= MIN_FILLED, shares


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("year", YEARS)
def test_the_leaders_pages_fit_two_pages_and_the_annex_starts_the_third(layouts, year, lang):
    pages = layouts[year, lang]
    assert _page_of(pages, "summary-35") == 1
    assert _page_of(pages, "annex") == 3
    annex_page = pages[2]
    first = min(_ink(annex_page), key=lambda b: b.position_y)
    assert first.position_y <= annex_page._page_box.content_box_y() + 30, "the annex heading opens its page"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("year", YEARS)
def test_no_table_is_parted_from_its_caption_and_no_heading_ends_a_page(layouts, year, lang):
    from weasyprint.formatting_structure import boxes

    seen: set[int] = set()
    captions = 0
    for number, page in enumerate(layouts[year, lang], start=1):
        everything = _boxes(page)
        ink = _ink(page)
        lowest = max(b.position_y for b in ink)
        for box in everything:
            if getattr(box, "is_table_wrapper", False):  # the block that holds a table and its caption
                caption = [c for c in box.children if isinstance(c, boxes.TableCaptionBox)]
                rows = [
                    row
                    for table in box.children
                    if isinstance(table, boxes.TableBox)
                    for group in table.children
                    if group.element_tag == "tbody"
                    for row in group.children
                ]
                assert rows or not caption, f"page {number}: '{_text(caption[0])}' is printed without its table"
                captions += bool(caption)
            if box.element_tag in ("h2", "h3") and id(box.element) not in seen:
                seen.add(id(box.element))
                bottom = box.position_y + box.margin_height()
                assert lowest > bottom, f"page {number}: the heading '{_text(box)}' ends the page"
    assert captions >= 5 and len(seen) >= 8, "the check saw the briefing's captioned tables and headings"


def _text(box) -> str:
    from weasyprint.formatting_structure import boxes

    return "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))[:80]
