"""Province profiles at scale, measured in one run on this machine (a script that prints figures, not a test).

Renders the profiles (HTML and PDF, one language) of 8, 16, 32 and 63 provinces of one year, each run from scratch,
fits seconds = fixed + marginal x profiles by least squares and prints both; then reruns the 63 with nothing
changed and prints that no-op run as a share of the full build; then the peak memory of the largest process.
Reads data/processed as built by `make data` and `python -m analysis models`.

    .venv/bin/python benchmarks/profiles.py [--year 2021] [--lang vi] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from analysis import pipeline
from analysis.data.provinces import load_processed_crosswalk


def timed(year: int, names: list[str], lang: str, workers: int, out: Path) -> float:
    started = time.perf_counter()
    result = pipeline.profiles([year], names, [lang], ["html", "pdf"], workers, pipeline.Folders(reports=out))
    if result.failed:
        raise SystemExit(f"profiles failed: {[f.error for f in result.failed]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--lang", default="vi")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    crosswalk = load_processed_crosswalk()
    names = [crosswalk.name_vi(code, args.year) for code in crosswalk.codes(args.year)]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    sizes, seconds = [8, 16, 32, len(names)], []
    for size in sizes:
        with tempfile.TemporaryDirectory() as out:
            seconds.append(timed(args.year, names[:size], args.lang, args.workers, Path(out)))
            print(f"{size} profiles: {seconds[-1]:.1f} s ({seconds[-1] / size:.2f} s each)", flush=True)
            if size == len(names):
                noop = timed(args.year, names, args.lang, args.workers, Path(out))
    marginal, fixed = np.polyfit(sizes, seconds, 1)
    residual = np.array(seconds) - (fixed + marginal * np.array(sizes))
    print(
        f"least squares: {marginal:.2f} s per profile (HTML + PDF) + {fixed:.1f} s fixed; largest residual "
        f"{np.abs(residual).max():.1f} s (linear in the number of profiles)"
    )
    print(f"no-op rerun of {len(names)}: {noop:.2f} s = {100 * noop / seconds[-1]:.1f}% of the full build")
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"peak memory of the largest process: {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()
