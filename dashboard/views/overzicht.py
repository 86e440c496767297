"""Overzicht, for the board: a tile per indicator for the chosen area, then wijken × indicators."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import filters, present, queries
from dashboard.reports import gecorrigeerd, overzicht, rules
from dashboard.views import _common as common
from dashboard.views import _gecorrigeerd
from dashboard.views._report import PageReport

TITLE = "Overzicht"
TILES_PER_ROW = 3

#: st.metric colours a change green or red by its sign alone; a yearly change carries no
#: verdict (that is the benchmark comparison and the trend test), so it stays grey.
_DELTA_COLOUR = "off"


def _tile(row: dict, change: overzicht.Change, history: list[dict], benchmark: str) -> None:
    """One indicator's tile; `change`: against the year before (`overzicht.year_change`);
    `history`: its rows up to this period, oldest first."""
    periode = present.row_period_text(row)
    with st.container(border=True):
        st.metric(
            row["titel"],
            present.value_text(row),
            delta=change.tekst,
            delta_color=_DELTA_COLOUR,
            delta_arrow=change.pijl,
            help=periode,
            # Streamlit's own sparkline: the whole years up to this period (an incomplete year
            # would dive as if whole). An Altair chart per tile costs ~40 ms each to build and
            # validate, 13 times per filter change.
            chart_data=[
                past["value"]
                for past in history
                if not past["suppressed"]
                and past["value"] is not None
                and past["periode_volledig"] is not False
            ],
            chart_type="line",
        )
        lines = [f"Periode: {periode}"]
        if row.get("suppressed"):
            lines.append(present.row_explanation(row))
        else:
            lines.append(f"95%-interval: {present.interval_text(row)}")
        if change.reden:
            lines.append(change.reden)
        elif change.tekst and row.get("periode_volledig") is False:
            lines.append("Onvolledig jaar: vergeleken met dezelfde maanden van het jaar ervoor")
        if benchmark:
            lines.append(f"Ten opzichte van {benchmark}: {present.comparison_text(row)}")
        lines.append(f"Trend (5 jaar): {present.trend_text(row)}")
        st.caption("  \n".join(lines))
        if any(past["suppressed"] for past in history):
            st.caption("Lijn: alleen de hele jaren die niet onderdrukt zijn.")


def render() -> None:
    """Render the Overzicht page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    period = filters.year_filter(database)
    gebied = keuze.gebied
    values = queries.area_values(database, gebied.code, "jaar")
    current = values.filter(pl.col("period") == period)
    periode = common.period_text(database, period)
    st.subheader(f"{gebied.label}, {periode}")
    if current.is_empty():
        st.info(f"Er zijn geen cijfers voor {gebied.name} in {periode}.")
        return
    common.incomplete_note(database, period, current["periode_volledig"][0])
    corrected = _gecorrigeerd.toggle()
    # The benchmark the pipeline compared with (indicator_values.benchmark_code), by name.
    benchmark = common.area_name(database, rules.benchmark_of(current)) or ""
    # Tiles, their lines and changes show the corrected rates where chosen and published.
    values = gecorrigeerd.apply(values, corrected)
    current = values.filter(pl.col("period") == period)
    previous_period = str(int(period) - 1)
    # One pass over the ~80 rows in Python: a polars filter per tile costs more than it saves.
    by_indicator: dict[str, list[dict]] = {}
    for past in values.sort("period").to_dicts():
        by_indicator.setdefault(past["indicator_id"], []).append(past)
    # An incomplete year is compared with the same months of the year before, from quarters.
    quarters: dict[str, list[dict]] = {}
    if current["periode_volledig"][0] is False:
        for quarter in queries.area_values(database, gebied.code, "kwartaal").to_dicts():
            if quarter["period"][:4] in (period, previous_period):
                quarters.setdefault(quarter["indicator_id"], []).append(quarter)
    periods = queries.periods(database)
    rows = current.to_dicts()
    for start in range(0, len(rows), TILES_PER_ROW):
        columns = st.columns(TILES_PER_ROW)
        for column, row in zip(columns, rows[start : start + TILES_PER_ROW], strict=False):
            history = [
                past
                for past in by_indicator[row["indicator_id"]]
                if past["period_start"] <= row["period_start"]
            ]
            previous = next((past for past in history if past["period"] == previous_period), None)
            change = overzicht.year_change(
                row, previous, quarters.get(row["indicator_id"], []), periods
            )
            with column:
                _tile(row, change, history, benchmark)
    report = PageReport(f"Overzicht {gebied.name}", [gebied.name], periode)
    _grid(report, database, keuze, period, corrected)
    report.deck_button()


def _grid(
    report: PageReport,
    database: str,
    keuze: filters.GebiedKeuze,
    period: str,
    corrected: bool = True,
) -> None:
    scope_name = keuze.gebied.name if keuze.gebied.level != "wijk" else "de gemeente"
    level = rules.grid_level(queries.areas(database), keuze.scope, keuze.gebied.level)
    label = rules.LEVEL_LABELS[level]
    benchmark = "de regio" if level == "resv" else "hun RESV"
    st.subheader(f"{label} vergeleken met {benchmark}")
    if level != "wijk":
        st.caption(
            f"Te veel wijken voor één overzicht: hier per {rules.level_noun(level)}. Kies in de "
            "zijbalk een RESV of gemeente om haar wijken te zien."
        )
    periode = common.period_text(database, period)
    grid = queries.grid_values(database, level, keuze.scope, period)
    if grid.is_empty():
        st.info(f"Er zijn geen cijfers voor {scope_name} in {periode}.")
        return
    report.section(overzicht.grid_section(grid, level, periode, corrected))
    st.caption(
        f"Kleur: vergelijking met {benchmark} (beter, vergelijkbaar of slechter; hoger of lager "
        f"waar geen oordeel past). {common.legend(database)}"
    )


if __name__ == "__main__":
    render()
