"""Inzet en bekostiging: the SO team's contacts by funding, prestatie, question, form and
performer per year, and the zorgtraject beside the consults (the report
`dashboard.reports.inzet`)."""

from __future__ import annotations

import streamlit as st

from dashboard import filters
from dashboard.reports import inzet
from dashboard.views import _common as common
from dashboard.views._report import render_report

TITLE = inzet.TITEL


def render() -> None:
    """Render the Inzet en bekostiging page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    render_report(inzet.report(common.source(), common.area(keuze)))


if __name__ == "__main__":
    render()
