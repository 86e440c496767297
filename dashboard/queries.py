"""The app's cached reads of the published database: `dashboard.data` behind Streamlit's caches.

Every function takes `db`, the real path of the database (``db.real_path()``), as its first
argument, so cached results of one build are never served for another. What is read, and how,
lives in `dashboard.data` (also used by the command line); here only what is kept, and how long.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.db import connection

#: Query results are small; keep them for an hour per build and argument set.
_CACHE = {"show_spinner": False, "ttl": 3600, "max_entries": 500}
#: Tables every run reads (areas, catalogue, periods): one shared frame per build. A cached
#: frame of st.cache_data is unpickled on every read (~5–10 ms for the 2,000 areas at national
#: scale); polars frames are immutable, so sessions can share one.
_SHARED = {"show_spinner": False, "max_entries": 4}


@st.cache_data(**_CACHE)
def build_info(db: str) -> dict:
    """Return the one build_info row as a dict."""
    return data.read_build_info(connection(db))


@st.cache_resource(**_SHARED)
def catalogue(db: str) -> pl.DataFrame:
    """Return the indicator catalogue, one row per indicator in catalogue order."""
    return data.read_catalogue(connection(db))


@st.cache_resource(**_SHARED)
def areas(db: str) -> pl.DataFrame:
    """Return every area (regio, resv, gemeente, wijk) with its parents, without geometry."""
    return data.read_areas(connection(db))


@st.cache_resource(**_SHARED)
def periods(db: str) -> pl.DataFrame:
    """Return every published period, oldest first."""
    return data.read_periods(connection(db))


@st.cache_data(**_CACHE)
def wijk_geometry(db: str, scope: str | None) -> pl.DataFrame:
    """Return the GeoJSON geometry of the wijken inside `scope` (None = the whole regio)."""
    return data.read_wijk_geometry(connection(db), scope)


@st.cache_data(**_CACHE)
def area_values(db: str, area_code: str, period_type: str = "jaar") -> pl.DataFrame:
    """Return every indicator of one area over all periods of `period_type`, with its texts."""
    return data.read_area_values(connection(db), area_code, period_type)


@st.cache_data(**_CACHE)
def grid_values(db: str, area_level: str, scope: str | None, period: str) -> pl.DataFrame:
    """Return every indicator of the areas of `area_level` inside `scope` in one period."""
    return data.read_grid_values(connection(db), area_level, scope, period)


@st.cache_data(**_CACHE)
def level_values(
    db: str, indicator_id: str, area_level: str, scope: str | None, period: str
) -> pl.DataFrame:
    """Return one indicator for the areas of `area_level` inside `scope` in one period."""
    return data.read_grid_values(connection(db), area_level, scope, period, indicator_id)


@st.cache_data(**_CACHE)
def trend_values(
    db: str, indicator_ids: Sequence[str], area_codes: Sequence[str], period_type: str
) -> pl.DataFrame:
    """Return the chosen indicators of the chosen areas over all periods of `period_type`."""
    return data.read_trend_values(connection(db), indicator_ids, area_codes, period_type)


@st.cache_data(**_CACHE)
def koppel_leercurve(db: str, area_codes: Sequence[str]) -> pl.DataFrame:
    """Return contacts and clients per koppel by quarter since the koppels started, per area."""
    return data.read_koppel_leercurve(connection(db), area_codes)


@st.cache_data(**_CACHE)
def koppel_kenmerken(db: str, area_code: str) -> pl.DataFrame:
    """Return the active koppels of one area per year and how they work together."""
    return data.read_koppel_kenmerken(connection(db), area_code)


@st.cache_data(**_CACHE)
def koppel_vergelijking(db: str, area_code: str) -> pl.DataFrame | None:
    """Return the admissions of one area with and without a koppel (None: no such table)."""
    return data.read_koppel_vergelijking(connection(db), area_code)


@st.cache_data(**_CACHE)
def samenwerkingsfase(db: str, area_code: str) -> pl.DataFrame | None:
    """Return the practices of one area per year and samenwerkingsfase (None: no such table)."""
    return data.read_samenwerkingsfase(connection(db), area_code)


@st.cache_data(**_CACHE)
def koppel_hulpvraag(db: str, area_code: str) -> pl.DataFrame | None:
    """Return the koppels' contacts of one area per koppeljaar and hulpvraag (None: no table)."""
    return data.read_koppel_hulpvraag(connection(db), area_code)


@st.cache_data(**_CACHE)
def opnames_per_type(db: str, area_code: str, period_type: str) -> pl.DataFrame:
    """Return admissions of one area per period and opname_type."""
    return data.read_opnames_per_type(connection(db), area_code, period_type)


@st.cache_data(**_CACHE)
def bevolking(db: str, area_code: str, jaar: int) -> pl.DataFrame:
    """Return the inhabitants of one area per leeftijdsklasse on 1 January of `jaar`."""
    return data.read_bevolking(connection(db), area_code, jaar)


@st.cache_data(**_CACHE)
def bevolking_geslacht(db: str, area_code: str, jaar: int) -> pl.DataFrame:
    """Return the inhabitants of one area per leeftijdsklasse and geslacht on 1 January."""
    return data.read_bevolking_geslacht(connection(db), area_code, jaar)


@st.cache_data(**_CACHE)
def vergelijkbare_gebieden(db: str, area_code: str) -> pl.DataFrame:
    """Return the similar areas of one wijk or gemeente, most similar first."""
    return data.read_vergelijkbare_gebieden(connection(db), area_code)


@st.cache_data(**_CACHE)
def _consulten_van_gebied(db: str, area_code: str) -> pl.DataFrame:
    """The SO contacts of one area per kenmerk, year and waarde: kept once for the five
    kenmerken a page shows (Inzet; Koppels shows one of them)."""
    return data.read_consulten_van_gebied(connection(db), area_code)


def consulten_per_kenmerk(db: str, area_code: str, kenmerk: str) -> pl.DataFrame:
    """Return the SO contacts of one area per year and waarde of one `kenmerk`."""
    return data.kenmerk_rows(_consulten_van_gebied(db, area_code), kenmerk)


@st.cache_data(**_CACHE)
def funnel_limits(
    db: str, indicator_id: str, period: str, benchmark_code: str, standardised: bool = False
) -> pl.DataFrame | None:
    """Return the published funnel limits, crude or `standardised` (None when the build has no
    table funnel_limits)."""
    return data.read_funnel_limits(
        connection(db), indicator_id, period, benchmark_code, standardised
    )


@st.cache_data(**_CACHE)
def build_inputs(db: str) -> pl.DataFrame:
    """Return the delivered files with rows read, loaded and quarantined."""
    return data.read_build_inputs(connection(db))


@st.cache_data(**_CACHE)
def quarantine_summary(db: str) -> pl.DataFrame:
    """Return the quarantined rows per file, column and reason."""
    return data.read_quarantine_summary(connection(db))


@st.cache_data(**_CACHE)
def quarantine_rows(db: str) -> pl.DataFrame | None:
    """Return the quarantined rows with row number and message; None when not published."""
    return data.read_quarantine_rows(connection(db))
