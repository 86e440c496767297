"""Command line: ``python -m pipelines validate | build | synth``.

Exit status: 0 done; 2 refused (bad delivery, build locked, a data check failed, bad option) with
a Dutch message ("Geweigerd: …") that names file, row and column where there is one, and for too
many quarantined rows the count per reason. Never a traceback for bad input.

``build`` and ``validate`` end with the data steward's summary (``pipelines/ingest/summary.py``):
rows read, loaded and quarantined per file, the quarantined rows per reason, and where
``quarantaine.csv`` is (``build``: next to build_report.json; ``validate``: in its ``--output``,
default ``data/validatie``). Numbers are written the Dutch way (1.234; 5,0 %).
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
from pipelines.disclosure import MIN_COUNT, MIN_NOEMER
from pipelines.ingest import DeliveryRefused, summary
from pipelines.lock import BuildLocked
from pipelines.publish import MIN_KOPPELS

EXIT_REFUSED = 2
DEFAULT_INPUT = Path("sample_data")
DEFAULT_OUTPUT = Path("data")
#: Where ``validate`` writes quarantaine.csv: beside a build's output, never over a build's own
#: list, and not in whatever folder the command happens to run from.
DEFAULT_VALIDATE_OUTPUT = DEFAULT_OUTPUT / "validatie"
REFUSED = "Geweigerd: "


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen datum (JJJJ-MM-DD)") from None


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen getal") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is geen aandeel tussen 0 en 1")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen geheel getal") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} moet ten minste 1 zijn")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen getal") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} moet groter dan 0 zijn")
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
        help="read and validate a delivery and report; writes only quarantaine.csv",
        description="Read and validate a delivery in memory: rows read, loaded and quarantined "
        "per file, quarantine reasons, refusals. Writes only quarantaine.csv (every "
        "quarantined row with its row number and message) into --output; no database.",
    )
    _add_delivery_options(validate)
    validate.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_VALIDATE_OUTPUT,
        metavar="DIR",
        help="folder for quarantaine.csv (created when missing; nothing is written when the "
        "delivery is refused); default: %(default)s",
    )
    validate.add_argument(
        "--json", action="store_true", help="print the report as JSON instead of a summary"
    )

    build = commands.add_parser(
        "build",
        help="validate a delivery, build the warehouse and publish the dashboard database",
        description="Validate a delivery, build data/warehouse.duckdb (row-level, stays with the "
        "pipeline) and publish data/dashboard.duckdb (aggregated and suppressed; the only "
        "file the dashboard reads); write build_report.json and quarantaine.csv beside them. "
        "A refused delivery writes nothing.",
    )
    _add_delivery_options(build)
    build.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="folder for the warehouse, the build report, quarantaine.csv and the published "
        "database; default: %(default)s",
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
        "--min-noemer",
        "--min-denominator",  # the spelling before the naming rule (schema 4)
        dest="min_noemer",
        type=positive_int,
        default=MIN_NOEMER,
        metavar="N",
        help="smallest population noemer of a published rate; default: %(default)s",
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
        output_dir=args.output if args.command == "build" else DEFAULT_OUTPUT,
        allow_quarantine=args.allow_quarantine,
        max_quarantine_share=args.max_quarantine_share,
        peildatum=args.peildatum,
        min_count=getattr(args, "min_count", MIN_COUNT),
        min_noemer=getattr(args, "min_noemer", MIN_NOEMER),
        min_koppels=getattr(args, "min_koppels", MIN_KOPPELS),
    )


def _print_summary(ingest: dict, max_share: float, csv_path: Path) -> None:
    for line in summary.summary_lines(ingest, max_share, csv_path):
        _print(line)


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        csv_path = args.output / summary.QUARANTINE_CSV
        report = build_module.validate_delivery(
            _settings(args), progress=_print, quarantine_csv=csv_path
        )
        if args.json:
            _print(json.dumps(report, indent=2, default=str))
        else:
            _print_summary(report, args.max_quarantine_share, csv_path)
        return 0
    if args.command == "build":
        report = build_module.build(_settings(args), progress=_print)
        csv_path = args.output / build_module.QUARANTINE_NAME
        _print_summary(report.ingest, args.max_quarantine_share, csv_path)
        return 0
    from pipelines.synth import generate_delivery

    started = time.perf_counter()
    rows = generate_delivery(args.output, scale=args.scale, seed=args.seed, progress=_print)
    for name, count in rows.items():
        _print(f"{name}: {summary.rows_text(count)}")
    _print(
        f"synthetische levering geschreven naar {args.output} "
        f"({summary.seconds(time.perf_counter() - started)})"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (DeliveryRefused, BuildLocked, build_module.BuildFailed) as err:
        print(f"{REFUSED}{err}", file=sys.stderr, flush=True)
        return EXIT_REFUSED
    except ValueError as err:  # the generator refuses a scale or seed out of range
        if args.command != "synth":
            raise
        print(f"{REFUSED}{err}", file=sys.stderr, flush=True)
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
