"""The chart of "Helpt een vast koppel?": per year the share of two groups of admissions —
clients whose practice had an active koppel on the admission day, and the others — with
their 95 % intervals, side by side; or the rate (Wlz admissions per 1.000 listed
75-plussers of practices with and without a koppel on 1 July). Self-contained: one builder,
its own assemble."""

from __future__ import annotations

import polars as pl

from dashboard import format as fmt
from dashboard import present
from dashboard.charts._shared import (
    ALL_SUPPRESSED,
    check_frame,
    is_suppressed,
    mask_suppressed,
    no_data,
    require_single,
    title,
    tooltip_of,
    without_build,
)
from dashboard.charts.spec import Chart

COLUMNS = (
    "area_code", "jaar", "periode_volledig", "indicator_id", "groep", "teller", "noemer",
    "value", "lower_95", "upper_95", "suppressed", "suppression_reason",
)  # fmt: skip
#: The groups in the order they are drawn, with their labels and colours (blue = with a
#: koppel, orange = without: colour-blind safe, and not the theme's better/worse colours, since
#: neither group is "good").
GROEPEN = {"met_koppel": "Met vast koppel", "zonder_koppel": "Zonder vast koppel"}
_KLEUREN = ["#1f5fa8", "#e08a12"]
_NAME = "koppel_groepen"
#: The rate's unit; any other unit is a share (%).
PER_1000 = "per 1.000"


def _layers(years: list[str], y_title: str, rate: bool) -> list[dict]:
    """The interval rule and the point of each group, side by side within each year."""
    groepen = list(GROEPEN.values())
    x = {
        "axis": {"labelAngle": 0},
        "field": "jaar_tekst",
        "scale": {"domain": years},
        "sort": years,
        "title": None,
        "type": "nominal",
    }
    offset = {"field": "groep_tekst", "sort": groepen, "type": "nominal"}
    colour = {
        "field": "groep_tekst",
        "legend": {"orient": "bottom"},
        "scale": {"domain": groepen, "range": _KLEUREN},
        "sort": groepen,
        "title": None,
        "type": "nominal",
    }
    scale = {"zero": True, "nice": True} if rate else {"domain": [0, 100], "nice": False}
    rules = {
        "data": {"name": "groepen"},
        "mark": {"type": "rule", "strokeWidth": 2},
        "encoding": {
            "color": colour,
            "x": x,
            "xOffset": offset,
            "y": {"field": "lower_95", "scale": scale, "title": y_title, "type": "quantitative"},
            "y2": {"field": "upper_95"},
        },
    }
    points = {
        "data": {"name": "groepen"},
        "mark": {"type": "point", "filled": True, "opacity": 1, "size": 70},
        "encoding": {
            "color": colour,
            "tooltip": tooltip_of(
                [
                    ("jaar_tekst", "Jaar"),
                    ("groep_tekst", "Groep"),
                    ("waarde_tekst", "Per 1.000" if rate else "Aandeel"),
                    ("interval_tekst", "95%-interval"),
                    ("aantal_tekst", "Opnames"),
                ]
            ),
            "x": x,
            "xOffset": offset,
            "y": {"field": "value", "scale": scale, "title": y_title, "type": "quantitative"},
        },
    }
    return [rules, points]


def koppel_groepen(
    frame: pl.DataFrame,
    *,
    titel: str,
    eenheid: str = "%",
    eenheid_titel: str | None = None,
    toelichting: str | None = None,
    jaren: list[str] | None = None,
) -> Chart:
    """Return per year the share (%) of the admissions with and without a koppel, each with its
    95 % Wilson interval, side by side; with `eenheid` "per 1.000" the rate (Wlz admissions per
    1.000 listed 75-plussers) with its Poisson interval, on an axis from 0 (not 0–100).

    `frame`: koppel_vergelijking rows of one area and one indicator (dashboard.data adds
    `periode_volledig` and the build's thresholds). Every year keeps its place on the axis; a
    suppressed group has no mark and is named in the subtitle with its reason; an incomplete
    year is labelled "t/m <maand>"; `toelichting` is the subtitle's first line (the page's
    caveat, so every file carries it); `jaren`: every year's axis label ("2026 t/m sep"), so a
    year without rows (a gemeente left out that year) keeps its place too. Refuses a frame
    without COLUMNS, or with more than one area or indicator.
    """
    check_frame(frame, COLUMNS, "koppel_groepen")
    rate = eenheid == PER_1000
    if eenheid_titel is None:
        # Short: the unit; the chart's title says what is counted.
        eenheid_titel = "Per 1.000" if rate else "Aandeel (%)"
    require_single(frame, "area_code", "koppel_groepen")
    require_single(frame, "indicator_id", "koppel_groepen")
    if frame.is_empty():
        return no_data(titel)
    drempels = present.Drempels.of_row(frame.row(0, named=True))
    peildatum = frame.row(0, named=True).get("peildatum")
    rows = frame.with_columns(suppressed=is_suppressed(frame)).sort("jaar", "groep")
    jaar_tekst = [
        present.period_text(str(row["jaar"]), row["periode_volledig"], peildatum)
        for row in rows.to_dicts()
    ]
    rows = without_build(mask_suppressed(rows)).with_columns(
        jaar_tekst=pl.Series(jaar_tekst, dtype=pl.String),
        groep_tekst=pl.col("groep").replace_strict(GROEPEN, return_dtype=pl.String),
    )
    years = list(dict.fromkeys([*(jaren or []), *jaar_tekst]))
    drawn = rows.filter(~pl.col("suppressed") & pl.col("value").is_not_null())
    if drawn.is_empty():
        return no_data(titel, ALL_SUPPRESSED)
    drawn = drawn.with_columns(
        waarde_tekst=pl.Series(
            [fmt.format_value(v, eenheid, 1) for v in drawn.get_column("value")],
            dtype=pl.String,
        ),
        interval_tekst=pl.Series(
            [
                fmt.format_interval(lo, up, 1)
                for lo, up in drawn.select("lower_95", "upper_95").iter_rows()
            ],
            dtype=pl.String,
        ),
        aantal_tekst=pl.Series(
            [
                f"{fmt.format_number(t)} opnames, {fmt.format_number(n)} ingeschreven"
                if rate
                else f"{fmt.format_number(t)} van {fmt.format_number(n)}"
                for t, n in drawn.select("teller", "noemer").iter_rows()
            ],
            dtype=pl.String,
        ),
    ).select(
        "jaar_tekst", "groep_tekst", "value", "lower_95", "upper_95", "waarde_tekst",
        "interval_tekst", "aantal_tekst", "suppressed",
    )  # fmt: skip
    hidden = [
        f"{text} {GROEPEN[row['groep']].lower()} "
        f"({present.reason_phrase(row['suppression_reason'], drempels)})"
        for text, row in zip(jaar_tekst, rows.to_dicts(), strict=True)
        if row["suppressed"]
    ]
    empty = [
        f"{text} {GROEPEN[row['groep']].lower()}"
        for text, row in zip(jaar_tekst, rows.to_dicts(), strict=True)
        if not row["suppressed"] and row["value"] is None
    ]
    notes = (
        toelichting,
        "Punt: per 1.000 ingeschreven 75-plussers (koppel op 1 juli); lijn: 95%-interval (Poisson)"
        if rate
        else "Punt: aandeel; lijn: 95%-betrouwbaarheidsinterval (Wilson)",
        f"Onderdrukt: {', '.join(hidden)}" if hidden else None,
        f"{'Geen ingeschreven 75-plussers' if rate else 'Geen opnames'}: {', '.join(empty)}"
        if empty
        else None,
    )
    spec = {
        "layer": _layers(years, eenheid_titel, rate),
        "height": 260,
        "title": title(titel, *notes),
        "width": {"step": 34},
    }
    return Chart(spec, {"groepen": drawn}, _NAME)
