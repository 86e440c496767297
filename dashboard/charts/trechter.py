"""The funnel plot: each area's value against its noemer within control limits."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard import format as fmt
from dashboard import theme
from dashboard.charts._shared import (
    INDICATOR_TOOLTIP,
    check_frame,
    chosen_note,
    has_chosen,
    indicator_rows,
    no_data,
    status_colour,
    status_scale,
    suppressed_note,
    title_holes,
    title_of,
    tooltip_fields,
    tooltip_of,
    with_chosen,
)
from dashboard.charts._template import OMIT, Holes, Parts, named, templated
from dashboard.charts.vergelijking import AREA_COLUMNS

FUNNEL_LIMIT_COLUMNS = ("noemer", "lower_95", "upper_95", "lower_998", "upper_998")


def _funnel_lines(limits: pl.DataFrame) -> pl.DataFrame:
    """Long form of the funnel limits: one row per noemer × limit × side."""
    names = {
        "lower_95": ("95%-grenzen", "onder"),
        "upper_95": ("95%-grenzen", "boven"),
        "lower_998": ("99,8%-grenzen", "onder"),
        "upper_998": ("99,8%-grenzen", "boven"),
    }
    long = limits.select(FUNNEL_LIMIT_COLUMNS).unpivot(
        index="noemer", variable_name="kolom", value_name="grens"
    )
    return long.with_columns(
        lijn=pl.col("kolom").replace_strict({k: v[0] for k, v in names.items()}),
        kant=pl.col("kolom").replace_strict({k: v[1] for k, v in names.items()}),
    ).filter(pl.col("grens").is_not_null())


#: Of the funnel's limits only those at noemers from this share of the smallest area's
#: upward decide the value axis: further left they widen towards 0 and 800 per 1.000, and
#: would squeeze every area into one line at the bottom.
_LIMITS_FROM = 0.5
#: Room around the areas and limits on both axes.
_PADDING = 0.06


def axis_domains(drawn: pl.DataFrame, limits: pl.DataFrame, benchmark: float | None) -> dict:
    """The holes `x_domain` and `y_domain` of the funnel plot: the noemers from 0 to a
    little beyond the largest area's, and the values of the areas, the benchmark and the
    99,8 % limits over that stretch (from half the smallest area's noemer on), so the
    areas fill the plot; the limit lines are cut at its edges."""
    noemers = drawn.get_column("noemer").drop_nulls()
    if noemers.is_empty():
        return {"x_domain": OMIT, "y_domain": OMIT}
    x_high = float(noemers.max()) * (1 + _PADDING)
    shown = limits.filter(pl.col("noemer").is_between(float(noemers.min()) * _LIMITS_FROM, x_high))
    values = [
        *drawn.get_column("value").drop_nulls().to_list(),
        *shown.get_column("lower_998").drop_nulls().to_list(),
        *shown.get_column("upper_998").drop_nulls().to_list(),
        *([benchmark] if benchmark is not None else []),
    ]
    low, high = min(values), max(values)
    room = (high - low) * _PADDING or abs(high) * _PADDING or 1.0
    return {"x_domain": [0, x_high], "y_domain": [max(low - room, 0.0), high + room]}


def _funnel_plot(shape: tuple, holes: Holes) -> alt.LayerChart:
    noemer_titel, y_title, point_tips, centre, highlight = shape
    name = "funnel_plot"
    x_scale = alt.Scale(domain=holes.list("x_domain"), nice=False)
    y_scale = alt.Scale(domain=holes.list("y_domain"), zero=False, nice=False)
    funnel = (
        alt.Chart(named(name, "grenzen"))
        .mark_line(color="#666666", strokeWidth=1.2, clip=True)
        .encode(
            x=alt.X("noemer:Q", title=noemer_titel, scale=x_scale),
            y=alt.Y("grens:Q", title=y_title, scale=y_scale),
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
            x=alt.X("noemer:Q", scale=x_scale),
            y=alt.Y("value:Q", scale=y_scale),
            fill=status_colour(holes, channel=alt.Fill),
            tooltip=tooltip_of(point_tips),
        )
    )
    layers = [funnel, points]
    if centre:
        layers.append(
            alt.Chart(named(name, "referentie"))
            .mark_rule(color=theme.BENCHMARK_COLOUR, clip=True)
            .encode(
                y=alt.Y("referentie:Q", scale=y_scale),
                tooltip=alt.Tooltip("tekst:N", title="Referentie"),
            )
        )
    if highlight:
        chosen = alt.Chart(named(name, "gekozen")).encode(
            x=alt.X("noemer:Q", scale=x_scale),
            y=alt.Y("value:Q", scale=y_scale),
            tooltip=tooltip_of(point_tips),
        )
        layers += [
            chosen.mark_point(
                filled=False,
                size=260,
                stroke=theme.HIGHLIGHT_STROKE,
                strokeWidth=theme.HIGHLIGHT_STROKE_WIDTH,
                opacity=1,
            ),
            chosen.mark_text(align="left", dx=12, fontWeight="bold").encode(
                text=alt.Text("gebied:N")
            ),
        ]
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
    gekozen: str | None = None,
) -> Parts:
    """Return a funnel plot: each area at (noemer, value) within 95 % and 99,8 % limits.

    `frame`: indicator_values rows of one indicator and period. `limits_frame`: one row per
    noemer with `lower_95`, `upper_95`, `lower_998`, `upper_998` in the unit of `value`
    (pipelines.stats.funnel_limits_* give proportions: multiply by 100 for '%'). Suppressed
    areas cannot be placed and are named in the subtitle. The axes fit the areas
    (`axis_domains`). `gekozen` (an area code) marks that area with a black ring and its name.
    Refuses frames without their columns.
    """
    check_frame(frame, {*AREA_COLUMNS, "noemer"}, "funnel_plot")
    check_frame(limits_frame, FUNNEL_LIMIT_COLUMNS, "funnel_plot (grenzen)")
    title = titel or "Trechterdiagram"
    if frame.is_empty():
        return no_data(title)
    rows = with_chosen(indicator_rows(frame, eenheid, decimalen), gekozen)
    drawn = rows.filter(pl.col("value").is_not_null() & pl.col("noemer").is_not_null())
    highlight = has_chosen(drawn)
    data = {"grenzen": _funnel_lines(limits_frame), "getekend": drawn}
    if highlight:
        data["gekozen"] = drawn.filter(pl.col("gekozen"))
    if benchmark_value is not None:
        data["referentie"] = pl.DataFrame(
            {
                "referentie": [float(benchmark_value)],
                "tekst": [f"Referentie: {fmt.format_value(benchmark_value, eenheid, decimalen)}"],
            }
        )
    holes = {
        **status_scale(drawn),
        **axis_domains(drawn, limits_frame, benchmark_value),
        **title_holes(title, suppressed_note(rows), chosen_note(drawn, "Zwarte ring")),
    }
    shape = (
        noemer_titel,
        eenheid or "Waarde",
        tooltip_fields(INDICATOR_TOOLTIP, drawn),
        benchmark_value is not None,
        highlight,
    )
    return Parts("funnel_plot", _funnel_plot, shape, holes, data)
