"""The choice "Gecorrigeerd voor leeftijd en geslacht" on every comparing page (the rule it
switches is `dashboard.reports.gecorrigeerd`)."""

from __future__ import annotations

import streamlit as st

from dashboard.reports import gecorrigeerd

#: One key on every page: the choice stays when the user moves between pages.
KEY = "gecorrigeerd"


def toggle(explain: bool = True) -> bool:
    """Render the choice (on by default) with its one-sentence explanation (unless the page's
    report gives it: `explain` False); return it."""
    on = st.toggle(gecorrigeerd.LABEL, value=True, key=KEY, help=gecorrigeerd.METHOD)
    if on and explain:
        st.caption(gecorrigeerd.EXPLANATION)
    return on
