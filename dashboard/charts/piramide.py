"""Population pyramid: the inhabitants of one area per age class, men to the left and women to
the right, the oldest class on top. Self-contained: a frame of ``bevolking_geslacht`` rows in,
a chart out."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard import format as fmt
from dashboard import theme
from dashboard.charts._shared import check_frame, no_data, title_holes, title_of
from dashboard.charts._template import Holes, Parts, named, templated

#: Age classes in drawing order, oldest on top.
KLASSEN = ("90+", "85-89", "80-84", "75-79", "65-74")
#: Sex code → label, in drawing order (left, right) with each half's colour.
GESLACHTEN = {"M": "Mannen", "V": "Vrouwen"}
COLOURS = {"M": theme.PALETTE[0], "V": theme.PALETTE[1]}
#: Text in the slot of a suppressed bar.
NOT_DRAWN = "onderdrukt"
BUILDER = "population_pyramid"


def _half(sex: str, holes: Holes) -> alt.LayerChart:
    """One half of the pyramid; the men's half has the class labels and runs right to left."""
    left = sex == "M"
    y = alt.Y(
        "leeftijdsklasse:N",
        sort=holes.list("klassen"),
        title="Leeftijd",
        axis=alt.Axis(title=None) if left else None,
    )
    x = alt.X(
        "inwoners:Q",
        title=GESLACHTEN[sex],
        scale=alt.Scale(domain=holes.list("domein"), reverse=left),
        axis=alt.Axis(format=",d", tickCount=4),
    )
    tooltip = [
        alt.Tooltip("leeftijdsklasse:N", title="Leeftijd"),
        alt.Tooltip("geslacht_tekst:N", title="Geslacht"),
        alt.Tooltip("inwoners_tekst:N", title="Inwoners"),
    ]
    bars = (
        alt.Chart(named(BUILDER, f"{sex}_getekend"))
        .mark_bar(color=COLOURS[sex])
        .encode(x=x, y=y, tooltip=tooltip)
    )
    gaps = (
        alt.Chart(named(BUILDER, f"{sex}_onderdrukt"))
        .mark_text(
            align="right" if left else "left",
            dx=-4 if left else 4,
            fontStyle="italic",
            color="#555555",
        )
        .encode(x=alt.datum(0), y=y, text=alt.Text("tekst:N"), tooltip=tooltip)
    )
    return alt.layer(bars, gaps).properties(width=220, height=alt.Step(32))


def _pyramid(shape: tuple, holes: Holes) -> alt.HConcatChart:
    return alt.hconcat(_half("M", holes), _half("V", holes), spacing=4, title=title_of(holes))


@templated
def population_pyramid(frame: pl.DataFrame, *, titel: str = "Bevolkingsopbouw") -> Parts:
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
    holes = {"klassen": order, "domein": [0, largest], **title_holes(titel, *notes)}
    return Parts(BUILDER, _pyramid, (), holes, data)
