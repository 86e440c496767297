"""Entry script: navigation and shared sidebar. Pages arrive with the dashboard issue."""

import streamlit as st

st.set_page_config(page_title="Populatieverantwoordelijkheid HA/SO", layout="wide")


def _coming_soon() -> None:
    st.title("Gemeenschappelijke populatieverantwoordelijkheid")
    st.info("Het dashboard is in aanbouw.")


st.navigation([st.Page(_coming_soon, title="Overzicht", default=True)]).run()
