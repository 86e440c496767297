"""Small helpers the pages share: the database path, showing a chart or table, the build's
thresholds and period texts (written by `dashboard.present`)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import db, present, queries, reports
from dashboard.charts.spec import Chart, compact_arrow


def database() -> str:
    """Return the real path of the published database (checked by the entry script)."""
    return db.real_path()


def show_chart(chart: Chart, key: str) -> None:
    """Show `chart` (a builder's) with the dashboard theme and the Dutch locale, as in exports.

    The spec names its datasets; they go to Streamlit as Arrow tables (only the columns the
    spec reads, text dictionary-encoded where it repeats: `compact_arrow`), not JSON rows.
    """
    spec = chart.screen()
    spec["datasets"] = {
        name: compact_arrow(data) if isinstance(data, pl.DataFrame) else data
        for name, data in spec["datasets"].items()
    }
    st.vega_lite_chart(spec, theme=None, key=key)


def drempels(database: str) -> present.Drempels:
    """The disclosure thresholds of the build the page reads."""
    return present.Drempels.from_build_info(queries.build_info(database))


def legend(database: str) -> str:
    """The sentence that says how suppressed figures look, with this build's threshold."""
    return present.legend(drempels(database))


def area_name(database: str, area_code: str | None) -> str | None:
    """The name of a published area, None for no code or an unknown one."""
    if area_code is None:
        return None
    rows = queries.areas(database).filter(pl.col("area_code") == area_code)
    return rows.item(0, "area_name") if rows.height else None


def period_text(database: str, period: str) -> str:
    """A published period as users read it: "2025", or "2026 t/m sep" while incomplete."""
    row = queries.periods(database).filter(pl.col("period") == period)
    volledig = bool(row.item(0, "periode_volledig")) if row.height else True
    return present.period_text(period, volledig, queries.build_info(database)["peildatum"])


def show_table(table: pl.DataFrame, key: str) -> None:
    """Show a table of texts, without an index."""
    st.dataframe(table, hide_index=True, key=key)


def incomplete_note(database: str, period: str, volledig: bool | None) -> None:
    """Say that a period is incomplete, and therefore has no benchmark verdict, trend or
    comparison with a whole year."""
    if volledig is False:
        st.caption(reports.incomplete_text(period_text(database, period)))


class CachedSource:
    """The `dashboard.reports.Source` of a page: the app's cached reads of `database`."""

    def __init__(self, database: str) -> None:
        self.database = database

    def build_info(self) -> dict:
        return queries.build_info(self.database)

    def catalogue(self) -> pl.DataFrame:
        return queries.catalogue(self.database)

    def areas(self) -> pl.DataFrame:
        return queries.areas(self.database)

    def periods(self) -> pl.DataFrame:
        return queries.periods(self.database)

    def area_values(self, area_code, period_type) -> pl.DataFrame:
        return queries.area_values(self.database, area_code, period_type)

    def trend_values(self, indicator_ids, area_codes, period_type) -> pl.DataFrame:
        return queries.trend_values(self.database, indicator_ids, area_codes, period_type)

    def level_values(self, indicator_id, area_level, scope, period) -> pl.DataFrame:
        return queries.level_values(self.database, indicator_id, area_level, scope, period)

    def koppel_kenmerken(self, area_code) -> pl.DataFrame:
        return queries.koppel_kenmerken(self.database, area_code)

    def koppel_leercurve(self, area_codes) -> pl.DataFrame:
        return queries.koppel_leercurve(self.database, area_codes)

    def consulten_per_kenmerk(self, area_code, kenmerk) -> pl.DataFrame:
        return queries.consulten_per_kenmerk(self.database, area_code, kenmerk)

    def opnames_per_type(self, area_code, period_type) -> pl.DataFrame:
        return queries.opnames_per_type(self.database, area_code, period_type)

    def koppel_vergelijking(self, area_code) -> pl.DataFrame | None:
        return queries.koppel_vergelijking(self.database, area_code)

    def samenwerkingsfase(self, area_code) -> pl.DataFrame | None:
        return queries.samenwerkingsfase(self.database, area_code)

    def koppel_hulpvraag(self, area_code) -> pl.DataFrame | None:
        return queries.koppel_hulpvraag(self.database, area_code)

    def funnel_limits(
        self, indicator_id, period, benchmark_code, standardised=False
    ) -> pl.DataFrame | None:
        return queries.funnel_limits(
            self.database, indicator_id, period, benchmark_code, standardised
        )

    def wijk_geometry(self, scope) -> pl.DataFrame:
        return queries.wijk_geometry(self.database, scope)

    def similar_areas(self, area_code) -> pl.DataFrame:
        return queries.vergelijkbare_gebieden(self.database, area_code)

    def population(self, area_code, jaar) -> pl.DataFrame:
        return queries.bevolking_geslacht(self.database, area_code, jaar)


def source() -> CachedSource:
    """The page's reads for a report (`dashboard.reports`)."""
    return CachedSource(database())


def area(keuze) -> dict:
    """The `areas` row of the area chosen in the sidebar (`filters.GebiedKeuze`)."""
    return (
        queries.areas(database())
        .filter(pl.col("area_code") == keuze.gebied.code)
        .row(0, named=True)
    )
