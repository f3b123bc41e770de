"""Ingest: copy the source files into data/raw/ and verify each against the committed checksum manifest."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import stat
from pathlib import Path

from analysis import config
from analysis.atomic import atomic_path
from analysis.errors import SourceMissingError

MANIFEST_COLUMNS = ["path", "sha256", "bytes", "origin"]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(path: Path = config.MANIFEST_PATH) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


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
    """Copy each manifest file from `source` into `raw_dir` unless an identical copy is there; verify all.

    Problems are collected and reported together, and nothing is copied unless every source file checks out.
    A raw copy that no longer matches its checksum is reported, never silently overwritten.
    """
    check_source(source)
    entries = read_manifest(manifest)
    problems, to_copy = [], []
    for entry in entries:
        rel, expected = entry["path"], entry["sha256"]
        target = raw_dir / rel
        if target.is_file():
            if sha256(target) == expected:
                continue
            problems.append(
                f"data/raw/{rel}: the local raw copy was modified (checksum differs from "
                f"data/manifest.csv); raw data is never edited. Delete it to fetch it again"
            )
            continue
        origin = source / rel
        if not origin.is_file():
            problems.append(f"{origin}: listed in data/manifest.csv but missing from the source folder")
            continue
        actual = sha256(origin)
        if actual != expected:
            problems.append(
                f"{origin}: checksum {actual[:12]}... differs from the manifest's {expected[:12]}... "
                f"(the file changed at the source). If the change is intended, review it and run "
                f"`python -m analysis manifest` to record the new version"
            )
            continue
        to_copy.append((origin, target))
    if problems:
        raise SourceMissingError("Fetching raw data failed:\n  " + "\n  ".join(problems))
    for origin, target in to_copy:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            shutil.copyfile(origin, tmp)
        os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return [raw_dir / e["path"] for e in entries]
