"""The choice "Gecorrigeerd voor leeftijd en geslacht" on every comparing page (the rule it
switches is `dashboard.reports.gecorrigeerd`)."""

from __future__ import annotations

import streamlit as st

from dashboard.reports import gecorrigeerd

#: One key on every page: the choice stays when the user moves between pages.
KEY = "gecorrigeerd"


def toggle() -> bool:
    """Render the choice (on by default) with its one-sentence explanation; return it."""
    on = st.toggle(gecorrigeerd.LABEL, value=True, key=KEY, help=gecorrigeerd.METHOD)
    if on:
        st.caption(gecorrigeerd.EXPLANATION)
    return on
