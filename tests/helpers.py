"""Helpers the tests share (not fixtures): digests of folders, finding lines by their content, a data step that must
refuse, briefings rendered from the session's data."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def line_containing(path: Path, text: str) -> int:
    """The 1-based number of the first line of `path` that contains `text` (found by content, not assumed)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not found in {path}")


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def page_text(items: list[object]) -> str:
    """What a reader reads in a page's displayed items: Markdown as written (escapes undone), tables' captions and
    cells, charts' titles."""
    import html
    import re

    parts = []
    for item in items:
        data = getattr(item, "data", None)
        if isinstance(data, str):
            parts.append(re.sub(r"\\(.)", r"\1", data))
        elif hasattr(item, "to_html"):  # a table: its caption and cells as the page prints them
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", item.to_html())))
        elif hasattr(item, "title"):
            parts.append(str(item.title))
    return "\n".join(parts)


def refused_data_step(raw: Path, tmp_path: Path) -> Exception:
    """Run the data step on `raw` into a processed folder holding an earlier build; it must refuse with a DataError
    and leave that folder exactly as it was. Returns the error."""
    import pytest

    from analysis.core.errors import DataError
    from analysis.data.build import build_processed

    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "earlier.csv").write_text("an earlier build\n", encoding="utf-8")
    before = tree_digest(processed)
    with pytest.raises(DataError) as caught:
        build_processed(raw, processed)
    assert tree_digest(processed) == before, "nothing is written when the data step refuses"
    assert not list(processed.glob(".staging-*")), "no staging folder is left behind"
    return caught.value


def render_briefings(out: Path, raw: Path, processed: Path, years, langs, formats) -> Path:
    """The Hà Nam briefings of `years` x `langs` rendered into `out` from already built data; all must succeed."""
    from analysis import pipeline
    from analysis.pipeline import Folders

    result = pipeline.reports(
        years=list(years),
        focus=["Hà Nam"],
        langs=list(langs),
        formats=list(formats),
        workers=2,
        folders=Folders(raw=raw, processed=processed, reports=out),
        refresh_data=False,
    )
    assert all(outcome.ok for outcome in result.rendered), [o.error for o in result.rendered if not o.ok]
    return out
