"""Helpt een vast koppel?: admissions of clients whose practice had a koppel against the others
(the report `dashboard.reports.koppel_vergelijking`)."""

from __future__ import annotations

import streamlit as st

from dashboard import filters
from dashboard.reports import koppel_vergelijking
from dashboard.views import _common as common
from dashboard.views._report import render_report

TITLE = koppel_vergelijking.TITLE


def render() -> None:
    """Render the page "Helpt een vast koppel?"."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    year = filters.year_filter(database)
    area = common.area(keuze)
    render_report(koppel_vergelijking.report(common.source(), area, year))


if __name__ == "__main__":
    render()
