"""Command line: ``python -m pipelines validate | build | synth``.

Exit status: 0 done; 2 refused (bad delivery, build locked, a data check failed, bad option) with
a message that names file, row and column where there is one. Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pipelines import build as build_module
from pipelines.contract import DEFAULT_MAX_QUARANTINE_SHARE
from pipelines.disclosure import MIN_COUNT, MIN_DENOMINATOR
from pipelines.ingest import DeliveryRefused
from pipelines.lock import BuildLocked
from pipelines.publish import MIN_KOPPELS

EXIT_REFUSED = 2
DEFAULT_INPUT = Path("sample_data")
DEFAULT_OUTPUT = Path("data")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share between 0 and 1")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be greater than 0")
    return value


def _add_delivery_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--input",
        type=Path,
        default=DEFAULT_INPUT,
        metavar="DIR",
        help="delivery folder with one file per table (.csv, .parquet or .xlsx); "
        "default: %(default)s",
    )
    parser.add_argument(
        "--allow-quarantine",
        action="store_true",
        help="build even when more than --max-quarantine-share of a file's rows break a rule "
        "(those rows are still quarantined, never loaded)",
    )
    parser.add_argument(
        "--max-quarantine-share",
        type=_share,
        default=DEFAULT_MAX_QUARANTINE_SHARE,
        metavar="SHARE",
        help="largest share (0–1) of a file's rows that may be quarantined before the delivery "
        "is refused; default: %(default)s",
    )
    parser.add_argument(
        "--peildatum",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="last day with complete data; default: the last day of the month of the latest "
        "contact or admission",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines",
        description="Validate a partner delivery, build the warehouse and publish the "
        "dashboard database, or generate a synthetic delivery.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="read and validate a delivery and report; writes nothing",
        description="Read and validate a delivery in memory: rows read, loaded and quarantined "
        "per file, quarantine reasons, refusals. Writes nothing.",
    )
    _add_delivery_options(validate)
    validate.add_argument(
        "--json", action="store_true", help="print the report as JSON instead of a table"
    )

    build = commands.add_parser(
        "build",
        help="validate a delivery, build the warehouse and publish the dashboard database",
        description="Validate a delivery, build data/warehouse.duckdb (row-level, stays with the "
        "pipeline) and publish data/dashboard.duckdb (aggregated and suppressed; the only "
        "file the dashboard reads). A refused delivery writes nothing.",
    )
    _add_delivery_options(build)
    build.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="folder for the warehouse, the build report and the published database; "
        "default: %(default)s",
    )
    build.add_argument(
        "--min-count",
        type=positive_int,
        default=MIN_COUNT,
        metavar="N",
        help="smallest published count of persons or events; 1..N-1 are suppressed; "
        "default: %(default)s",
    )
    build.add_argument(
        "--min-denominator",
        type=positive_int,
        default=MIN_DENOMINATOR,
        metavar="N",
        help="smallest population denominator of a published rate; default: %(default)s",
    )
    build.add_argument(
        "--min-koppels",
        type=positive_int,
        default=MIN_KOPPELS,
        metavar="N",
        help="smallest number of koppels behind a published koppel figure; default: %(default)s",
    )

    synth = commands.add_parser(
        "synth",
        help="write a synthetic delivery (deterministic per seed)",
        description="Write a synthetic delivery in the contract format. Scale 1 is a fictional "
        "region of about 25,000 inhabitants aged 75+; scale 70 is about national size.",
    )
    synth.add_argument(
        "--scale",
        type=positive_float,
        default=1.0,
        help="size relative to the sample region; default: %(default)s",
    )
    synth.add_argument("--seed", type=int, default=1, help="random seed; default: %(default)s")
    synth.add_argument(
        "--output", type=Path, required=True, metavar="DIR", help="folder to write the delivery to"
    )
    return parser


def _print(message: str) -> None:
    print(message, flush=True)


def _settings(args: argparse.Namespace) -> build_module.BuildSettings:
    return build_module.BuildSettings(
        input_dir=args.input,
        output_dir=getattr(args, "output", DEFAULT_OUTPUT),
        allow_quarantine=args.allow_quarantine,
        max_quarantine_share=args.max_quarantine_share,
        peildatum=args.peildatum,
        min_count=getattr(args, "min_count", MIN_COUNT),
        min_denominator=getattr(args, "min_denominator", MIN_DENOMINATOR),
        min_koppels=getattr(args, "min_koppels", MIN_KOPPELS),
    )


def _print_ingest_table(report: dict) -> None:
    _print(f"{'file':<28} {'read':>10} {'loaded':>10} {'quarantined':>12}")
    for f in report["files"]:
        _print(
            f"{f['file']:<28} {f['rows_read']:>10} {f['rows_loaded']:>10} "
            f"{f['rows_quarantined']:>12}"
        )
        for reason, rows in sorted(f["reasons"].items()):
            _print(f"    quarantined, {reason}: {rows} rows")
        if f["extra_columns"]:
            _print(f"    extra columns ignored: {', '.join(f['extra_columns'])}")
    for warning in report["warnings"]:
        _print(f"warning: {warning}")


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        report = build_module.validate_delivery(_settings(args), progress=_print)
        if args.json:
            _print(json.dumps(report, indent=2, default=str))
        else:
            _print_ingest_table(report)
        return 0
    if args.command == "build":
        build_module.build(_settings(args), progress=_print)
        return 0
    from pipelines.synth import generate_delivery

    started = time.perf_counter()
    rows = generate_delivery(args.output, scale=args.scale, seed=args.seed, progress=_print)
    for name, count in rows.items():
        _print(f"{name}: {count:,} rows".replace(",", "."))
    _print(f"synthetic delivery written to {args.output} ({time.perf_counter() - started:.1f} s)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (DeliveryRefused, BuildLocked, build_module.BuildFailed) as err:
        print(f"refused: {err}", file=sys.stderr, flush=True)
        return EXIT_REFUSED
    except ValueError as err:  # the generator refuses a scale or seed out of range
        if args.command != "synth":
            raise
        print(f"refused: {err}", file=sys.stderr, flush=True)
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
