"""The map of wijken, coloured by comparison or by value."""

from __future__ import annotations

import json

import altair as alt
import polars as pl

from dashboard import present, theme
from dashboard.charts._shared import (
    CHOSEN_WEIGHT,
    ChartInputError,
    check_frame,
    chosen_note,
    has_chosen,
    indicator_rows,
    no_data,
    status_colour,
    status_scale,
    status_text_colour,
    status_text_scale,
    title_holes,
    title_of,
    with_chosen,
)
from dashboard.charts._template import Holes, Parts, named, templated

MAP_COLUMNS = ("area_code", "value", "comparison", "suppressed")
GEOMETRY_COLUMNS = ("area_code", "geometry")

#: Up to this many wijken each carries its value on the map (more would overlap); a
#: suppressed wijk always says so, and the chosen wijk always carries its name.
MAX_VALUE_LABELS = 40

#: Feature properties shown in the tooltip, with their Dutch titles.
_MAP_TOOLTIP = (
    ("gebied", "Wijk"),
    ("periode_tekst", "Periode"),
    ("waarde_tekst", "Waarde"),
    ("interval_tekst", "95%-interval"),
    ("status_tekst", "Vergelijking"),
    ("toelichting", "Toelichting"),
)


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Return (area, lon, lat) of a ring by the shoelace formula (planar; wijken are small)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


def label_point(geometry: dict) -> tuple[float, float]:
    """Return (lon, lat) for a wijk label: the centroid of its largest exterior ring."""
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    best = max(
        (_ring_centroid([p[:2] for p in polygon[0]]) for polygon in polygons), key=lambda c: c[0]
    )
    return best[1], best[2]


def _parse(code: str, text: str | None) -> dict | None:
    if text is None:
        return None
    try:
        geometry = json.loads(text)
    except json.JSONDecodeError as error:
        raise ChartInputError(
            f"choropleth: geometrie van {code} is geen geldige GeoJSON ({error.msg}, "
            f"positie {error.pos})"
        ) from None
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ChartInputError(f"choropleth: geometrie van {code} is geen Polygon of MultiPolygon")
    return geometry


def _choropleth(shape: tuple, holes: Holes) -> alt.LayerChart:
    kleur, legend_title, with_labels, highlight = shape
    name = "choropleth"
    tooltips = [alt.Tooltip(f"properties.{field}:N", title=label) for field, label in _MAP_TOOLTIP]
    base = alt.Chart(named(name, "wijken")).mark_geoshape(stroke="#FFFFFF", strokeWidth=0.8)
    if kleur == "vergelijking":
        layers = [
            base.encode(
                fill=status_colour(holes, channel=alt.Fill, field="properties.status_tekst"),
                tooltip=tooltips,
            )
        ]
    else:
        layers = [
            base.encode(
                fill=alt.FillValue(theme.COMPARISON_COLOURS["onderdrukt"]), tooltip=tooltips
            ),
            alt.Chart(named(name, "gekleurd"))
            .mark_geoshape(stroke="#FFFFFF", strokeWidth=0.8)
            .encode(
                fill=alt.Fill(
                    "properties.waarde:Q",
                    title=legend_title,
                    scale=alt.Scale(scheme=theme.SEQUENTIAL_SCHEME),
                ),
                tooltip=tooltips,
            ),
        ]
    if highlight:
        layers.append(
            alt.Chart(named(name, "gekozen"))
            .mark_geoshape(
                filled=False,
                stroke=theme.HIGHLIGHT_STROKE,
                strokeWidth=theme.HIGHLIGHT_STROKE_WIDTH + 0.5,
            )
            .encode(tooltip=tooltips)
        )
    if with_labels:
        colour = (
            status_text_colour(holes)
            if kleur == "vergelijking"
            else alt.ColorValue(theme.TEXT_COLOUR)
        )
        layers.append(
            alt.Chart(named(name, "labels"))
            .mark_text(
                fontSize=10,
                lineBreak="\n",
                fontWeight=CHOSEN_WEIGHT,
                fontStyle=alt.ExprRef(expr="datum.onderdrukt === true ? 'italic' : 'normal'"),
            )
            .encode(
                longitude=alt.Longitude("lon:Q"),
                latitude=alt.Latitude("lat:Q"),
                text=alt.Text("tekst:N"),
                color=colour,
                tooltip=alt.Tooltip("naam:N", title="Wijk"),
            )
        )
    return (
        alt.layer(*layers, title=title_of(holes))
        .project(type="mercator")
        .properties(width=480, height=480)
    )


@templated
def choropleth(
    frame: pl.DataFrame,
    geometry: pl.DataFrame,
    *,
    kleur: str = "vergelijking",
    titel: str | None = None,
    eenheid: str | None = None,
    decimalen: int = 1,
    gekozen: str | None = None,
) -> Parts:
    """Return a map of wijken coloured by the comparison (`kleur="vergelijking"`) or the value
    (`kleur="waarde"`).

    `frame`: indicator_values rows of one indicator and period for wijken. `geometry`: the
    `areas` rows with `area_code` and `geometry` (GeoJSON text, rings clockwise). A suppressed
    wijk is light grey with its text ("< 10", "onderdrukt") on it; wijken without geometry are
    named in the subtitle. On a map coloured by comparison every wijk carries its value (up to
    MAX_VALUE_LABELS wijken). `gekozen` (a wijk code) outlines that wijk in black and writes its
    name on it. Refuses missing columns, unknown `kleur` and geometry text that is
    not a GeoJSON Polygon or MultiPolygon, naming the wijk.
    """
    check_frame(frame, MAP_COLUMNS, "choropleth")
    check_frame(geometry, GEOMETRY_COLUMNS, "choropleth (geometrie)")
    if kleur not in ("vergelijking", "waarde"):
        raise ChartInputError(
            f"choropleth: kleur moet 'vergelijking' of 'waarde' zijn, niet {kleur!r}"
        )
    title = titel or "Kaart per wijk"
    if frame.is_empty():
        return no_data(title)
    rows = with_chosen(indicator_rows(frame, eenheid, decimalen), gekozen).join(
        geometry.select("area_code", pl.col("geometry").alias("_geometrie")),
        on="area_code",
        how="left",
    )
    values_shown = kleur == "vergelijking" and rows.height <= MAX_VALUE_LABELS
    features, labels, without, chosen = [], [], [], []
    for row in rows.to_dicts():
        shape = _parse(row["area_code"], row["_geometrie"])
        if shape is None:
            without.append(row["gebied"])
            continue
        properties = {name: row[name] for name, _ in _MAP_TOOLTIP}
        properties |= {
            "status": row["status"],
            "waarde": row["value"],
            "suppressed": row["suppressed"],
        }
        feature = {"type": "Feature", "geometry": shape, "properties": properties}
        features.append(feature)
        if row["gekozen"]:
            chosen.append(feature)
        texts = []
        if row["gekozen"]:
            texts.append(row["gebied"].replace(", ", ",\n"))
        if row["suppressed"]:
            texts.append(row["waarde_tekst"])
        elif values_shown or row["gekozen"]:
            texts.append(present.cell_text(row))
        if texts:
            lon, lat = label_point(shape)
            labels.append(
                {
                    "lon": lon,
                    "lat": lat,
                    "tekst": "\n".join(texts),
                    "naam": row["gebied"],
                    "status": row["status"],
                    "onderdrukt": bool(row["suppressed"]),
                    "gekozen": bool(row["gekozen"]),
                }
            )
    data = {"wijken": features}
    if kleur == "waarde":
        data["gekleurd"] = [f for f in features if f["properties"]["waarde"] is not None]
    if chosen:
        data["gekozen"] = chosen
    if labels:
        data["labels"] = pl.DataFrame(labels)
    suppressed = any(label["onderdrukt"] for label in labels)
    suppressed_legend = "Grijs: onderdrukt" if kleur == "waarde" and suppressed else None
    values_note = f"Getallen: {eenheid}" if values_shown and eenheid else None
    missing_note = f"Geen kaartvlak voor: {', '.join(without)}" if without else None
    chosen_rows = rows.filter(pl.col("_geometrie").is_not_null())
    holes = {
        **status_scale(rows),
        **status_text_scale(rows),
        **title_holes(
            title,
            values_note,
            chosen_note(chosen_rows, "Zwarte rand"),
            suppressed_legend,
            missing_note,
        ),
    }
    shape = (kleur, eenheid or "Waarde", bool(labels), has_chosen(chosen_rows))
    return Parts("choropleth", _choropleth, shape, holes, data)
