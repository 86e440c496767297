"""Vergelijken: one indicator across the areas of a level — bars, funnel plot and map (the
report `dashboard.reports.vergelijken`)."""

from __future__ import annotations

import streamlit as st

from dashboard import filters
from dashboard.reports import vergelijken
from dashboard.views import _common as common
from dashboard.views import _gecorrigeerd
from dashboard.views._report import render_report

TITLE = "Vergelijken"
#: Session key of the level this page chose by itself in the last run (see `_level`).
AUTO_LEVEL = "_vergelijken_standaardniveau"


def render() -> None:
    """Render the Vergelijken page."""
    st.title(TITLE)
    keuze = filters.area_filter(common.database())
    period = filters.year_filter(common.database())
    indicator = filters.indicator_filter(common.database())
    source, area = common.source(), common.area(keuze)
    level = _level(vergelijken.default_level(source, area))
    corrected = _gecorrigeerd.toggle(explain=False)  # the report explains (also in exports)
    report = vergelijken.report(source, area, indicator, period, level, corrected)
    if not report.sections and len(report.items) == 1:
        st.info(report.items[0].tekst)
        return
    render_report(report)


def _level(default: str) -> str:
    """Render the level filter; return the chosen level.

    The default follows Overzicht's rule (`rules.grid_level`): wijken, unless the scope has too many
    (the whole regio at national scale), then gemeenten or RESV's. Streamlit keeps a keyed
    widget's value when its default changes, so a level the page chose by itself is replaced
    by the new scope's default; a level the user chose stays.
    """
    previous = st.session_state.get(AUTO_LEVEL)
    if previous not in (None, default) and st.session_state.get(filters.KEY_NIVEAU) == previous:
        st.session_state[filters.KEY_NIVEAU] = default
    st.session_state[AUTO_LEVEL] = default
    return filters.level_filter(default)


if __name__ == "__main__":
    render()
