"""Write outputs so that a failed run never leaves a half-written file behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)  # mkstemp creates 0600; outputs are meant to be shared
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_all_or_nothing(target_dir: str | os.PathLike, writers: dict[str, Callable[[Path], object]]) -> list[Path]:
    """Write every file into a staging folder first, then move them into `target_dir` together.

    `writers` maps a file name to a function that writes that file at the path it is given. If any writer fails,
    nothing in `target_dir` is touched.
    """
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target_dir))
    try:
        for name, write in writers.items():
            write(staging / name)
        written = []
        for name in writers:
            os.replace(staging / name, target_dir / name)
            written.append(target_dir / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
