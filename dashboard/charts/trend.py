"""Charts of an indicator over time: the tile sparkline and the trend lines."""

from __future__ import annotations

import altair as alt
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
    title_holes,
    title_of,
    tooltip_fields,
    tooltip_of,
)
from dashboard.charts._template import Holes, Parts, named, templated

TIME_COLUMNS = ("period", "period_start", "periode_volledig", "value", "suppressed")

#: Year ticks only, also when the data span two years (Vega would pick months otherwise).
_YEAR_AXIS = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, title=None)


def _points(
    data: alt.NamedData, coloured: bool, tips: tuple[tuple[str, str], ...], size: int = 50
) -> alt.Chart:
    """Filled points for complete periods, hollow ones for incomplete periods; `coloured`
    colours them by series."""
    if not coloured:
        fill = alt.when("datum.periode_volledig").then(alt.value(theme.PALETTE[0]))
        stroke = alt.value(theme.PALETTE[0])
    else:
        fill = alt.when("datum.periode_volledig").then(alt.Fill("reeks:N", legend=None))
        stroke = alt.Stroke("reeks:N", legend=None)
    return (
        alt.Chart(data)
        .mark_point(filled=False, strokeWidth=1.5, size=size)
        .encode(
            x=alt.X("period_start:T"),
            y=alt.Y("value:Q"),
            fill=fill.otherwise(alt.value("#FFFFFF")),
            stroke=stroke,
            tooltip=tooltip_of(tips),
        )
    )


def _drawn(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.filter(~is_suppressed(rows) & pl.col("value").is_not_null())


def _sparkline(shape: tuple, holes: Holes) -> alt.LayerChart:
    (point_tips,) = shape
    name = "indicator_tile_sparkline"
    line = (
        alt.Chart(named(name, "stukken"))
        .mark_line(color=theme.PALETTE[0], strokeWidth=1.5)
        .encode(
            x=alt.X("period_start:T", axis=None),
            y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
            detail=alt.Detail("stuk:N"),
            strokeDash=line_dash(False),
        )
    )
    return alt.layer(
        line,
        _points(named(name, "punten"), False, point_tips, size=20),
    ).properties(width=160, height=40)


@templated
def indicator_tile_sparkline(
    frame: pl.DataFrame, *, eenheid: str | None = None, decimalen: int = 1
) -> Parts:
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
    shape = (tooltip_fields(INDICATOR_TOOLTIP, drawn),)
    data = {"stukken": segments, "punten": drawn}
    return Parts("indicator_tile_sparkline", _sparkline, shape, {}, data)


def _series_column(rows: pl.DataFrame, reeks: str | None) -> str:
    if reeks is not None:
        return reeks
    if "titel" in rows.columns and rows.get_column("titel").n_unique() > 1:
        return "titel"
    return "gebied"


def _trend_lines(shape: tuple, holes: Holes) -> alt.LayerChart:
    band, dashed, y_title, point_tips, labelled = shape
    name = "trend_lines"
    colour = alt.Color("reeks:N", title=None, legend=alt.Legend(title=None))
    layers = []
    if band:
        layers.append(
            alt.Chart(named(name, "band"))
            .mark_area(opacity=0.15)
            .encode(
                x=alt.X("period_start:T"),
                y=alt.Y("lower_95:Q"),
                y2=alt.Y2("upper_95:Q"),
                color=colour,
                detail=alt.Detail("stuk:N"),
            )
        )
    layers.append(
        alt.Chart(named(name, "stukken"))
        .mark_line()
        .encode(
            x=alt.X("period_start:T", axis=_YEAR_AXIS),
            y=alt.Y("value:Q", title=y_title),
            color=colour,
            detail=alt.Detail("stuk:N"),
            strokeDash=line_dash(dashed),
        )
    )
    layers.append(_points(named(name, "punten"), True, point_tips))
    if labelled:
        # "t/m sep" at the top of the plot, ending at each incomplete period (the last one, at
        # the plot's right edge): read at a glance, also on a grey print where the dash and
        # the open point are easy to miss.
        layers.append(
            alt.Chart(named(name, "onvolledig"))
            .mark_text(
                align="right",
                baseline="top",
                dx=-4,
                dy=4,
                fontSize=11,
                fontStyle="italic",
                color="#555555",
            )
            .encode(x=alt.X("period_start:T"), y=alt.value(0), text=alt.Text("label:N"))
        )
    return alt.layer(*layers, title=title_of(holes)).properties(width=480, height=280)


@templated
def trend_lines(
    frame: pl.DataFrame,
    *,
    titel: str | None = None,
    eenheid: str | None = None,
    decimalen: int = 1,
    reeks: str | None = None,
) -> Parts:
    """Return lines over years or quarters, one per area (or per indicator), with a 95 % band.

    `frame`: indicator_values rows of one period type (add `titel` to compare indicators; the
    series is `reeks`, default the indicator title when there are several, else the area).
    Incomplete periods: dashed piece, hollow point, the legend text "onvolledige periode" and
    their extent ("t/m sep") written above them at the top of the plot.
    Suppressed periods break the line and have no mark (a mark at the foot of the value axis
    would read as a value); they are named in the subtitle. Refuses a frame without TIME_COLUMNS.
    """
    check_frame(frame, TIME_COLUMNS, "trend_lines")
    title = titel or "Trend"
    if frame.is_empty():
        return no_data(title)
    rows = indicator_rows(frame, eenheid, decimalen)
    if _drawn(rows).is_empty():
        note = suppressed_note(rows.with_columns(label=pl.col("periode_tekst")), "label")
        return no_data(title, f"{ALL_SUPPRESSED}. {note}.")
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
    shape = (
        len(limits) == 2,
        has_dashed(segments),
        eenheid or "Waarde",
        tooltip_fields(INDICATOR_TOOLTIP, data["punten"]),
        not labels.is_empty(),
    )
    band_note = "Band: 95%-betrouwbaarheidsinterval" if len(limits) == 2 else None
    note = suppressed_note(
        rows.with_columns(label=pl.col("periode_tekst") + " " + pl.col("reeks")), "label"
    )
    holes = title_holes(title, band_note, note, incomplete_note(rows))
    return Parts("trend_lines", _trend_lines, shape, holes, data)


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
