"""The wijk map as CBS publishes it: GeoJSON or GeoPackage, RD New or WGS84, CBS' code
properties; simplified as a coverage within the byte budget; every skipped object reported."""

from __future__ import annotations

import json
import math

import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from pipelines.ingest.geometry import BYTES_PER_WIJK, signed_area, wind_polygon
from tests.pipelines.ingest_helpers import ingest, write_delivery

# RFC 7946: exterior counter-clockwise, hole clockwise.
SQUARE_CCW = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
HOLE_CW = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]

#: Amersfoort, the origin of RD New: RD 155000/463000 is 52,1552 N 5,3872 E.
RD_ORIGIN = (155_000.0, 463_000.0)
ORIGIN_LON_LAT = (5.38721, 52.15517)


def _feature(properties: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _square(x: float, y: float, size: float) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def _write(folder, features: list[dict], crs: str | None = None) -> None:
    collection: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    (folder / "gebieden.geojson").write_text(json.dumps(collection), encoding="utf-8")


def _stored(con) -> dict:
    rows = con.execute("select wijk_code, geometry from geometry_wijk order by 1").fetchall()
    return {code: shape(json.loads(text)) for code, text in rows}


def _rd_pair(wiggles: int = 400) -> tuple[list, list]:
    """Two RD New wijken around Amersfoort sharing a wavy border of ``wiggles`` points."""
    x0, y0 = RD_ORIGIN
    ys = np.linspace(y0, y0 + 2_000, wiggles)
    border = [
        [x0 + 1_000 + 40 * math.sin(i / 7) + 15 * math.sin(i * 1.3), y] for i, y in enumerate(ys)
    ]
    west = [[x0, y0], *border, [x0, y0 + 2_000], [x0, y0]]
    east = [*border, [x0 + 2_000, y0 + 2_000], [x0 + 2_000, y0], border[0]]
    return west, east


def test_signed_area_is_positive_for_counter_clockwise():
    assert signed_area(SQUARE_CCW) == 1.0
    assert signed_area(list(reversed(SQUARE_CCW))) == -1.0


def test_exterior_becomes_clockwise_and_hole_counter_clockwise():
    wound = wind_polygon([SQUARE_CCW, HOLE_CW])
    assert wound[0] == list(reversed(SQUARE_CCW))
    assert wound[1] == list(reversed(HOLE_CW))
    assert wind_polygon(wound) == wound


def test_wgs84_polygon_and_multipolygon_stored_clockwise_and_a_feature_without_code_named(
    tmp_path,
):
    write_delivery(tmp_path)
    near = [[5.0 + x * 0.01, 52.0 + y * 0.01] for x, y in SQUARE_CCW]
    hole = [[5.0 + x * 0.01, 52.0 + y * 0.01] for x, y in HOLE_CW]
    other = [[5.02 + x * 0.01, 52.0 + y * 0.01] for x, y in SQUARE_CCW]
    _write(
        tmp_path,
        [
            _feature({"wijk_code": "WK012301"}, {"type": "Polygon", "coordinates": [near, hole]}),
            _feature(
                {"WK_CODE": "WK012302", "naam": "Oost"},
                {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [other],
                        [[[5.05, 52.0], [5.06, 52.0], [5.06, 52.01], [5.05, 52.0]]],
                    ],
                },
            ),
            _feature({"naam": "zonder code"}, {"type": "Polygon", "coordinates": [near]}),
        ],
    )
    con, report = ingest(tmp_path, tables={})
    rows = dict(con.execute("select wijk_code, geometry from geometry_wijk").fetchall())
    assert sorted(rows) == ["WK012301", "WK012302"]
    first = json.loads(rows["WK012301"])
    assert first["type"] == "Polygon"
    assert signed_area(first["coordinates"][0]) < 0  # exterior clockwise (d3)
    assert signed_area(first["coordinates"][1]) > 0  # hole counter-clockwise
    assert shape(json.loads(rows["WK012301"])).area == pytest.approx(0.0001 * 0.64, rel=0.01)
    assert json.loads(rows["WK012302"])["type"] == "MultiPolygon"
    assert report.wijken_met_geometrie == 2
    assert report.warnings == ["gebieden.geojson: object 3 overgeslagen (geen wijkcode)."]
    assert report.kaart["projectie"] == "EPSG:4326"
    assert report.kaart["overgeslagen"] == 1


def test_rd_new_geojson_with_crs_member_and_statcode_lands_at_amersfoort(tmp_path):
    write_delivery(tmp_path)
    x, y = RD_ORIGIN
    _write(
        tmp_path,
        [
            _feature(
                {"statcode": "WK012301"},
                {"type": "Polygon", "coordinates": [_square(x - 500, y - 500, 1_000)]},
            ),
            _feature(
                {"statcode": "WK012302"},
                {"type": "Polygon", "coordinates": [_square(x + 500, y - 500, 1_000)]},
            ),
        ],
        crs="urn:ogc:def:crs:EPSG::28992",
    )
    con, report = ingest(tmp_path, tables={})
    shapes = _stored(con)
    centre = shapes["WK012301"].centroid
    assert (centre.x, centre.y) == pytest.approx(ORIGIN_LON_LAT, rel=2e-5)
    assert report.kaart["projectie"] == "EPSG:28992"
    assert report.warnings == []


def test_rd_new_geojson_without_crs_is_read_as_rd_new_and_says_so(tmp_path):
    write_delivery(tmp_path)
    x, y = RD_ORIGIN
    _write(
        tmp_path,
        [
            _feature(
                {"wijkcode": "WK012301"},
                {"type": "Polygon", "coordinates": [_square(x - 500, y - 500, 1_000)]},
            )
        ],
    )
    con, report = ingest(tmp_path, tables={})
    centre = _stored(con)["WK012301"].centroid
    assert (centre.x, centre.y) == pytest.approx(ORIGIN_LON_LAT, rel=2e-5)
    assert any("RD New (EPSG:28992)" in w for w in report.warnings)
    # The wijk of gebieden without a shape is named.
    assert any(
        "1 wijken van gebieden hebben geen vorm op de kaart: WK012302" in w for w in report.warnings
    )


def test_geopackage_with_statcode_in_rd_new(tmp_path):
    write_delivery(tmp_path)
    x, y = RD_ORIGIN
    geometry = np.array(
        [
            shapely.to_wkb(shapely.Polygon(_square(x - 500, y - 500, 1_000))),
            shapely.to_wkb(shapely.Polygon(_square(x + 500, y - 500, 1_000))),
            shapely.to_wkb(shapely.Polygon(_square(x + 1_500, y - 500, 1_000))),
        ],
        dtype=object,
    )
    pyogrio.raw.write(
        tmp_path / "gebieden.gpkg",
        geometry,
        field_data=[np.array(["WK012301", "WK012302", "GM0123"], dtype=object)],
        fields=["statcode"],
        geometry_type="Polygon",
        crs="EPSG:28992",
        driver="GPKG",
    )
    con, report = ingest(tmp_path, tables={})
    shapes = _stored(con)
    assert sorted(shapes) == ["WK012301", "WK012302"]
    centre = shapes["WK012301"].centroid
    assert (centre.x, centre.y) == pytest.approx(ORIGIN_LON_LAT, rel=2e-5)
    assert report.warnings == [
        "gebieden.gpkg: object 3 overgeslagen (GM0123 is geen wijkcode (WK…))."
    ]


def test_unknown_projection_is_refused_with_a_message(tmp_path):
    write_delivery(tmp_path)
    _write(
        tmp_path,
        [
            _feature(
                {"wijk_code": "WK012301"},
                {"type": "Polygon", "coordinates": [_square(4e6, 3e6, 1_000)]},
            )
        ],
    )
    con, report = ingest(tmp_path, tables={})
    assert _stored(con) == {}
    assert report.warnings == [
        "gebieden.geojson: onbekende projectie: de coördinaten passen niet bij WGS84 of RD New; "
        "geen kaart."
    ]


def test_simplified_neighbours_still_share_their_border_within_the_budget(tmp_path):
    write_delivery(tmp_path)
    west, east = _rd_pair(wiggles=4_000)
    _write(
        tmp_path,
        [
            _feature({"WK_CODE": "WK012301"}, {"type": "Polygon", "coordinates": [west]}),
            _feature({"WK_CODE": "WK012302"}, {"type": "Polygon", "coordinates": [east]}),
        ],
        crs="EPSG:28992",
    )
    con, report = ingest(tmp_path, tables={})
    texts = dict(con.execute("select wijk_code, geometry from geometry_wijk").fetchall())
    assert sum(len(t) for t in texts.values()) <= 2 * BYTES_PER_WIJK
    a, b = (shape(json.loads(texts[code])) for code in ("WK012301", "WK012302"))
    assert len(json.loads(texts["WK012301"])["coordinates"][0]) < 4_000 / 10
    # Neighbours meet along the whole border: no overlap, no gap, a valid coverage.
    assert shapely.coverage_is_valid(np.array([a, b]))
    assert a.intersection(b).area == 0
    assert a.union(b).geom_type == "Polygon"
    assert a.intersection(b).length > 0.9 * (b.bounds[3] - b.bounds[1])
    assert report.kaart["tolerantie_m"] > 0
    assert report.kaart["bytes"] == sum(len(t) for t in texts.values())


def test_broken_map_warns_and_leaves_geometry_empty(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "gebieden.geojson").write_text("{niet json", encoding="utf-8")
    con, report = ingest(tmp_path, tables={})
    assert con.execute("select count(*) from geometry_wijk").fetchone() == (0,)
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("gebieden.geojson: kan niet worden gelezen")


def test_no_map_gives_an_empty_table_with_the_right_columns(tmp_path):
    con, report = ingest(tmp_path)
    described = con.execute("describe geometry_wijk").fetchall()
    assert [(row[0], row[1]) for row in described] == [
        ("wijk_code", "VARCHAR"),
        ("geometry", "VARCHAR"),
    ]
    assert report.wijken_met_geometrie == 0
