"""Opnames: admissions by type over time, crisis share, SO involvement before admission,
admission via the hospital and the waiting time."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, filters, queries
from dashboard import format as fmt
from dashboard.reports import rules
from dashboard.views import _common as common
from dashboard.views._report import PageReport
from dashboard.views.trends import area_codes

TITLE = "Opnames"
OPNAME_INDICATORS = (
    "wlz_opnames",
    "elv_opnames",
    "crisisopnames",
    "so_voor_opname",
    "opname_via_ziekenhuis",
)


def render() -> None:
    """Render the Opnames page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    period = filters.year_filter(database)
    period_type = filters.period_type_filter()
    gebied = keuze.gebied
    where = "de hele regio" if gebied.level == "regio" else gebied.name
    st.subheader(f"Opnames van 75-plussers uit {where}")
    per = "per kwartaal" if period_type == "kwartaal" else "per jaar"
    report = PageReport(f"Opnames {gebied.name}", [gebied.name], per)
    _per_type(report, database, gebied, period_type)
    trend = queries.trend_values(database, OPNAME_INDICATORS, area_codes(keuze), period_type)
    for indicator in OPNAME_INDICATORS:
        report.indicator_trend(trend, indicator, key=f"opnames_trend_{indicator}")
    if period_type == "kwartaal":
        st.caption("SO betrokken vóór opname is alleen per jaar beschikbaar.")
    _wachttijd(report, database, keuze, period)
    report.deck_button()


def _per_type(report: PageReport, database: str, gebied: filters.Gebied, period_type: str) -> None:
    frame = queries.opnames_per_type(database, gebied.code, period_type)
    if frame.is_empty():
        st.info(f"Er zijn geen opnamecijfers voor {gebied.name}.")
        return
    chart = charts.stacked_share.parts(
        frame,
        categorie="opname_type",
        aantal="aantal",
        x="period",
        labels=fmt.OPNAME_TYPE_LABELS,
        titel="Opnames naar soort",
        categorie_titel="Soort opname",
    )
    report.chart(chart, frame, key="opnames_per_type", titel="Opnames naar soort")


def _wachttijd(report: PageReport, database: str, keuze: filters.GebiedKeuze, period: str) -> None:
    level = "wijk" if keuze.scope else "resv"
    periode = common.period_text(database, period)
    frame = queries.level_values(database, "wachttijd_opname", level, keuze.scope, period)
    if frame.is_empty():
        return
    chart = rules.comparison_chart(frame, titel=f"Wachttijd tot opname (mediaan), {periode}")
    report.chart(
        chart,
        frame,
        key="opnames_wachttijd",
        titel=f"Wachttijd tot opname (mediaan), {periode}",
        periode=periode,
        indicatoren=["wachttijd_opname"],
    )


if __name__ == "__main__":
    render()
