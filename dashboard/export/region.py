"""The charts of a whole-area report, as the command line exports them.

For one area (regio, RESV, gemeente or wijk) and one period: the overview of its wijken, then
per indicator the wijken compared (bars with intervals; the waiting time as a lollipop) and the
area's own trend over the periods of the same type. A wijk is reported among the wijken of its
gemeente. Every chart comes from the same builders as the screen (`dashboard.charts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import polars as pl

from dashboard import charts
from dashboard import format as fmt
from dashboard.export import published
from dashboard.export.deck import ChartExport
from dashboard.export.meta import Bron, ExportMeta, bron_from_build_info


class SelectionError(ValueError):
    """An area, period or indicator that the database does not hold; the message is Dutch and
    lists what can be chosen."""


@dataclass(frozen=True)
class Selection:
    """A checked choice: the area row, the period and its type, the indicators (catalogue)."""

    area: dict
    period: str
    period_type: str
    periode_volledig: bool
    catalogue: pl.DataFrame
    bron: Bron
    scope_name: str = ""

    @property
    def period_text(self) -> str:
        return fmt.period_label(self.period, self.periode_volledig)

    @property
    def scope(self) -> str | None:
        """The area whose wijken are compared: None for the regio, the gemeente for a wijk."""
        level = self.area["area_level"]
        if level == "regio":
            return None
        if level == "wijk":
            return self.area["gemeente_code"]
        return self.area["area_code"]

    def meta(
        self, titel: str, onderwerp: str, periode: str | None = None, wijken: bool = False
    ) -> ExportMeta:
        """The ExportMeta of a chart of the area (or, with `wijken`, of the wijken compared)."""
        name = self.scope_name if wijken and self.scope_name else self.area["area_name"]
        return ExportMeta(
            titel=titel,
            gebieden=(name,),
            periode=periode or self.period_text,
            bron=self.bron,
            onderwerp=onderwerp,
        )


def select(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    period: str,
    indicator_ids: Sequence[str] = (),
) -> Selection:
    """Return the checked selection. Refuses an unknown area, period or indicator, or an
    indicator not published for the period's type, with SelectionError."""
    area = published.read_area(con, area_code)
    if area is None:
        choices = published.read_areas_above_wijk(con)
        listed = ", ".join(f"{r['area_code']} ({r['area_name']})" for r in choices.to_dicts())
        raise SelectionError(
            f"Onbekend gebied {area_code!r}. Kies een wijkcode of een van: {listed}."
        )
    periods = published.read_periods(con)
    match = periods.filter(pl.col("period") == period)
    if match.is_empty():
        years = periods.filter(pl.col("period_type") == "jaar").get_column("period").to_list()
        raise SelectionError(
            f"Onbekende periode {period!r}. Kies een jaar ({', '.join(sorted(years))}) of een "
            "kwartaal als 2025-Q3."
        )
    period_type = match.item(0, "period_type")
    catalogue = published.read_catalogue(con)
    unknown = sorted(set(indicator_ids) - set(catalogue.get_column("indicator_id")))
    if unknown:
        raise SelectionError(
            f"Onbekende indicator(en): {', '.join(unknown)}. Kies uit: "
            f"{', '.join(catalogue.get_column('indicator_id'))}."
        )
    if indicator_ids:
        catalogue = catalogue.filter(pl.col("indicator_id").is_in(list(indicator_ids)))
    published_here = catalogue.filter(pl.col("periode_types").str.contains(period_type))
    if published_here.is_empty():
        raise SelectionError(
            f"Geen van de gekozen indicatoren is per {period_type} gepubliceerd; kies een jaar."
        )
    scope_name = area["area_name"]
    if area["area_level"] == "wijk":
        gemeente = published.read_area(con, area["gemeente_code"])
        scope_name = f"Wijken van {gemeente['area_name']}" if gemeente else scope_name
    return Selection(
        area=area,
        period=period,
        period_type=period_type,
        periode_volledig=bool(match.item(0, "periode_volledig")),
        catalogue=published_here,
        bron=bron_from_build_info(published.read_build_info(con)),
        scope_name=scope_name,
    )


def _benchmark(rows: pl.DataFrame) -> float | None:
    values = rows.get_column("benchmark_value").drop_nulls()
    return float(values[0]) if values.len() else None


def region_charts(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[ChartExport]:
    """Return the charts of the report for `selection`, in slide order."""
    ids = selection.catalogue.get_column("indicator_id").to_list()
    wijken = published.read_wijk_values(con, selection.scope, selection.period).filter(
        pl.col("indicator_id").is_in(ids)
    )
    trends = published.read_area_values(
        con, selection.area["area_code"], selection.period_type
    ).filter(pl.col("indicator_id").is_in(ids))
    items = [
        ChartExport(
            charts.overview_grid(wijken, titel="Overzicht per wijk"),
            wijken,
            selection.meta("Overzicht per wijk", "overzicht-wijken", wijken=True),
            tuple(ids),
        )
    ]
    first, last = (trends.get_column("period").min(), trends.get_column("period").max())
    for indicator in selection.catalogue.to_dicts():
        indicator_id, titel = indicator["indicator_id"], indicator["titel"]
        unit, decimals = indicator["eenheid"], int(indicator["decimalen"])
        rows = wijken.filter(pl.col("indicator_id") == indicator_id)
        if indicator_id == "wachttijd_opname":
            chart = charts.wachttijd(rows, _benchmark(rows), titel=titel)
        else:
            chart = charts.bar_with_intervals(
                rows, _benchmark(rows), titel=titel, eenheid=unit, decimalen=decimals
            )
        items.append(
            ChartExport(
                chart,
                rows,
                selection.meta(f"{titel} per wijk", f"{indicator_id}-wijken", wijken=True),
                (indicator_id,),
            )
        )
        trend = trends.filter(pl.col("indicator_id") == indicator_id)
        span = f"{fmt.period_label(first)}–{fmt.period_label(last)}" if first else ""
        items.append(
            ChartExport(
                charts.trend_lines(trend, titel=titel, eenheid=unit, decimalen=decimals),
                trend,
                selection.meta(f"{titel}: ontwikkeling", f"{indicator_id}-trend", span),
                (indicator_id,),
            )
        )
    return items
