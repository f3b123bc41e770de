"""Printing a page: the PDF is written whole, the cyclic garbage of the print is collected before it returns, and the
garbage collector is left as it was found."""

from __future__ import annotations

import gc

from analysis.report.render import html_to_pdf

ROWS = "".join(f"<tr><td>Tỉnh {i}</td><td>{i * 1.5:.2f}</td></tr>" for i in range(300))
PAGE = f"<html><body><h1>Chỉ số</h1><table>{ROWS}</table></body></html>"


def test_the_print_collects_its_cycles_and_turns_the_collector_back_on(tmp_path):
    html_to_pdf(PAGE, tmp_path / "warm.pdf")  # fonts and caches loaded once
    gc.collect()
    before = len(gc.get_objects())
    html_to_pdf(PAGE, tmp_path / "page.pdf")
    pending = gc.get_count()[0]  # objects made since the last collection
    assert pending < 100, "the print's objects were collected before it returned, not left for later"
    assert gc.isenabled()
    assert len(gc.get_objects()) - before < 1_000, "the thousands of boxes in cycles were freed"
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF-")


def test_a_collector_that_was_off_stays_off(tmp_path):
    gc.disable()
    try:
        html_to_pdf(PAGE, tmp_path / "page.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF-")
