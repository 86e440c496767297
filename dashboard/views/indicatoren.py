"""Indicatoren page."""

import streamlit as st

TITLE = "Indicatoren"


def render() -> None:
    """Render the Indicatoren page."""
    st.title(TITLE)


if __name__ == "__main__":
    render()
