"""Charts of an indicator over time: the tile sparkline and the trend lines."""

from __future__ import annotations

import polars as pl

from dashboard import theme
from dashboard.charts._shared import (
    ALL_SUPPRESSED,
    INDICATOR_TOOLTIP,
    check_frame,
    has_dashed,
    indicator_rows,
    is_suppressed,
    line_dash,
    line_segments,
    no_data,
    suppressed_note,
    title,
    tooltip,
)
from dashboard.charts.spec import Chart

TIME_COLUMNS = ("period", "period_start", "periode_volledig", "value", "suppressed")

#: Year ticks only, also when the data span two years (Vega would pick months otherwise).
_YEAR_AXIS = {"format": "%Y", "tickCount": {"interval": "year", "step": 1}, "title": None}

_TIME = {"field": "period_start", "type": "temporal"}


def _points(coloured: bool, tips: list[dict], size: int = 50) -> dict:
    """Filled points for complete periods, hollow ones for incomplete periods (dataset
    "punten"); `coloured` colours them by series."""
    complete = "datum.periode_volledig"
    if not coloured:
        fill = {"condition": [{"test": complete, "value": theme.PALETTE[0]}], "value": "#FFFFFF"}
        stroke = {"value": theme.PALETTE[0]}
    else:
        series = {"field": "reeks", "legend": None, "type": "nominal"}
        fill = {"condition": {"test": complete, **series}, "value": "#FFFFFF"}
        stroke = series
    return {
        "data": {"name": "punten"},
        "mark": {"type": "point", "filled": False, "size": size, "strokeWidth": 1.5},
        "encoding": {
            "fill": fill,
            "stroke": stroke,
            "tooltip": tips,
            "x": _TIME,
            "y": {"field": "value", "type": "quantitative"},
        },
    }


def _drawn(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.filter(~is_suppressed(rows) & pl.col("value").is_not_null())


def indicator_tile_sparkline(
    frame: pl.DataFrame, *, eenheid: str | None = None, decimalen: int = 1
) -> Chart:
    """Return a small trend line of one indicator in one area, one point per year.

    `frame`: indicator_values rows of one indicator and area (yearly periods). The incomplete
    last year is joined by a dashed piece and drawn as a hollow point; suppressed years break the
    line and are not drawn at all (the tile says why). No axes: the tile shows the numbers.
    Refuses a frame without the columns of TIME_COLUMNS.
    """
    check_frame(frame, TIME_COLUMNS, "indicator_tile_sparkline")
    if frame.is_empty():
        return no_data("")
    rows = indicator_rows(frame, eenheid, decimalen).with_columns(reeks=pl.lit(""))
    segments = line_segments(rows, "reeks", "period_start")
    drawn = _drawn(rows)
    if drawn.is_empty():
        return no_data("", ALL_SUPPRESSED)
    line = {
        "data": {"name": "stukken"},
        "mark": {"type": "line", "color": theme.PALETTE[0], "strokeWidth": 1.5},
        "encoding": {
            "detail": {"field": "stuk", "type": "nominal"},
            "strokeDash": line_dash(False),
            "x": {**_TIME, "axis": None},
            "y": {"axis": None, "field": "value", "scale": {"zero": False}, "type": "quantitative"},
        },
    }
    spec = {
        "layer": [line, _points(False, tooltip(INDICATOR_TOOLTIP, drawn), size=20)],
        "height": 40,
        "width": 160,
    }
    return Chart(spec, {"stukken": segments, "punten": drawn}, "indicator_tile_sparkline")


def _series_column(rows: pl.DataFrame, reeks: str | None) -> str:
    if reeks is not None:
        return reeks
    if "titel" in rows.columns and rows.get_column("titel").n_unique() > 1:
        return "titel"
    return "gebied"


def trend_lines(
    frame: pl.DataFrame,
    *,
    titel: str | None = None,
    eenheid: str | None = None,
    decimalen: int = 1,
    reeks: str | None = None,
) -> Chart:
    """Return lines over years or quarters, one per area (or per indicator), with a 95 % band.

    `frame`: indicator_values rows of one period type (add `titel` to compare indicators; the
    series is `reeks`, default the indicator title when there are several, else the area).
    Incomplete periods: dashed piece, hollow point, the legend text "onvolledige periode" and
    their extent ("t/m sep") written above them at the top of the plot.
    Suppressed periods break the line and have no mark (a mark at the foot of the value axis
    would read as a value); they are named in the subtitle. Refuses a frame without TIME_COLUMNS.
    """
    check_frame(frame, TIME_COLUMNS, "trend_lines")
    chart_title = titel or "Trend"
    if frame.is_empty():
        return no_data(chart_title)
    rows = indicator_rows(frame, eenheid, decimalen)
    if _drawn(rows).is_empty():
        note = suppressed_note(rows.with_columns(label=pl.col("periode_tekst")), "label")
        return no_data(chart_title, f"{ALL_SUPPRESSED}. {note}.")
    series = _series_column(rows, reeks)
    rows = rows.with_columns(reeks=pl.col(series).cast(pl.String))
    limits = [name for name in ("lower_95", "upper_95") if name in rows.columns]
    segments = line_segments(rows, "reeks", "period_start", extra=limits)
    data = {"stukken": segments}
    if len(limits) == 2:
        data["band"] = segments.filter(
            pl.col("lower_95").is_not_null().all().over("stuk")
            & pl.col("upper_95").is_not_null().all().over("stuk")
        )
    data["punten"] = _drawn(rows)
    labels = incomplete_labels(data["punten"])
    if not labels.is_empty():
        data["onvolledig"] = labels
    colour = {"field": "reeks", "legend": {"title": None}, "title": None, "type": "nominal"}
    piece = {"field": "stuk", "type": "nominal"}
    layers = []
    if "band" in data:
        layers.append(
            {
                "data": {"name": "band"},
                "mark": {"type": "area", "opacity": 0.15},
                "encoding": {
                    "color": colour,
                    "detail": piece,
                    "x": _TIME,
                    "y": {"field": "lower_95", "type": "quantitative"},
                    "y2": {"field": "upper_95"},
                },
            }
        )
    layers.append(
        {
            "data": {"name": "stukken"},
            "mark": {"type": "line"},
            "encoding": {
                "color": colour,
                "detail": piece,
                "strokeDash": line_dash(has_dashed(segments)),
                "x": {**_TIME, "axis": _YEAR_AXIS},
                "y": {"field": "value", "title": eenheid or "Waarde", "type": "quantitative"},
            },
        }
    )
    layers.append(_points(True, tooltip(INDICATOR_TOOLTIP, data["punten"])))
    if "onvolledig" in data:
        # "t/m sep" at the top of the plot, ending at each incomplete period (the last one, at
        # the plot's right edge): read at a glance, also on a grey print where the dash and
        # the open point are easy to miss.
        label_mark = {
            "type": "text",
            "align": "right",
            "baseline": "top",
            "color": "#555555",
            "dx": -4,
            "dy": 4,
            "fontSize": 11,
            "fontStyle": "italic",
        }
        layers.append(
            {
                "data": {"name": "onvolledig"},
                "mark": label_mark,
                "encoding": {
                    "text": {"field": "label", "type": "nominal"},
                    "x": _TIME,
                    "y": {"value": 0},
                },
            }
        )
    band_note = "Band: 95%-betrouwbaarheidsinterval" if len(limits) == 2 else None
    note = suppressed_note(
        rows.with_columns(label=pl.col("periode_tekst") + " " + pl.col("reeks")), "label"
    )
    spec = {
        "layer": layers,
        "height": 280,
        "title": title(chart_title, band_note, note, incomplete_note(rows)),
        "width": 480,
    }
    return Chart(spec, data, "trend_lines")


def incomplete_labels(points: pl.DataFrame) -> pl.DataFrame:
    """One label per incomplete period that has a drawn point: `period_start` and `label`, the
    part of its period text that says how far it goes ("t/m sep" of "2026 t/m sep")."""
    if "periode_volledig" not in points.columns:
        return pl.DataFrame(schema={"period_start": pl.Date, "label": pl.String})
    incomplete = points.filter(pl.col("periode_volledig").not_())
    return (
        incomplete.select(
            "period_start",
            label=pl.coalesce(
                pl.col("periode_tekst").str.extract(r"(t/m \S+|\(onvolledig\))"),
                pl.col("periode_tekst"),
            ),
        )
        .unique("period_start", maintain_order=True)
        .sort("period_start")
    )


def incomplete_note(rows: pl.DataFrame) -> str | None:
    """Name the incomplete periods a line reaches ("2026 t/m sep"): drawn apart (open point,
    dashed piece), never joined as if whole."""
    if "periode_volledig" not in rows.columns:
        return None
    names = rows.filter(pl.col("periode_volledig").not_()).get_column("periode_tekst")
    if names.is_empty():
        return None
    shown = ", ".join(names.unique(maintain_order=True).to_list())
    return f"Open punt en stippellijn: nog niet compleet, voorlopig: {shown}"
