"""Stepped care as a chain: per 1.000 inhabitants of 75 and over, how many reach each step
(an SO contact, a zorgtraject, a short stay, a nursing-home admission), one bar per step with
its 95 % interval and its count. Self-contained: the steps' rows in, a chart out."""

from __future__ import annotations

import polars as pl

from dashboard import theme
from dashboard.charts._shared import check_frame, no_data, title, tooltip_of
from dashboard.charts.spec import Chart

BUILDER = "stepped_care"
#: Text in the slot of a suppressed step.
NOT_DRAWN = "onderdrukt"
COLUMNS = ("stap", "volgorde", "value", "lower_95", "upper_95", "label", "suppressed")


def stepped_care(frame: pl.DataFrame, *, titel: str, eenheid: str = "per 1.000") -> Chart:
    """Return the chain of steps as horizontal bars, top to bottom in `volgorde`.

    `frame`: one row per step: `stap` (its Dutch name), `volgorde`, `value` with `lower_95`
    and `upper_95` (a rate in `eenheid`), `label` (the text beside the bar: count and value, or
    why it is not shown) and `suppressed`. A suppressed step has no bar and no interval:
    "onderdrukt" stands in its slot and the subtitle names it. Refuses missing columns; an
    empty frame, or one whose every step is suppressed, gives a chart that says so.
    """
    check_frame(frame, COLUMNS, BUILDER)
    if frame.is_empty():
        return no_data(titel)
    if frame["suppressed"].all():
        return no_data(titel, "Geen cijfers te tonen: elke stap is onderdrukt")
    rows = frame.sort("volgorde").with_columns(
        # A suppressed step never carries a number into the chart, whatever the frame holds.
        *(
            pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c)
            for c in ("value", "lower_95", "upper_95")
        )
    )
    rows = rows.with_columns(label_x=pl.coalesce("upper_95", "value"))
    order = rows.get_column("stap").to_list()
    # Room to the right of the longest bar for its text.
    largest = float(rows.get_column("label_x").max() or 0) or 1.0
    y = {
        "axis": {"title": None, "labelLimit": 260},
        "field": "stap",
        "sort": order,
        "title": "Stap",
        "type": "nominal",
    }
    x_title = f"{eenheid} inwoners van 75 jaar en ouder"
    tooltip = tooltip_of([("stap", "Stap"), ("label", "Aantal en waarde")])
    shown = rows.filter(~pl.col("suppressed"))
    hidden = rows.filter(pl.col("suppressed"))
    layers = [
        {
            "data": {"name": "getekend"},
            "mark": {"type": "bar", "color": theme.PALETTE[0]},
            "encoding": {
                "tooltip": tooltip,
                "x": {
                    "field": "value",
                    "scale": {"domain": [0, largest * 1.8]},
                    "title": x_title,
                    "type": "quantitative",
                },
                "y": y,
            },
        },
        {
            "data": {"name": "getekend"},
            "mark": {"type": "rule", "color": "#333333"},
            "encoding": {
                "tooltip": tooltip,
                "x": {"field": "lower_95", "type": "quantitative"},
                "x2": {"field": "upper_95"},
                "y": y,
            },
        },
        {
            "data": {"name": "getekend"},
            "mark": {"type": "text", "align": "left", "dx": 6, "color": "#333333"},
            "encoding": {
                "tooltip": tooltip,
                "text": {"field": "label", "type": "nominal"},
                "x": {"field": "label_x", "type": "quantitative"},
                "y": y,
            },
        },
        {
            "data": {"name": "onderdrukt"},
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 4,
                "color": "#555555",
                "fontStyle": "italic",
            },
            "encoding": {
                "text": {"field": "label", "type": "nominal"},
                "tooltip": tooltip,
                "x": {"datum": 0},
                "y": y,
            },
        },
    ]
    hidden_steps = ", ".join(hidden.get_column("stap"))
    note = f"Onderdrukt, niet getekend: {hidden_steps}" if hidden.height else None
    spec = {
        "layer": layers,
        "height": {"step": 40},
        "width": 420,
        "title": title(titel, "Lijn: 95%-betrouwbaarheidsinterval", note),
    }
    data = {"getekend": shown, "onderdrukt": hidden}
    return Chart(spec, data, BUILDER)
