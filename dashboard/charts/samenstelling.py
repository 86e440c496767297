"""Stacked shares over time: contacts by discipline, admissions by type, and the like."""

from __future__ import annotations

import polars as pl

from dashboard import format as fmt
from dashboard import present, theme
from dashboard.charts._shared import (
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

#: The label of the part of a bar that suppressed categories fill together (no number).
SUPPRESSED_PART = "Onderdrukt (samen)"
#: Legend entries in one row at most.
LEGEND_ROW = 7


def stacked_share(
    frame: pl.DataFrame,
    *,
    categorie: str,
    aantal: str,
    x: str = "jaar",
    labels: dict[str, str] | None = None,
    titel: str = "Verdeling",
    categorie_titel: str | None = None,
) -> Chart:
    """Return 100 % stacked bars: per `x` (jaar or period) the share of each `categorie`.

    `frame`: rows of one area, e.g. opnames_per_type (`categorie="opname_type"`,
    `aantal="aantal"`, `x="period"`, `labels=OPNAME_TYPE_LABELS`) or consulten_per_kenmerk for
    one kenmerk (`categorie="waarde"`, `aantal="contacten"`, with its published `aandeel`).

    Every category stays listed in the legend, suppressed ones too. A suppressed category has no
    share of its own: with a published `aandeel` (a share of the whole) the shown categories
    keep theirs and the suppressed ones fill the rest of the bar together, grey ("Onderdrukt
    (samen)"); without it, or where the pipeline left the shares of a bar empty, a bar with a
    suppressed category is not drawn at all ("onderdrukt" in its slot), since shares of the
    rest would claim the whole. Suppressed categories are
    named in the subtitle. Categories follow the order of `labels`. Refuses missing columns
    and a frame with more than one area or kenmerk.
    """
    check_frame(frame, (x, categorie, aantal), "stacked_share")
    for column in ("area_code", "kenmerk"):
        require_single(frame, column, "stacked_share")
    if frame.is_empty():
        return no_data(titel)
    labels = labels or {}
    rows = without_build(mask_suppressed(frame)).with_columns(suppressed=is_suppressed(frame))
    rows = rows.with_columns(
        x_tekst=pl.Series(
            [
                present.row_period_text(row) if x == "period" else str(row[x])
                for row in frame.to_dicts()
            ],
            dtype=pl.String,
        ),
        categorie_tekst=pl.Series(
            [fmt.label_for(labels, c) for c in rows.get_column(categorie)], dtype=pl.String
        ),
    )
    published_share = "aandeel" in rows.columns
    incomplete = rows.filter(pl.col("suppressed").any().over(x))
    if published_share:
        # A share the pipeline left empty on a shown row (its unit too small) hides that bar.
        share_hidden = pl.col("aandeel").is_null() & ~pl.col("suppressed")
        gaps = rows.filter(share_hidden.any().over(x)).select(x, "x_tekst").unique()
        drawable = rows.filter(~share_hidden.any().over(x))
        shown = drawable.filter(~pl.col("suppressed")).with_columns(aandeel=pl.col("aandeel") / 100)
        rest = (
            drawable.filter(pl.col("suppressed").any().over(x))
            .group_by(x, "x_tekst")
            .agg(aandeel=1 - pl.col("aandeel").sum() / 100)
            .with_columns(categorie_tekst=pl.lit(SUPPRESSED_PART), **{aantal: pl.lit(None)})
        )
    else:
        shown = rows.filter(~pl.col("suppressed").any().over(x))
        shown = shown.with_columns(aandeel=pl.col(aantal) / pl.col(aantal).sum().over(x))
        rest = None
        gaps = incomplete.select(x, "x_tekst").unique()
    shown = shown.select(x, "x_tekst", "categorie_tekst", aantal, "aandeel")
    if rest is not None and rest.height:
        shown = pl.concat([shown, rest.select(shown.columns)], how="vertical_relaxed")
    shown = shown.with_columns(
        aantal_tekst=pl.Series(
            ["onderdrukt" if v is None else fmt.format_number(v) for v in shown.get_column(aantal)],
            dtype=pl.String,
        ),
        aandeel_tekst=pl.Series(
            [
                fmt.format_value(None if v is None else v * 100, "%", 1)
                for v in shown.get_column("aandeel")
            ],
            dtype=pl.String,
        ),
    )
    listed = rows.get_column("categorie_tekst").unique(maintain_order=True).to_list()
    order = [label for label in labels.values() if label in listed]
    order += [label for label in listed if label not in order]
    colours = [theme.PALETTE[i % len(theme.PALETTE)] for i in range(len(order))]
    if rest is not None and rest.height:
        order.append(SUPPRESSED_PART)
        colours.append(theme.SUPPRESSED_STROKE)
    shown = shown.with_columns(
        volgorde=pl.col("categorie_tekst").replace_strict(
            {label: i for i, label in enumerate(order)}, return_dtype=pl.Int64
        )
    )
    x_order = rows.sort(x).get_column("x_tekst").unique(maintain_order=True).to_list()
    # Per category the periods it is hidden in, wrapped over lines: one long subtitle line
    # would claim the chart's width and squeeze the bars to nothing in a fitted export.
    hidden = [
        f"{label} ({', '.join(periods)})"
        for label, periods in (
            rows.filter(pl.col("suppressed"))
            .sort(x)
            .group_by("categorie_tekst", maintain_order=True)
            .agg(pl.col("x_tekst"))
            .sort(
                pl.col("categorie_tekst").replace_strict(
                    {label: i for i, label in enumerate(order)}, default=len(order)
                )
            )
            .iter_rows()
        )
    ]
    notes = [f"Onderdrukt: {', '.join(hidden)}"] if hidden else []
    if gaps.height:
        notes.append("Een staaf met een onderdrukte categorie is niet getekend")
    x_axis = {
        "axis": {"labelAngle": 0},
        "field": "x_tekst",
        "sort": x_order,
        "title": None,
        "type": "ordinal",
    }
    bars = {
        "data": {"name": "aandelen"},
        "mark": {"type": "bar"},
        "encoding": {
            "color": {
                "field": "categorie_tekst",
                "scale": {"domain": order, "range": colours},
                "title": categorie_titel,
                "type": "nominal",
                # Eight or more entries in one row run off a fitted export: four per row.
                **({"legend": {"columns": 4}} if len(order) > LEGEND_ROW else {}),
            },
            "order": {"field": "volgorde", "type": "quantitative"},
            "tooltip": tooltip_of(
                [
                    ("x_tekst", "Periode"),
                    ("categorie_tekst", categorie_titel or "Categorie"),
                    ("aantal_tekst", "Aantal"),
                    ("aandeel_tekst", "Aandeel"),
                ]
            ),
            "x": x_axis,
            "y": {
                "axis": {"format": ".0%"},
                "field": "aandeel",
                "scale": {"domain": [0, 1]},
                "stack": "zero",
                "title": "Aandeel",
                "type": "quantitative",
            },
        },
    }
    layers = [bars]
    data = {"aandelen": shown}
    if gaps.height:
        data["niet_getekend"] = gaps.with_columns(tekst=pl.lit("onderdrukt"))
        gap_mark = {
            "type": "text",
            "align": "center",
            "angle": 270,
            "baseline": "middle",
            "color": "#555555",
            "fontStyle": "italic",
        }
        layers.append(
            {
                "data": {"name": "niet_getekend"},
                "mark": gap_mark,
                "encoding": {
                    "text": {"field": "tekst", "type": "nominal"},
                    "x": x_axis,
                    "y": {"value": 140},
                },
            }
        )
    spec = {
        "layer": layers,
        "height": 280,
        "title": title(titel, *notes),
        "width": {"step": 40},
    }
    return Chart(spec, data, "stacked_share")
