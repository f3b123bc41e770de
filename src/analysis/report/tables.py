"""Tables as a reader sees them: pandas Stylers with numbers in the report's language, missing values as '—', a
caption, no index, and ids that depend only on the table's content (the same parameters give the same page)."""

from __future__ import annotations

import hashlib
import html
from typing import Any

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from analysis.core.text import number


def styled(
    frame: pd.DataFrame, lang: str, caption: str, digits: int = 2, signed: tuple[str, ...] = (), highlight: str = ""
) -> Styler:
    """The table as a reader sees it: numbers in the language's format, missing as '—', a caption, no index; the row
    whose first cell is `highlight` (the focus province) in bold; `signed` columns with an explicit sign."""

    def plain(value: Any) -> str:
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return number(float(value), lang, ".0f")
        if isinstance(value, (float, np.floating)):
            return "—" if pd.isna(value) else number(float(value), lang, f".{digits}f")
        return str(value)

    def plus(value: Any) -> str:
        return "—" if pd.isna(value) else number(float(value), lang, f"+.{digits}f")

    # text from the data (names, notes) is escaped before it is formatted, in the cells and the headers alike: data
    # never becomes markup in a page that is sent around and opened in browsers. Only the cells given a style (the
    # bold row) carry an id: WeasyPrint makes every id a link target (a style declaration it parses, a box it
    # records), and a briefing's 800 cell ids, which nothing links to, took a sixth of its printing time
    styler = Styler(frame, cell_ids=False).format(plain, escape="html").format_index(escape="html", axis=1)
    if signed:
        styler = styler.format(plus, subset=list(signed), escape="html")
    if highlight:
        first = frame.columns[0]
        styler = styler.apply(lambda row: ["font-weight: bold" if row[first] == highlight else ""] * len(row), axis=1)
    # ids from the caption and the cells instead of pandas' random ones: the same parameters give the same page
    uuid = hashlib.sha256(f"{caption}\n{frame.to_csv()}".encode()).hexdigest()[:10]
    return (
        styler.set_uuid(uuid)
        .set_caption(html.escape(caption, quote=False))
        .hide(axis="index")
        .set_table_attributes('class="briefing-table"')
    )
