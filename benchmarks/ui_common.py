"""What the dashboard, browser and export benchmarks share: arguments, pages, medians."""

from __future__ import annotations

import argparse
import json
import logging
import statistics
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = REPO_ROOT / "dashboard" / "app.py"
VIEWS = REPO_ROOT / "dashboard" / "views"


def parse_args(
    description: str, more: Callable[[argparse.ArgumentParser], None] | None = None
) -> argparse.Namespace:
    """The arguments every UI benchmark takes; `more` adds a module's own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", type=Path, required=True, help="published dashboard.duckdb")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, required=True, help="where to write the result")
    if more is not None:
        more(parser)
    return parser.parse_args()


def pages() -> list[str]:
    """Return the page modules of the app (file names under dashboard/views), sorted."""
    return sorted(p.stem for p in VIEWS.glob("*.py") if not p.stem.startswith("_"))


def quiet_app_caches() -> None:
    """Quiet the warning the app's cached queries give, once per function, when its modules
    are imported outside a Streamlit server (as the benchmarks import them for URL labels)."""
    from streamlit.runtime.caching import cache_data_api

    logging.getLogger(cache_data_api.__name__).setLevel(logging.ERROR)


def first_wijk_params(db: Path) -> dict[str, str]:
    """Return the URL parameters (RESV and wijk, as the sidebar labels them) that choose the
    first wijk of the published database `db` (by code)."""
    # The labels must match the sidebar's, so reuse its labelling.
    quiet_app_caches()
    from dashboard.data import read_areas
    from dashboard.filters import KEY_RESV, KEY_WIJK, _unique_labels

    con = duckdb.connect(str(db), read_only=True)
    try:
        # Read as the app reads it: a wijk named with its gemeente.
        areas = read_areas(con)
    finally:
        con.close()
    wijken = areas.filter(pl.col("area_level") == "wijk")
    wijk = wijken.sort("area_code").row(0, named=True)
    resv_label = _unique_labels(areas.filter(pl.col("area_level") == "resv"))[wijk["resv_code"]]
    return {KEY_RESV: resv_label, KEY_WIJK: _unique_labels(wijken)[wijk["area_code"]]}


def median_ms(seconds: list[float]) -> float | None:
    return round(statistics.median(seconds) * 1000, 1) if seconds else None


def write(path: Path, result: dict) -> None:
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")
