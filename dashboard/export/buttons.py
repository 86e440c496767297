"""The download buttons a page puts under a chart, and the "Rapport als PowerPoint" button.

One call per chart, right after showing it::

    from dashboard.export.buttons import deck_button, export_buttons, export_meta
    from dashboard.export.deck import ChartExport

    meta = export_meta(indicator["titel"], [area_name], period_label, queries.build_info(db),
                       onderwerp=indicator_id)
    chart = charts.bar_with_intervals(frame, ...)      # the builder's chart, not finished
    show_chart(chart, key="bars")                      # the page's own helper
    export_buttons(chart, frame, meta, key="bars")     # PNG · SVG · CSV · Excel

and once per page, for every chart shown (or a chosen set)::

    deck_button([ChartExport(chart, frame, meta), ...], report_meta, key="rapport",
                catalogue=queries.catalogue(db))

`frame` is the cached, aggregated frame the chart was drawn from (a query result, never raw
rows). Nothing is built until the user clicks: every button gets a callable
(`st.download_button(data=callable, on_click="ignore")`), so a page does not slow down and
the page does not rerun on a click. Every file carries the title, the selection and the
footnote of `meta`, and never a suppressed number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl
import streamlit as st

from dashboard.charts.spec import Chart
from dashboard.export.deck import ChartExport, build_deck
from dashboard.export.files import chart_files
from dashboard.export.meta import ExportMeta, bron_from_build_info

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: (suffix of the widget key, label, extension, MIME type) of the buttons under a chart.
CHART_BUTTONS = (
    ("png", "PNG", "png", "image/png"),
    ("svg", "SVG", "svg", "image/svg+xml"),
    ("csv", "CSV", "csv", "text/csv"),
    ("xlsx", "Excel", "xlsx", XLSX_MIME),
)

DECK_LABEL = "Rapport als PowerPoint"


def export_meta(
    titel: str,
    gebieden: Sequence[str],
    periode: str,
    build_info: Mapping,
    *,
    onderwerp: str = "",
) -> ExportMeta:
    """Return the ExportMeta of a chart from the page's selection and `queries.build_info(db)`.

    Refuses a build_info without `built_at` or `synthetisch` (ValueError).
    """
    return ExportMeta(
        titel=titel,
        gebieden=tuple(gebieden),
        periode=periode,
        bron=bron_from_build_info(build_info),
        onderwerp=onderwerp,
    )


def export_buttons(chart: Chart, frame: pl.DataFrame, meta: ExportMeta, key: str) -> None:
    """Show four download buttons in a row (PNG, SVG, CSV, Excel) for one chart.

    `chart`: the chart as the builder returned it (the same object the page shows); `frame`:
    the aggregated frame it was drawn from; `meta`: title, selection and source; `key`: unique
    on the page (each button's key is `key` + "-png", "-svg", "-csv", "-xlsx").
    """
    files = chart_files(chart, frame, meta)
    with st.container(horizontal=True, gap="small"):
        for suffix, label, extension, mime in CHART_BUTTONS:
            st.download_button(
                label,
                data=files[suffix],
                file_name=f"{meta.bestandsnaam}.{extension}",
                mime=mime,
                key=f"{key}-{suffix}",
                on_click="ignore",
                icon=":material/download:",
                type="tertiary",
                help=f"{meta.titel} ({meta.ondertitel}) als {label}",
            )


def deck_button(
    charts: Sequence[ChartExport],
    meta: ExportMeta,
    key: str,
    *,
    catalogue: pl.DataFrame | None = None,
    template: bytes | str | None = None,
    samenvatting=None,
) -> None:
    """Show the "Rapport als PowerPoint" button for `charts` (in slide order).

    `meta.titel` is the report title and `meta` the page's selection; `catalogue` the published
    indicator catalogue (`queries.catalogue(db)`) for the definitions slide; `template` an
    optional .pptx (default: see `dashboard.export.deck`); `samenvatting` (a
    `wat_valt_op.Samenvatting`) puts "Wat valt op" and the tiles first. Disabled when there is
    nothing to show.
    """
    items = list(charts)
    st.download_button(
        DECK_LABEL,
        data=lambda: build_deck(
            items, meta, catalogue=catalogue, template=template, samenvatting=samenvatting
        ),
        file_name=f"{meta.bestandsnaam}.pptx",
        mime=PPTX_MIME,
        key=key,
        on_click="ignore",
        icon=":material/slideshow:",
        disabled=not items and samenvatting is None,
        help="Een PowerPoint (16:9) met alle grafieken van deze pagina, definities en bron",
    )
