"""Batch against the plain loop, measured in one run on this machine (a script that prints figures, not a test).

The plain loop is what a user would write: for each briefing, the `papermill` command, then `jupyter nbconvert --to
html --no-input`, then `weasyprint`, one after another. The batch is `analysis.report.batch.run_batch` on the same
briefings (2 workers, warm kernels). Both read the data already built in data/processed (run `make data` and
`python -m analysis models` first) and write into a temporary folder. Prints seconds per briefing for each, their
ratio, and the peak memory of the largest process.

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
from analysis.report.batch import run_batch


def plain_loop(years: list[int], langs: list[str], out: Path) -> float:
    started = time.perf_counter()
    for year in years:
        for lang in langs:
            notebook = out / f"briefing_{year}_{lang}.ipynb"
            subprocess.run([sys.executable, "-m", "papermill", str(config.NOTEBOOKS_DIR / "briefing.ipynb"),
                            str(notebook), "-p", "year", str(year), "-p", "lang", lang, "-p", "processed_dir",
                            str(config.PROCESSED_DIR), "-p", "raw_dir", str(config.RAW_DIR), "-k", config.KERNEL_NAME,
                            "--cwd", str(config.NOTEBOOKS_DIR), "--no-progress-bar"],
                           check=True, capture_output=True)  # fmt: skip
            subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--no-input", str(notebook)],
                           check=True, capture_output=True)  # fmt: skip
            subprocess.run([sys.executable, "-m", "weasyprint", str(notebook.with_suffix(".html")),
                            str(notebook.with_suffix(".pdf"))], check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - started


def batch(years: list[int], langs: list[str], workers: int, out: Path) -> float:
    started = time.perf_counter()
    outcomes = run_batch(years=years, langs=langs, formats=["html", "pdf"], workers=workers, reports_dir=out,
                         refresh_data=False)  # fmt: skip
    if not all(o["ok"] for o in outcomes):
        raise SystemExit(f"the batch failed: {[o['error'] for o in outcomes if not o['ok']]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="2020-2022")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    years, langs = config.parse_years(args.years), ["vi", "en"]
    n = len(years) * len(langs)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as loop_dir, tempfile.TemporaryDirectory() as batch_dir:
        loop = plain_loop(years, langs, Path(loop_dir))
        print(f"plain loop: {n} briefings in {loop:.1f} s ({loop / n:.2f} s each)", flush=True)
        fast = batch(years, langs, args.workers, Path(batch_dir))
        print(f"batch ({args.workers} workers): {n} briefings in {fast:.1f} s ({fast / n:.2f} s each)")
    print(f"batch vs plain loop: {loop / fast:.2f}x faster")
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"peak memory of the largest process: {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()
