"""Export latency: a PNG and an SVG of one chart, and a deck of ten charts, after warm-up.

The charts are the whole-area report of the command line export (``dashboard.export.region``)
for one RESV in the last complete year. The first export in a process starts vl-convert's
runtime; it is timed apart as the warm-up. A PNG is the SVG rasterised, so ``png_ms`` is about
``svg_ms`` (Vega-Lite spec, Vega layout, SVG canvas) plus ``rasterise_ms`` (resvg at 144 ppi and
PNG encoding of that SVG); the load average before and after shows how shared the machine was.
"""

from __future__ import annotations

import os
import statistics
import time

import vl_convert

from benchmarks import ui_common
from dashboard import data as published
from dashboard.export import images, region
from dashboard.export.deck import build_deck
from pipelines.publish import SCHEMA_VERSION

DECK_CHARTS = 10


def _timed(function, repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def _selection(con):
    resv = con.execute(
        "select area_code from areas where area_level = 'resv' order by area_code limit 1"
    ).fetchall()[0][0]
    year = published.read_build_info(con)["laatste_volledige_jaar"]
    return region.select(con, resv, str(year))


def main() -> None:
    args = ui_common.parse_args(__doc__.splitlines()[0])
    load_before = os.getloadavg()[0]
    con = published.open_published(args.db, SCHEMA_VERSION)
    try:
        selection = _selection(con)
        started = time.perf_counter()
        items = region.region_charts(con, selection)
        charts_seconds = time.perf_counter() - started
    finally:
        con.close()
    # The second chart: the first indicator's wijken compared, the chart a user exports most.
    item = items[1] if len(items) > 1 else items[0]
    warm_up = _timed(lambda: images.export_png(item.chart, item.meta), 1)[0]
    png = _timed(lambda: images.export_png(item.chart, item.meta), args.repeats)
    svg = _timed(lambda: images.export_svg(item.chart, item.meta), args.repeats)
    canvas = images.export_svg(item.chart, item.meta)
    rasterise = _timed(lambda: vl_convert.svg_to_png(canvas, ppi=images.PPI), args.repeats)
    deck_items = items[:DECK_CHARTS]
    meta = selection.meta(f"Benchmark {selection.area['area_name']}", "rapport")
    deck = _timed(
        lambda: build_deck(deck_items, meta, catalogue=selection.catalogue),
        max(1, args.repeats // 2),
    )
    ui_common.write(
        args.json,
        {
            "status": "measured",
            "area": selection.area["area_code"],
            "period": selection.period,
            "chart": item.meta.titel,
            "queries_and_charts_seconds": round(charts_seconds, 3),
            "warm_up_png_ms": round(warm_up * 1000, 1),
            "png_ms": ui_common.median_ms(png),
            "svg_ms": ui_common.median_ms(svg),
            "rasterise_ms": ui_common.median_ms(rasterise),
            "deck_charts": len(deck_items),
            "deck_10_seconds": round(statistics.median(deck), 3),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        },
    )


if __name__ == "__main__":
    main()
