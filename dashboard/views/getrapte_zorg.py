"""Getrapte zorg: stepped care for the 75-plussers of an area as a chain from SO contact to
admission, and its leaks (the report `dashboard.reports.getrapte_zorg`)."""

from __future__ import annotations

import streamlit as st

from dashboard import filters
from dashboard.reports import getrapte_zorg
from dashboard.views import _common as common
from dashboard.views._report import render_report

TITLE = getrapte_zorg.TITEL


def render() -> None:
    """Render the Getrapte zorg page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    period = filters.year_filter(database)
    render_report(getrapte_zorg.report(common.source(), common.area(keuze), period))


if __name__ == "__main__":
    render()
