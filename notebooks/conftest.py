"""nbval (`make test`) runs every notebook here as a researcher would, top to bottom with its default parameters, and
checks the cells marked NBVAL_CHECK_OUTPUT against the output committed with them.

The notebooks read data/processed through analysis.core.config, which honours ANALYSIS_RAW_DIR and
ANALYSIS_PROCESSED_DIR: set here, before nbval starts any kernel, to a temporary folder that the pipeline fills (once,
before the first notebook cell runs) from the real source data. The repository's data/ is never read or written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

FOLDER = Path(tempfile.mkdtemp(prefix="nbval-data-"))
os.environ["ANALYSIS_RAW_DIR"] = str(FOLDER / "raw")
os.environ["ANALYSIS_PROCESSED_DIR"] = str(FOLDER / "processed")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before the first notebook cell: the data and model steps into the temporary folder (skipped once current)."""
    if not (FOLDER / "processed" / "builds.json").is_file():
        from analysis import pipeline
        from analysis.core import config

        folders = pipeline.Folders(source=config.source_dir(), raw=FOLDER / "raw", processed=FOLDER / "processed")
        pipeline.data_step(folders)
        pipeline.models_step(folders)
