"""What a page shows, as data: one module per report, selection → sections (a chart with its
title, the frame it is drawn from and what it shows), free of Streamlit.

A page renders the sections (`dashboard/views`), the command line writes the same sections to
files and a deck (`dashboard/export`): a rule such as which wijken are compared or which
benchmark line is drawn is written here once.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard.charts._template import Parts


@dataclass(frozen=True)
class Section:
    """One chart of a report: its parts (the builder's output), its title, the frame it was
    drawn from, the indicators it shows and, when it is not the report's, its period text."""

    key: str
    titel: str
    parts: Parts
    frame: pl.DataFrame
    indicatoren: tuple[str, ...] = ()
    periode: str | None = None
