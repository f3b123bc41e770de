"""Shared fixtures: the real data fetched and built once per session into temporary folders (never the repo's
data/ or reports/), a writable copy of the raw files that tests can break, and the models fitted on it."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from analysis import pipeline
from analysis.core import config
from analysis.data import fetch
from analysis.pipeline import Folders


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
def processed_dir(tmp_path_factory, source_dir, raw_dir) -> Path:
    """data/processed as `make models` leaves it (panel and model outputs, with the pipeline's build record), built
    once in a temporary folder."""
    out = tmp_path_factory.mktemp("processed")
    folders = Folders(source=source_dir, raw=raw_dir, processed=out)
    assert pipeline.data_step(folders).ran and pipeline.models_step(folders).ran
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
