"""What the data step and the commands refuse or survive, each class on a hand-made case: a bad scorecard stops
`make data` before any document renders, a folder that cannot be written is named as the user gave it, an unreachable
Dask scheduler is said in one line, the leftovers of a killed run are removed and said, and a province-year reported a
hundred thousand times with conflicting values resolves by the rule."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline
from analysis.cli import main
from analysis.core.errors import DataError
from analysis.data.build import build_processed
from analysis.data.panel import build_panel
from analysis.pipeline import Folders
from helpers import refused_data_step

SCORECARD = Path(__file__).parent / "fixtures" / "par_index_2021_35_MADE_UP.csv"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("edit", "line", "column", "message"),
    [
        (
            ("C5.1,Made-up criterion C5.1,8,7,", "C5.1,Made-up criterion C5.1,8,9,"),
            12,
            "points",
            "points must be from 0 to the maximum 8",
        ),
        (
            ("C6.2,Made-up criterion C6.2,3,3", "C6.2,Made-up criterion C6.2,4,3"),
            None,
            "max_points",
            "the maximum points add up to 101.00, not 100",
        ),
        (
            ("C6.2,Made-up criterion C6.2,3,3", "C6.2,Made-up criterion C6.2,3,2"),
            None,
            "points",
            "the points add up to 80.51 but the published PAR INDEX is 81.51",
        ),
    ],
)
def test_a_bad_scorecard_stops_the_data_step_and_nothing_is_written(
    tmp_path, writable_raw, edit, line, column, message
):
    folder = writable_raw / "par_index" / "scorecards"
    folder.mkdir(parents=True)
    card = folder / "par_index_2021_35.csv"
    card.write_text(SCORECARD.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    error = refused_data_step(writable_raw, tmp_path)
    found = error.errors if hasattr(error, "errors") else [error]
    assert any(
        e.file == "par_index/scorecards/par_index_2021_35.csv"
        and e.column == column
        and e.line == line
        and message in e.problem
        for e in found
    ), str(error)


def test_a_scorecard_whose_name_says_no_year_and_province_is_named(writable_raw, tmp_path):
    folder = writable_raw / "par_index" / "scorecards"
    folder.mkdir(parents=True)
    shutil.copy(SCORECARD, folder / "ha_nam_2021.csv")
    with pytest.raises(DataError, match=r"par_index/scorecards/ha_nam_2021.csv: a scorecard's name must be"):
        build_processed(writable_raw, tmp_path / "processed")


def test_a_folder_that_cannot_be_written_is_named_as_the_user_gave_it(
    tmp_path, capsys, monkeypatch, processed_dir, raw_dir, source_dir
):
    """(Tested by refusing the staging folder: a test that runs as root can write anywhere.)"""
    target = tmp_path / "processed"

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(target / ".staging-1-abc"))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    argv = ["--source", str(source_dir), "--raw-dir", str(raw_dir), "--processed-dir", str(target), "data"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"error: cannot use {target}: Permission denied" in err and ".staging" not in err and "Traceback" not in err


@pytest.mark.slow
def test_an_unreachable_dask_scheduler_is_said_in_one_line(tmp_path, processed_dir, raw_dir, source_dir):
    pytest.importorskip("distributed")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "--processed-dir",
            str(processed_dir),
            "--reports-dir",
            str(tmp_path),
            "profiles",
            "--years",
            "2021",
            "--provinces",
            "Hà Nam",
            "--lang",
            "en",
            "--formats",
            "html",
            "--scheduler",
            "tcp://127.0.0.1:1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:1"), done.stderr
    assert "Traceback" not in done.stderr


def test_the_leftovers_of_a_killed_data_step_are_removed_and_said(tmp_path, source_dir, raw_dir, processed_dir):
    processed = tmp_path / "processed"
    shutil.copytree(processed_dir, processed)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (processed / f".staging-{dead}-x1").mkdir()
    (processed / f".staging-{dead}-x1" / "indices_long.csv").write_text("half written", encoding="utf-8")
    said: list[str] = []
    step = pipeline.data_step(Folders(source=source_dir, raw=raw_dir, processed=processed), say=said.append)
    assert not step.ran, "the data themselves are current"
    assert said[0] == f"removed {processed / f'.staging-{dead}-x1'}, left by a run that was killed"
    assert not list(processed.glob(".staging-*"))


@pytest.mark.slow
def test_a_province_year_reported_a_hundred_thousand_times_resolves_by_the_rule(writable_raw):
    """100,000 rows for Hà Nam 2021, each a different source: the value most rows report wins (all are stated and
    from the press), every candidate is logged, and the build finishes (it took minutes when every row was handled
    on its own in Python)."""
    random.seed(7)
    ranks = [random.choice([5, 6, 7, 8]) for _ in range(100_000)]
    rows = [f"2021,Hà Nam,{rank},,https://example.org/{i},conflicting row {i}" for i, rank in enumerate(ranks)]
    par = writable_raw / "par_index" / "par_index_total.csv"
    par.write_text(par.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    panel, conflicts = build_panel(writable_raw)
    logged = conflicts[
        (conflicts["province_code"] == "35") & (conflicts["year"] == 2021) & (conflicts["field"] == "rank")
    ]
    assert len(logged) == 1 and logged.iloc[0]["candidates"].count(" | ") == 100_000, "each of the 100,001 rows listed"
    # the rule, computed here on its own: the most reported rank first; a rank another province holds, or one better
    # than a province with a higher score, gives way to the next; Hà Nam's own report (rank 60) comes last
    totals = panel[(panel["index"] == "par_index") & (panel["level"] == "total") & (panel["year"] == 2021)]
    others, mine = (
        totals[totals["province_code"] != "35"].dropna(subset=["rank"]),
        totals[totals["province_code"] == "35"],
    )
    score = float(mine["score"].iloc[0])

    def breaks(rank: int) -> bool:
        return rank in set(others["rank"]) or bool(((rank - others["rank"]) * (score - others["score"]) > 0).any())

    counts = pd.Series(ranks).value_counts()
    preference = [*counts.index, 60]
    expected = next(rank for rank in preference if not breaks(rank))
    assert mine["rank"].iloc[0] == expected
    rule = logged.iloc[0]["rule"]
    assert rule == (
        "the preferred value contradicts the year's other ranks/scores; this one does not"
        if breaks(counts.index[0])
        else f"reported by more sources ({counts.iloc[0]} vs {counts.iloc[1]})"
    )
