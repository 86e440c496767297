"""Stacked shares over time: contacts by discipline, admissions by type, and the like."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard import format as fmt
from dashboard.charts._shared import (
    check_frame,
    is_suppressed,
    mask_suppressed,
    no_data,
    require_single,
    title_holes,
    title_of,
)
from dashboard.charts._template import Holes, Parts, named, templated


def _stacked_share(shape: tuple, holes: Holes) -> alt.Chart:
    (categorie_titel,) = shape
    return (
        alt.Chart(named("stacked_share", "aandelen"), title=title_of(holes))
        .mark_bar()
        .encode(
            x=alt.X(
                "x_tekst:O", sort=holes.list("x_sort"), title=None, axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y(
                "aandeel:Q",
                stack="zero",
                title="Aandeel",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("categorie_tekst:N", sort=holes.list("order"), title=categorie_titel),
            order=alt.Order("volgorde:Q"),
            tooltip=[
                alt.Tooltip("x_tekst:N", title="Periode"),
                alt.Tooltip("categorie_tekst:N", title=categorie_titel or "Categorie"),
                alt.Tooltip("aantal_tekst:N", title="Aantal"),
                alt.Tooltip("aandeel_tekst:N", title="Aandeel"),
            ],
        )
        .properties(width=alt.Step(40), height=280)
    )


@templated
def stacked_share(
    frame: pl.DataFrame,
    *,
    categorie: str,
    aantal: str,
    x: str = "jaar",
    labels: dict[str, str] | None = None,
    titel: str = "Verdeling",
    categorie_titel: str | None = None,
) -> Parts:
    """Return 100 % stacked bars: per `x` (jaar or period) the share of each `categorie`.

    `frame`: rows of one area, e.g. opnames_per_type (`categorie="opname_type"`,
    `aantal="aantal"`, `x="period"`, `labels=OPNAME_TYPE_LABELS`) or consulten_per_kenmerk for
    one kenmerk (`categorie="waarde"`, `aantal="contacten"`). Shares are of the categories shown:
    suppressed categories are left out and named in the subtitle. Categories follow the order of
    `labels`. Refuses missing columns and a frame with more than one area or kenmerk.
    """
    check_frame(frame, (x, categorie, aantal), "stacked_share")
    for column in ("area_code", "kenmerk"):
        require_single(frame, column, "stacked_share")
    if frame.is_empty():
        return no_data(titel)
    labels = labels or {}
    rows = mask_suppressed(frame).with_columns(suppressed=is_suppressed(frame))
    rows = rows.with_columns(
        x_tekst=pl.Series(
            [fmt.period_label(v) if x == "period" else str(v) for v in rows.get_column(x)],
            dtype=pl.String,
        ),
        categorie_tekst=pl.Series(
            [fmt.label_for(labels, c) for c in rows.get_column(categorie)], dtype=pl.String
        ),
    )
    shown = rows.filter(pl.col(aantal).is_not_null())
    shown = shown.with_columns(aandeel=pl.col(aantal) / pl.col(aantal).sum().over(x)).with_columns(
        aantal_tekst=pl.Series(
            [fmt.format_number(v) for v in shown.get_column(aantal)], dtype=pl.String
        ),
    )
    shown = shown.with_columns(
        aandeel_tekst=pl.Series(
            [
                fmt.format_value(None if v is None else v * 100, "%", 1)
                for v in shown.get_column("aandeel")
            ],
            dtype=pl.String,
        ),
    ).select("x_tekst", x, "categorie_tekst", aantal, "aandeel", "aantal_tekst", "aandeel_tekst")
    present = rows.get_column("categorie_tekst").unique(maintain_order=True).to_list()
    order = [label for label in labels.values() if label in present]
    order += [label for label in present if label not in order]
    shown = shown.with_columns(
        volgorde=pl.col("categorie_tekst").replace_strict(
            {label: i for i, label in enumerate(order)}, return_dtype=pl.Int64
        )
    )
    x_order = rows.sort(x).get_column("x_tekst").unique(maintain_order=True).to_list()
    hidden = (
        rows.filter(pl.col("suppressed"))
        .select(pl.col("categorie_tekst") + " (" + pl.col("x_tekst") + ")")
        .to_series()
        .to_list()
    )
    note = f"Onderdrukt en niet meegeteld: {', '.join(hidden)}" if hidden else None
    holes = {"x_sort": x_order, "order": order, **title_holes(titel, note)}
    shape = (categorie_titel,)
    return Parts("stacked_share", _stacked_share, shape, holes, {"aandelen": shown})
