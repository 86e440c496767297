"""Command line: the report of a whole area as PowerPoint, PNG, SVG, CSV and XLSX.

    python -m dashboard.export --area RESV01 --period 2025 --output rapport/ [--db PATH]
        [--indicator so_bereik --indicator crisisopnames] [--template huisstijl.pptx]
        [--formats pptx,png,svg,csv,xlsx]
        [--rapport gebied|trends|koppels|koppel_vergelijking|opnames|getrapte_zorg|inzet|
                   vergelijken]
        [--alles]

The deck of the whole-area report starts with "Wat valt op" (slide 2) and the Overzicht's
tiles, and holds at most 20 slides: the charts of what "Wat valt op" names first, the others
as far as they fit; `--alles` gives every chart (the other files always hold every chart).

`--rapport` chooses the whole-area report (default) or the charts and deck of one page
(Trends, Koppels, "Helpt een vast koppel?" as `koppel_vergelijking`, Opnames, Vergelijken
with one --indicator) for the same selection, made by
the page's own report function.

For boards that prepare a meeting without opening the app. Reads only the published database
(read-only), by default the one the app opens ($DASHBOARD_DB, else data/dashboard.duckdb).
Exit status 0 when every file was written, 2 for a bad choice or an unusable database or
template (a Dutch message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import data
from dashboard.export import region
from dashboard.export.deck import DeckError, build_deck
from dashboard.export.files import chart_files
from dashboard.export.meta import ExportMeta
from pipelines.publish import SCHEMA_VERSION

FORMATS = ("pptx", "png", "svg", "csv", "xlsx")

#: The most slides the deck has without --alles: enough for a board meeting.
MAX_SLIDES = 20


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description=(
            "Maak het rapport van een gebied: een PowerPoint en elke grafiek als PNG, SVG, "
            "CSV en XLSX, uit de gepubliceerde database."
        ),
    )
    parser.add_argument("--area", required=True, help="gebiedscode: REGIO, RESV01, GM9901, …")
    parser.add_argument("--period", required=True, help="jaar (2025) of kwartaal (2025-Q3)")
    parser.add_argument("--output", required=True, type=Path, help="map voor de bestanden")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="gepubliceerde database (standaard $DASHBOARD_DB of data/dashboard.duckdb)",
    )
    parser.add_argument(
        "--indicator",
        action="append",
        default=[],
        help="alleen deze indicator (herhaalbaar); standaard alle",
    )
    parser.add_argument("--template", type=Path, default=None, help="PowerPoint-sjabloon (.pptx)")
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"welke bestanden, kommagescheiden (standaard {','.join(FORMATS)})",
    )
    parser.add_argument(
        "--rapport",
        default="gebied",
        choices=region.REPORTS,
        help=(
            "welk rapport: het hele gebied (standaard) of de grafieken van één pagina "
            "(trends, koppels, koppel_vergelijking = Helpt een vast koppel?, opnames, "
            "getrapte_zorg, inzet, vergelijken); --indicator geldt voor gebied en trends, "
            "vergelijken vraagt er precies één"
        ),
    )
    parser.add_argument(
        "--alles",
        action="store_true",
        help=f"alle grafieken in de PowerPoint (standaard hoogstens {MAX_SLIDES} dia's)",
    )
    return parser


def _formats(text: str) -> list[str]:
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in FORMATS]
    if unknown or not chosen:
        raise region.SelectionError(
            f"Onbekend formaat: {', '.join(unknown) or '(leeg)'}. Kies uit {', '.join(FORMATS)}."
        )
    return chosen


def export_area(
    db: Path,
    area: str,
    period: str,
    output: Path,
    *,
    indicator_ids: Sequence[str] = (),
    template: Path | None = None,
    formats: Sequence[str] = FORMATS,
    rapport: str = "gebied",
    alles: bool = False,
    progress=print,
) -> list[Path]:
    """Write the report of `area` in `period` to `output` and return the files written.

    The deck has at most MAX_SLIDES slides unless `alles`. Refuses an unusable database
    (data.PublishedError), an unknown area, period,
    indicator or format (region.SelectionError) and a bad template (DeckError).
    """
    con = data.open_published(db, SCHEMA_VERSION)
    try:
        selection = region.select(con, area, period, indicator_ids)
        samenvatting = None
        if rapport == "gebied":
            items = region.region_charts(con, selection)
            samenvatting = region.summary(con, selection)
            report = selection.meta(
                f"Populatieverantwoordelijkheid HA/SO: {selection.area['area_name']}", "rapport"
            )
        else:
            page = region.page_report(con, selection, rapport)
            items = region.report_items(page, selection)
            report = ExportMeta(page.titel, page.gebieden, page.periode, selection.bron)
    finally:
        con.close()
    output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "pptx" in formats:
        path = output / f"{report.bestandsnaam}.pptx"
        path.write_bytes(
            build_deck(
                items,
                report,
                catalogue=selection.catalogue,
                template=template,
                samenvatting=samenvatting,
                max_slides=None if alles else MAX_SLIDES,
                alles_hint="Alle grafieken: python -m dashboard.export met --alles.",
            )
        )
        written.append(path)
        progress(f"geschreven: {path}")
    per_chart = [extension for extension in formats if extension != "pptx"]
    for item in items if per_chart else []:
        files = chart_files(item.chart, item.frame, item.meta)
        for extension in per_chart:
            path = output / f"{item.meta.bestandsnaam}.{extension}"
            path.write_bytes(files[extension]())
            written.append(path)
        progress(f"geschreven: {output / item.meta.bestandsnaam}.{{{','.join(per_chart)}}}")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see the module docstring)."""
    args = _parser().parse_args(argv)
    try:
        formats = _formats(args.formats)
        written = export_area(
            args.db or data.default_database(),
            args.area,
            args.period,
            args.output,
            indicator_ids=args.indicator,
            template=args.template,
            formats=formats,
            rapport=args.rapport,
            alles=args.alles,
        )
    except (data.PublishedError, region.SelectionError, DeckError) as problem:
        print(f"fout: {problem}", file=sys.stderr)
        return 2
    except OSError as problem:
        print(f"fout: kan niet schrijven in {args.output}: {problem.strerror}", file=sys.stderr)
        return 2
    print(f"{len(written)} bestanden in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
