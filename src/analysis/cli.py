"""Command line: `python -m analysis data|models|reports|manifest`."""
from __future__ import annotations

import argparse
import sys

from analysis import config
from analysis.errors import DataError, SourceMissingError


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        years = config.parse_years(args.years)
        return COMMANDS[args.command](args, years)
    except (DataError, SourceMissingError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _common_options(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--source", default=default,
                        help=f"source data folder (default: ${config.SOURCE_ENV_VAR} or ../shared/data)")
    parser.add_argument("--years", default=default,
                        help="years, e.g. 2021, 2019,2021 or 2011-2024 (default: every year with data)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    _common_options(parser, None)
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {
        "data": "fetch raw files, verify checksums, build and validate data/processed/",
        "models": "fit correlations and regressions on data/processed/ and write the results there",
        "manifest": "record the source files' checksums in data/manifest.csv (after a deliberate update)",
    }
    commands["reports"] = "render the yearly briefings (HTML, PDF, executed notebook, run record) and reports/index.html"
    for name, text in commands.items():
        # SUPPRESS: options given before the subcommand are not overwritten by the subcommand's defaults.
        command = sub.add_parser(name, help=text, description=text)
        _common_options(command, argparse.SUPPRESS)
        if name == "reports":
            command.add_argument("--focus", help="focus provinces, comma-separated (default: config/reports.yml)")
            command.add_argument("--formats", help="html,pdf (default: config/reports.yml)")
            command.add_argument("--lang", help="vi,en (default: config/reports.yml)")
            command.add_argument("--workers", type=int, help="reports rendered in parallel (default: config/reports.yml)")
    return parser


def _data(args, years) -> int:
    from analysis.build import run_data_step
    summary = run_data_step(config.source_dir(args.source))
    print(f"data: {summary['rows']} panel rows, {summary['conflicts']} source conflicts logged -> "
          f"{summary['processed_dir']}")
    return 0


def _models(args, years) -> int:
    from analysis import load_panel
    from analysis.models.run import run_models, write_model_outputs
    run = run_models(load_panel(), years=years)
    write_model_outputs(run)
    significant = int(run.summaries["significant"].sum()) if not run.summaries.empty else 0
    print(f"models: {len(run.fits)} fitted ({len(run.skipped)} skipped, reasons in models_skipped.csv), {len(run.correlations)} "
          f"correlations; {significant} coefficients hold after Benjamini-Hochberg correction -> {config.PROCESSED_DIR}")
    return 0


def _reports(args, years) -> int:
    from analysis.report.batch import run_batch
    split = lambda text: [part.strip() for part in text.split(",") if part.strip()] if text else None  # noqa: E731
    outcomes = run_batch(years=years if args.years else None, focus=split(args.focus), langs=split(args.lang),
                         formats=split(args.formats), workers=args.workers,
                         source=config.source_dir(args.source))
    failed = [o for o in outcomes if not o["ok"]]
    for outcome in outcomes:
        status = "ok" if outcome["ok"] else f"FAILED: {outcome['error']}"
        print(f"reports: {outcome['year']} {outcome['lang']} {status} ({outcome['seconds']} s)")
    print(f"reports: {len(outcomes) - len(failed)} of {len(outcomes)} briefings rendered -> {config.REPORTS_DIR}/index.html")
    return 1 if failed else 0


def _manifest(args, years) -> int:
    from analysis.fetch import write_manifest
    count = write_manifest(config.source_dir(args.source))
    print(f"manifest: {count} files recorded in {config.MANIFEST_PATH}")
    return 0


COMMANDS = {"data": _data, "models": _models, "reports": _reports, "manifest": _manifest}
