"""Vergelijken: one indicator across the areas of a level — bars, funnel plot and map."""

from __future__ import annotations

import numpy as np
import polars as pl
import streamlit as st

from dashboard import charts, filters, queries
from dashboard.views import _common as common
from dashboard.views._report import PageReport
from dashboard.views.overzicht import grid_level, level_noun
from pipelines import stats

TITLE = "Vergelijken"
FUNNEL_POINTS = 60
#: More areas than this do not fit in one bar chart (national scale: ~3,300 wijken).
MAX_BARS = 150
FUNNEL_METHODS = ("proportion", "rate")
#: Session key of the level this page chose by itself in the last run (see `_level`).
AUTO_LEVEL = "_vergelijken_standaardniveau"


def render() -> None:
    """Render the Vergelijken page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    period = filters.year_filter(database)
    indicator = filters.indicator_filter(database)
    level, default = _level(database, keuze)
    scope = keuze.scope if level != "resv" else None
    frame = queries.level_values(database, indicator, level, scope, period)
    if frame.is_empty():
        st.info("Er zijn geen cijfers voor deze keuze.")
        return
    first = frame.row(0, named=True)
    titel, eenheid, decimalen = first["titel"], first["eenheid"], int(first["decimalen"])
    where = keuze.gebied.name if scope else "de hele regio"
    areas = filters.LEVEL_LABELS[level] if level == "resv" else filters.LEVEL_LABELS[level].lower()
    st.subheader(f"{titel}: {areas} in {where}, {period}")
    common.incomplete_note(period, first["periode_volledig"])
    if level == default != "wijk":
        st.caption(
            f"Te veel wijken om in één keer te vergelijken: standaard per {level_noun(level)}. "
            "Kies bij ‘Vergelijk’ toch Wijken, of kies in de zijbalk een RESV of gemeente."
        )
    report = PageReport(f"{titel}: {areas}", [where], period)
    benchmark = _single_benchmark(frame)
    if frame.height > MAX_BARS:
        st.caption(
            f"{frame.height} gebieden passen niet in één staafdiagram: kies in de zijbalk een "
            "RESV of gemeente. Het trechterdiagram, de kaart en de tabel tonen ze wel allemaal."
        )
    else:
        if indicator == "wachttijd_opname":
            chart = charts.wachttijd.parts(frame, benchmark, titel=f"{titel}, {period}")
        else:
            chart = charts.bar_with_intervals.parts(
                frame, benchmark, titel=f"{titel}, {period}", eenheid=eenheid, decimalen=decimalen
            )
        report.chart(
            chart, frame, key="vergelijk_staaf", titel=f"{titel}, {period}", indicatoren=[indicator]
        )
    if benchmark is None:
        st.caption(
            "Geen referentielijn: de gebieden hebben verschillende referenties (hun eigen RESV). "
            "Kies een RESV om de wijken met die RESV te vergelijken."
        )
    _funnel(report, frame, first, benchmark, period)
    if level == "wijk":
        geometry = queries.wijk_geometry(database, scope)
        if geometry.is_empty():
            st.caption("Er is geen kaart: de levering had geen wijkgrenzen (gebieden.geojson).")
        else:
            kaart = charts.choropleth.parts(
                frame, geometry, titel=f"{titel}, {period}", eenheid=eenheid, decimalen=decimalen
            )
            report.chart(
                kaart,
                frame,
                key="vergelijk_kaart",
                titel=f"Kaart: {titel}, {period}",
                indicatoren=[indicator],
            )
    common.show_table(common.indicator_table(frame, "area_name", "Gebied"), key="vergelijk_tabel")
    st.caption(common.SUPPRESSED_LEGEND)
    report.deck_button()


def _level(database: str, keuze: filters.GebiedKeuze) -> tuple[str, str]:
    """Render the level filter; return the chosen level and this scope's default level.

    The default follows Overzicht's rule (`grid_level`): wijken, unless the scope has too many
    (the whole regio at national scale), then gemeenten or RESV's. Streamlit keeps a keyed
    widget's value when its default changes, so a level the page chose by itself is replaced
    by the new scope's default; a level the user chose stays.
    """
    default = grid_level(queries.areas(database), keuze.scope, keuze.gebied.level)
    previous = st.session_state.get(AUTO_LEVEL)
    if previous not in (None, default) and st.session_state.get(filters.KEY_NIVEAU) == previous:
        st.session_state[filters.KEY_NIVEAU] = default
    st.session_state[AUTO_LEVEL] = default
    return filters.level_filter(default), default


def _single_benchmark(frame: pl.DataFrame) -> float | None:
    """The benchmark value when every area shares one benchmark area, else None."""
    codes = frame.get_column("benchmark_code").drop_nulls().unique()
    values = frame.get_column("benchmark_value").drop_nulls().unique()
    if codes.len() == 1 and values.len() == 1:
        return float(values[0])
    return None


def funnel_limits(
    methode: str, eenheid: str, benchmark: float, denominators: pl.Series
) -> pl.DataFrame | None:
    """Return funnel limits (95 % and 99,8 %) around `benchmark` in the unit of the indicator.

    One row per denominator on a grid up to the largest area. Returns None for a method without
    a funnel (median, none). Rates are per 1.000 per year of a complete year.
    """
    if methode not in FUNNEL_METHODS or denominators.drop_nulls().is_empty():
        return None
    largest = float(denominators.drop_nulls().max())
    grid = np.unique(np.geomspace(10, max(largest * 1.1, 20), FUNNEL_POINTS).round())
    limits = {}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        if methode == "proportion":
            scale = 100.0 if eenheid == "%" else 1.0
            lower, upper = stats.funnel_limits_proportion(benchmark / scale, grid, confidence)
            lower, upper = lower * scale, upper * scale
        else:
            lower, upper = stats.funnel_limits_rate(benchmark / 1000.0, grid, confidence)
        limits[f"lower_{suffix}"] = lower
        limits[f"upper_{suffix}"] = upper
    return pl.DataFrame({"denominator": grid, **limits})


def _funnel(
    report: PageReport, frame: pl.DataFrame, first: dict, benchmark: float | None, period: str
) -> None:
    if benchmark is None:
        return
    if not first["periode_volledig"]:
        st.caption("Geen trechterdiagram voor een onvolledige periode.")
        return
    limits = funnel_limits(first["methode"], first["eenheid"], benchmark, frame["denominator"])
    if limits is None:
        st.caption("Geen trechterdiagram: deze indicator heeft geen betrouwbaarheidsinterval.")
        return
    noemer = "Inwoners van 75 jaar en ouder" if first["methode"] == "rate" else "Noemer"
    chart = charts.funnel_plot.parts(
        frame,
        limits,
        titel=f"Trechterdiagram: {first['titel']}, {period}",
        eenheid=first["eenheid"],
        decimalen=int(first["decimalen"]),
        benchmark_value=benchmark,
        noemer_titel=noemer,
    )
    report.chart(
        chart,
        frame,
        key="vergelijk_trechter",
        titel=f"Trechterdiagram: {first['titel']}, {period}",
        indicatoren=[first["indicator_id"]],
    )


if __name__ == "__main__":
    render()
