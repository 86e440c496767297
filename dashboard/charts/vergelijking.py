"""Charts that compare areas or indicators with their benchmark: the overview grid, the spine
chart, bars with intervals and the waiting-time chart."""

from __future__ import annotations

import altair as alt
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
    status_scale,
    status_text_colour,
    status_text_scale,
    title_holes,
    title_of,
    tooltip_fields,
    tooltip_of,
    with_chosen,
)
from dashboard.charts._template import Holes, Parts, named, templated

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


def _label_column(
    builder: str,
    holes: Holes,
    heading: str,
    tips: tuple[tuple[str, str], ...],
    field: str,
    highlight: bool = False,
) -> alt.Chart | alt.LayerChart:
    """The column left of a plot that names every row (its y labels) and says what it shows:
    the value, or for a suppressed row its text ("< 15", "onderdrukt"), in its own place and
    never at a position on the value axis. It shares the plot's rows (one explicit domain).
    With `highlight` the chosen area's row (column `gekozen`) is bold on a pale band; the
    label's weight comes from the hole `label_weight` (`chosen_label_weight`)."""
    axis = {"title": None, "labelLimit": 280, "labelPadding": 12, "domain": False, "ticks": False}
    if highlight:
        axis["labelFontWeight"] = alt.ExprRef(expr=holes["label_weight"])
    y = alt.Y(f"{field}:N", scale=alt.Scale(domain=holes.list("y_sort")), axis=alt.Axis(**axis))
    weight = {"fontWeight": CHOSEN_WEIGHT} if highlight else {}
    text = (
        alt.Chart(named(builder, "rijen"))
        .mark_text(align="left", dx=0, **weight)
        .encode(y=y, x=alt.XValue(0), text=alt.Text("waarde_kort:N"), tooltip=tooltip_of(tips))
    )
    title = alt.Title(heading, fontSize=12, fontWeight="normal")
    if not highlight:
        return text.properties(width=130, title=title)
    return alt.layer(_chosen_band(builder, y), text, title=title).properties(width=130)


def _chosen_band(builder: str, y: alt.Y) -> alt.Chart:
    """A pale band across the whole width behind the chosen area's row (dataset `gekozen`)."""
    return (
        alt.Chart(named(builder, "gekozen"))
        .mark_rect(color=theme.HIGHLIGHT_FILL)
        .encode(y=y, x=alt.XValue(0), x2=alt.X2Value("width"))
    )


def _chosen_stroke() -> dict:
    """The encodings that outline the chosen area's mark in black."""
    return {
        "stroke": alt.when(CHOSEN_TEST)
        .then(alt.value(theme.HIGHLIGHT_STROKE))
        .otherwise(alt.value(None)),
        "strokeWidth": alt.when(CHOSEN_TEST)
        .then(alt.value(theme.HIGHLIGHT_STROKE_WIDTH))
        .otherwise(alt.value(0)),
    }


def _rows_y(field: str, holes: Holes) -> alt.Y:
    """The y of a plot beside `_label_column`: every row has its slot (a suppressed one stays
    empty), in the label column's order; the labels are in that column."""
    return alt.Y(f"{field}:N", scale=alt.Scale(domain=holes.list("y_sort")), axis=None)


def _chosen_data(rows: pl.DataFrame) -> dict:
    """The dataset "gekozen" of `_chosen_band`: the chosen area's label (none without one)."""
    if not has_chosen(rows):
        return {}
    return {"gekozen": rows.filter(pl.col("gekozen")).select("gebied")}


def _benchmark_data(value: float | None, eenheid: str | None, decimalen: int) -> dict:
    """The dataset "referentie" of `_benchmark_rule` (none without a benchmark value)."""
    if value is None:
        return {}
    label = f"Referentie: {fmt.format_value(value, eenheid, decimalen)}"
    return {"referentie": pl.DataFrame({"referentie": [float(value)], "tekst": [label]})}


def _benchmark_rule(builder: str, shown: bool) -> list[alt.Chart]:
    if not shown:
        return []
    data = named(builder, "referentie")
    rule = (
        alt.Chart(data)
        .mark_rule(color=theme.BENCHMARK_COLOUR, strokeDash=[6, 3], strokeWidth=1.5)
        .encode(x=alt.X("referentie:Q"), tooltip=alt.Tooltip("tekst:N", title="Referentie"))
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", baseline="bottom", dx=3, dy=-2, color=theme.BENCHMARK_COLOUR)
        .encode(x=alt.X("referentie:Q"), y=alt.YValue(0), text=alt.Text("tekst:N"))
    )
    return [rule, text]


def _overview_grid(shape: tuple, holes: Holes) -> alt.LayerChart:
    (tips,) = shape
    data = named("overview_grid", "cellen")
    x = alt.X(
        "titel:N",
        sort=holes.list("x_sort"),
        title=None,
        axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=180),
    )
    y = alt.Y("gebied:N", sort=holes.list("y_sort"), title=None)
    suppressed = "datum.status === 'onderdrukt'"
    cell = (
        alt.Chart(data)
        .mark_rect(strokeWidth=1)
        .encode(
            x=x,
            y=y,
            fill=status_colour(holes, channel=alt.Fill),
            stroke=alt.when(suppressed)
            .then(alt.value(theme.SUPPRESSED_STROKE))
            .otherwise(alt.value("#FFFFFF")),
            strokeDash=alt.when(suppressed).then(alt.value([3, 2])).otherwise(alt.value([1, 0])),
            tooltip=tooltip_of(tips),
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(fontSize=10)
        .encode(
            x=x,
            y=y,
            text=alt.Text("cel_tekst:N"),
            color=status_text_colour(holes),
            tooltip=tooltip_of(tips),
        )
    )
    return alt.layer(cell, text, title=title_of(holes)).properties(
        width=alt.Step(72), height=alt.Step(22)
    )


@templated
def overview_grid(frame: pl.DataFrame, *, titel: str = "Overzicht per wijk") -> Parts:
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
    holes = {
        "x_sort": _indicator_order(rows),
        "y_sort": rows.get_column("gebied").unique(maintain_order=True).to_list(),
        **status_scale(rows),
        **status_text_scale(rows),
        **title_holes(titel, period_note, suppressed_note),
    }
    shape = (tooltip_fields(_INDICATOR_TOOLTIP, rows),)
    return Parts("overview_grid", _overview_grid, shape, holes, {"cellen": rows})


def _spine_chart(shape: tuple, holes: Holes) -> alt.HConcatChart:
    text_tips, point_tips, has_points = shape
    name = "spine_chart"
    step = alt.Step(26)
    values = _label_column(name, holes, "Waarde", text_tips, "titel").properties(height=step)
    benchmark = (
        alt.Chart(
            named(name, "rijen"), title=alt.Title("Referentie", fontSize=12, fontWeight="normal")
        )
        .mark_text(align="left", dx=0)
        .encode(
            y=_rows_y("titel", holes),
            x=alt.XValue(0),
            text=alt.Text("referentie_tekst:N"),
            tooltip=tooltip_of(text_tips),
        )
        .properties(width=120, height=step)
    )
    y = _rows_y("titel", holes)
    x = alt.X(
        "index:Q", title="Waarde t.o.v. referentie (referentie = 100)", scale=alt.Scale(zero=False)
    )
    hundred = (
        alt.Chart(named(name, "honderd"))
        .mark_rule(color=theme.BENCHMARK_COLOUR, strokeDash=[6, 3])
        .encode(x=alt.X("index:Q"))
    )
    drawn = named(name, "getekend")
    interval = (
        alt.Chart(drawn)
        .mark_rule(color="#555555")
        .encode(x=alt.X("index_onder:Q"), x2=alt.X2("index_boven:Q"), y=y)
    )
    # Every indicator suppressed: no points, and no colour legend without entries.
    fill = status_colour(holes, channel=alt.Fill)
    if not has_points:
        fill = fill.copy()
        fill.legend = None
    point = (
        alt.Chart(drawn)
        .mark_point(filled=True, size=90, stroke="#333333", strokeWidth=0.5, opacity=1)
        .encode(x=x, y=y, fill=fill, tooltip=tooltip_of(point_tips))
    )
    plot = alt.layer(hundred, interval, point).properties(width=320, height=step)
    return alt.hconcat(values, benchmark, plot, spacing=8, title=title_of(holes))


@templated
def spine_chart(
    frame: pl.DataFrame, *, titel: str = "Alle indicatoren ten opzichte van de referentie"
) -> Parts:
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
    holes = {"y_sort": _indicator_order(rows), **title_holes(titel), **status_scale(drawn)}
    shape = (
        tooltip_fields(_INDICATOR_TOOLTIP, rows),
        tooltip_fields(_INDICATOR_TOOLTIP, drawn),
        not drawn.is_empty(),
    )
    data = {"rijen": rows, "honderd": pl.DataFrame({"index": [100.0]}), "getekend": drawn}
    return Parts("spine_chart", _spine_chart, shape, holes, data)


def _bar_with_intervals(shape: tuple, holes: Holes) -> alt.HConcatChart:
    x_title, bar_tips, label_tips, benchmark, has_plot, highlight = shape
    name = "bar_with_intervals"
    y = _rows_y("gebied", holes)
    bars = (
        alt.Chart(named(name, "getekend"))
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X("value:Q", title=x_title),
            y=y,
            color=status_colour(holes),
            tooltip=tooltip_of(bar_tips),
            **(_chosen_stroke() if highlight else {}),
        )
    )
    errors = (
        alt.Chart(named(name, "intervallen"))
        .mark_rule(color="#333333", strokeWidth=1.5)
        .encode(x=alt.X("lower_95:Q"), x2=alt.X2("upper_95:Q"), y=y)
    )
    band = [_chosen_band(name, y)] if highlight else []
    plot = alt.layer(*band, bars, errors, *_benchmark_rule(name, benchmark)).properties(
        width=400, height=alt.Step(20)
    )
    labels = _label_column(name, holes, "Waarde", label_tips, "gebied", highlight).properties(
        height=alt.Step(20)
    )
    # Every area suppressed: the list of areas and their texts, and no empty value axis.
    shown = [labels, plot] if has_plot else [labels]
    return alt.hconcat(*shown, spacing=8, title=title_of(holes))


@templated
def bar_with_intervals(
    frame: pl.DataFrame,
    benchmark_value: float | None = None,
    *,
    titel: str | None = None,
    eenheid: str | None = None,
    decimalen: int = 1,
    gekozen: str | None = None,
) -> Parts:
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
    title = titel or "Vergelijking tussen gebieden"
    if frame.is_empty():
        return no_data(title)
    rows = with_chosen(indicator_rows(frame, eenheid, decimalen), gekozen)
    drawn = rows.filter(pl.col("value").is_not_null() & ~is_suppressed(rows))
    note = (
        "Lijnen: 95%-betrouwbaarheidsinterval"
        if drawn.get_column("lower_95").is_not_null().any()
        else None
    )
    highlight = has_chosen(rows)
    data = {
        "rijen": rows,
        "getekend": drawn,
        "intervallen": drawn.filter(pl.col("lower_95").is_not_null()),
        **_benchmark_data(benchmark_value, eenheid, decimalen),
        **_chosen_data(rows),
    }
    holes = {
        "y_sort": _area_order_by_value(rows),
        "label_weight": chosen_label_weight(rows),
        **status_scale(drawn),
        **title_holes(title, note, chosen_note(rows, CHOSEN_HOW)),
    }
    shape = (
        eenheid or "Waarde",
        tooltip_fields(INDICATOR_TOOLTIP, drawn),
        tooltip_fields(INDICATOR_TOOLTIP, rows),
        benchmark_value is not None,
        not drawn.is_empty(),
        highlight,
    )
    return Parts("bar_with_intervals", _bar_with_intervals, shape, holes, data)


def _wachttijd(shape: tuple, holes: Holes) -> alt.HConcatChart:
    dot_tips, label_tips, benchmark, has_plot, highlight = shape
    name = "wachttijd"
    drawn = named(name, "getekend")
    y = _rows_y("gebied", holes)
    x = alt.X("value:Q", title="Dagen van indicatiebesluit tot opname (mediaan)")
    stem = (
        alt.Chart(drawn)
        .mark_rule(color=theme.PALETTE[0], strokeWidth=2)
        .encode(x=alt.X("value:Q"), x2=alt.datum(0), y=y)
    )
    dot = (
        alt.Chart(drawn)
        .mark_point(filled=True, size=80, color=theme.PALETTE[0])
        .encode(
            x=x,
            y=y,
            tooltip=tooltip_of(dot_tips),
            **(_chosen_stroke() if highlight else {}),
        )
    )
    band = [_chosen_band(name, y)] if highlight else []
    plot = alt.layer(*band, stem, dot, *_benchmark_rule(name, benchmark)).properties(
        width=400, height=alt.Step(22)
    )
    labels = _label_column(name, holes, "Mediaan (aantal opnames)", label_tips, "gebied", highlight)
    labels = labels.properties(height=alt.Step(22))
    shown = [labels, plot] if has_plot else [labels]
    return alt.hconcat(*shown, spacing=8, title=title_of(holes))


@templated
def wachttijd(
    frame: pl.DataFrame,
    benchmark_value: float | None = None,
    *,
    titel: str = "Wachttijd tot opname (mediaan)",
    gekozen: str | None = None,
) -> Parts:
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
    data = {
        "rijen": rows,
        "getekend": drawn,
        **_benchmark_data(benchmark_value, "dagen", 0),
        **_chosen_data(rows),
    }
    holes = {
        "y_sort": _area_order_by_value(rows),
        "label_weight": chosen_label_weight(rows),
        **title_holes(titel, chosen_note(rows, CHOSEN_HOW)),
    }
    shape = (
        tooltip_fields(INDICATOR_TOOLTIP, drawn),
        tooltip_fields(INDICATOR_TOOLTIP, rows),
        benchmark_value is not None,
        not drawn.is_empty(),
        has_chosen(rows),
    )
    return Parts("wachttijd", _wachttijd, shape, holes, data)
