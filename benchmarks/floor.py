"""The floor: the time DuckDB needs just to read a delivery, every file scanned once.

``python -m benchmarks.floor DIR`` prints JSON: seconds per file and in total. Every column of
every row is touched (``min(columns(*))``), so no column is skipped by projection pushdown;
nothing is validated, typed or written. CSV is read as text, as ingest reads it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

SCANS = {
    ".csv": "select count(*), min(columns(*)) from read_csv($path, all_varchar = true, "
    "header = true)",
    ".parquet": "select count(*), min(columns(*)) from read_parquet($path)",
    ".geojson": "select count(*), min(length(content)) from read_text($path)",
}


def scan_delivery(folder: Path) -> dict:
    """Return ``{"seconds": total, "files": {name: {"rows", "seconds"}}}`` for every file of
    ``folder`` DuckDB can read (.csv, .parquet, .geojson). Refuses (ValueError) a folder
    without such files."""
    con = duckdb.connect()
    files: dict[str, dict] = {}
    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        sql = SCANS.get(path.suffix.lower())
        if sql is None:
            continue
        began = time.perf_counter()
        rows = con.execute(sql, {"path": str(path)}).fetchone()[0]
        files[path.name] = {"rows": int(rows), "seconds": round(time.perf_counter() - began, 3)}
    total = time.perf_counter() - started
    con.close()
    if not files:
        raise ValueError(f"{folder}: no .csv, .parquet or .geojson file to scan")
    return {"seconds": round(total, 3), "files": files}


if __name__ == "__main__":
    print(json.dumps(scan_delivery(Path(sys.argv[1]))))
