"""Vergelijken: one indicator across the areas of a level — bars, funnel plot and map."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, filters, present, queries
from dashboard.reports import rules
from dashboard.views import _common as common
from dashboard.views._report import PageReport

TITLE = "Vergelijken"
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
    areas = rules.LEVEL_LABELS[level] if level == "resv" else rules.LEVEL_LABELS[level].lower()
    periode = common.period_text(database, period)
    st.subheader(f"{titel}: {areas} in {where}, {periode}")
    common.incomplete_note(database, period, first["periode_volledig"])
    if level == default != "wijk":
        st.caption(
            "Te veel wijken om in één keer te vergelijken: standaard per "
            f"{rules.level_noun(level)}. Kies bij ‘Vergelijk’ toch Wijken, of kies in de "
            "zijbalk een RESV of gemeente."
        )
    report = PageReport(f"{titel}: {areas}", [where], periode)
    benchmark = rules.single_benchmark(frame)
    if frame.height > MAX_BARS:
        st.caption(
            f"{frame.height} gebieden passen niet in één staafdiagram: kies in de zijbalk een "
            "RESV of gemeente. Het trechterdiagram, de kaart en de tabel tonen ze wel allemaal."
        )
    else:
        report.section(rules.comparison_section(frame, periode))
    if benchmark is None:
        st.caption(
            "Geen referentielijn: de gebieden hebben verschillende referenties (hun eigen RESV). "
            "Kies een RESV om de wijken met die RESV te vergelijken."
        )
    _funnel(report, database, frame, first, benchmark, period)
    if level == "wijk":
        geometry = queries.wijk_geometry(database, scope)
        if geometry.is_empty():
            st.caption("Er is geen kaart: de levering had geen wijkgrenzen (gebieden.geojson).")
        else:
            kaart = charts.choropleth.parts(
                frame, geometry, titel=f"{titel}, {periode}", eenheid=eenheid, decimalen=decimalen
            )
            report.chart(
                kaart,
                frame,
                key="vergelijk_kaart",
                titel=f"Kaart: {titel}, {periode}",
                indicatoren=[indicator],
            )
    common.show_table(present.indicator_table(frame, "area_name", "Gebied"), key="vergelijk_tabel")
    st.caption(common.legend(database))
    report.deck_button()


def _level(database: str, keuze: filters.GebiedKeuze) -> tuple[str, str]:
    """Render the level filter; return the chosen level and this scope's default level.

    The default follows Overzicht's rule (`rules.grid_level`): wijken, unless the scope has too many
    (the whole regio at national scale), then gemeenten or RESV's. Streamlit keeps a keyed
    widget's value when its default changes, so a level the page chose by itself is replaced
    by the new scope's default; a level the user chose stays.
    """
    default = rules.grid_level(queries.areas(database), keuze.scope, keuze.gebied.level)
    previous = st.session_state.get(AUTO_LEVEL)
    if previous not in (None, default) and st.session_state.get(filters.KEY_NIVEAU) == previous:
        st.session_state[filters.KEY_NIVEAU] = default
    st.session_state[AUTO_LEVEL] = default
    return filters.level_filter(default), default


def _funnel(
    report: PageReport,
    database: str,
    frame: pl.DataFrame,
    first: dict,
    benchmark: tuple[str, float] | None,
    period: str,
) -> None:
    if benchmark is None:
        return
    if not first["periode_volledig"]:
        st.caption("Geen trechterdiagram voor een onvolledige periode.")
        return
    if first["methode"] not in FUNNEL_METHODS:
        st.caption("Geen trechterdiagram: deze indicator heeft geen betrouwbaarheidsinterval.")
        return
    code, value = benchmark
    limits = queries.funnel_limits(database, first["indicator_id"], period, code)
    if limits is None:
        st.caption(
            "Geen trechterdiagram: deze database heeft nog geen gepubliceerde trechtergrenzen "
            "(tabel funnel_limits). Bouw de database opnieuw met de huidige pipeline."
        )
        return
    if limits.is_empty():
        st.caption("Geen trechterdiagram: voor deze referentie zijn geen grenzen gepubliceerd.")
        return
    titel = f"Trechterdiagram: {first['titel']}, {common.period_text(database, period)}"
    noemer = "Inwoners van 75 jaar en ouder" if first["methode"] == "rate" else "Noemer"
    chart = charts.funnel_plot.parts(
        frame,
        limits,
        titel=titel,
        eenheid=first["eenheid"],
        decimalen=int(first["decimalen"]),
        benchmark_value=value,
        noemer_titel=noemer,
    )
    report.chart(
        chart, frame, key="vergelijk_trechter", titel=titel, indicatoren=[first["indicator_id"]]
    )


if __name__ == "__main__":
    render()
