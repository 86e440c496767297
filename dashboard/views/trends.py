"""Trends page."""

import streamlit as st

TITLE = "Trends"


def render() -> None:
    """Render the Trends page."""
    st.title(TITLE)


if __name__ == "__main__":
    render()
