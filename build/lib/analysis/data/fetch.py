"""Ingest: copy the source files into data/raw/ and verify each against the committed checksum manifest."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import stat
from pathlib import Path, PurePosixPath

from analysis.core import config
from analysis.core.atomic import atomic_path
from analysis.core.errors import DataError, SourceMissingError

MANIFEST_COLUMNS = ["path", "sha256", "bytes", "origin"]
FETCHED = ".fetched"  # in data/raw/: the files the last fetch wrote


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(path: Path = config.MANIFEST_PATH) -> list[dict]:
    """The manifest's rows, checked: the columns present, at least one row, every path relative and inside the
    source folder (no absolute path, no '..'), every checksum 64 hex digits. Errors name the line."""
    label = str(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            columns = reader.fieldnames or []
    except FileNotFoundError:
        raise SourceMissingError(
            f"{label} does not exist: record the sources with `python -m analysis manifest`"
        ) from None
    if missing := [c for c in ("path", "sha256") if c not in columns]:
        raise DataError(label, f"needs the columns {missing} (found {columns})", line=1)
    if not rows:
        raise DataError(label, "lists no files: an empty manifest would check nothing")
    for line, row in enumerate(rows, start=2):
        rel = row["path"] or ""
        parts = PurePosixPath(rel).parts
        if not rel or rel.startswith("/") or "\\" in rel or ".." in parts or (parts and parts[0].endswith(":")):
            raise DataError(
                label, "a path must be relative and stay inside the source folder", line=line, column="path", value=rel
            )
        if not re.fullmatch(r"[0-9a-f]{64}", row["sha256"] or ""):
            raise DataError(
                label, "sha256 must be 64 hexadecimal digits", line=line, column="sha256", value=row["sha256"]
            )
    return rows


def check_source(source: Path) -> None:
    if not source.is_dir():
        raise SourceMissingError(
            f"The source data folder {source} does not exist. This project reads the PAPI, PAR INDEX and SIPAS files "
            f"from a folder laid out like shared/data (papi/, papi_official/, par_index/, sipas/, reference/). By "
            f"default it is ../shared/data beside the project; point elsewhere with `python -m analysis data --source "
            f"DIR` or the {config.SOURCE_ENV_VAR} environment variable. data/README.md says where every file comes "
            f"from and how to obtain it outside this setup."
        )


def write_manifest(source: Path, manifest: Path = config.MANIFEST_PATH) -> int:
    """Record every file under `source` (path, sha256, size, origin). Run after deliberately updating the sources."""
    check_source(source)
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    if links := [p for p in files if p.is_symlink()]:
        raise DataError(str(links[0]), "is a link; the manifest records regular files only (copy the file in)")
    with atomic_path(manifest) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for file in files:
            rel = file.relative_to(source).as_posix()
            writer.writerow(
                {
                    "path": rel,
                    "sha256": sha256(file),
                    "bytes": file.stat().st_size,
                    "origin": config.origin_of(rel),
                }
            )
    return len(files)


def fetch(source: Path, raw_dir: Path = config.RAW_DIR, manifest: Path = config.MANIFEST_PATH) -> list[Path]:
    """Check every source file against the manifest, then bring data/raw/ in line with it: copy what is missing or
    stale (raw is a verified cache of the source), remove what the manifest no longer lists.

    Every run hashes every source file, so an edited, added or removed source file is caught even when data/raw/ is
    already filled. Problems are collected and reported together, and nothing is copied unless all check out.
    """
    check_source(source)
    entries = read_manifest(manifest)
    source_root = Path(source).resolve()
    problems, to_copy = [], []
    for entry in entries:
        rel, expected = entry["path"], entry["sha256"]
        origin = Path(source) / rel
        if origin.is_symlink() or not origin.resolve().is_relative_to(source_root):
            problems.append(
                f"{origin}: a link or a path leading outside the source folder; only regular files inside it are read"
            )
        elif not origin.exists():
            problems.append(
                f"{origin}: listed in data/manifest.csv but missing from the source folder. If it was "
                f"removed on purpose, run `python -m analysis manifest` to record that"
            )
        elif not origin.is_file():
            problems.append(f"{origin}: listed in data/manifest.csv as a file but it is a folder or a device")
        elif (actual := sha256(origin)) != expected:
            problems.append(
                f"{origin}: checksum {actual[:12]}... differs from the manifest's {expected[:12]}... "
                f"(the file changed at the source). If the change is intended, review it and run "
                f"`python -m analysis manifest` to record the new version"
            )
        else:
            target = Path(raw_dir) / rel
            if not (target.is_file() and not target.is_symlink() and sha256(target) == expected):
                to_copy.append((origin, target))
    listed = {entry["path"] for entry in entries}
    present = (p.relative_to(source).as_posix() for p in Path(source).rglob("*") if p.is_file())
    unrecorded = sorted(rel for rel in present if rel not in listed and not PurePosixPath(rel).name.startswith("."))
    problems += [
        f"{Path(source) / rel}: in the source folder but not in data/manifest.csv; review it and run "
        f"`python -m analysis manifest` to record it"
        for rel in unrecorded
    ]
    if problems:
        raise SourceMissingError("Fetching raw data failed:\n  " + "\n  ".join(problems))
    for origin, target in to_copy:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        with atomic_path(target) as tmp:
            shutil.copyfile(origin, tmp)
        os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    _remove_unlisted(Path(raw_dir), listed)
    return [Path(raw_dir) / rel for rel in sorted(listed)]


def _remove_unlisted(raw_dir: Path, listed: set[str]) -> None:
    """Files an earlier fetch copied that the manifest no longer lists (a source removed and the removal recorded)
    are removed; data/raw/.fetched remembers what fetch wrote, so nothing else in the folder is touched."""
    record = raw_dir / FETCHED
    earlier = set(record.read_text(encoding="utf-8").splitlines()) if record.is_file() else set()
    for rel in sorted(earlier - listed):
        stale = raw_dir / rel
        if stale.is_file() and stale.resolve().is_relative_to(raw_dir.resolve()):
            stale.unlink()
    raw_dir.mkdir(parents=True, exist_ok=True)
    with atomic_path(record) as tmp:
        tmp.write_text("\n".join(sorted(listed)) + "\n", encoding="utf-8")
