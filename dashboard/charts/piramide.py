"""Population pyramid: the inhabitants of one area per age class, men to the left and women to
the right, the oldest class on top. Self-contained: a frame of ``bevolking_geslacht`` rows in,
a chart out."""

from __future__ import annotations

import polars as pl

from dashboard import format as fmt
from dashboard import theme
from dashboard.charts._shared import check_frame, no_data, title, tooltip_of
from dashboard.charts.spec import Chart

#: Age classes in drawing order, oldest on top.
KLASSEN = ("90+", "85-89", "80-84", "75-79", "65-74")
#: Sex code → label, in drawing order (left, right) with each half's colour.
GESLACHTEN = {"M": "Mannen", "V": "Vrouwen"}
COLOURS = {"M": theme.PALETTE[0], "V": theme.PALETTE[1]}
#: Text in the slot of a suppressed bar.
NOT_DRAWN = "onderdrukt"
BUILDER = "population_pyramid"


def _half(sex: str, order: list[str], largest: float) -> dict:
    """One half of the pyramid; the men's half has the class labels and runs right to left."""
    left = sex == "M"
    y = {
        "axis": {"title": None} if left else None,
        "field": "leeftijdsklasse",
        "sort": order,
        "title": "Leeftijd",
        "type": "nominal",
    }
    x = {
        "axis": {"format": ",d", "tickCount": 4},
        "field": "inwoners",
        "scale": {"domain": [0, largest], "reverse": left},
        "title": GESLACHTEN[sex],
        "type": "quantitative",
    }
    tooltip = tooltip_of(
        [
            ("leeftijdsklasse", "Leeftijd"),
            ("geslacht_tekst", "Geslacht"),
            ("inwoners_tekst", "Inwoners"),
        ]
    )
    bars = {
        "data": {"name": f"{sex}_getekend"},
        "mark": {"type": "bar", "color": COLOURS[sex]},
        "encoding": {"tooltip": tooltip, "x": x, "y": y},
    }
    gaps = {
        "data": {"name": f"{sex}_onderdrukt"},
        "mark": {
            "type": "text",
            "align": "right" if left else "left",
            "color": "#555555",
            "dx": -4 if left else 4,
            "fontStyle": "italic",
        },
        "encoding": {
            "text": {"field": "tekst", "type": "nominal"},
            "tooltip": tooltip,
            "x": {"datum": 0},
            "y": y,
        },
    }
    return {"layer": [bars, gaps], "height": {"step": 32}, "width": 220}


def population_pyramid(frame: pl.DataFrame, *, titel: str = "Bevolkingsopbouw") -> Chart:
    """Return the population pyramid of one area and year.

    `frame`: rows of ``bevolking_geslacht`` (leeftijdsklasse, geslacht, inwoners, suppressed)
    of one area and year. A suppressed count has no bar: "onderdrukt" stands in its slot,
    beside the middle line, and the subtitle names it. Both halves share one scale, so men and
    women compare by length. Refuses missing columns; an empty frame, or one whose every count
    is suppressed, gives a chart that says so.
    """
    check_frame(frame, ("leeftijdsklasse", "geslacht", "inwoners", "suppressed"), BUILDER)
    if frame.is_empty():
        return no_data(titel)
    if frame["suppressed"].all():
        return no_data(titel, "Geen cijfers te tonen: alle aantallen zijn onderdrukt")
    # A suppressed row never carries its number into the chart, whatever the frame holds.
    shown = [None if s else v for v, s in zip(frame["inwoners"], frame["suppressed"], strict=True)]
    rows = frame.select("leeftijdsklasse", "geslacht", "suppressed").with_columns(
        pl.Series("inwoners", shown, dtype=pl.Float64),
        pl.col("geslacht").replace_strict(GESLACHTEN, default=None).alias("geslacht_tekst"),
        pl.Series(
            "inwoners_tekst",
            [NOT_DRAWN if v is None else fmt.format_number(v) for v in shown],
            dtype=pl.String,
        ),
    )
    order = [k for k in KLASSEN if k in set(rows["leeftijdsklasse"])]
    hidden = rows.filter(pl.col("suppressed"))
    notes = [
        "Onderdrukt, niet getekend: "
        + ", ".join(
            f"{GESLACHTEN.get(g, g).lower()} {k}"
            for k, g in hidden.select("leeftijdsklasse", "geslacht").iter_rows()
        )
        if hidden.height
        else None
    ]
    largest = float(rows["inwoners"].max() or 0) or 1.0
    data = {}
    for sex in GESLACHTEN:
        side = rows.filter(pl.col("geslacht") == sex)
        data[f"{sex}_getekend"] = side.filter(~pl.col("suppressed"))
        data[f"{sex}_onderdrukt"] = side.filter(pl.col("suppressed")).with_columns(
            pl.lit(NOT_DRAWN).alias("tekst")
        )
    spec = {
        "hconcat": [_half(sex, order, largest) for sex in GESLACHTEN],
        "spacing": 4,
        "title": title(titel, *notes),
    }
    return Chart(spec, data, BUILDER)
