"""The exports of one page: each chart is shown with its download buttons (PNG, SVG, CSV,
Excel) and collected, so the page can end with one "Rapport als PowerPoint" of all its charts.

A page makes one ``PageReport`` per run (never shared between sessions) and calls
``report.chart(...)`` instead of showing a chart itself; nothing is rendered to a file until
the user clicks a button.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import streamlit as st

from dashboard import queries
from dashboard.charts.spec import Chart
from dashboard.export.buttons import deck_button, export_buttons, export_meta
from dashboard.export.deck import ChartExport
from dashboard.reports import Definitie, Report, Section, Table, Text, rules
from dashboard.views import _common as common


class PageReport:
    """Charts of one page run with their selection (areas, period) for the exports."""

    def __init__(self, titel: str, gebieden: Sequence[str], periode: str) -> None:
        self.database = common.database()
        self.titel = titel
        self.gebieden = tuple(gebieden)
        self.periode = periode
        self.build_info = queries.build_info(self.database)
        self.items: list[ChartExport] = []

    def chart(
        self,
        chart: Chart,
        frame: pl.DataFrame,
        *,
        key: str,
        titel: str,
        indicatoren: Sequence[str] = (),
        gebieden: Sequence[str] | None = None,
        periode: str | None = None,
        onderwerp: str | None = None,
        definities: Sequence[Definitie] = (),
    ) -> None:
        """Show ``chart`` (a builder's, drawn from the aggregated ``frame``) with its download
        buttons and keep it for the page's PowerPoint; ``definities``: the chart's own
        definitions of what it shows (`reports.Definitie`), in place of the catalogue's."""
        common.show_chart(chart, key=key)
        meta = export_meta(
            titel,
            self.gebieden if gebieden is None else gebieden,
            self.periode if periode is None else periode,
            self.build_info,
            onderwerp="_".join(indicatoren) if onderwerp is None else onderwerp,
        )
        export_buttons(chart, frame, meta, key=key)
        self.items.append(
            ChartExport(
                chart, frame, meta, indicatoren=tuple(indicatoren), definities=tuple(definities)
            )
        )

    def section(self, section: Section, onderwerp: str | None = None) -> None:
        """Show one section of a report (`dashboard.reports`) with its buttons; `onderwerp`:
        what its file names start with (default: its indicators)."""
        self.chart(
            section.chart,
            section.frame,
            key=section.key,
            titel=section.titel,
            indicatoren=section.indicatoren,
            periode=section.periode,
            onderwerp=onderwerp,
            definities=section.definities,
        )

    def indicator_trend(
        self, frame: pl.DataFrame, indicator: str, *, key: str, periode: str | None = None
    ) -> bool:
        """Show the trend lines of ``indicator`` from ``frame`` (trend_values rows of one or
        more areas) with its buttons; return False, showing nothing, when it has no rows."""
        section = rules.trend_section(frame, indicator, key, periode)
        if section is None:
            return False
        self.section(section)
        return True

    def items_of(self, items: Sequence[Section | Table | Text]) -> None:
        """Show items of a report (texts, tables, charts with their buttons) in order."""
        for item in items:
            if isinstance(item, Section):
                self.section(item)
            elif isinstance(item, Table):
                common.show_table(item.frame, key=item.key)
            elif isinstance(item, Text):
                getattr(st, item.kind)(item.tekst)

    def deck_button(self, samenvatting=None) -> None:
        """The "Rapport als PowerPoint" button for every chart shown so far; `samenvatting`
        (`wat_valt_op.Samenvatting`) adds "Wat valt op" and the tiles as its first slides."""
        st.divider()
        meta = export_meta(self.titel, self.gebieden, self.periode, self.build_info)
        deck_button(
            self.items,
            meta,
            key="rapport",
            catalogue=queries.catalogue(self.database),
            samenvatting=samenvatting,
        )


def render_report(report: Report) -> None:
    """Show a report of `dashboard.reports` in page order: its texts, tables and charts (with
    their buttons), then the "Rapport als PowerPoint" of its charts."""
    page = PageReport(report.titel, report.gebieden, report.periode)
    onderwerpen = report.onderwerpen()
    for item in report.items:
        if isinstance(item, Section):
            page.section(item, onderwerpen[item.key])
        elif isinstance(item, Table):
            common.show_table(item.frame, key=item.key)
        elif isinstance(item, Text):
            getattr(st, item.kind)(item.tekst)
    page.deck_button()
