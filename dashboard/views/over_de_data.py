"""Over de data page."""

import streamlit as st

TITLE = "Over de data"


def render() -> None:
    """Render the Over de data page."""
    st.title(TITLE)


if __name__ == "__main__":
    render()
