"""What a result was made from: code version, data checksums and package versions, for run records."""

from __future__ import annotations

import csv
import re
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

from analysis.core import config


def git_commit() -> str:
    """The checked-out commit (full hash, '+dirty' when the work tree has changes), or 'unknown' outside git."""
    try:

        def git(*args: str) -> str:
            return subprocess.run(
                ["git", *args], cwd=config.PROJECT_ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()

        commit = git("rev-parse", "HEAD")
        return commit + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def package_versions() -> dict[str, str]:
    """Installed versions of the project's direct dependencies."""
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [re.split(r"[=<>!~ \[]", spec, maxsplit=1)[0] for spec in project["dependencies"]]
    return {name: metadata.version(name) for name in names}


def manifest_checksums(manifest: Path = config.MANIFEST_PATH) -> dict[str, str]:
    with open(manifest, encoding="utf-8", newline="") as handle:
        return {row["path"]: row["sha256"] for row in csv.DictReader(handle)}
