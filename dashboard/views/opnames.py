"""Opnames page."""

import streamlit as st

TITLE = "Opnames"


def render() -> None:
    """Render the Opnames page."""
    st.title(TITLE)


if __name__ == "__main__":
    render()
