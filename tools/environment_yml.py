"""Write environment.yml from requirements.lock, so conda users get exactly the versions pip users get.

Run by `make lock`; tests/test_environment.py checks the committed file agrees with the lock.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)")


def locked_pins(lock_text: str) -> dict[str, str]:
    """name -> version for every package pinned in a pip-compile style lock file."""
    return {match[1].lower(): match[2] for line in lock_text.splitlines() if (match := PIN.match(line))}


def render(pins: dict[str, str]) -> str:
    lines = [
        "# Generated from requirements.lock by `make lock` (tools/environment_yml.py); do not edit by hand.",
        "# Conda users: `conda env create -f environment.yml`, then `pip install --no-deps -e .`.",
        "name: vn-governance",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {name}=={version}" for name, version in sorted(pins.items())]
    return "\n".join(lines) + "\n"


def main() -> int:
    pins = locked_pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    (ROOT / "environment.yml").write_text(render(pins), encoding="utf-8")
    print(f"environment.yml: {len(pins)} packages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
