"""Writing a delivery folder: plain CSV (UTF-8, comma, ISO dates, true/false) appended one
gemeente at a time, the wijk map as GeoJSON, and the SYNTHETIC marker."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import IO

import polars as pl

from pipelines.contract import GEOJSON_FILE, TABLES_BY_NAME
from pipelines.synth import calibration as cal

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
        """Write gebieden.geojson: one square per wijk (WGS84 lon/lat, RFC 7946 winding)."""
        lon0, lat0 = cal.KAART_OORSPRONG
        dlon, dlat = cal.KAART_WIJK_GROOTTE
        features = []
        for code, kolom, rij in wijken.select("wijk_code", "kolom", "rij").iter_rows():
            x0, y0 = lon0 + kolom * dlon, lat0 - rij * dlat
            x1, y1 = x0 + dlon, y0 + dlat
            ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"wijk_code": code},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]],
                    },
                }
            )
        collection = {"type": "FeatureCollection", "features": features}
        text = json.dumps(collection, separators=(",", ":"))
        (self.output_dir / GEOJSON_FILE).write_text(text + "\n", encoding="utf-8")
        self.rows[GEOJSON_FILE] = len(features)

    def write_marker(self) -> None:
        """Write the empty SYNTHETIC marker: builds from this folder are marked synthetic."""
        (self.output_dir / MARKER_FILE).write_bytes(b"")
