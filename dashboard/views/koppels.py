"""Koppels: coverage of fixed HA/SO koppels, contacts within koppels, the learning curve and the
share of work done by VS and PA (the report `dashboard.reports.koppels`)."""

from __future__ import annotations

import streamlit as st

from dashboard import filters
from dashboard.reports import koppels
from dashboard.views import _common as common
from dashboard.views._report import render_report

TITLE = "Koppels"


def render() -> None:
    """Render the Koppels page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    period = filters.year_filter(database)
    render_report(koppels.report(common.source(), common.area(keuze), period))


if __name__ == "__main__":
    render()
