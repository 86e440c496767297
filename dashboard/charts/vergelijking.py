"""Charts that compare areas or indicators with their benchmark: the overview grid, the spine
chart, bars with intervals and the waiting-time chart."""

from __future__ import annotations

import polars as pl

from dashboard import format as fmt
from dashboard import present, theme
from dashboard.charts._shared import (
    CHOSEN_TEST,
    CHOSEN_WEIGHT,
    INDICATOR_TOOLTIP,
    check_frame,
    chosen_label_weight,
    chosen_note,
    has_chosen,
    indicator_rows,
    is_suppressed,
    no_data,
    row_unit,
    status_colour,
    status_text_colour,
    title,
    tooltip,
    when,
    with_chosen,
)
from dashboard.charts.spec import Chart

#: The subtitle line of a chart that marks the chosen area.
CHOSEN_HOW = "Gemarkeerd (vet, zwarte rand)"

AREA_COLUMNS = ("area_code", "value", "comparison", "suppressed")
INDICATOR_COLUMNS = ("indicator_id", "titel", "value", "comparison", "suppressed")

_INDICATOR_TOOLTIP = (("titel", "Indicator"), *INDICATOR_TOOLTIP)


def _indicator_order(rows: pl.DataFrame) -> list[str]:
    """Indicator titles in catalogue order (`volgorde`) when known, else as they come."""
    ordered = rows.sort("volgorde", maintain_order=True) if "volgorde" in rows.columns else rows
    return ordered.get_column("titel").unique(maintain_order=True).to_list()


def _area_order_by_value(rows: pl.DataFrame) -> list[str]:
    """Area labels from highest to lowest value; suppressed and empty areas last, by name."""
    ordered = rows.sort(
        [pl.col("value").is_null(), pl.col("value"), pl.col("gebied")],
        descending=[False, True, False],
    )
    return ordered.get_column("gebied").unique(maintain_order=True).to_list()


def _rows_y(field: str, order: list[str], axis: dict | None = None) -> dict:
    """The y of a row chart: every row has its slot (a suppressed one stays empty), in
    `order`; without `axis` the labels are drawn by the label column beside it."""
    return {"axis": axis, "field": field, "scale": {"domain": order}, "type": "nominal"}


def _label_column(
    rows: pl.DataFrame,
    order: list[str],
    heading: str,
    field: str,
    highlight: bool = False,
    tips: tuple[tuple[str, str], ...] = INDICATOR_TOOLTIP,
) -> dict:
    """The column left of a plot that names every row (its y labels) and says what it shows:
    the value, or for a suppressed row its text ("< 15", "onderdrukt"), in its own place and
    never at a position on the value axis. It shares the plot's rows (one explicit domain).
    With `highlight` the chosen area's row (column `gekozen`) is bold on a pale band."""
    axis = {"domain": False, "labelLimit": 280, "labelPadding": 12, "ticks": False, "title": None}
    if highlight:
        axis["labelFontWeight"] = {"expr": chosen_label_weight(rows, field)}
    y = _rows_y(field, order, axis)
    text = {
        "data": {"name": "rijen"},
        "mark": {"type": "text", "align": "left", "dx": 0},
        "encoding": {
            "text": {"field": "waarde_kort", "type": "nominal"},
            "tooltip": tooltip(tips, rows),
            "x": {"value": 0},
            "y": y,
        },
    }
    heading_title = {"text": heading, "fontSize": 12, "fontWeight": "normal"}
    if not highlight:
        return {**text, "title": heading_title, "width": 130}
    text["mark"]["fontWeight"] = CHOSEN_WEIGHT
    return {"layer": [_chosen_band(y), text], "title": heading_title, "width": 130}


def _chosen_band(y: dict) -> dict:
    """A pale band across the whole width behind the chosen area's row (dataset `gekozen`)."""
    return {
        "data": {"name": "gekozen"},
        "mark": {"type": "rect", "color": theme.HIGHLIGHT_FILL},
        "encoding": {"x": {"value": 0}, "x2": {"value": "width"}, "y": y},
    }


#: The encodings that outline the chosen area's mark in black.
_CHOSEN_STROKE = {
    "stroke": when(CHOSEN_TEST, theme.HIGHLIGHT_STROKE, None),
    "strokeWidth": when(CHOSEN_TEST, theme.HIGHLIGHT_STROKE_WIDTH, 0),
}


def _chosen_data(rows: pl.DataFrame) -> dict:
    """The dataset "gekozen" of `_chosen_band`: the chosen area's label (none without one)."""
    if not has_chosen(rows):
        return {}
    return {"gekozen": rows.filter(pl.col("gekozen")).select("gebied")}


def _benchmark(value: float | None, eenheid: str | None, decimalen: int) -> tuple[list, dict]:
    """The layers and dataset "referentie" of a dashed benchmark line with its label (none
    without a benchmark value)."""
    if value is None:
        return [], {}
    label = f"Referentie: {fmt.format_value(value, eenheid, decimalen)}"
    data = {"referentie": pl.DataFrame({"referentie": [float(value)], "tekst": [label]})}
    x = {"field": "referentie", "type": "quantitative"}
    rule = {
        "data": {"name": "referentie"},
        "mark": {
            "type": "rule",
            "color": theme.BENCHMARK_COLOUR,
            "strokeDash": [6, 3],
            "strokeWidth": 1.5,
        },
        "encoding": {
            "tooltip": {"field": "tekst", "title": "Referentie", "type": "nominal"},
            "x": x,
        },
    }
    text = {
        "data": {"name": "referentie"},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "bottom",
            "color": theme.BENCHMARK_COLOUR,
            "dx": 3,
            "dy": -2,
        },
        "encoding": {"text": {"field": "tekst", "type": "nominal"}, "x": x, "y": {"value": 0}},
    }
    return [rule, text], data


def overview_grid(frame: pl.DataFrame, *, titel: str = "Overzicht per wijk") -> Chart:
    """Return a heatmap of areas (rows) × indicators (columns) coloured by the comparison.

    `frame`: indicator_values rows of one period joined with the catalogue's `titel` (and
    `eenheid`, `decimalen`, `volgorde`). Each cell shows the value; a suppressed cell is light
    grey with a dashed outline and says "onderdrukt" (never the threshold, which in a column of
    numbers would read as one; the tooltip names the reason). Areas keep the frame's order.
    Refuses a frame without AREA_COLUMNS and INDICATOR_COLUMNS.
    """
    check_frame(frame, {*AREA_COLUMNS, *INDICATOR_COLUMNS}, "overview_grid")
    if frame.is_empty():
        return no_data(titel)
    rows = indicator_rows(frame)
    cells = [present.cell_text(row) for row in rows.to_dicts()]
    rows = rows.with_columns(cel_tekst=pl.Series(cells, dtype=pl.String))
    periods = rows.get_column("periode_tekst").unique().to_list()
    period_note = f"Periode: {periods[0]}" if len(periods) == 1 and periods[0] else None
    suppressed_note = (
        "Grijs met stippelrand: onderdrukt" if rows.get_column("suppressed").any() else None
    )
    tips = tooltip(_INDICATOR_TOOLTIP, rows)
    x = {
        "axis": {"labelAngle": -35, "labelLimit": 180, "orient": "top"},
        "field": "titel",
        "sort": _indicator_order(rows),
        "title": None,
        "type": "nominal",
    }
    y = {
        "field": "gebied",
        "sort": rows.get_column("gebied").unique(maintain_order=True).to_list(),
        "title": None,
        "type": "nominal",
    }
    suppressed = "datum.status === 'onderdrukt'"
    cell = {
        "mark": {"type": "rect", "strokeWidth": 1},
        "encoding": {
            "fill": status_colour(rows),
            "stroke": when(suppressed, theme.SUPPRESSED_STROKE, "#FFFFFF"),
            "strokeDash": when(suppressed, [3, 2], [1, 0]),
            "tooltip": tips,
            "x": x,
            "y": y,
        },
    }
    text = {
        "mark": {"type": "text", "fontSize": 10},
        "encoding": {
            "color": status_text_colour(rows),
            "text": {"field": "cel_tekst", "type": "nominal"},
            "tooltip": tips,
            "x": x,
            "y": y,
        },
    }
    spec = {
        "data": {"name": "cellen"},
        "layer": [cell, text],
        "height": {"step": 22},
        "title": title(titel, period_note, suppressed_note),
        "width": {"step": 72},
    }
    return Chart(spec, {"cellen": rows}, "overview_grid")


def spine_chart(
    frame: pl.DataFrame, *, titel: str = "Alle indicatoren ten opzichte van de referentie"
) -> Chart:
    """Return one area's indicators as value, benchmark and an index against the benchmark.

    `frame`: indicator_values rows of one area and period joined with the catalogue's `titel`
    (and `eenheid`, `decimalen`, `volgorde`), with `lower_95`, `upper_95`, `benchmark_value`.
    Left: the value and the benchmark as text; right: value ÷ benchmark × 100 with its 95 %
    interval, coloured by the comparison, and a line at 100. Every indicator keeps its own row
    in all three columns: a suppressed one shows its text ("< 15", "onderdrukt") and an empty
    slot. Refuses a frame without INDICATOR_COLUMNS, `lower_95`, `upper_95` and
    `benchmark_value`.
    """
    check_frame(
        frame, {*INDICATOR_COLUMNS, "lower_95", "upper_95", "benchmark_value"}, "spine_chart"
    )
    if frame.is_empty():
        return no_data(titel)
    rows = indicator_rows(frame)
    benchmark = pl.when(pl.col("benchmark_value") > 0).then(pl.col("benchmark_value"))
    rows = rows.with_columns(
        index=pl.col("value") / benchmark * 100,
        index_onder=pl.col("lower_95") / benchmark * 100,
        index_boven=pl.col("upper_95") / benchmark * 100,
        referentie_tekst=pl.Series(
            [fmt.format_value(row["benchmark_value"], *row_unit(row)) for row in rows.to_dicts()],
            dtype=pl.String,
        ),
    )
    drawn = rows.filter(pl.col("index").is_not_null() & ~is_suppressed(rows))
    order = _indicator_order(rows)
    y = _rows_y("titel", order)
    step = {"step": 26}
    values = _label_column(rows, order, "Waarde", "titel", tips=_INDICATOR_TOOLTIP)
    values = {**values, "height": step}
    benchmark_column = {
        "data": {"name": "rijen"},
        "mark": {"type": "text", "align": "left", "dx": 0},
        "encoding": {
            "text": {"field": "referentie_tekst", "type": "nominal"},
            "tooltip": tooltip(_INDICATOR_TOOLTIP, rows),
            "x": {"value": 0},
            "y": y,
        },
        "height": step,
        "title": {"text": "Referentie", "fontSize": 12, "fontWeight": "normal"},
        "width": 120,
    }
    hundred = {
        "data": {"name": "honderd"},
        "mark": {"type": "rule", "color": theme.BENCHMARK_COLOUR, "strokeDash": [6, 3]},
        "encoding": {"x": {"field": "index", "type": "quantitative"}},
    }
    interval = {
        "data": {"name": "getekend"},
        "mark": {"type": "rule", "color": "#555555"},
        "encoding": {
            "x": {"field": "index_onder", "type": "quantitative"},
            "x2": {"field": "index_boven"},
            "y": y,
        },
    }
    fill = status_colour(drawn)
    if drawn.is_empty():
        fill["legend"] = None  # every indicator suppressed: no legend without entries
    point = {
        "data": {"name": "getekend"},
        "mark": {
            "type": "point",
            "filled": True,
            "opacity": 1,
            "size": 90,
            "stroke": "#333333",
            "strokeWidth": 0.5,
        },
        "encoding": {
            "fill": fill,
            "tooltip": tooltip(_INDICATOR_TOOLTIP, drawn),
            "x": {
                "field": "index",
                "scale": {"zero": False},
                "title": "Waarde t.o.v. referentie (referentie = 100)",
                "type": "quantitative",
            },
            "y": y,
        },
    }
    plot = {"layer": [hundred, interval, point], "height": step, "width": 320}
    spec = {
        "hconcat": [values, benchmark_column, plot],
        "spacing": 8,
        "title": title(titel),
    }
    data = {"rijen": rows, "honderd": pl.DataFrame({"index": [100.0]}), "getekend": drawn}
    return Chart(spec, data, "spine_chart")


def bar_with_intervals(
    frame: pl.DataFrame,
    benchmark_value: float | None = None,
    *,
    titel: str | None = None,
    eenheid: str | None = None,
    decimalen: int = 1,
    gekozen: str | None = None,
) -> Chart:
    """Return horizontal bars per area, highest first, with 95 % error bars and a benchmark line.

    `frame`: indicator_values rows of one indicator and period (one row per area). Left, a
    column names every area with its value text; right, the bars, coloured by the comparison.
    A suppressed area keeps its row: its text ("< 15", "onderdrukt") in the column and an empty
    slot in the plot, never a bar or a position on the value axis. Without `benchmark_value` no
    line is drawn. `gekozen` (an area code) marks that area: its row on a pale band, its name
    and value bold, its bar outlined. Refuses a frame without AREA_COLUMNS, `lower_95` and
    `upper_95`.
    """
    check_frame(frame, {*AREA_COLUMNS, "lower_95", "upper_95"}, "bar_with_intervals")
    chart_title = titel or "Vergelijking tussen gebieden"
    if frame.is_empty():
        return no_data(chart_title)
    rows = with_chosen(indicator_rows(frame, eenheid, decimalen), gekozen)
    drawn = rows.filter(pl.col("value").is_not_null() & ~is_suppressed(rows))
    note = (
        "Lijnen: 95%-betrouwbaarheidsinterval"
        if drawn.get_column("lower_95").is_not_null().any()
        else None
    )
    highlight = has_chosen(rows)
    order = _area_order_by_value(rows)
    y = _rows_y("gebied", order)
    bars = {
        "data": {"name": "getekend"},
        "mark": {"type": "bar", "height": {"band": 0.7}},
        "encoding": {
            "color": status_colour(drawn),
            **(_CHOSEN_STROKE if highlight else {}),
            "tooltip": tooltip(INDICATOR_TOOLTIP, drawn),
            "x": {"field": "value", "title": eenheid or "Waarde", "type": "quantitative"},
            "y": y,
        },
    }
    errors = {
        "data": {"name": "intervallen"},
        "mark": {"type": "rule", "color": "#333333", "strokeWidth": 1.5},
        "encoding": {
            "x": {"field": "lower_95", "type": "quantitative"},
            "x2": {"field": "upper_95"},
            "y": y,
        },
    }
    reference, reference_data = _benchmark(benchmark_value, eenheid, decimalen)
    band = [_chosen_band(y)] if highlight else []
    plot = {"layer": [*band, bars, errors, *reference], "height": {"step": 20}, "width": 400}
    labels = {**_label_column(rows, order, "Waarde", "gebied", highlight), "height": {"step": 20}}
    spec = {
        # Every area suppressed: the list of areas and their texts, and no empty value axis.
        "hconcat": [labels, plot] if not drawn.is_empty() else [labels],
        "spacing": 8,
        "title": title(chart_title, note, chosen_note(rows, CHOSEN_HOW)),
    }
    data = {
        "rijen": rows,
        "getekend": drawn,
        "intervallen": drawn.filter(pl.col("lower_95").is_not_null()),
        **reference_data,
        **_chosen_data(rows),
    }
    return Chart(spec, data, "bar_with_intervals")


def wachttijd(
    frame: pl.DataFrame,
    benchmark_value: float | None = None,
    *,
    titel: str = "Wachttijd tot opname (mediaan)",
    gekozen: str | None = None,
) -> Chart:
    """Return the median waiting time in days per area as a lollipop, with a column that says
    "87 dagen (n = 45)".

    `frame`: indicator_values rows of `wachttijd_opname` for one period (value = median days,
    noemer = number of admissions). A median has no interval. A suppressed area keeps its
    row: its text in the column and an empty slot on the days axis. `gekozen` marks that area
    as `bar_with_intervals` does. Refuses a frame without AREA_COLUMNS and `noemer`.
    """
    check_frame(frame, {*AREA_COLUMNS, "noemer"}, "wachttijd")
    if frame.is_empty():
        return no_data(titel)
    rows = with_chosen(indicator_rows(frame, "dagen", 0), gekozen)
    shown = pl.col("value").is_not_null() & ~is_suppressed(rows)
    rows = rows.with_columns(
        waarde_kort=pl.when(shown)
        .then(pl.col("waarde_tekst") + " (n = " + pl.col("noemer_tekst") + ")")
        .otherwise(pl.col("waarde_kort"))
    )
    drawn = rows.filter(shown)
    highlight = has_chosen(rows)
    order = _area_order_by_value(rows)
    y = _rows_y("gebied", order)
    stem = {
        "data": {"name": "getekend"},
        "mark": {"type": "rule", "color": theme.PALETTE[0], "strokeWidth": 2},
        "encoding": {
            "x": {"field": "value", "type": "quantitative"},
            "x2": {"datum": 0},
            "y": y,
        },
    }
    dot = {
        "data": {"name": "getekend"},
        "mark": {"type": "point", "color": theme.PALETTE[0], "filled": True, "size": 80},
        "encoding": {
            **(_CHOSEN_STROKE if highlight else {}),
            "tooltip": tooltip(INDICATOR_TOOLTIP, drawn),
            "x": {
                "field": "value",
                "title": "Dagen van indicatiebesluit tot opname (mediaan)",
                "type": "quantitative",
            },
            "y": y,
        },
    }
    reference, reference_data = _benchmark(benchmark_value, "dagen", 0)
    band = [_chosen_band(y)] if highlight else []
    plot = {"layer": [*band, stem, dot, *reference], "height": {"step": 22}, "width": 400}
    labels = _label_column(rows, order, "Mediaan (aantal opnames)", "gebied", highlight)
    labels = {**labels, "height": {"step": 22}}
    spec = {
        "hconcat": [labels, plot] if not drawn.is_empty() else [labels],
        "spacing": 8,
        "title": title(titel, chosen_note(rows, CHOSEN_HOW)),
    }
    data = {"rijen": rows, "getekend": drawn, **reference_data, **_chosen_data(rows)}
    return Chart(spec, data, "wachttijd")
