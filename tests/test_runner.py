"""The local pool: what the batch process prepares before its workers start, every worker has without doing it again."""

from __future__ import annotations

import os
from dataclasses import dataclass

from analysis.report.runner import run_jobs

prepared_in: list[int] = []  # the processes that ran `prepare`


@dataclass
class _Seen:
    year: int
    lang: str
    ok: bool
    error: str
    log: str
    worker: int
    prepared_by: list[int]


def _prepare() -> None:
    prepared_in.append(os.getpid())


def _look(year: int) -> _Seen:
    return _Seen(year, "vi", True, "", "", os.getpid(), list(prepared_in))


def test_prepare_runs_once_in_the_batch_process_and_every_worker_inherits_it():
    prepared_in.clear()
    seen = run_jobs(_look, [2020, 2021, 2022, 2023], workers=2, kind="checks", prepare=_prepare)
    assert prepared_in == [os.getpid()], "prepared once, here"
    assert [s.year for s in seen] == [2020, 2021, 2022, 2023]
    assert {s.worker for s in seen} - {os.getpid()}, "the jobs ran in worker processes"
    assert all(s.prepared_by == [os.getpid()] for s in seen), "each worker started with what was prepared here"


def test_nothing_to_run_prepares_nothing():
    prepared_in.clear()
    assert run_jobs(_look, [], workers=2, prepare=_prepare) == []
    assert prepared_in == []
