"""Read the published database for the command line, without Streamlit.

`dashboard/queries.py` caches with Streamlit, so the command line has these few queries of its
own. They read only the published aggregates, from a read-only connection, with every value
bound as a parameter; the SQL lives in ``dashboard/export/sql/<name>.sql``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The database the app opens (dashboard/db.py): $DASHBOARD_DB, else data/dashboard.duckdb.
ENV_VAR = "DASHBOARD_DB"
DEFAULT_DB = REPO_ROOT / "data" / "dashboard.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "sql"
BUILD_COMMAND = "python -m pipelines build --input sample_data --output data"


class PublishedError(Exception):
    """The published database cannot be used; the Dutch message names the path and a remedy."""


def default_database() -> Path:
    """Return the database the app opens: $DASHBOARD_DB, else data/dashboard.duckdb."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else DEFAULT_DB


def open_published(path: Path, expected_version: int) -> duckdb.DuckDBPyConnection:
    """Return a read-only connection to the published database at `path`.

    Refuses (PublishedError) a missing file, a file DuckDB cannot open, and a database of
    another schema version than `expected_version`.
    """
    real = Path(os.path.realpath(path))
    if not real.is_file():
        raise PublishedError(
            f"Er is geen gepubliceerde database op {path}. Bouw die met `{BUILD_COMMAND}` of "
            "geef het pad met --db."
        )
    try:
        con = duckdb.connect(str(real), read_only=True)
        # fetchall, not fetchone: DuckDB 2 keeps a half-read result open and refuses new work.
        row = con.execute("select max(schema_version) from build_info").fetchall()[0]
    except duckdb.Error as error:
        raise PublishedError(
            f"{path} is geen bruikbare gepubliceerde database ({error})."
        ) from None
    version = None if row is None else row[0]
    if version != expected_version:
        con.close()
        raise PublishedError(
            f"{path} is gemaakt door een andere versie van de pipeline (schemaversie "
            f"{version}, verwacht {expected_version}). Bouw die opnieuw met `{BUILD_COMMAND}`."
        )
    return con


@cache
def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _query(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pl.DataFrame:
    return con.sql(_sql(name), params=params or {}).pl()


def read_build_info(con: duckdb.DuckDBPyConnection) -> dict:
    """Return the one build_info row as a dict."""
    return _query(con, "build_info").row(0, named=True)


def read_catalogue(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return the indicator catalogue in catalogue order."""
    return _query(con, "catalogue")


def read_area(con: duckdb.DuckDBPyConnection, area_code: str) -> dict | None:
    """Return the area `area_code` (level, code, name, parents) as a dict, None when unknown."""
    rows = _query(con, "area", {"area_code": area_code})
    return rows.row(0, named=True) if rows.height else None


def read_areas_above_wijk(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return the regio, RESVs and gemeenten (level, code, name)."""
    return _query(con, "areas_above_wijk")


def read_periods(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return every published period (period, period_type, periode_volledig)."""
    return _query(con, "periods")


def read_wijk_values(
    con: duckdb.DuckDBPyConnection, scope: str | None, period: str
) -> pl.DataFrame:
    """Return every indicator of the wijken inside `scope` (a gemeente or RESV code; None =
    the whole regio) in `period`, with the catalogue's titel, eenheid, decimalen, volgorde."""
    return _query(con, "wijk_values", {"scope": scope, "period": period})


def read_area_values(
    con: duckdb.DuckDBPyConnection, area_code: str, period_type: str
) -> pl.DataFrame:
    """Return every indicator of one area over all periods of `period_type`, with the
    catalogue's texts."""
    return _query(con, "area_values", {"area_code": area_code, "period_type": period_type})
