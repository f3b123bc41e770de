"""Deciding what to rebuild: one mechanism for the data step, the model step and every rendered document.

A step's *key* is a digest of everything it depends on: its inputs (files, or the rows of a table it shows), the
code that makes it and its parameters. The key of the last successful build of each step is kept in a build record
(a JSON file beside the outputs) together with a digest of the outputs it wrote. A step is current when its key is
the recorded one and its outputs are on disk as that build left them; a current step is skipped, anything else
(a changed source file, a changed template, a deleted or edited output) rebuilds it. `force` rebuilds regardless.

A damaged record (not JSON, or not a mapping of keys) is never fatal: it is moved aside under a name that says so,
the message names both files, and the build starts from an empty record (everything rebuilds once).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core import config
from analysis.core.atomic import atomic_path

PACKAGE = Path(__file__).resolve().parents[1]  # src/analysis


def digest_text(*parts: object) -> str:
    """A digest of plain values (strings, numbers, lists, mappings) in a stable JSON form."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def digest_files(paths: Iterable[Path]) -> str:
    """A digest of files' names and bytes (a missing file counts as missing). Names are taken relative to the package
    or the project, so two checkouts of the same code give the same digest."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(_stable_name(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def digest_frame(frame: pd.DataFrame) -> str:
    """A digest of a table's values and columns (row order counts, the index does not)."""
    values = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    return hashlib.sha256(values + "\0".join(map(str, frame.columns)).encode()).hexdigest()


def code_digest(*packages: str) -> str:
    """A digest of the code of some of the package's stages (e.g. "core", "data"), templates included: what shapes
    a step besides its data and parameters."""
    files = [
        p for part in packages for p in (PACKAGE / part).rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ]
    return digest_files(files)


def _stable_name(path: Path) -> str:
    resolved = path.resolve()
    for root in (PACKAGE.parent, config.PROJECT_ROOT):
        if resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    return path.name


class BuildRecord:
    """The keys (and output digests) of the last successful builds of some steps, kept in one JSON file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.entries: dict[str, dict[str, Any]] = self._read()
        self.changed = False

    def _read(self) -> dict[str, dict[str, Any]]:
        if not self.path.is_file():
            return {}
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
            problem = "" if _well_formed(entries) else f"holds a {type(entries).__name__}, not a record of builds"
        except (ValueError, UnicodeDecodeError) as exc:
            problem = f"is not readable JSON ({exc})"
        if not problem:
            return entries
        aside = self.path.with_name(f"{self.path.stem}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}{self.path.suffix}")
        os.replace(self.path, aside)
        print(
            f"warning: the build record {self.path} {problem}; moved it to {aside} and rebuilding everything it "
            f"covered",
            file=sys.stderr,
        )
        return {}

    def is_current(self, name: str, key: str) -> bool:
        """Whether `name` was last built with `key` and the files it wrote are on disk exactly as it wrote them."""
        entry = self.entries.get(name)
        if entry is None or entry.get("key") != key:
            return False
        outputs = [self.path.parent / file for file in entry.get("files", [])]
        return bool(outputs) and all(p.is_file() for p in outputs) and entry.get("outputs") == digest_files(outputs)

    def record(self, name: str, key: str, outputs: Iterable[Path]) -> None:
        """`name` built with `key`, having written `outputs` (files inside the record's folder)."""
        outputs = sorted(Path(p).resolve() for p in outputs)
        files = [p.relative_to(self.path.parent.resolve()).as_posix() for p in outputs]
        self.entries[name] = {"key": key, "files": files, "outputs": digest_files(outputs)}
        self.changed = True

    def forget(self, name: str) -> None:
        if self.entries.pop(name, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the record (atomically) if anything changed since it was read."""
        if self.changed:
            with atomic_path(self.path) as tmp:
                tmp.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
            self.changed = False


def _well_formed(entries: object) -> bool:
    return isinstance(entries, dict) and all(
        isinstance(name, str)
        and isinstance(entry, dict)
        and isinstance(entry.get("key"), str)
        and isinstance(entry.get("files"), list)
        for name, entry in entries.items()
    )
