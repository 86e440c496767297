"""Pure chart builders: a small aggregated polars frame in, a `Chart` out (a plain Vega-Lite
spec and its named datasets, `dashboard.charts.spec`).

No Streamlit here: the same charts go to the screen (`Chart.screen()`, shown with
`st.vega_lite_chart`) and to PNG/SVG/PowerPoint exports (`Chart.export()`, vl-convert); both
finish the spec with the theme and the Dutch locale (`dashboard.theme.finish`). Suppressed rows
never carry a number into a chart.
"""

from dashboard.charts._shared import MAX_ROWS, ChartInputError
from dashboard.charts.getrapt import stepped_care
from dashboard.charts.kaart import choropleth
from dashboard.charts.koppel import koppel_coverage, learning_curve
from dashboard.charts.piramide import population_pyramid
from dashboard.charts.samenstelling import stacked_share
from dashboard.charts.trechter import funnel_plot
from dashboard.charts.trend import indicator_tile_sparkline, trend_lines
from dashboard.charts.vergelijking import (
    bar_with_intervals,
    overview_grid,
    spine_chart,
    wachttijd,
)

__all__ = [
    "MAX_ROWS",
    "ChartInputError",
    "bar_with_intervals",
    "choropleth",
    "funnel_plot",
    "indicator_tile_sparkline",
    "koppel_coverage",
    "learning_curve",
    "overview_grid",
    "population_pyramid",
    "spine_chart",
    "stacked_share",
    "stepped_care",
    "trend_lines",
    "wachttijd",
]
