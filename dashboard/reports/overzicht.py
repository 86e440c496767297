"""The Overzicht report: the areas of the selection × every indicator, in one grid.

Used by the Overzicht page and by `python -m dashboard.export` (its first chart after a wijk's
profile). Which level the grid shows is `rules.grid_level`.
"""

from __future__ import annotations

import polars as pl

from dashboard import charts
from dashboard.reports import Section, rules


def grid_title(level: str, periode: str) -> str:
    """The grid's title: "Wijken × indicatoren, 2025"."""
    return f"{rules.LEVEL_LABELS[level]} × indicatoren, {periode}"


def grid_section(grid: pl.DataFrame, level: str, periode: str) -> Section:
    """The overview grid of `grid` (grid_values rows of one level and period)."""
    titel = grid_title(level, periode)
    return Section("overview_grid", titel, charts.overview_grid.parts(grid, titel=titel), grid)
