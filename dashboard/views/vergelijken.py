"""Vergelijken page."""

import streamlit as st

TITLE = "Vergelijken"


def render() -> None:
    """Render the Vergelijken page."""
    st.title(TITLE)


if __name__ == "__main__":
    render()
