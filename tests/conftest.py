"""Shared fixtures: the real data fetched once per session into a temporary folder, and a writable copy of it
that tests can break."""
from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pytest

from analysis import config, fetch
from analysis.build import build_processed


@pytest.fixture(scope="session")
def source_dir() -> Path:
    source = config.source_dir()
    assert source.is_dir(), f"the real data must be at {source} (or set {config.SOURCE_ENV_VAR})"
    return source


@pytest.fixture(scope="session")
def raw_dir(tmp_path_factory, source_dir) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    fetch.fetch(source_dir, raw)
    return raw


@pytest.fixture(scope="session")
def processed_dir(tmp_path_factory, raw_dir) -> Path:
    out = tmp_path_factory.mktemp("processed")
    build_processed(raw_dir, out)
    return out


@pytest.fixture(scope="session")
def panel(processed_dir):
    from analysis import load_panel
    return load_panel(processed_dir)


@pytest.fixture
def writable_raw(tmp_path, raw_dir) -> Path:
    """A private, writable copy of the raw files for tests that damage them."""
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir, copy)
    for path in copy.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return copy


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
