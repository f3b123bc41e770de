"""A batch killed with SIGKILL leaves nothing behind: no worker or kernel rendering on, and the next run removes any
temporary file the killed one left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.core.atomic import remove_leftovers


def _descendants(pid: int) -> set[int]:
    """Every live process below `pid` (from /proc), zombies left out."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.mark.slow
def test_a_killed_batch_leaves_no_worker_and_no_partial_output(tmp_path, raw_dir, processed_dir):
    reports = tmp_path / "reports"
    code = (
        "from pathlib import Path; from analysis import pipeline; "
        f"pipeline.reports(years=[2019, 2020, 2021], focus=['Hà Nam'], langs=['vi', 'en'], formats=['html', 'pdf'], "
        f"workers=2, folders=pipeline.Folders(raw=Path({str(raw_dir)!r}), processed=Path({str(processed_dir)!r}), "
        f"reports=Path({str(reports)!r})), refresh_data=False)"
    )
    batch = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any("ipykernel" in _cmdline(p) for p in seen):
        seen |= _descendants(batch.pid)
        time.sleep(0.2)
    assert any("ipykernel" in _cmdline(p) for p in seen), "the batch never started a kernel"
    time.sleep(1)
    seen |= _descendants(batch.pid)
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    time.sleep(5)
    survivors = _alive(seen)
    for pid in survivors:  # do not leave them running if the test fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"still running 5 s after the batch was killed: {[_cmdline(p) for p in survivors]}"
    remove_leftovers(reports, recursive=True)  # what the next run does first
    left = [p for p in reports.rglob(".*")] if reports.exists() else []
    assert not left, left


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_leftovers_of_dead_runs_are_removed_and_a_running_ones_kept(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    gone = int(dead.stdout)
    (tmp_path / f".staging-{gone}-abc").mkdir()
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / f".briefing_2021_vi.pdf.{gone}-x1y2.tmp.pdf").write_bytes(b"%PDF half")
    mine = tmp_path / f".staging-{os.getpid()}-def"
    mine.mkdir()
    removed = remove_leftovers(tmp_path, recursive=True)
    assert len(removed) == 2 and mine.exists() and not (tmp_path / f".staging-{gone}-abc").exists()
