"""Wijk boundaries from the optional map file, as CBS publishes it, made small enough to send.

The map may be `gebieden.geojson` (with or without the old ``crs`` member) or
`gebieden.gpkg`, in RD New (EPSG:28992, metres) or WGS84; the wijk code in one of the
properties CBS and the contract use. GDAL (pyogrio) reads the file, pyproj projects, and
shapely simplifies the borders *as a coverage* (GEOS' coverage simplification): a border two
wijken share is simplified once, so neighbours still meet. The tolerance starts at a few metres
and grows until the map is within its byte budget; coordinates are then rounded to what a
screen shows. Rings are wound as d3/Vega expect.

Never raises for bad content: the map is optional, so a file that cannot be used gives no rows
and a warning, and a feature that cannot be used is skipped with a warning naming it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyogrio
import pyproj
import shapely

from pipelines import contract

Ring = list[list[float]]

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"
#: RD New's extent (EPSG:28992 area of use, with a margin), in metres.
_RD_BOUNDS = (-25_000.0, 280_000.0, 310_000.0, 640_000.0)
#: Budget: on average at most this many bytes of GeoJSON text per wijk, and the whole map as
#: the browser gets it (the national one has ≈ 3.300 wijken) at most ``MAX_MAP_BYTES``: the
#: geometry and, per wijk, ``TEXT_BYTES_PER_WIJK`` for the feature around it with its name,
#: value and interval (`dashboard.charts.kaart`; 174 bytes a wijk at scale 70, 2026-12-04).
BYTES_PER_WIJK = 2_500
MAX_MAP_BYTES = 2_000_000
TEXT_BYTES_PER_WIJK = 200
#: Simplification tolerances, in metres, smallest first: the smallest within budget is used.
_TOLERANCES = tuple(float(m) for m in (2, 5, 10, 15, 20, 30, 40, 60, 80, 120, 160, 240, 320, 640))
#: GeoJSON text of one rounded WGS84 coordinate pair as the browser gets it ("[5.3872, 52.1552], ":
#: Streamlit writes the chart's JSON with spaces; stored without, 17), and of the rest of a
#: wijk's geometry: to choose the tolerance before writing any text.
_BYTES_PER_POINT = 19
_BYTES_PER_SHAPE = 40
#: Decimals kept of a WGS84 coordinate: 1e-4 degree is 7 × 11 metres here, under a pixel on a
#: map of a gemeente (≈ 20 m a pixel) and far under one on the national map (≈ 600 m).
_DECIMALS = 4


@dataclass
class WijkShapes:
    """The shapes read from a map file: (wijk_code, GeoJSON geometry text) rows, warnings in
    Dutch, and what was done (for the build report)."""

    rows: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    features: int = 0
    skipped: int = 0
    projection: str = ""
    tolerance_m: float = 0.0
    bytes: int = 0


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


def wijk_geometries(path: Path) -> WijkShapes:
    """Read, project to RD New, simplify as a coverage within the byte budget, project to
    WGS84 and round: one row per wijk code."""
    shapes = WijkShapes()
    try:
        meta, _fids, wkb, field_data = pyogrio.raw.read(path)
    except Exception as err:  # GDAL raises many kinds; the map is optional
        reason = _first_line(err)
        shapes.warnings.append(f"{path.name}: kan niet worden gelezen ({reason}); geen kaart.")
        return shapes
    shapes.features = len(wkb)
    codes, code_warning = _codes(meta["fields"], field_data)
    if code_warning:
        shapes.warnings.append(f"{path.name}: {code_warning}; geen kaart.")
        shapes.skipped = shapes.features
        return shapes
    geometries = shapely.from_wkb(wkb, on_invalid="ignore")
    crs, projection_warning = _projection(meta.get("crs"), geometries)
    if crs is None:
        shapes.warnings.append(f"{path.name}: {projection_warning}; geen kaart.")
        shapes.skipped = shapes.features
        return shapes
    if projection_warning:
        shapes.warnings.append(f"{path.name}: {projection_warning}.")
    shapes.projection = crs

    kept_codes: list[str] = []
    kept: list[shapely.Geometry] = []
    for number, (code, geometry) in enumerate(zip(codes, geometries, strict=True), start=1):
        problem = _problem(code, geometry, kept_codes)
        if problem:
            shapes.warnings.append(f"{path.name}: object {number} overgeslagen ({problem}).")
            shapes.skipped += 1
            continue
        kept_codes.append(code)
        kept.append(shapely.make_valid(geometry) if not shapely.is_valid(geometry) else geometry)
    if not kept:
        return shapes
    in_rd = _to_rd(np.array(kept, dtype=object), crs)
    tolerance, simple = _within_budget(in_rd)
    to_wgs84 = pyproj.Transformer.from_crs(RD_NEW, WGS84, always_xy=True)
    texts = [_geojson(g) for g in shapely.transform(simple, _projector(to_wgs84))]
    shapes.tolerance_m = tolerance
    shapes.bytes = sum(len(t) for t in texts)
    rows = [(c, t) for c, t in zip(kept_codes, texts, strict=True) if t]
    shapes.rows = sorted(rows)
    return shapes


def _within_budget(in_rd: np.ndarray) -> tuple[float, np.ndarray]:
    """The smallest tolerance whose coverage simplification fits the byte budget (estimated
    from the number of points; bisection over ``_TOLERANCES``), and that simplification."""
    budget = min(BYTES_PER_WIJK, MAX_MAP_BYTES / len(in_rd) - TEXT_BYTES_PER_WIJK) * len(in_rd)

    def fits(simple: np.ndarray) -> bool:
        points = int(shapely.get_num_coordinates(simple).sum())
        return points * _BYTES_PER_POINT + len(simple) * _BYTES_PER_SHAPE <= budget

    low, high = 0, len(_TOLERANCES) - 1  # the answer lies in [low, high]
    best = None
    while low < high:
        middle = (low + high) // 2
        simple = shapely.coverage_simplify(in_rd, _TOLERANCES[middle])
        if fits(simple):
            best, high = simple, middle
        else:
            low = middle + 1
    if best is None:  # nothing tried fits: the largest tolerance
        best = shapely.coverage_simplify(in_rd, _TOLERANCES[low])
    return _TOLERANCES[low], best


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _codes(fields: np.ndarray, field_data: list) -> tuple[list[str], str]:
    """The wijk code of every feature, from the first code property the file has."""
    by_name = {str(name).lower(): index for index, name in enumerate(fields)}
    present = [
        field_data[by_name[name.lower()]]
        for name in contract.GEOJSON_CODE_PROPERTIES
        if name.lower() in by_name
    ]
    if not present:
        names = ", ".join(contract.GEOJSON_CODE_PROPERTIES)
        return [], f"geen eigenschap met de wijkcode ({names})"
    # Per feature the first code property that holds a value (a file may mix them).
    codes = []
    for values in zip(*present, strict=True):
        code = next((str(v).strip() for v in values if v is not None and str(v).strip()), "")
        codes.append(code)
    return codes, ""


def _problem(code: str, geometry, seen: list[str]) -> str:
    if not code:
        return "geen wijkcode"
    if not code.upper().startswith("WK"):
        return f"{code} is geen wijkcode (WK…)"
    if code in seen:
        return f"wijk {code} komt twee keer voor"
    if geometry is None or shapely.is_empty(geometry):
        return f"wijk {code} heeft geen geometrie"
    kind = shapely.get_type_id(geometry)
    if kind not in (3, 6):  # Polygon, MultiPolygon
        return f"wijk {code}: geometrietype {geometry.geom_type} wordt niet ondersteund"
    return ""


def _projection(declared: str | None, geometries: np.ndarray) -> tuple[str | None, str]:
    """The file's coordinate system: the declared one, unless coordinates in metres sit in a
    file that says (or, as GeoJSON without ``crs``, is assumed to be) WGS84. Returns (None,
    reason) when it cannot be known."""
    valid = geometries[~shapely.is_missing(geometries)]
    if not valid.size:
        return None, "geen geometrie in het bestand"
    xmin, ymin, xmax, ymax = shapely.total_bounds(valid)
    looks_rd = (
        _RD_BOUNDS[0] <= xmin
        and xmax <= _RD_BOUNDS[2]
        and _RD_BOUNDS[1] <= ymin
        and ymax <= _RD_BOUNDS[3]
    )
    looks_degrees = xmin >= -180 and xmax <= 180 and ymin >= -90 and ymax <= 90
    if declared:
        try:
            crs = pyproj.CRS.from_user_input(declared)
        except pyproj.exceptions.CRSError:
            return None, f"onbekende projectie ({declared[:60]})"
        if crs.is_geographic and not looks_degrees:
            if looks_rd:
                return RD_NEW, (
                    "de coördinaten zijn meters, geen lengte- en breedtegraden: gelezen als "
                    "RD New (EPSG:28992)"
                )
            return None, "onbekende projectie: de coördinaten passen niet bij WGS84 of RD New"
        return crs.to_string(), ""
    if looks_degrees:
        return WGS84, ""
    if looks_rd:
        return RD_NEW, "geen projectie opgegeven: gelezen als RD New (EPSG:28992)"
    return None, (
        "onbekende projectie: geen opgegeven en de coördinaten passen niet bij WGS84 of RD New"
    )


def _projector(transformer: pyproj.Transformer):
    def project(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return project


def _to_rd(geometries: np.ndarray, crs: str) -> np.ndarray:
    if pyproj.CRS.from_user_input(crs) == pyproj.CRS.from_user_input(RD_NEW):
        return geometries
    transformer = pyproj.Transformer.from_crs(crs, RD_NEW, always_xy=True)
    return shapely.transform(geometries, _projector(transformer))


def _geojson(geometry) -> str:
    """GeoJSON geometry text, coordinates rounded, repeated points dropped, rings wound for d3;
    empty when nothing is left."""
    polygons = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
    out = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        rings = [_ring(polygon.exterior.coords)]
        rings += [_ring(hole.coords) for hole in polygon.interiors]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            out.append(wind_polygon(rings))
    if not out:
        return ""
    if len(out) == 1:
        value = {"type": "Polygon", "coordinates": out[0]}
    else:
        value = {"type": "MultiPolygon", "coordinates": out}
    return json.dumps(value, separators=(",", ":"))


def _ring(coords) -> Ring:
    points = np.round(np.asarray(coords)[:, :2], _DECIMALS)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    return points[keep].tolist()
