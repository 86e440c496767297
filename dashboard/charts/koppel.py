"""Charts of the fixed GP/SO pairs (koppels): their characteristics and the learning curve."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard import format as fmt
from dashboard import present
from dashboard.charts._shared import (
    ALL_SUPPRESSED,
    ChartInputError,
    area_labels,
    check_frame,
    is_suppressed,
    line_segments,
    mask_suppressed,
    no_data,
    require_single,
    title_holes,
    title_of,
    without_build,
)
from dashboard.charts._template import Holes, Parts, named, templated

KENMERKEN_COLUMNS = (
    "area_code",
    "jaar",
    "actieve_koppels",
    "aandeel_werkt_in_his",
    "aandeel_vast_overleg",
    "suppressed",
)
LEERCURVE_COLUMNS = (
    "area_code",
    "kwartaal_sinds_start",
    "n_koppels",
    "contacten_per_koppel",
    "clienten_per_koppel",
    "suppressed",
)

_KENMERKEN = {
    "aandeel_werkt_in_his": "SO werkt in het HIS van de huisarts",
    "aandeel_vast_overleg": "Vaste overlegmomenten",
}
_MATEN = {
    "contacten_per_koppel": "Contacten per koppel per kwartaal",
    "clienten_per_koppel": "Cliënten per koppel per kwartaal",
}


def _koppel_coverage(shape: tuple, holes: Holes) -> alt.LayerChart:
    x = alt.X("jaar:O", sort=holes.list("years"), title=None, axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(named("koppel_coverage", "aandelen"))
        .mark_bar()
        .encode(
            x=x,
            xOffset=alt.XOffset("kenmerk:N", sort=list(_KENMERKEN.values())),
            y=alt.Y(
                "aandeel:Q",
                title="Aandeel van de actieve koppels",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".0%"),
            ),
            color=alt.Color("kenmerk:N", sort=list(_KENMERKEN.values()), title=None),
            tooltip=[
                alt.Tooltip("jaar:N", title="Jaar"),
                alt.Tooltip("kenmerk:N", title="Kenmerk"),
                alt.Tooltip("aandeel_tekst:N", title="Aandeel"),
                alt.Tooltip("koppels_tekst:N", title="Actieve koppels"),
            ],
        )
    )
    counts = (
        alt.Chart(named("koppel_coverage", "aantallen"))
        .mark_text(baseline="bottom", dy=-4, color="#444444")
        .encode(x=x, y=alt.YValue(0), text=alt.Text("tekst:N"))
    )
    return alt.layer(bars, counts, title=title_of(holes)).properties(width=alt.Step(36), height=260)


@templated
def koppel_coverage(
    frame: pl.DataFrame, *, titel: str = "Kenmerken van de vaste HA/SO-koppels"
) -> Parts:
    """Return per year the share of active koppels whose SO works in the GP's HIS and that have
    fixed consultation moments, with the number of koppels above each year.

    `frame`: koppel_kenmerken rows of one area; the shares are percentages (0–100) as
    published. A suppressed year (fewer than `build_info.min_koppels` koppels) shows
    "onderdrukt" instead of bars, and keeps its place on the year axis.
    Refuses a frame without KENMERKEN_COLUMNS, with more than one area, or with a share
    above 100.
    """
    check_frame(frame, KENMERKEN_COLUMNS, "koppel_coverage")
    require_single(frame, "area_code", "koppel_coverage")
    if frame.is_empty():
        return no_data(titel)
    for column in _KENMERKEN:
        if (frame.get_column(column).drop_nulls() > 100).any():
            raise ChartInputError(
                f"koppel_coverage: {column} is groter dan 100; verwacht een percentage (0–100)"
            )
    rows = without_build(mask_suppressed(frame)).with_columns(suppressed=is_suppressed(frame))
    years = [str(year) for year in rows.get_column("jaar").sort().unique(maintain_order=True)]
    long = (
        rows.unpivot(
            index=["jaar", "actieve_koppels", "suppressed"],
            on=list(_KENMERKEN),
            variable_name="kenmerk",
            value_name="aandeel",
        )
        .filter(pl.col("aandeel").is_not_null())
        .with_columns(
            jaar=pl.col("jaar").cast(pl.String),
            kenmerk=pl.col("kenmerk").replace_strict(_KENMERKEN),
            aandeel=pl.col("aandeel") / 100,  # the axis formats fractions as %
        )
    )
    long = long.with_columns(
        aandeel_tekst=pl.Series(
            [fmt.format_value(v * 100, "%", 0) for v in long.get_column("aandeel")], dtype=pl.String
        ),
        koppels_tekst=pl.Series(
            [fmt.format_number(n) for n in long.get_column("actieve_koppels")], dtype=pl.String
        ),
    )
    per_year = rows.select(
        jaar=pl.col("jaar").cast(pl.String),
        tekst=pl.Series(
            [
                "onderdrukt"
                if row["suppressed"]
                else f"{fmt.format_number(row['actieve_koppels'])} koppels"
                for row in rows.to_dicts()
            ],
            dtype=pl.String,
        ),
    )
    holes = {"years": years, **title_holes(titel, "Koppels die op 1 juli actief waren")}
    data = {"aandelen": long, "aantallen": per_year}
    return Parts("koppel_coverage", _koppel_coverage, (), holes, data)


def _learning_curve(shape: tuple, holes: Holes) -> alt.LayerChart:
    (maat,) = shape
    name = "learning_curve"
    x = alt.X(
        "kwartaal_sinds_start:Q",
        title="Kwartalen sinds de start van het koppel",
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    colour = alt.Color("reeks:N", title=None)
    line = (
        alt.Chart(named(name, "stukken"))
        .mark_line()
        .encode(
            x=x, y=alt.Y("value:Q", title=_MATEN[maat]), color=colour, detail=alt.Detail("stuk:N")
        )
    )
    points = (
        alt.Chart(named(name, "punten"))
        .mark_point(filled=True, size=40)
        .encode(
            x=x,
            y=alt.Y(f"{maat}:Q"),
            color=colour,
            tooltip=[
                alt.Tooltip("reeks:N", title="Gebied"),
                alt.Tooltip("kwartaal_sinds_start:Q", title="Kwartaal sinds start"),
                alt.Tooltip("waarde_tekst:N", title=_MATEN[maat]),
                alt.Tooltip("koppels_tekst:N", title="Aantal koppels"),
            ],
        )
    )
    return alt.layer(line, points, title=title_of(holes)).properties(width=480, height=280)


@templated
def learning_curve(
    frame: pl.DataFrame,
    *,
    maat: str = "contacten_per_koppel",
    titel: str = "Leercurve van de vaste koppels",
) -> Parts:
    """Return contacts (or clients, `maat="clienten_per_koppel"`) per koppel by quarter since the
    koppel's start, one line per area.

    `frame`: koppel_leercurve rows. Suppressed quarters (fewer than `build_info.min_koppels`
    koppels) break the line and are named in the subtitle. Refuses a frame without
    LEERCURVE_COLUMNS or an unknown `maat`.
    """
    check_frame(frame, LEERCURVE_COLUMNS, "learning_curve")
    if maat not in _MATEN:
        raise ChartInputError(
            f"learning_curve: maat moet {' of '.join(_MATEN)} zijn, niet {maat!r}"
        )
    if frame.is_empty():
        return no_data(titel)
    rows = without_build(mask_suppressed(frame)).with_columns(
        suppressed=is_suppressed(frame), gebied=area_labels(frame)
    )
    rows = rows.with_columns(
        waarde_tekst=pl.Series(
            [fmt.format_number(v, 1) for v in rows.get_column(maat)], dtype=pl.String
        ),
        koppels_tekst=pl.Series(
            [fmt.format_number(n) for n in rows.get_column("n_koppels")], dtype=pl.String
        ),
    )
    segments = line_segments(rows, "gebied", "kwartaal_sinds_start", value=maat)
    drawn = rows.filter(pl.col(maat).is_not_null()).rename({"gebied": "reeks"})
    if drawn.is_empty():
        return no_data(titel, ALL_SUPPRESSED)
    drempels = present.Drempels.of_row(frame.row(0, named=True))
    hidden = [
        f"kwartaal {row['kwartaal_sinds_start']} "
        f"({present.reason_phrase(row.get('suppression_reason'), drempels)})"
        for row in rows.filter(pl.col("suppressed"))
        .unique("kwartaal_sinds_start", keep="first")
        .sort("kwartaal_sinds_start")
        .to_dicts()
    ]
    note = f"Onderdrukt: {', '.join(hidden)}" if hidden else None
    data = {"stukken": segments, "punten": drawn}
    return Parts("learning_curve", _learning_curve, (maat,), title_holes(titel, note), data)
