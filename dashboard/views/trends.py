"""Trends: chosen indicators over years or quarters for the chosen area and its references."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import filters, queries
from dashboard.views import _common as common
from dashboard.views._report import PageReport

TITLE = "Trends"
DEFAULT_INDICATORS = ("so_bereik",)


def area_codes(keuze: filters.GebiedKeuze) -> list[str]:
    """Return the areas a trend shows: the chosen area, its benchmark and the regio."""
    codes = [keuze.gebied.code, keuze.gebied.benchmark_code, keuze.regio.code]
    return [code for code in dict.fromkeys(codes) if code]


def render() -> None:
    """Render the Trends page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    indicators = filters.indicators_filter(database, DEFAULT_INDICATORS)
    period_type = filters.period_type_filter()
    if not indicators:
        st.info("Kies in de zijbalk één of meer indicatoren.")
        return
    frame = queries.trend_values(database, indicators, area_codes(keuze), period_type)
    catalogue = queries.catalogue(database).filter(pl.col("indicator_id").is_in(indicators))
    st.caption(
        f"{keuze.gebied.label} met zijn referentie(s). Open punten en stippellijnen: "
        "onvolledige periode (voorlopige cijfers). Onderdrukte perioden hebben geen punt: de "
        "ondertitel van de grafiek noemt ze."
    )
    period_label = "per kwartaal" if period_type == "kwartaal" else "per jaar"
    report = PageReport("Trends", [keuze.gebied.name], period_label)
    for row in catalogue.to_dicts():
        shown = report.indicator_trend(
            frame, row["indicator_id"], key=f"trend_{row['indicator_id']}"
        )
        if not shown:
            st.info(f"{row['titel']}: alleen per jaar beschikbaar, niet per kwartaal.")
    report.deck_button()


if __name__ == "__main__":
    render()
