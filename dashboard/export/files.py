"""The files of one chart (PNG, SVG, CSV, XLSX), for the download buttons and the command line.

Free of Streamlit, so that `python -m dashboard.export` can use it too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import polars as pl

from dashboard.charts.spec import Chart
from dashboard.export.images import canvas_png, export_svg
from dashboard.export.meta import ExportMeta
from dashboard.export.tables import export_csv, export_xlsx


def chart_files(
    chart: Chart, frame: pl.DataFrame, meta: ExportMeta
) -> dict[str, Callable[[], bytes]]:
    """Return, per file extension, a callable that builds that file's bytes (not yet called).

    PNG and SVG share one layout of the chart: the second of the two reuses the first's SVG.
    """
    canvas = cache(lambda: export_svg(chart, meta))
    return {
        "png": lambda: canvas_png(canvas()),
        "svg": lambda: canvas().encode("utf-8"),
        "csv": lambda: export_csv(frame, meta),
        "xlsx": lambda: export_xlsx(frame, meta),
    }
