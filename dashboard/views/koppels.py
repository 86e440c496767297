"""Koppels page."""

import streamlit as st

TITLE = "Koppels"


def render() -> None:
    """Render the Koppels page."""
    st.title(TITLE)


if __name__ == "__main__":
    render()
