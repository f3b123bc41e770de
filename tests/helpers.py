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
