"""Errors a user can act on: each names the file, and where known the line, column and value."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Bad input data. The message says where (file, line, column) and what was found."""

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
    ):
        self.file, self.problem, self.line, self.column, self.value = str(file), problem, line, column, value
        where = [self.file]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        text = ", ".join(where) + f": {problem}"
        if value is not None:
            text += f" (found {value!r})"
        super().__init__(text)


class DataErrors(DataError):  # noqa: N818 - a collection of DataError, named as such
    """Several data problems found in one pass, reported together."""

    def __init__(self, errors: list[DataError], limit: int = 20):
        self.errors = errors
        lines = [str(e) for e in errors[:limit]]
        if len(errors) > limit:
            lines.append(f"... and {len(errors) - limit} more")
        ValueError.__init__(self, f"{len(errors)} data problem(s):\n  " + "\n  ".join(lines))
        self.file = errors[0].file if errors else ""


class SourceMissingError(RuntimeError):
    """The source data folder is not where we looked."""
