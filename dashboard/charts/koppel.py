"""Charts of the fixed GP/SO pairs (koppels): their characteristics and the learning curve."""

from __future__ import annotations

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
    title,
    tooltip_of,
    without_build,
)
from dashboard.charts.spec import Chart

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


def koppel_coverage(
    frame: pl.DataFrame, *, titel: str = "Kenmerken van de vaste HA/SO-koppels"
) -> Chart:
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
    x = {
        "axis": {"labelAngle": 0},
        "field": "jaar",
        "sort": years,
        "title": None,
        "type": "ordinal",
    }
    kenmerken = list(_KENMERKEN.values())
    bars = {
        "data": {"name": "aandelen"},
        "mark": {"type": "bar"},
        "encoding": {
            "color": {"field": "kenmerk", "sort": kenmerken, "title": None, "type": "nominal"},
            "tooltip": tooltip_of(
                [
                    ("jaar", "Jaar"),
                    ("kenmerk", "Kenmerk"),
                    ("aandeel_tekst", "Aandeel"),
                    ("koppels_tekst", "Actieve koppels"),
                ]
            ),
            "x": x,
            "xOffset": {"field": "kenmerk", "sort": kenmerken, "type": "nominal"},
            "y": {
                "axis": {"format": ".0%"},
                "field": "aandeel",
                "scale": {"domain": [0, 1]},
                "title": "Aandeel van de actieve koppels",
                "type": "quantitative",
            },
        },
    }
    counts = {
        "data": {"name": "aantallen"},
        "mark": {"type": "text", "baseline": "bottom", "color": "#444444", "dy": -4},
        "encoding": {"text": {"field": "tekst", "type": "nominal"}, "x": x, "y": {"value": 0}},
    }
    spec = {
        "layer": [bars, counts],
        "height": 260,
        "title": title(titel, "Koppels die op 1 juli actief waren"),
        "width": {"step": 36},
    }
    return Chart(spec, {"aandelen": long, "aantallen": per_year}, "koppel_coverage")


def learning_curve(
    frame: pl.DataFrame,
    *,
    maat: str = "contacten_per_koppel",
    titel: str = "Leercurve van de vaste koppels",
) -> Chart:
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
    x = {
        "axis": {"format": "d", "tickMinStep": 1},
        "field": "kwartaal_sinds_start",
        "title": "Kwartalen sinds de start van het koppel",
        "type": "quantitative",
    }
    colour = {"field": "reeks", "title": None, "type": "nominal"}
    line = {
        "data": {"name": "stukken"},
        "mark": {"type": "line"},
        "encoding": {
            "color": colour,
            "detail": {"field": "stuk", "type": "nominal"},
            "x": x,
            "y": {"field": "value", "title": _MATEN[maat], "type": "quantitative"},
        },
    }
    points = {
        "data": {"name": "punten"},
        "mark": {"type": "point", "filled": True, "size": 40},
        "encoding": {
            "color": colour,
            "tooltip": [
                {"field": "reeks", "title": "Gebied", "type": "nominal"},
                {
                    "field": "kwartaal_sinds_start",
                    "title": "Kwartaal sinds start",
                    "type": "quantitative",
                },
                {"field": "waarde_tekst", "title": _MATEN[maat], "type": "nominal"},
                {"field": "koppels_tekst", "title": "Aantal koppels", "type": "nominal"},
            ],
            "x": x,
            "y": {"field": maat, "type": "quantitative"},
        },
    }
    spec = {"layer": [line, points], "height": 280, "title": title(titel, note), "width": 480}
    return Chart(spec, {"stukken": segments, "punten": drawn}, "learning_curve")
