"""The map of wijken, coloured by comparison or by value."""

from __future__ import annotations

import json

import polars as pl

from dashboard import present, theme
from dashboard.charts._shared import (
    CHOSEN_WEIGHT,
    ChartInputError,
    check_frame,
    chosen_note,
    indicator_rows,
    no_data,
    status_colour,
    status_text_colour,
    title,
    tooltip_of,
    with_chosen,
)
from dashboard.charts.spec import Chart

MAP_COLUMNS = ("area_code", "value", "comparison", "suppressed")
GEOMETRY_COLUMNS = ("area_code", "geometry")

#: Up to this many wijken each carries its value, or its "< 10", on the map (more would
#: overlap: the fill, the legend and the tooltip say it then); the chosen wijk always carries
#: its name and value.
MAX_VALUE_LABELS = 40

#: The tooltip's fields, with their Dutch titles: a feature's own texts (its properties), and
#: texts many wijken share (the status, the period, the explanation), sent once in the
#: dataset ``teksten`` and looked up by a key (`_SHARED`): at national scale they were a
#: third of the map's bytes.
_MAP_TOOLTIP = (
    ("properties.gebied", "Wijk"),
    ("periode_tekst", "Periode"),
    ("properties.waarde_tekst", "Waarde"),
    ("properties.interval_tekst", "95%-interval"),
    ("status_tekst", "Vergelijking"),
    ("toelichting", "Toelichting"),
)
#: A feature's own texts; and the texts it looks up in ``teksten`` by its property ``t``.
_OWN = ("gebied", "waarde_tekst", "interval_tekst")
_SHARED = ("status", "status_tekst", "periode_tekst", "toelichting")
_LOOKUP = {
    "lookup": "properties.t",
    "from": {"data": {"name": "teksten"}, "key": "t", "fields": list(_SHARED)},
}


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


def _shapes(dataset: str, mark: dict, encoding: dict) -> dict:
    """A layer of wijk shapes from `dataset`, with the texts they share looked up (`_LOOKUP`)
    and the tooltip."""
    tips = tooltip_of(_MAP_TOOLTIP)
    return {
        "data": {"name": dataset},
        "transform": [_LOOKUP],
        "mark": mark,
        "encoding": encoding | {"tooltip": tips},
    }


def _layers(rows: pl.DataFrame, kleur: str, legend_title: str, data: dict) -> list[dict]:
    """The layers of the map: the wijken coloured, the chosen one outlined, the labels."""
    area_mark = {"type": "geoshape", "stroke": "#FFFFFF", "strokeWidth": 0.8}
    if kleur == "vergelijking":
        layers = [_shapes("wijken", area_mark, {"fill": status_colour(rows)})]
    else:
        value_fill = {
            "field": "properties.waarde",
            "scale": {"scheme": theme.SEQUENTIAL_SCHEME},
            "title": legend_title,
            "type": "quantitative",
        }
        layers = [
            _shapes(
                "wijken", area_mark, {"fill": {"value": theme.COMPARISON_COLOURS["onderdrukt"]}}
            ),
            _shapes("gekleurd", area_mark, {"fill": value_fill}),
        ]
    if "gekozen" in data:
        outline = {
            "type": "geoshape",
            "filled": False,
            "stroke": theme.HIGHLIGHT_STROKE,
            "strokeWidth": theme.HIGHLIGHT_STROKE_WIDTH + 0.5,
        }
        layers.append(_shapes("gekozen", outline, {}))
    if "labels" in data:
        colour = (
            status_text_colour(rows) if kleur == "vergelijking" else {"value": theme.TEXT_COLOUR}
        )
        label_mark = {
            "type": "text",
            "fontSize": 10,
            "fontStyle": {"expr": "datum.onderdrukt === true ? 'italic' : 'normal'"},
            "fontWeight": CHOSEN_WEIGHT,
            "lineBreak": "\n",
        }
        layers.append(
            {
                "data": {"name": "labels"},
                "mark": label_mark,
                "encoding": {
                    "color": colour,
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "text": {"field": "tekst", "type": "nominal"},
                    "tooltip": {"field": "naam", "title": "Wijk", "type": "nominal"},
                },
            }
        )
    return layers


def choropleth(
    frame: pl.DataFrame,
    geometry: pl.DataFrame,
    *,
    kleur: str = "vergelijking",
    titel: str | None = None,
    eenheid: str | None = None,
    decimalen: int = 1,
    gekozen: str | None = None,
) -> Chart:
    """Return a map of wijken coloured by the comparison (`kleur="vergelijking"`) or the value
    (`kleur="waarde"`).

    `frame`: indicator_values rows of one indicator and period for wijken. `geometry`: the
    `areas` rows with `area_code` and `geometry` (GeoJSON text, rings clockwise). A suppressed
    wijk is light grey; wijken without geometry are named in the subtitle. On a map of up to
    MAX_VALUE_LABELS wijken a suppressed wijk carries its text ("< 10", "onderdrukt") and, when
    coloured by comparison, every other wijk its value (more would overlap; the legend and the
    tooltip say it then). `gekozen` (a wijk code) outlines that wijk in black and writes its
    name on it. Refuses missing columns, unknown `kleur` and geometry text that is
    not a GeoJSON Polygon or MultiPolygon, naming the wijk.
    """
    check_frame(frame, MAP_COLUMNS, "choropleth")
    check_frame(geometry, GEOMETRY_COLUMNS, "choropleth (geometrie)")
    if kleur not in ("vergelijking", "waarde"):
        raise ChartInputError(
            f"choropleth: kleur moet 'vergelijking' of 'waarde' zijn, niet {kleur!r}"
        )
    chart_title = titel or "Kaart per wijk"
    if frame.is_empty():
        return no_data(chart_title)
    rows = with_chosen(indicator_rows(frame, eenheid, decimalen), gekozen).join(
        geometry.select("area_code", pl.col("geometry").alias("_geometrie")),
        on="area_code",
        how="left",
    )
    few = rows.height <= MAX_VALUE_LABELS
    values_shown = kleur == "vergelijking" and few
    features, labels, without, chosen = [], [], [], []
    shared: dict[tuple, str] = {}
    for row in rows.to_dicts():
        shape = _parse(row["area_code"], row["_geometrie"])
        if shape is None:
            without.append(row["gebied"])
            continue
        properties = {name: row[name] for name in _OWN}
        # A text key, not a number: a suppressed wijk's properties carry no number at all.
        properties["t"] = shared.setdefault(tuple(row[name] for name in _SHARED), str(len(shared)))
        if kleur == "waarde":
            properties["waarde"] = row["value"]
        if row["suppressed"]:
            properties["suppressed"] = True  # the flag the app's tests check for numbers
        feature = {"type": "Feature", "geometry": shape, "properties": properties}
        features.append(feature)
        if row["gekozen"]:
            chosen.append(feature)
        texts = []
        if row["gekozen"]:
            texts.append(row["gebied"].replace(", ", ",\n"))
        if row["suppressed"] and (few or row["gekozen"]):
            texts.append(row["waarde_tekst"])
        elif not row["suppressed"] and (values_shown or row["gekozen"]):
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
    data = {
        "wijken": features,
        "teksten": pl.DataFrame(
            [dict(zip(_SHARED, values, strict=True)) | {"t": t} for values, t in shared.items()],
            schema=dict.fromkeys((*_SHARED, "t"), pl.String),
        ),
    }
    if kleur == "waarde":
        data["gekleurd"] = [f for f in features if f["properties"]["waarde"] is not None]
    if chosen:
        data["gekozen"] = chosen
    if labels:
        data["labels"] = pl.DataFrame(labels)
    suppressed = any(feature["properties"].get("suppressed") for feature in features)
    suppressed_legend = "Grijs: onderdrukt" if kleur == "waarde" and suppressed else None
    values_note = f"Getallen: {eenheid}" if values_shown and eenheid else None
    missing_note = f"Geen kaartvlak voor: {', '.join(without)}" if without else None
    chosen_rows = rows.filter(pl.col("_geometrie").is_not_null())
    spec = {
        "layer": _layers(rows, kleur, eenheid or "Waarde", data),
        "height": 480,
        "projection": {"type": "mercator"},
        "title": title(
            chart_title,
            values_note,
            chosen_note(chosen_rows, "Zwarte rand"),
            suppressed_legend,
            missing_note,
        ),
        "width": 480,
    }
    return Chart(spec, data, "choropleth")
