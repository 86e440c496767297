"""The published database: a connection in, a small polars frame out. No Streamlit here.

The one way to read `dashboard.duckdb`, for the app (which wraps these functions with its
caches in `dashboard/queries.py`) and for the command line (`python -m dashboard.export`,
which calls them directly). Each `read_*` function runs one named query of
``dashboard/data/sql/<name>.sql`` with every value bound as a parameter, on a cursor of its
own (a connection shared by threads would otherwise be "busy").

Rows of indicator_values, koppel and breakdown tables carry the build's thresholds and
peildatum (`dashboard.present.BUILD_COLUMNS`), so they can be written as the build requires.

A wijk is named with its gemeente in every frame read here ("Wijk 03 Zuid, Synthveen",
`dashboard.present.wijk_name`): wijk names repeat across gemeenten, and this is the one read
every picker, table, title, slide, CSV and file name goes through (`run`).
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from dashboard import present

REPO_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = Path(__file__).resolve().parent / "sql"
#: The database the app and the command line open: $DASHBOARD_DB, else data/dashboard.duckdb.
ENV_VAR = "DASHBOARD_DB"
DEFAULT_DB = REPO_ROOT / "data" / "dashboard.duckdb"
BUILD_COMMAND = "python -m pipelines build --input sample_data --output data"


class PublishedError(Exception):
    """The published database cannot be used; the Dutch message names the path and a remedy."""


def default_database() -> Path:
    """Return the configured path of the published database (the symlink, not resolved)."""
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
        version = read_schema_version(con)
    except duckdb.Error as error:
        raise PublishedError(
            f"{path} is geen bruikbare gepubliceerde database ({error})."
        ) from None
    if version != expected_version:
        con.close()
        raise PublishedError(
            f"{path} is gemaakt door een andere versie van de pipeline (schemaversie "
            f"{version}, verwacht {expected_version}). Bouw die opnieuw met `{BUILD_COMMAND}`."
        )
    return con


@cache
def load_sql(name: str) -> str:
    """Return the text of ``dashboard/data/sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _query(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pl.DataFrame:
    cursor = con.cursor()
    try:
        return cursor.sql(load_sql(name), params=params or {}).pl()
    finally:
        cursor.close()


#: What an open connection's published file holds that never changes (the file is written once):
#: read once per connection instead of by every query that needs it (≈ 4 ms a read at national
#: scale). Weakly keyed: a connection that is closed and dropped takes its entry along.
_PER_CONNECTION: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _once(con: duckdb.DuckDBPyConnection, what: str, read: Callable[[], object]):
    """Return ``read()`` for ``con``, read on the first call only. Two sessions reading at once
    may both read: the value is the same."""
    known = _PER_CONNECTION.setdefault(con, {})
    if what not in known:
        known[what] = read()
    return known[what]


def has_table(con: duckdb.DuckDBPyConnection, table_name: str) -> bool:
    """Return whether the published database holds ``table_name``."""
    tables = _once(
        con, "tables", lambda: frozenset(_query(con, "table_names").get_column("table_name"))
    )
    return table_name in tables


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pl.DataFrame:
    """Return the result of the named query on `con`, values bound as parameters; a wijk's
    `area_name` carries its gemeente (`with_gemeente`)."""
    return with_gemeente(con, _query(con, name, params))


def with_gemeente(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> pl.DataFrame:
    """Return `frame` with the `area_name` of every wijk written with its gemeente
    ("Wijk 03 Zuid, Synthveen"); frames without `area_code` and `area_name`, or without
    wijken, are returned as they are."""
    if frame.is_empty() or not {"area_code", "area_name"} <= set(frame.columns):
        return frame
    if "area_level" in frame.columns and not frame.get_column("area_level").eq("wijk").any():
        return frame
    names = _once(con, "wijk_names", lambda: _wijk_names(con))
    return frame.with_columns(
        pl.col("area_code")
        .replace_strict(names, default=pl.col("area_name"), return_dtype=pl.String)
        .alias("area_name")
    )


def _wijk_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Wijk code → its name with its gemeente."""
    wijken = _query(con, "wijk_gemeenten")
    return {code: present.wijk_name(naam, gemeente) for code, naam, gemeente in wijken.iter_rows()}


def read_schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """Return build_info.schema_version, None when the table has none. Raises duckdb.Error
    when the database has no build_info at all."""
    cursor = con.cursor()
    try:
        # fetchall, not fetchone: DuckDB keeps a half-read result open and refuses new work.
        row = cursor.execute("select max(schema_version) from build_info").fetchall()[0]
    finally:
        cursor.close()
    return None if row is None or row[0] is None else int(row[0])


def read_build_info(con: duckdb.DuckDBPyConnection) -> dict:
    """Return the one build_info row as a dict (thresholds, peildatum, last complete year)."""
    return run(con, "build_info").row(0, named=True)


def read_catalogue(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return the indicator catalogue, one row per indicator in catalogue order."""
    return run(con, "catalogue")


def read_areas(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return every area (regio, resv, gemeente, wijk) with its parents, without geometry."""
    return run(con, "areas")


def read_area(con: duckdb.DuckDBPyConnection, area_code: str) -> dict | None:
    """Return the area `area_code` (level, code, name, parents) as a dict, None when unknown."""
    rows = run(con, "area", {"area_code": area_code})
    return rows.row(0, named=True) if rows.height else None


def read_areas_above_wijk(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return the regio, RESVs and gemeenten (level, code, name)."""
    return run(con, "areas_above_wijk")


def read_periods(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return every published period, oldest first."""
    return run(con, "periods")


def read_wijk_geometry(con: duckdb.DuckDBPyConnection, scope: str | None) -> pl.DataFrame:
    """Return the GeoJSON geometry of the wijken inside `scope` (None = the whole regio)."""
    return run(con, "wijk_geometry", {"scope": scope})


def read_area_values(
    con: duckdb.DuckDBPyConnection, area_code: str, period_type: str = "jaar"
) -> pl.DataFrame:
    """Return every indicator of one area over all periods of `period_type`, with the
    catalogue's texts."""
    return run(con, "area_values", {"area_code": area_code, "period_type": period_type})


def read_grid_values(
    con: duckdb.DuckDBPyConnection,
    area_level: str,
    scope: str | None,
    period: str,
    indicator_id: str | None = None,
) -> pl.DataFrame:
    """Return the indicators (one, or all when `indicator_id` is None) of the areas of
    `area_level` inside `scope` (None = the whole regio) in one period."""
    params = {
        "indicator_id": indicator_id,
        "area_level": area_level,
        "scope": scope,
        "period": period,
    }
    return run(con, "grid_values", params)


def read_trend_values(
    con: duckdb.DuckDBPyConnection,
    indicator_ids: Sequence[str],
    area_codes: Sequence[str],
    period_type: str,
) -> pl.DataFrame:
    """Return the chosen indicators of the chosen areas over all periods of `period_type`."""
    params = {
        "indicator_ids": list(indicator_ids),
        "area_codes": list(area_codes),
        "period_type": period_type,
    }
    return run(con, "trend_values", params)


def read_koppel_leercurve(
    con: duckdb.DuckDBPyConnection, area_codes: Sequence[str]
) -> pl.DataFrame:
    """Return contacts and clients per koppel by quarter since the koppels started, per area."""
    return run(con, "koppel_leercurve", {"area_codes": list(area_codes)})


def read_koppel_kenmerken(con: duckdb.DuckDBPyConnection, area_code: str) -> pl.DataFrame:
    """Return the active koppels of one area per year and how they work together."""
    return run(con, "koppel_kenmerken", {"area_code": area_code})


def read_koppel_vergelijking(con: duckdb.DuckDBPyConnection, area_code: str) -> pl.DataFrame | None:
    """Return the admissions of one area with and without a koppel per year and indicator
    (``koppel_vergelijking``), or None when the database has no such table (an older build)."""
    if not has_table(con, "koppel_vergelijking"):
        return None
    return run(con, "koppel_vergelijking", {"area_code": area_code})


def read_samenwerkingsfase(con: duckdb.DuckDBPyConnection, area_code: str) -> pl.DataFrame | None:
    """Return the practices of one area per year and samenwerkingsfase with their listed
    75-plussers (``samenwerkingsfase``, from the gemeente up), or None when the database has no
    such table (an older build)."""
    if not has_table(con, "samenwerkingsfase"):
        return None
    return run(con, "samenwerkingsfase", {"area_code": area_code})


def read_koppel_hulpvraag(con: duckdb.DuckDBPyConnection, area_code: str) -> pl.DataFrame | None:
    """Return the koppels' contacts of one area per koppeljaar and hulpvraag
    (``koppel_hulpvraag``, from the gemeente up), or None when the database has no such table
    (an older build)."""
    if not has_table(con, "koppel_hulpvraag"):
        return None
    return run(con, "koppel_hulpvraag", {"area_code": area_code})


def read_opnames_per_type(
    con: duckdb.DuckDBPyConnection, area_code: str, period_type: str
) -> pl.DataFrame:
    """Return admissions of one area per period and opname_type."""
    return run(con, "opnames_per_type", {"area_code": area_code, "period_type": period_type})


def read_bevolking(con: duckdb.DuckDBPyConnection, area_code: str, jaar: int) -> pl.DataFrame:
    """Return the inhabitants of one area per leeftijdsklasse on 1 January of `jaar`."""
    return run(con, "bevolking", {"area_code": area_code, "jaar": int(jaar)})


def read_bevolking_geslacht(
    con: duckdb.DuckDBPyConnection, area_code: str, jaar: int
) -> pl.DataFrame:
    """Return the inhabitants of one area per leeftijdsklasse and geslacht on 1 January of
    `jaar` (the population pyramid); empty for a database without the table (an older build)."""
    if not has_table(con, "bevolking_geslacht"):
        return pl.DataFrame(
            schema={
                "leeftijdsklasse": pl.String,
                "geslacht": pl.String,
                "inwoners": pl.Int64,
                "suppressed": pl.Boolean,
            }
        )
    return run(con, "bevolking_geslacht", {"area_code": area_code, "jaar": int(jaar)})


def read_vergelijkbare_gebieden(con: duckdb.DuckDBPyConnection, area_code: str) -> pl.DataFrame:
    """Return the similar areas of one wijk or gemeente (rank, similar_code, kenmerken), most
    similar first; empty for another level or a database without the table (an older build)."""
    if not has_table(con, "vergelijkbare_gebieden"):
        return pl.DataFrame(
            schema={"rank": pl.Int64, "similar_code": pl.String, "kenmerken": pl.String}
        )
    return run(con, "vergelijkbare_gebieden", {"area_code": area_code})


def read_consulten_van_gebied(con: duckdb.DuckDBPyConnection, area_code: str) -> pl.DataFrame:
    """Return the SO contacts of one area per kenmerk, year and waarde: one read for a page
    that shows several kenmerken (`kenmerk_rows` takes one out)."""
    return run(con, "consulten_per_kenmerk", {"area_code": area_code})


def kenmerk_rows(consulten: pl.DataFrame, kenmerk: str) -> pl.DataFrame:
    """Return the rows of one `kenmerk` of an area's contacts (`read_consulten_van_gebied`),
    per year and waarde."""
    return consulten.filter(pl.col("kenmerk") == kenmerk)


def read_consulten_per_kenmerk(
    con: duckdb.DuckDBPyConnection, area_code: str, kenmerk: str
) -> pl.DataFrame:
    """Return the SO contacts of one area per year and waarde of one `kenmerk`."""
    return kenmerk_rows(read_consulten_van_gebied(con, area_code), kenmerk)


def read_funnel_limits(
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    period: str,
    benchmark_code: str,
    standardised: bool = False,
) -> pl.DataFrame | None:
    """Return the published funnel limits of one indicator, period and benchmark area (one row
    per noemer; with `standardised` those of the age-sex standardised rates, at derived
    noemers), or None when the database has no table funnel_limits (an older build)."""
    if not has_table(con, "funnel_limits"):
        return None
    params = {
        "indicator_id": indicator_id,
        "period": period,
        "benchmark_code": benchmark_code,
        "standardised": standardised,
    }
    return run(con, "funnel_limits", params)


def read_build_inputs(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return the delivered files with rows read, loaded and quarantined."""
    return run(con, "build_inputs")


def read_quarantine_summary(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return the quarantined rows per file, column and reason."""
    return run(con, "quarantine_summary")


def read_quarantine_rows(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Return the quarantined rows (file, row, column_name, value, message), or None when the
    database has no table quarantine_rows (see pipelines/published_quarantine.py)."""
    if not has_table(con, "quarantine_rows"):
        return None
    return run(con, "quarantine_rows")
