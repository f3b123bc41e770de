"""The command a user runs against the plain loop, measured in one run on this machine (a script that prints
figures, not a test).

The plain loop is what a user would write: for each briefing, the `papermill` command, then `jupyter nbconvert --to
html --no-input`, then `weasyprint`, one after another. The user-facing command is `python -m analysis reports` on the
same briefings: it checks the data and model steps (fetch verifies every source file; both steps are skipped when
nothing they depend on changed), then renders the briefings (2 workers, warm kernels). Both start from the same
state: data/processed built and current (the script runs `python -m analysis data` and `models` first, untimed), no
reports; both write into temporary folders. Prints seconds per briefing for each, their ratio, and the peak memory of
the largest process.

    .venv/bin/python benchmarks/batch_vs_loop.py [--years 2020-2022] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.core import config


def plain_loop(years: list[int], langs: list[str], out: Path) -> float:
    started = time.perf_counter()
    for year in years:
        for lang in langs:
            notebook = out / f"briefing_{year}_{lang}.ipynb"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "papermill",
                    str(config.NOTEBOOKS_DIR / "briefing.ipynb"),
                    str(notebook),
                    "-p",
                    "year",
                    str(year),
                    "-p",
                    "lang",
                    lang,
                    "-p",
                    "processed_dir",
                    str(config.PROCESSED_DIR),
                    "-k",
                    config.KERNEL_NAME,
                    "--cwd",
                    str(config.NOTEBOOKS_DIR),
                    "--no-progress-bar",
                ],
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [sys.executable, "-m", "nbconvert", "--to", "html", "--no-input", str(notebook)],
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "weasyprint",
                    str(notebook.with_suffix(".html")),
                    str(notebook.with_suffix(".pdf")),
                ],
                check=True,
                capture_output=True,
            )
    return time.perf_counter() - started


def user_command(years: str, workers: int, out: Path) -> float:
    """`python -m analysis reports` as a user types it (data and model steps included), into `out`."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "--reports-dir",
            str(out),
            "reports",
            "--years",
            years,
            "--lang",
            "vi,en",
            "--formats",
            "html,pdf",
            "--workers",
            str(workers),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    for line in done.stdout.splitlines():
        print(f"  | {line}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--years", default="2020-2022")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    years, langs = config.parse_years(args.years), ["vi", "en"]
    n = len(years) * len(langs)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for step in ("data", "models"):  # the state both start from: data/processed built and current (untimed)
        subprocess.run([sys.executable, "-m", "analysis", step], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as loop_dir, tempfile.TemporaryDirectory() as command_dir:
        loop = plain_loop(years, langs, Path(loop_dir))
        print(f"plain loop: {n} briefings in {loop:.1f} s ({loop / n:.2f} s each)", flush=True)
        command = user_command(args.years, args.workers, Path(command_dir))
        print(
            f"python -m analysis reports ({args.workers} workers): {n} briefings in {command:.1f} s "
            f"({command / n:.2f} s each)"
        )
    print(f"user-facing command vs plain loop: {loop / command:.2f}x faster")
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"peak memory of the largest process: {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()
