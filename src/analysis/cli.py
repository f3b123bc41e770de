"""Command line: `python -m analysis data|models|reports|rank-range|manifest`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import pipeline
from analysis.core import config
from analysis.core.errors import DataError, SourceMissingError
from analysis.pipeline import Folders


def main(argv: list[str] | None = None) -> int:
    import matplotlib

    matplotlib.use("Agg")  # a command-line run has no display; notebooks and kernels keep their own backend
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        years = config.parse_years(args.years) if args.years is not None else None
        return COMMANDS[args.command](args, years)
    except (DataError, SourceMissingError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ConnectionError as exc:  # a Dask scheduler that does not answer
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an unwritable folder, a full disk: the path and the reason, not a traceback
        print(f"error: cannot use {exc.filename or 'a file'}: {exc.strerror or exc}", file=sys.stderr)
        return 2


def _common_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--source", default=default, help=f"source data folder (default: ${config.SOURCE_ENV_VAR} or ../shared/data)"
    )
    parser.add_argument(
        "--years", default=default, help="years, e.g. 2021, 2019,2021 or 2011-2024 (default: every year with data)"
    )
    parser.add_argument("--raw-dir", type=Path, default=default, help="raw copies (default: data/raw)")
    parser.add_argument("--processed-dir", type=Path, default=default, help="built data (default: data/processed)")
    parser.add_argument("--reports-dir", type=Path, default=default, help="briefings (default: reports)")


COMMAND_HELP = {
    "data": "fetch raw files, verify checksums, build and validate data/processed/",
    "models": "bring data/processed/ up to date, then fit the plan's correlations and regressions and write the "
    "results there",
    "rank-range": "print a province's PAPI rank with its plausible range, for each year with published errors",
    "manifest": "record the source files' checksums in data/manifest.csv (after a deliberate update)",
    "reports": "render the yearly briefings (HTML, PDF, executed notebook, run record) and reports/index.html",
    "scheme-view": "list a year's 63 provinces under the 34 provinces of 2025 they joined, side by side (no combined "
    "score)",
    "scorecard-template": "write a PAR INDEX scorecard for a province and year to fill from the ministry's notice",
    "profiles": "render a profile for every province (or --provinces), year and language, rebuilding only what "
    "changed, and an index page per year",
    "import": "check a ministry annex table (CSV/XLSX) against a spec and add its rows to the source folder, then "
    "record the manifest",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=(__doc__ or "").splitlines()[0])
    _common_options(parser, None)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in COMMAND_HELP.items():
        # SUPPRESS: options given before the subcommand are not overwritten by the subcommand's defaults.
        command = sub.add_parser(name, help=text, description=text)
        _common_options(command, argparse.SUPPRESS)
        if name in ("data", "models", "reports", "profiles"):
            command.add_argument(
                "--force",
                action="store_true",
                help="rebuild everything, changed or not (by "
                "default a step or document whose inputs, code and parameters did not change is "
                "kept)",
            )
        if name == "reports":
            command.add_argument(
                "--focus",
                help="focus provinces, comma-separated (default: config/reports.yml); "
                "'all': a profile for every province instead (the profiles command)",
            )
        if name == "profiles":
            command.add_argument("--provinces", help="province names, comma-separated (default: all of each year)")
            command.add_argument(
                "--scheduler",
                help="address of a running Dask scheduler to render on (optional extra: pip install .[dask])",
            )
        if name in ("reports", "profiles"):
            command.add_argument("--formats", help="html,pdf (default: config/reports.yml)")
            command.add_argument("--lang", help="vi,en (default: config/reports.yml)")
            command.add_argument(
                "--workers", type=int, help="documents rendered in parallel (default: config/reports.yml)"
            )
        if name == "import":
            command.add_argument("file", type=Path, help="the annex table, .xlsx or .csv")
            command.add_argument("--spec", type=Path, required=True, help="YAML spec, e.g. config/annex_par_index.yml")
        if name == "scheme-view":
            command.add_argument("--year", type=int, required=True, help="a year from 2011 to 2024")
            command.add_argument("--scheme", type=int, choices=[34], default=34, help="the province list to group by")
            command.add_argument("--out", type=Path, help="also write the table to this CSV file")
        if name == "scorecard-template":
            command.add_argument("--year", type=int, required=True, help="the PAR INDEX year, e.g. 2021")
            command.add_argument("--province", required=True, help="province name in any known spelling")
            criteria_help = "CSV of your criteria: field, criterion_code, criterion, max_points (default: one row per "
            criteria_help += "field of the year's methodology)"
            command.add_argument("--criteria", type=Path, help=criteria_help)
            out_help = "where to write, .csv or .xlsx (default: par_index_<year>_<code>.csv in the current folder)"
            command.add_argument("--out", type=Path, help=out_help)
        if name == "rank-range":
            command.add_argument("province", help="province name in any known spelling, e.g. 'Hà Nam' or 'Ha Nam'")
    return parser


def _folders(args: argparse.Namespace) -> Folders:
    return Folders(
        source=config.source_dir(args.source),
        raw=args.raw_dir or config.RAW_DIR,
        processed=args.processed_dir or config.PROCESSED_DIR,
        reports=args.reports_dir or config.REPORTS_DIR,
    )


def _say(line: str) -> None:
    print(line, flush=True)


def _data(args: argparse.Namespace, years: list[int] | None) -> int:
    pipeline.data_step(_folders(args), force=args.force, say=_say)
    return 0


def _models(args: argparse.Namespace, years: list[int] | None) -> int:
    folders = _folders(args)
    pipeline.data_step(folders, force=args.force, say=_say)  # the models read the panel: it must be current
    pipeline.models_step(folders, years, force=args.force, say=_say)
    return 0


def _split(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def _reports(args: argparse.Namespace, years: list[int] | None) -> int:
    folders = _folders(args)
    if _split(args.focus) == ["all"]:  # every province: fresh data and models as for the briefings, then profiles
        result = pipeline.profiles(
            years,
            None,
            _split(args.lang),
            _split(args.formats),
            args.workers,
            folders,
            force=args.force,
            refresh_data=True,
            say=_say,
        )
        return _documents_done(result, "profiles", Path(folders.reports) / "profiles" / "<year>" / "index.html")
    result = pipeline.reports(
        years,
        _split(args.focus),
        _split(args.lang),
        _split(args.formats),
        args.workers,
        folders,
        force=args.force,
        say=_say,
    )
    return _documents_done(result, "briefings", Path(folders.reports) / "index.html")


def _profiles(args: argparse.Namespace, years: list[int] | None) -> int:
    provinces = _split(args.provinces)
    result = pipeline.profiles(
        years,
        None if provinces == ["all"] else provinces,
        _split(args.lang),
        _split(args.formats),
        args.workers,
        _folders(args),
        force=args.force,
        scheduler=args.scheduler,
        say=_say,
    )
    return _documents_done(result, "profiles", Path(_folders(args).reports) / "profiles" / "<year>" / "index.html")


def _documents_done(result: pipeline.DocumentsResult, kind: str, index: Path) -> int:
    """One line per failure and a summary; non-zero when any document failed."""
    for failure in result.failed:
        print(f"{kind}: {failure.year} {failure.lang} FAILED: {failure.error} (log: {failure.log})", file=sys.stderr)
    rendered = len(result.rendered) - len(result.failed)
    print(f"{kind}: {rendered} rendered, {len(result.kept)} unchanged and kept, {len(result.failed)} failed -> {index}")
    return 1 if result.failed else 0


def _rank_range(args: argparse.Namespace, years: list[int] | None) -> int:
    import pandas as pd

    from analysis.data.provinces import load_processed_crosswalk
    from analysis.data.store import load_rank_ranges
    from analysis.report.sentences import rank_sentence

    processed_dir = _folders(args).processed
    crosswalk = load_processed_crosswalk(processed_dir)
    code = crosswalk.code(args.province, file="the command line", column="province")
    ranges = load_rank_ranges(processed_dir)
    panel_years = sorted(pd.read_csv(Path(processed_dir) / "coverage.csv").query("index == 'papi'")["year"].unique())
    for year in years or panel_years:
        print(rank_sentence(ranges, int(year), code, crosswalk.name_vi(code), "en"))
    return 0


def _manifest(args: argparse.Namespace, years: list[int] | None) -> int:
    from analysis.data.fetch import write_manifest

    count = write_manifest(config.source_dir(args.source))
    print(f"manifest: {count} files recorded in {config.MANIFEST_PATH}")
    return 0


def _import(args: argparse.Namespace, years: list[int] | None) -> int:
    from analysis.data.fetch import write_manifest
    from analysis.data.provinces import load_crosswalk
    from analysis.data.sources.annex import import_annex, load_spec

    source = config.source_dir(args.source)
    spec = load_spec(args.spec)
    written = import_annex(args.file, spec, source, load_crosswalk(source))
    count = write_manifest(source, config.MANIFEST_PATH)
    for path in written:
        print(f"import: wrote {path}")
    print(
        f"import: {spec.index} {spec.year} added; manifest: {count} files recorded in {config.MANIFEST_PATH}. "
        f"Run `make data` to rebuild the panel."
    )
    return 0


def _scorecard_template(args: argparse.Namespace, years: list[int] | None) -> int:

    from analysis.data.csvfile import read_csv
    from analysis.data.provinces import load_crosswalk
    from analysis.data.sources.scorecard import scorecard_name, write_template, year_fields

    raw_dir = _folders(args).raw
    code = load_crosswalk(raw_dir).code(args.province, file="the command line", column="province")
    criteria = None
    if args.criteria is not None:
        criteria = read_csv(args.criteria, ["field", "criterion_code", "criterion", "max_points"], ["max_points"])
    fields = year_fields(raw_dir, args.year)
    out = write_template(args.out or Path(f"par_index_{args.year}_{code}.csv"), fields, criteria)
    print(
        f"scorecard-template: wrote {out} ({len(fields)} fields known for {args.year}); fill the points from the "
        f"ministry's notice and save it as {scorecard_name(args.year, code)} in the source folder, then "
        f"run `python -m analysis manifest` and `make data`"
    )
    return 0


def _scheme_view(args: argparse.Namespace, years: list[int] | None) -> int:
    from analysis import load_panel
    from analysis.core.atomic import atomic_path, write_csv
    from analysis.data.merger import grouped_by_new_province
    from analysis.data.provinces import load_processed_crosswalk

    processed_dir = _folders(args).processed
    table = grouped_by_new_province(load_panel(processed_dir), load_processed_crosswalk(processed_dir), args.year)
    print(table.to_string(index=False, na_rep="—"))
    if args.out:
        with atomic_path(args.out) as tmp:
            write_csv(table, tmp)
    return 0


COMMANDS = {
    "data": _data,
    "models": _models,
    "reports": _reports,
    "rank-range": _rank_range,
    "manifest": _manifest,
    "import": _import,
    "scorecard-template": _scorecard_template,
    "scheme-view": _scheme_view,
    "profiles": _profiles,
}
