"""Helpers the tests share (not fixtures): digests of folders and finding lines by their content."""

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
