"""The funnel plot: each area's value against its noemer within control limits."""

from __future__ import annotations

import polars as pl

from dashboard import format as fmt
from dashboard import theme
from dashboard.charts._shared import (
    ALL_SUPPRESSED,
    INDICATOR_TOOLTIP,
    check_frame,
    chosen_note,
    has_chosen,
    indicator_rows,
    is_suppressed,
    no_data,
    status_colour,
    suppressed_note,
    title,
    tooltip,
    with_chosen,
)
from dashboard.charts.spec import Chart
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


def axis_domains(
    drawn: pl.DataFrame,
    limits: pl.DataFrame,
    benchmark: float | None,
    noemer_field: str = "noemer",
) -> dict:
    """The `x_domain` and `y_domain` of the funnel plot: the noemers (column `noemer_field` of
    the areas) from 0 to a little beyond the largest area's, and the values of the areas, the
    benchmark and the 99,8 % limits over that stretch (from half the smallest area's noemer
    on), so the areas fill the plot; the limit lines are cut at its edges. Empty without an
    area to place."""
    noemers = drawn.get_column(noemer_field).drop_nulls()
    if noemers.is_empty():
        return {}
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
    noemer_field: str = "noemer",
) -> Chart:
    """Return a funnel plot: each area at (noemer, value) within 95 % and 99,8 % limits.

    `frame`: indicator_values rows of one indicator and period. `limits_frame`: one row per
    noemer with `lower_95`, `upper_95`, `lower_998`, `upper_998` in the unit of `value`
    (pipelines.stats.funnel_limits_* give proportions: multiply by 100 for '%'). Suppressed
    areas cannot be placed and are named in the subtitle. The axes fit the areas
    (`axis_domains`). `gekozen` (an area code) marks that area with a black ring and its name.
    `noemer_field`: the column that places each area on the noemer axis (the limits' `noemer`
    is on its scale), e.g. a corrected funnel's derived noemer (`reports.gecorrigeerd.
    funnel_rows`), then also in the tooltip under `noemer_titel`. Refuses frames without their
    columns.
    """
    check_frame(frame, {*AREA_COLUMNS, "noemer", noemer_field}, "funnel_plot")
    check_frame(limits_frame, FUNNEL_LIMIT_COLUMNS, "funnel_plot (grenzen)")
    chart_title = titel or "Trechterdiagram"
    if frame.is_empty():
        return no_data(chart_title)
    rows = with_chosen(indicator_rows(frame, eenheid, decimalen), gekozen)
    drawn = rows.filter(pl.col("value").is_not_null() & pl.col(noemer_field).is_not_null())
    if drawn.is_empty():
        # Limits without a single area are no picture (every area suppressed, say).
        if rows.filter(is_suppressed(rows)).height:
            return no_data(chart_title, ALL_SUPPRESSED)
        return no_data(chart_title)
    tip_fields = INDICATOR_TOOLTIP
    if noemer_field != "noemer":
        drawn = drawn.with_columns(
            fmt.format_number_expr(pl.col(noemer_field)).alias("positie_tekst")
        )
        tip_fields = (*INDICATOR_TOOLTIP, ("positie_tekst", noemer_titel))
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
    domains = axis_domains(drawn, limits_frame, benchmark_value, noemer_field)
    x_scale = {"nice": False}
    y_scale = {"nice": False, "zero": False}
    if domains:
        x_scale["domain"] = domains["x_domain"]
        y_scale["domain"] = domains["y_domain"]
    x = {"field": noemer_field, "scale": x_scale, "type": "quantitative"}
    y = {"field": "value", "scale": y_scale, "type": "quantitative"}
    tips = tooltip(tip_fields, drawn)
    funnel = {
        "data": {"name": "grenzen"},
        "mark": {"type": "line", "clip": True, "color": "#666666", "strokeWidth": 1.2},
        "encoding": {
            "detail": {"field": "kant", "type": "nominal"},
            "strokeDash": {
                "field": "lijn",
                "legend": {"title": None},
                "scale": {"domain": ["95%-grenzen", "99,8%-grenzen"], "range": [[5, 4], [1, 0]]},
                "type": "nominal",
            },
            "x": {**x, "field": "noemer", "title": noemer_titel},
            "y": {**y, "field": "grens", "title": eenheid or "Waarde"},
        },
    }
    points = {
        "data": {"name": "getekend"},
        "mark": {
            "type": "point",
            "filled": True,
            "opacity": 1,
            "size": 70,
            "stroke": "#333333",
            "strokeWidth": 0.5,
        },
        "encoding": {"fill": status_colour(drawn), "tooltip": tips, "x": x, "y": y},
    }
    layers = [funnel, points]
    if benchmark_value is not None:
        layers.append(
            {
                "data": {"name": "referentie"},
                "mark": {"type": "rule", "clip": True, "color": theme.BENCHMARK_COLOUR},
                "encoding": {
                    "tooltip": {"field": "tekst", "title": "Referentie", "type": "nominal"},
                    "y": {**y, "field": "referentie"},
                },
            }
        )
    if highlight:
        ring = {
            "type": "point",
            "filled": False,
            "opacity": 1,
            "size": 260,
            "stroke": theme.HIGHLIGHT_STROKE,
            "strokeWidth": theme.HIGHLIGHT_STROKE_WIDTH,
        }
        layers += [
            {
                "data": {"name": "gekozen"},
                "mark": ring,
                "encoding": {"tooltip": tips, "x": x, "y": y},
            },
            {
                "data": {"name": "gekozen"},
                "mark": {"type": "text", "align": "left", "dx": 12, "fontWeight": "bold"},
                "encoding": {
                    "text": {"field": "gebied", "type": "nominal"},
                    "tooltip": tips,
                    "x": x,
                    "y": y,
                },
            },
        ]
    spec = {
        "layer": layers,
        "height": 320,
        "title": title(chart_title, suppressed_note(rows), chosen_note(drawn, "Zwarte ring")),
        "width": 480,
    }
    return Chart(spec, data, "funnel_plot")
