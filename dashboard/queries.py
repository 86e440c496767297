"""Named queries on the published database: each returns a small, aggregated polars frame.

Every function takes `db`, the real path of the database (``db.real_path()``), as its first
argument, so cached results of one build are never served for another. The SQL lives in
``dashboard/sql/<name>.sql``; values are always bound as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import streamlit as st

from dashboard.db import run_query

#: Query results are small; keep them for an hour per build and argument set.
_CACHE = {"show_spinner": False, "ttl": 3600, "max_entries": 500}
#: Tables every run reads (areas, catalogue, periods): one shared frame per build. A cached
#: frame of st.cache_data is unpickled on every read (~5–10 ms for the 2,000 areas at national
#: scale); polars frames are immutable, so sessions can share one.
_SHARED = {"show_spinner": False, "max_entries": 4}


@st.cache_data(**_CACHE)
def build_info(db: str) -> dict:
    """Return the one build_info row as a dict."""
    return run_query(db, "build_info").row(0, named=True)


@st.cache_resource(**_SHARED)
def catalogue(db: str) -> pl.DataFrame:
    """Return the indicator catalogue, one row per indicator in catalogue order."""
    return run_query(db, "catalogue")


@st.cache_resource(**_SHARED)
def areas(db: str) -> pl.DataFrame:
    """Return every area (regio, resv, gemeente, wijk) with its parents, without geometry."""
    return run_query(db, "areas")


@st.cache_resource(**_SHARED)
def periods(db: str) -> pl.DataFrame:
    """Return every published period, oldest first."""
    return run_query(db, "periods")


@st.cache_data(**_CACHE)
def wijk_geometry(db: str, scope: str | None) -> pl.DataFrame:
    """Return the GeoJSON geometry of the wijken inside `scope` (None = the whole regio)."""
    return run_query(db, "wijk_geometry", {"scope": scope})


@st.cache_data(**_CACHE)
def area_values(db: str, area_code: str, period_type: str = "jaar") -> pl.DataFrame:
    """Return every indicator of one area over all periods of `period_type`, with its texts."""
    return run_query(db, "area_values", {"area_code": area_code, "period_type": period_type})


@st.cache_data(**_CACHE)
def grid_values(db: str, area_level: str, scope: str | None, period: str) -> pl.DataFrame:
    """Return every indicator of the areas of `area_level` inside `scope` in one period."""
    return run_query(
        db,
        "grid_values",
        {"indicator_id": None, "area_level": area_level, "scope": scope, "period": period},
    )


@st.cache_data(**_CACHE)
def level_values(
    db: str, indicator_id: str, area_level: str, scope: str | None, period: str
) -> pl.DataFrame:
    """Return one indicator for the areas of `area_level` inside `scope` in one period."""
    return run_query(
        db,
        "grid_values",
        {"indicator_id": indicator_id, "area_level": area_level, "scope": scope, "period": period},
    )


@st.cache_data(**_CACHE)
def trend_values(
    db: str, indicator_ids: Sequence[str], area_codes: Sequence[str], period_type: str
) -> pl.DataFrame:
    """Return the chosen indicators of the chosen areas over all periods of `period_type`."""
    return run_query(
        db,
        "trend_values",
        {
            "indicator_ids": list(indicator_ids),
            "area_codes": list(area_codes),
            "period_type": period_type,
        },
    )


@st.cache_data(**_CACHE)
def koppel_leercurve(db: str, area_codes: Sequence[str]) -> pl.DataFrame:
    """Return contacts and clients per koppel by quarter since the koppels started, per area."""
    return run_query(db, "koppel_leercurve", {"area_codes": list(area_codes)})


@st.cache_data(**_CACHE)
def koppel_kenmerken(db: str, area_code: str) -> pl.DataFrame:
    """Return the active koppels of one area per year and how they work together."""
    return run_query(db, "koppel_kenmerken", {"area_code": area_code})


@st.cache_data(**_CACHE)
def opnames_per_type(db: str, area_code: str, period_type: str) -> pl.DataFrame:
    """Return admissions of one area per period and opname_type."""
    return run_query(db, "opnames_per_type", {"area_code": area_code, "period_type": period_type})


@st.cache_data(**_CACHE)
def bevolking(db: str, area_code: str, jaar: int) -> pl.DataFrame:
    """Return the inhabitants of one area per leeftijdsklasse on 1 January of `jaar`."""
    return run_query(db, "bevolking", {"area_code": area_code, "jaar": int(jaar)})


@st.cache_data(**_CACHE)
def consulten_per_kenmerk(db: str, area_code: str, kenmerk: str) -> pl.DataFrame:
    """Return the SO contacts of one area per year and waarde of one `kenmerk`."""
    return run_query(db, "consulten_per_kenmerk", {"area_code": area_code, "kenmerk": kenmerk})


@st.cache_data(**_CACHE)
def build_inputs(db: str) -> pl.DataFrame:
    """Return the delivered files with rows read, loaded and quarantined."""
    return run_query(db, "build_inputs")


@st.cache_data(**_CACHE)
def quarantine_summary(db: str) -> pl.DataFrame:
    """Return the quarantined rows per file, column and reason."""
    return run_query(db, "quarantine_summary")
