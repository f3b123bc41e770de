"""Tables as the briefings show them: only the cells that carry a style have an id, and the table's id depends on its
content alone."""

from __future__ import annotations

import re

import pandas as pd
from bs4 import BeautifulSoup

from analysis.report.tables import styled

FRAME = pd.DataFrame({"Tỉnh": ["Hà Nội", "Hà Nam", "Nam Định"], "Điểm": [44.45, 43.29, float("nan")]})


def test_only_the_cells_given_a_style_carry_an_id_and_the_style_reaches_them():
    page = BeautifulSoup(styled(FRAME, "vi", "PAPI 2021", highlight="Hà Nam").to_html(), "html.parser")
    with_id = [cell for cell in page.find_all(["td", "th"]) if cell.get("id")]
    assert [cell.get_text() for cell in with_id] == ["Hà Nam", "43,29"], "the bold row's two cells, no other"
    rule = page.style.get_text()
    assert all(f"#{cell['id']}" in rule for cell in with_id) and "font-weight: bold" in rule
    assert [cell.get_text() for cell in page.find_all("td")][4:] == ["Nam Định", "—"]


def test_a_table_without_styled_cells_has_no_cell_ids_and_its_id_comes_from_its_content():
    first, again = (styled(FRAME, "en", "PAPI 2021").to_html() for _ in range(2))
    assert first == again
    page = BeautifulSoup(first, "html.parser")
    assert not [cell for cell in page.find_all(["td", "th"]) if cell.get("id")]
    other = styled(FRAME.assign(Điểm=[1.0, 2.0, 3.0]), "en", "PAPI 2021").to_html()
    table_id = re.compile(r'<table id="(T_[0-9a-f]+)"')
    assert table_id.search(first) and table_id.search(first).group(1) != table_id.search(other).group(1)
