"""Write data/papi_indicator_codebook.csv from the official PAPI indicator sheets in data/raw/.

Run after `make data` has fetched a new or corrected sheet, then read the diff: a new code means new wording, and
wording that changed only in spelling should be merged by hand before committing. tests/test_papi_sheets.py checks
that the committed codebook is exactly what this script writes from the raw sheets.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis.core import config
from analysis.core.atomic import atomic_path
from analysis.data.provinces import load_crosswalk
from analysis.data.sources.papi_sheets import CODEBOOK_PATH, build_codebook, read_sheet, sheet_files


def main(raw_dir: Path = config.RAW_DIR) -> int:
    crosswalk = load_crosswalk(raw_dir)
    book = build_codebook([read_sheet(path, raw_dir, crosswalk) for path in sheet_files(raw_dir)])
    with atomic_path(CODEBOOK_PATH) as tmp:
        book.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    print(f"{CODEBOOK_PATH}: {len(book)} rows, {book['indicator_code'].nunique()} indicator codes")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else config.RAW_DIR))
