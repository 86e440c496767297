"""Opnames: admissions by type over time, crisis share, SO involvement before admission,
admission via the hospital and the waiting time (the report `dashboard.reports.opnames`)."""

from __future__ import annotations

import streamlit as st

from dashboard import filters
from dashboard.reports import opnames
from dashboard.views import _common as common
from dashboard.views._report import render_report

TITLE = "Opnames"


def render() -> None:
    """Render the Opnames page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    period = filters.year_filter(database)
    period_type = filters.period_type_filter()
    area = common.area(keuze)
    render_report(opnames.report(common.source(), area, period, period_type))


if __name__ == "__main__":
    render()
