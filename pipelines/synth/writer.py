"""Writing a delivery folder: plain CSV (UTF-8, comma, ISO dates, true/false) appended one
gemeente at a time, the wijk map as GeoJSON, and the SYNTHETIC marker."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import IO

import polars as pl

from pipelines.contract import GEOJSON_FILE, TABLES_BY_NAME
from pipelines.synth import kaart

MARKER_FILE = "SYNTHETIC"


def day_columns_to_dates(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Return the frame with day-number columns as dates (a negative day number = empty)."""
    return frame.with_columns(
        pl.when(pl.col(c) >= 0).then(pl.col(c)).cast(pl.Int32).cast(pl.Date).alias(c)
        for c in columns
    )


class DeliveryWriter:
    """Appends frames to the delivery's CSV files, with a header the first time.

    Columns are written in the contract's order; a frame missing a contract column is refused
    (polars ColumnNotFoundError) because it would break the delivery.
    """

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self.rows: dict[str, int] = {}
        self._files: dict[str, IO[bytes]] = {}

    def __enter__(self) -> DeliveryWriter:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for handle in self._files.values():
            handle.close()

    def append(self, table: str, frame: pl.DataFrame) -> None:
        """Append rows to ``<table>.csv`` (created, or emptied, on the first call)."""
        file_name = f"{table}.csv"
        first = file_name not in self._files
        if first:
            self._files[file_name] = (self.output_dir / file_name).open("wb")
            self.rows[file_name] = 0
        columns = TABLES_BY_NAME[table].column_names
        frame.select(columns).write_csv(self._files[file_name], include_header=first)
        self.rows[file_name] += frame.height

    def write_geojson(self, wijken: pl.DataFrame) -> None:
        """Write gebieden.geojson as CBS publishes its map: RD New (EPSG:28992, named in the
        old ``crs`` member), the code in ``statcode``, irregular polygons that share borders."""
        rings = kaart.wijk_rings(wijken)
        features = [
            {
                "type": "Feature",
                "properties": {"statcode": code, "statnaam": naam},
                "geometry": {"type": "Polygon", "coordinates": [rings[code]]},
            }
            for code, naam in wijken.select("wijk_code", "wijk_naam").iter_rows()
        ]
        collection = {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
            "features": features,
        }
        text = json.dumps(collection, separators=(",", ":"))
        (self.output_dir / GEOJSON_FILE).write_text(text + "\n", encoding="utf-8")
        self.rows[GEOJSON_FILE] = len(features)

    def write_marker(self) -> None:
        """Write the empty SYNTHETIC marker: builds from this folder are marked synthetic."""
        (self.output_dir / MARKER_FILE).write_bytes(b"")
