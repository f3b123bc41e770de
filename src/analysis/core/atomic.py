"""Write outputs so that a failed run never leaves a half-written file behind."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}-", suffix=f".tmp{target.suffix}", dir=target.parent
        )
    except OSError as exc:  # name the file the user asked for, not the hidden temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None
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
    remove_leftovers(target_dir)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=target_dir))
    except OSError as exc:  # name the folder the user gave, not the hidden staging one
        raise OSError(exc.errno, exc.strerror, str(target_dir)) from None
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


LEFTOVER = re.compile(r"^\.(?:staging-(\d+)-.*|.+\.(\d+)-[^.]*\.tmp.*)$")


def remove_leftovers(folder: Path, recursive: bool = False) -> list[Path]:
    """Remove the staging folders and temporary files of runs that were killed: each name carries the process id
    that made it, and only those of processes no longer running are removed (a concurrent run keeps its own)."""
    removed = []
    for path in Path(folder).rglob(".*") if recursive else Path(folder).glob(".*"):
        found = LEFTOVER.match(path.name)
        if found and not _running(int(found.group(1) or found.group(2))):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
    carriage return) prefixed with a quote, the OWASP rule against CSV injection; numbers are left alone and the
    raw copies keep the original text."""
    out = frame.copy()
    for column in out.columns[
        out.dtypes.map(lambda d: pd.api.types.is_object_dtype(d) or pd.api.types.is_string_dtype(d))
    ]:
        text = out[column]
        risky = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
        out.loc[risky, column] = "'" + text[risky].astype(str)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A processed table as UTF-8 CSV, safe to open in a spreadsheet."""
    spreadsheet_safe(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
