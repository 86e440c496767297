"""Wijk geometry from gebieden.geojson: rings wound clockwise, broken files only warn."""

from __future__ import annotations

import json

from pipelines.ingest.geometry import signed_area, wind_polygon
from tests.pipelines.ingest_helpers import ingest, write_delivery

# RFC 7946: exterior counter-clockwise, hole clockwise.
SQUARE_CCW = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
HOLE_CW = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]


def _feature(properties: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def test_signed_area_is_positive_for_counter_clockwise():
    assert signed_area(SQUARE_CCW) == 1.0
    assert signed_area(list(reversed(SQUARE_CCW))) == -1.0


def test_exterior_becomes_clockwise_and_hole_counter_clockwise():
    wound = wind_polygon([SQUARE_CCW, HOLE_CW])
    assert wound[0] == list(reversed(SQUARE_CCW))
    assert wound[1] == list(reversed(HOLE_CW))
    assert wind_polygon(wound) == wound


def test_geometry_wijk_from_polygon_and_multipolygon(tmp_path):
    write_delivery(tmp_path)
    collection = {
        "type": "FeatureCollection",
        "features": [
            _feature({"wijk_code": "WK012301"}, {"type": "Polygon", "coordinates": [SQUARE_CCW]}),
            _feature(
                {"WK_CODE": "WK012302", "naam": "Oost"},
                {"type": "MultiPolygon", "coordinates": [[SQUARE_CCW], [[*HOLE_CW]]]},
            ),
            _feature({"naam": "zonder code"}, {"type": "Polygon", "coordinates": [SQUARE_CCW]}),
        ],
    }
    (tmp_path / "gebieden.geojson").write_text(json.dumps(collection), encoding="utf-8")
    con, report = ingest(tmp_path, tables={})
    rows = con.execute("select wijk_code, geometry from geometry_wijk order by 1").fetchall()
    assert [code for code, _ in rows] == ["WK012301", "WK012302"]
    assert json.loads(rows[0][1]) == {
        "type": "Polygon",
        "coordinates": [list(reversed(SQUARE_CCW))],
    }
    assert json.loads(rows[1][1])["coordinates"] == [[list(reversed(SQUARE_CCW))], [HOLE_CW]]
    assert report.wijken_met_geometrie == 2
    assert report.warnings == [
        "gebieden.geojson: feature 3 overgeslagen ('geen eigenschap wijk_code of WK_CODE')."
    ]


def test_broken_geojson_warns_and_leaves_geometry_empty(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "gebieden.geojson").write_text("{niet json", encoding="utf-8")
    con, report = ingest(tmp_path, tables={})
    assert con.execute("select count(*) from geometry_wijk").fetchone() == (0,)
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("gebieden.geojson: kan niet worden gelezen als GeoJSON")


def test_no_geojson_gives_an_empty_table_with_the_right_columns(tmp_path):
    con, report = ingest(tmp_path)
    described = con.execute("describe geometry_wijk").fetchall()
    assert [(row[0], row[1]) for row in described] == [
        ("wijk_code", "VARCHAR"),
        ("geometry", "VARCHAR"),
    ]
    assert report.wijken_met_geometrie == 0
