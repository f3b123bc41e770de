"""Reading what the data and model steps wrote: a table that is not there yet is named, with the step that writes
it, by every reader alike."""

from __future__ import annotations

import re

import pytest

from analysis.data.boundaries import load_boundaries
from analysis.data.provinces import load_processed_crosswalk
from analysis.data.store import load_panel, load_rank_changes, load_rank_ranges
from analysis.models.outputs import load_model_outputs

READERS = {
    "indices_long.parquet": (load_panel, "data"),
    "papi_rank_ranges.csv": (load_rank_ranges, "data"),
    "papi_rank_changes.csv": (load_rank_changes, "data"),
    "provinces.csv": (load_processed_crosswalk, "data"),
    "boundaries_2025.parquet": (lambda folder: load_boundaries(folder, 2025), "data"),
    "model_results.csv": (load_model_outputs, "models"),
}


@pytest.mark.parametrize("file_name", READERS)
def test_a_missing_table_is_named_with_the_step_that_writes_it(tmp_path, file_name):
    read, step = READERS[file_name]
    with pytest.raises(FileNotFoundError) as missing:
        read(tmp_path)
    message = str(missing.value)
    assert str(tmp_path) in message and file_name in message
    assert re.search(rf"run `make {step}` \(python -m analysis {step}\)", message)
