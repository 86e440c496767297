"""The funnel plot: each area's value against its denominator within control limits."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard import format as fmt
from dashboard import theme
from dashboard.charts._shared import (
    INDICATOR_TOOLTIP,
    check_frame,
    indicator_rows,
    no_data,
    status_colour,
    status_scale,
    suppressed_note,
    title_holes,
    title_of,
    tooltip_fields,
    tooltip_of,
)
from dashboard.charts._template import Holes, Parts, named, templated
from dashboard.charts.vergelijking import AREA_COLUMNS

FUNNEL_LIMIT_COLUMNS = ("denominator", "lower_95", "upper_95", "lower_998", "upper_998")


def _funnel_lines(limits: pl.DataFrame) -> pl.DataFrame:
    """Long form of the funnel limits: one row per denominator × limit × side."""
    names = {
        "lower_95": ("95%-grenzen", "onder"),
        "upper_95": ("95%-grenzen", "boven"),
        "lower_998": ("99,8%-grenzen", "onder"),
        "upper_998": ("99,8%-grenzen", "boven"),
    }
    long = limits.select(FUNNEL_LIMIT_COLUMNS).unpivot(
        index="denominator", variable_name="kolom", value_name="grens"
    )
    return long.with_columns(
        lijn=pl.col("kolom").replace_strict({k: v[0] for k, v in names.items()}),
        kant=pl.col("kolom").replace_strict({k: v[1] for k, v in names.items()}),
    ).filter(pl.col("grens").is_not_null())


def _funnel_plot(shape: tuple, holes: Holes) -> alt.LayerChart:
    noemer_titel, y_title, point_tips, centre = shape
    name = "funnel_plot"
    funnel = (
        alt.Chart(named(name, "grenzen"))
        .mark_line(color="#666666", strokeWidth=1.2)
        .encode(
            x=alt.X("denominator:Q", title=noemer_titel),
            y=alt.Y("grens:Q", title=y_title, scale=alt.Scale(zero=False)),
            strokeDash=alt.StrokeDash(
                "lijn:N",
                scale=alt.Scale(domain=["95%-grenzen", "99,8%-grenzen"], range=[[5, 4], [1, 0]]),
                legend=alt.Legend(title=None),
            ),
            detail=alt.Detail("kant:N"),
        )
    )
    points = (
        alt.Chart(named(name, "getekend"))
        .mark_point(filled=True, size=70, stroke="#333333", strokeWidth=0.5, opacity=1)
        .encode(
            x=alt.X("denominator:Q"),
            y=alt.Y("value:Q"),
            fill=status_colour(holes, channel=alt.Fill),
            tooltip=tooltip_of(point_tips),
        )
    )
    layers = [funnel, points]
    if centre:
        layers.append(
            alt.Chart(named(name, "referentie"))
            .mark_rule(color=theme.BENCHMARK_COLOUR)
            .encode(y=alt.Y("referentie:Q"), tooltip=alt.Tooltip("tekst:N", title="Referentie"))
        )
    return alt.layer(*layers, title=title_of(holes)).properties(width=480, height=320)


@templated
def funnel_plot(
    frame: pl.DataFrame,
    limits_frame: pl.DataFrame,
    *,
    titel: str | None = None,
    eenheid: str | None = None,
    decimalen: int = 1,
    benchmark_value: float | None = None,
    noemer_titel: str = "Noemer",
) -> Parts:
    """Return a funnel plot: each area at (denominator, value) within 95 % and 99,8 % limits.

    `frame`: indicator_values rows of one indicator and period. `limits_frame`: one row per
    denominator with `lower_95`, `upper_95`, `lower_998`, `upper_998` in the unit of `value`
    (pipelines.stats.funnel_limits_* give proportions: multiply by 100 for '%'). Suppressed
    areas cannot be placed and are named in the subtitle. Refuses frames without their columns.
    """
    check_frame(frame, {*AREA_COLUMNS, "denominator"}, "funnel_plot")
    check_frame(limits_frame, FUNNEL_LIMIT_COLUMNS, "funnel_plot (grenzen)")
    title = titel or "Trechterdiagram"
    if frame.is_empty():
        return no_data(title)
    rows = indicator_rows(frame, eenheid, decimalen)
    drawn = rows.filter(pl.col("value").is_not_null() & pl.col("denominator").is_not_null())
    data = {"grenzen": _funnel_lines(limits_frame), "getekend": drawn}
    if benchmark_value is not None:
        data["referentie"] = pl.DataFrame(
            {
                "referentie": [float(benchmark_value)],
                "tekst": [f"Referentie: {fmt.format_value(benchmark_value, eenheid, decimalen)}"],
            }
        )
    holes = {**status_scale(drawn), **title_holes(title, suppressed_note(rows))}
    shape = (
        noemer_titel,
        eenheid or "Waarde",
        tooltip_fields(INDICATOR_TOOLTIP, drawn),
        benchmark_value is not None,
    )
    return Parts("funnel_plot", _funnel_plot, shape, holes, data)
