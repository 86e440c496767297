"""The charts of a report, as the command line exports them.

The whole-area report (`gebied`), for one area (regio, RESV, gemeente or wijk) and one period:
for a wijk first its Wijkprofiel (the page's report, `dashboard.reports.wijkprofiel`), then the
overview of the wijken compared, per indicator the wijken compared and its trend as the Trends
page draws it (`dashboard.reports.trends`). The report of one page (`trends`, `koppels`,
`opnames`) is that page's charts for the same selection, from the same report function.
Which wijken are compared, which chart compares them and which benchmark line is drawn are the
pages' rules (`dashboard.reports.rules`); the data come from `dashboard.data`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import duckdb
import polars as pl

from dashboard import data, present
from dashboard.export.deck import ChartExport
from dashboard.export.meta import Bron, ExportMeta, bron_from_build_info
from dashboard.reports import (
    DataSource,
    Report,
    Section,
    getrapte_zorg,
    inzet,
    koppel_vergelijking,
    koppels,
    opnames,
    overzicht,
    rules,
    trends,
    vergelijken,
    wat_valt_op,
    wijkprofiel,
)


class SelectionError(ValueError):
    """An area, period or indicator that the database does not hold; the message is Dutch and
    lists what can be chosen."""


@dataclass(frozen=True)
class Selection:
    """A checked choice: the area row, the period and its type, the indicators (catalogue)."""

    area: dict
    period: str
    period_type: str
    periode_volledig: bool
    catalogue: pl.DataFrame
    bron: Bron
    scope_name: str = ""

    @property
    def period_text(self) -> str:
        return present.period_text(self.period, self.periode_volledig, self.bron.peildatum)

    @property
    def scope(self) -> str | None:
        """The area whose wijken are compared (the pages' rule)."""
        return rules.comparison_scope(self.area)

    def meta(
        self, titel: str, onderwerp: str, periode: str | None = None, wijken: bool = False
    ) -> ExportMeta:
        """The ExportMeta of a chart of the area (or, with `wijken`, of the wijken compared)."""
        name = self.scope_name if wijken and self.scope_name else self.area["area_name"]
        return ExportMeta(
            titel=titel,
            gebieden=(name,),
            periode=periode or self.period_text,
            bron=self.bron,
            onderwerp=onderwerp,
        )


def select(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    period: str,
    indicator_ids: Sequence[str] = (),
) -> Selection:
    """Return the checked selection. Refuses an unknown area, period or indicator, or an
    indicator not published for the period's type, with SelectionError."""
    area = data.read_area(con, area_code)
    if area is None:
        choices = data.read_areas_above_wijk(con)
        listed = ", ".join(f"{r['area_code']} ({r['area_name']})" for r in choices.to_dicts())
        raise SelectionError(
            f"Onbekend gebied {area_code!r}. Kies een wijkcode of een van: {listed}."
        )
    periods = data.read_periods(con)
    match = periods.filter(pl.col("period") == period)
    if match.is_empty():
        years = periods.filter(pl.col("period_type") == "jaar").get_column("period").to_list()
        raise SelectionError(
            f"Onbekende periode {period!r}. Kies een jaar ({', '.join(sorted(years))}) of een "
            "kwartaal als 2025-Q3."
        )
    period_type = match.item(0, "period_type")
    catalogue = data.read_catalogue(con)
    unknown = sorted(set(indicator_ids) - set(catalogue.get_column("indicator_id")))
    if unknown:
        raise SelectionError(
            f"Onbekende indicator(en): {', '.join(unknown)}. Kies uit: "
            f"{', '.join(catalogue.get_column('indicator_id'))}."
        )
    if indicator_ids:
        catalogue = catalogue.filter(pl.col("indicator_id").is_in(list(indicator_ids)))
    published_here = catalogue.filter(pl.col("periode_types").str.contains(period_type))
    if published_here.is_empty():
        raise SelectionError(
            f"Geen van de gekozen indicatoren is per {period_type} gepubliceerd; kies een jaar."
        )
    scope_name = area["area_name"]
    if area["area_level"] == "wijk":
        gemeente = data.read_area(con, area["gemeente_code"])
        scope_name = f"Wijken van {gemeente['area_name']}" if gemeente else scope_name
    return Selection(
        area=area,
        period=period,
        period_type=period_type,
        periode_volledig=bool(match.item(0, "periode_volledig")),
        catalogue=published_here,
        bron=bron_from_build_info(data.read_build_info(con)),
        scope_name=scope_name,
    )


def _item(section: Section, meta: ExportMeta) -> ChartExport:
    return ChartExport(section.chart, section.frame, meta, section.indicatoren, section.definities)


def profile_charts(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[ChartExport]:
    """The Wijkprofiel of the selected area, as the page shows it: the profile of every
    indicator against the area's benchmark (the one `indicator_values` names), the population
    pyramid, then each indicator's trend for the area and that benchmark, and the area beside
    its similar wijken and its RESV."""
    area = selection.area
    ids = selection.catalogue.get_column("indicator_id").to_list()
    values = data.read_area_values(con, area["area_code"], "jaar").filter(
        pl.col("indicator_id").is_in(ids)
    )
    current = values.filter(pl.col("period") == selection.period)
    if current.is_empty():
        return []
    code = rules.benchmark_of(current)
    benchmark = data.read_area(con, code) if code else None
    benchmark_name = benchmark["area_name"] if benchmark else None
    profile = wijkprofiel.profile_section(
        current, area["area_name"], benchmark_name, selection.period_text
    )
    items = [_item(profile, selection.meta(profile.titel, "wijkprofiel"))]
    source = DataSource(con)
    pyramid = wijkprofiel.pyramid_section(source, area, int(selection.period.split("-")[0]))
    if isinstance(pyramid, Section):
        items.append(_item(pyramid, selection.meta(pyramid.titel, pyramid.key, pyramid.periode)))
    codes = [area["area_code"], *([code] if code else [])]
    trends = data.read_trend_values(con, ids, codes, "jaar")
    for section in wijkprofiel.trend_sections(trends, ids):
        meta = selection.meta(
            f"{section.titel}: ontwikkeling", f"{section.indicatoren[0]}-profiel", "per jaar"
        )
        items.append(_item(section, meta))
    for indicator_id in ids:
        similar = wijkprofiel.similar_sections(
            source, area, indicator_id, selection.period, selection.period_text, True
        )
        for section in (item for item in similar if isinstance(item, Section)):
            meta = selection.meta(section.titel, f"{indicator_id}-vergelijkbaar")
            items.append(_item(section, meta))
    return items


def region_charts(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[ChartExport]:
    """Return the charts of the report for `selection`, in slide order (a wijk's Wijkprofiel
    first)."""
    items = profile_charts(con, selection) if selection.area["area_level"] == "wijk" else []
    ids = selection.catalogue.get_column("indicator_id").to_list()
    # The Overzicht page's rule: the finest level whose areas fit in one grid.
    level = rules.grid_level(data.read_areas(con), selection.scope, selection.area["area_level"])
    wijken = data.read_grid_values(con, level, selection.scope, selection.period).filter(
        pl.col("indicator_id").is_in(ids)
    )
    # The Trends page's lines: the area, its benchmark and the regio.
    trend_rows = trends.trend_frame(DataSource(con), selection.area, ids, selection.period_type)
    grid = overzicht.grid_section(wijken, level, selection.period_text)
    noun, plural = rules.level_noun(level), rules.LEVEL_LABELS[level].lower()
    items.append(_item(grid, selection.meta(grid.titel, f"overzicht-{plural}", wijken=True)))
    own = trend_rows.filter(pl.col("area_code") == selection.area["area_code"])
    periods = own.select("period", "periode_volledig").unique().sort("period")
    span = ""
    if periods.height:
        first, last = periods.row(0), periods.row(-1)
        peildatum = selection.bron.peildatum
        span = (
            f"{present.period_text(first[0], first[1], peildatum)}–"
            f"{present.period_text(last[0], last[1], peildatum)}"
        )
    for indicator in selection.catalogue.to_dicts():
        indicator_id, titel = indicator["indicator_id"], indicator["titel"]
        rows = wijken.filter(pl.col("indicator_id") == indicator_id)
        if rows.height:
            gekozen = rules.chosen_code(selection.area, level)
            section = rules.comparison_section(rows, selection.period_text, gekozen)
            meta = selection.meta(f"{titel} per {noun}", f"{indicator_id}-{plural}", wijken=True)
            items.append(_item(section, meta))
        trend = trends.indicator_section(trend_rows, indicator_id)
        if trend is not None:
            meta = selection.meta(f"{titel}: ontwikkeling", f"{indicator_id}-trend", span)
            items.append(_item(trend, meta))
    return items


def summary(con: duckdb.DuckDBPyConnection, selection: Selection) -> wat_valt_op.Samenvatting:
    """ "Wat valt op" and the Overzicht's tiles for the selection, as the Overzicht page makes
    them, limited to the selection's indicators."""
    selectie = overzicht.read_selectie(DataSource(con), selection.area, selection.period)
    ids = set(selection.catalogue.get_column("indicator_id"))
    selectie = replace(
        selectie, rijen=[row for row in selectie.rijen if row["indicator_id"] in ids]
    )
    return wat_valt_op.summary(selectie)


#: The reports the command line writes (`--rapport`): the whole area, or one page's.
REPORTS = (
    "gebied",
    "trends",
    "koppels",
    "koppel_vergelijking",
    "opnames",
    "getrapte_zorg",
    "inzet",
    "vergelijken",
)


#: The page reports of one year (Source, area, year → Report): a quarter is refused.
YEARLY_REPORTS = {
    "koppels": koppels.report,
    "koppel_vergelijking": koppel_vergelijking.report,
    "getrapte_zorg": getrapte_zorg.report,
}


def page_report(con: duckdb.DuckDBPyConnection, selection: Selection, rapport: str) -> Report:
    """The report of the page `rapport` (one of REPORTS but 'gebied') for `selection`, made by
    the same function as the page. Refuses a quarter for the yearly pages (YEARLY_REPORTS),
    and Vergelijken without exactly one indicator (SelectionError)."""
    source = DataSource(con)
    area = selection.area
    if rapport == "trends":
        ids = selection.catalogue.get_column("indicator_id").to_list()
        return trends.report(source, area, ids, selection.period_type)
    if rapport in YEARLY_REPORTS:
        if selection.period_type != "jaar":
            raise SelectionError(f"Het rapport {rapport} is per jaar; kies een jaar, zoals 2025.")
        return YEARLY_REPORTS[rapport](source, area, selection.period)
    if rapport == "opnames":
        year = selection.period.split("-")[0]
        return opnames.report(source, area, year, selection.period_type)
    if rapport == "inzet":
        return inzet.report(source, area)
    if rapport == "vergelijken":
        ids = selection.catalogue.get_column("indicator_id").to_list()
        if len(ids) != 1:
            raise SelectionError(
                "Het rapport vergelijken gaat over één indicator; kies die met --indicator."
            )
        return vergelijken.report(source, area, ids[0], selection.period)
    raise SelectionError(f"Onbekend rapport {rapport!r}. Kies uit: {', '.join(REPORTS)}.")


def report_items(report: Report, selection: Selection) -> list[ChartExport]:
    """The charts of a page's report with the metadata the page gives them
    (`views/_report.render_report`): the section's title, the report's areas, the section's
    period or else the report's, and `Report.onderwerpen` for the file names."""
    onderwerpen = report.onderwerpen()
    return [
        _item(
            section,
            ExportMeta(
                titel=section.titel,
                gebieden=report.gebieden,
                periode=section.periode or report.periode,
                bron=selection.bron,
                onderwerp=onderwerpen[section.key],
            ),
        )
        for section in report.sections
    ]
