"""Printed briefings read like print: no word on any page of the A4 PDF is smaller than 7 pt.

The size a reader sees is the font size times the scale of every matrix in force where the word is drawn: the
page's, the current transformation matrix (a chart is an SVG image scaled into its column, drawn as a form XObject
with its own matrix) and the text matrix. pypdf reports the last two for text inside a form relative to the form, so
the visitor below keeps the stack of forms it has entered."""

import pytest
from pypdf import PdfReader

from analysis.report.batch import report_paths
from analysis.report.plots import MIN_TEXT_PT
from helpers import render_briefings

pytestmark = pytest.mark.slow  # renders four documents

YEARS, LANGS = (2021, 2024), ("vi", "en")
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m, n):
    """The PDF matrix product m × n (row vectors: a point goes through m first)."""
    a, b, c, d, e, f = m
    p, q, r, s, u, v = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + u, e * q + f * s + v)


class _Page:
    """pypdf visitors for one page: the forms entered (each with its matrix into the page and its resources) and
    every run of text with its effective size."""

    def __init__(self, page, number, runs):
        self.forms = [(IDENTITY, page["/Resources"].get_object())]
        self.number, self.runs = number, runs

    def before(self, operator, operands, cm, tm):
        if operator == b"Do":
            matrix, resources = self.forms[-1]
            form = resources["/XObject"][operands[0]].get_object()
            inner = tuple(float(v) for v in form.get("/Matrix", IDENTITY))
            own = form["/Resources"].get_object() if "/Resources" in form else resources
            self.forms.append((_times(_times(inner, tuple(cm)), matrix), own))

    def after(self, operator, operands, cm, tm):
        if operator == b"Do":
            self.forms.pop()

    def text(self, text, cm, tm, font, size):
        if text.strip():
            _, _, c, d, _, _ = _times(_times(tuple(tm), tuple(cm)), self.forms[-1][0])
            self.runs.append((size * (c * c + d * d) ** 0.5, self.number, text.strip()))


def text_sizes(path):
    """(effective size in pt, page number, text) of every run of text in the PDF."""
    runs: list = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        visitor = _Page(page, number, runs)
        page.extract_text(
            visitor_text=visitor.text, visitor_operand_before=visitor.before, visitor_operand_after=visitor.after
        )
    return runs


@pytest.fixture(scope="module")
def printed(tmp_path_factory, raw_dir, processed_dir):
    return render_briefings(tmp_path_factory.mktemp("printed"), raw_dir, processed_dir, YEARS, LANGS, ["pdf"])


def test_the_measure_sees_the_page_text_at_its_css_size(printed):
    """The body text is 10.5 pt and the page numbers 8 pt in briefing.css: the measure reads them so, and the
    charts' words are found inside their scaled images (the dashboard's 60 provinces, each with its scores)."""
    runs = text_sizes(report_paths(printed, 2021, "vi")["pdf"])
    sizes = {round(size, 2) for size, _, _ in runs}
    assert {10.5, 8.0} <= sizes
    assert len([text for _, _, text in runs if text == "Hà Nam"]) >= 3


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("year", YEARS)
def test_no_printed_text_is_smaller_than_7_pt(printed, year, lang):
    runs = text_sizes(report_paths(printed, year, lang)["pdf"])
    assert len(runs) > 500
    small = [f"page {page}: {size:.2f} pt {text[:50]!r}" for size, page, text in runs if size < MIN_TEXT_PT - 1e-3]
    assert not small, "\n".join(small)
