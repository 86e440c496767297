"""Wijk boundaries from the optional gebieden.geojson, with rings wound as d3/Vega expect."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines import contract

Ring = list[list[float]]


def signed_area(ring: Ring) -> float:
    """Return the shoelace area of a ring in lon/lat: positive when counter-clockwise."""
    total = 0.0
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def wind_polygon(rings: list[Ring]) -> list[Ring]:
    """Return the polygon with its exterior ring clockwise and its holes counter-clockwise
    (the opposite of RFC 7946), which is what d3's spherical geoshape fills correctly."""
    wound: list[Ring] = []
    for index, ring in enumerate(rings):
        clockwise = signed_area(ring) < 0
        wanted = index == 0
        wound.append(list(ring) if clockwise == wanted else list(reversed(ring)))
    return wound


def wijk_geometries(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Return ((wijk_code, geometry JSON text) rows, warnings) from a GeoJSON FeatureCollection.

    Never raises for bad content: geometry is optional, so a file that cannot be used gives no
    rows and a warning, and a feature that cannot be used is skipped with a warning.
    """
    try:
        collection = json.loads(path.read_text(encoding="utf-8-sig"))
        features = collection["features"]
        if not isinstance(features, list):
            raise TypeError("features is geen lijst")
    except (OSError, ValueError, KeyError, TypeError) as err:
        return [], [f"{path.name}: kan niet worden gelezen als GeoJSON ({err}); geen kaart."]

    rows: dict[str, str] = {}
    warnings: list[str] = []
    for number, feature in enumerate(features, start=1):
        try:
            code, geometry = _feature(feature)
        except (KeyError, TypeError, ValueError, IndexError) as err:
            warnings.append(f"{path.name}: feature {number} overgeslagen ({err}).")
            continue
        if code in rows:
            warnings.append(f"{path.name}: feature {number}: wijk {code} komt twee keer voor.")
            continue
        rows[code] = json.dumps(geometry, separators=(",", ":"))
    return sorted(rows.items()), warnings


def _feature(feature: dict) -> tuple[str, dict]:
    properties = feature.get("properties") or {}
    code = next(
        (properties[name] for name in contract.GEOJSON_CODE_PROPERTIES if properties.get(name)),
        None,
    )
    if code is None:
        names = " of ".join(contract.GEOJSON_CODE_PROPERTIES)
        raise KeyError(f"geen eigenschap {names}")
    geometry = feature["geometry"]
    kind = geometry["type"]
    if kind == "Polygon":
        coordinates = wind_polygon(geometry["coordinates"])
    elif kind == "MultiPolygon":
        coordinates = [wind_polygon(polygon) for polygon in geometry["coordinates"]]
    else:
        raise ValueError(f"geometrietype {kind} wordt niet ondersteund")
    return str(code).strip(), {"type": kind, "coordinates": coordinates}
