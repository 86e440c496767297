"""Trends: chosen indicators over years or quarters for the chosen area and its references
(the report `dashboard.reports.trends`)."""

from __future__ import annotations

import streamlit as st

from dashboard import filters
from dashboard.reports import trends
from dashboard.views import _common as common
from dashboard.views._report import render_report

TITLE = "Trends"
DEFAULT_INDICATORS = ("so_bereik",)


def render() -> None:
    """Render the Trends page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    indicators = filters.indicators_filter(database, DEFAULT_INDICATORS)
    period_type = filters.period_type_filter()
    render_report(trends.report(common.source(), common.area(keuze), indicators, period_type))


if __name__ == "__main__":
    render()
