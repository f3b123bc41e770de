"""Compare what users get, before and after a change: every file of data/processed and every yearly briefing's HTML,
byte for byte.

Each side is a folder holding `processed/` and `reports/` as `python -m analysis --processed-dir DIR/processed
--reports-dir DIR/reports reports --formats html` leaves them. Prints one line per file that differs or exists on one
side only, and for a differing HTML page the lines (one tag per line) that differ once every `--ignore` pattern is
masked, so the differences left are the ones to name. Exits 1 when any difference is left, else 0.

    .venv/bin/python tools/compare_outputs.py BEFORE AFTER [--ignore REGEX ...] [--show 5]
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BRIEFING = re.compile(r"^\d{4}/briefing_\d{4}_(vi|en)\.html$")


@dataclass(frozen=True)
class Difference:
    file: str
    kind: str  # "differs", "only before", "only after"
    lines: tuple[str, ...] = ()


def compared_files(side: Path) -> dict[str, Path]:
    """processed/<every file> and reports/<year>/briefing_<year>_<lang>.html, by their name relative to `side`."""
    files = {}
    processed = side / "processed"
    for path in sorted(processed.rglob("*")) if processed.is_dir() else []:
        if path.is_file():
            files[f"processed/{path.relative_to(processed).as_posix()}"] = path
    reports = side / "reports"
    for path in sorted(reports.rglob("*.html")) if reports.is_dir() else []:
        relative = path.relative_to(reports).as_posix()
        if BRIEFING.match(relative):
            files[f"reports/{relative}"] = path
    return files


def _masked_lines(path: Path, ignore: list[re.Pattern[str]]) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    for pattern in ignore:
        text = pattern.sub("<ignored>", text)
    return text.replace("><", ">\n<").splitlines()


def compare(before: Path, after: Path, ignore: Sequence[str] = ()) -> list[Difference]:
    """Every difference between the two sides that the `ignore` patterns do not explain."""
    patterns = [re.compile(p) for p in ignore]
    old, new = compared_files(Path(before)), compared_files(Path(after))
    found = [Difference(name, "only before") for name in sorted(set(old) - set(new))]
    found += [Difference(name, "only after") for name in sorted(set(new) - set(old))]
    for name in sorted(set(old) & set(new)):
        if old[name].read_bytes() == new[name].read_bytes():
            continue
        if not name.endswith((".html", ".csv", ".md", ".json")):
            found.append(Difference(name, "differs"))
            continue
        a, b = _masked_lines(old[name], patterns), _masked_lines(new[name], patterns)
        if a != b:
            changed = [line for line in difflib.unified_diff(a, b, lineterm="", n=0) if line[:1] in "+-"]
            found.append(Difference(name, "differs", tuple(line for line in changed if line[:3] not in ("+++", "---"))))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", action="append", default=[], help="a regular expression whose matches are masked")
    parser.add_argument("--show", type=int, default=6, help="differing lines shown per file")
    args = parser.parse_args(argv)
    found = compare(args.before, args.after, args.ignore)
    total = len(set(compared_files(args.before)) | set(compared_files(args.after)))
    for difference in found:
        print(f"{difference.kind}: {difference.file}")
        for line in difference.lines[: args.show]:
            print(f"    {line[:240]}")
    print(f"{total} files compared, {total - len(found)} identical, {len(found)} with differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
