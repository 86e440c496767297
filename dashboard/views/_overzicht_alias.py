"""``/overzicht``: send a link to the Overzicht on to the app root, where Streamlit serves it.

Streamlit serves the default page only at ``/``: a URL with the default page's own path is
"page not found". This hidden page takes the path ``/overzicht`` and switches to the
Overzicht with the same URL parameters, so a bookmarked or shared ``/overzicht?resv=…`` link
shows the same view.
"""

from __future__ import annotations

import streamlit as st

OVERZICHT = "views/overzicht.py"


def redirect() -> None:
    """Switch to the Overzicht, keeping every URL parameter (repeated ones too)."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    st.switch_page(OVERZICHT, query_params=params)


if __name__ == "__main__":
    redirect()
