"""Where documents render: a local pool of worker processes (the default) or a running Dask cluster, with a progress
bar, one console line per failure, and no worker left behind when the batch dies.

The runner knows nothing of notebooks: it calls a picklable function (analysis.report.render.render_document) on
each job and returns the outcomes in the jobs' order. Each worker asks Linux to kill it when the batch process dies
(prctl PR_SET_PDEATHSIG), and its kernels follow, as each kernel polls for its parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol, TypeVar

from tqdm import tqdm

PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Outcome(Protocol):
    year: int
    lang: str
    ok: bool
    error: str
    log: str


Job = TypeVar("Job")
Done = TypeVar("Done", bound=Outcome)


def run_jobs(
    work: Callable[[Job], Done],
    jobs: Sequence[Job],
    workers: int,
    scheduler: str | None = None,
    kind: str = "briefings",
    prepare: Callable[[], object] | None = None,
) -> list[Done]:
    """`work` on every job, on the local process pool or, given a scheduler address, on that Dask cluster
    (optional extra `dask`); outcomes in the jobs' order. `prepare`, if given, runs once in this process before the
    local workers start: what it imports, they inherit (they are forked from this process)."""
    if not jobs:
        return []
    if scheduler is None:
        if prepare is not None:
            prepare()
        return _on_local_pool(work, jobs, workers, kind)
    from distributed import Client

    try:
        client = Client(scheduler, timeout=10)
    except OSError as exc:
        raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    with client:
        return client.gather(client.map(work, jobs, pure=False))


def _on_local_pool(work: Callable[[Job], Done], jobs: Sequence[Job], workers: int, kind: str) -> list[Done]:
    """Worker processes (so kernel output can be sent to log files), with a progress bar."""
    with (
        ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)), initializer=_die_with_parent, initargs=(os.getpid(),)
        ) as pool,
        tqdm(total=len(jobs), desc=kind, unit="document", file=sys.stderr) as progress,
    ):
        futures = [pool.submit(work, job) for job in jobs]
        for future in as_completed(futures):
            outcome = future.result()
            if not outcome.ok:
                progress.write(f"FAILED {outcome.year} {outcome.lang}: {outcome.error} (log: {outcome.log})")
            progress.update()
        return [future.result() for future in futures]


def _die_with_parent(parent: int) -> None:
    """Worker start-up: ask Linux to SIGKILL this worker when the batch process dies (prctl PR_SET_PDEATHSIG), so a
    killed batch leaves no worker rendering on."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the batch died before the request took effect
        os._exit(1)


@contextmanager
def output_to(log_path: Path) -> Iterator[BinaryIO]:
    """Send this process's stdout and stderr, and so those of the kernels it starts, to `log_path` (also yielded,
    for messages that must reach the log whatever `sys.stderr` is)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    with open(log_path, "wb") as log:
        for fd in saved:
            os.dup2(log.fileno(), fd)
        try:
            yield log
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
