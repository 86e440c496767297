"""The Wijkprofiel report: one area's indicators against its benchmark, and their trends.

Used by the Wijkprofiel page and by `python -m dashboard.export` for a wijk.
"""

from __future__ import annotations

import polars as pl

from dashboard import charts
from dashboard.reports import Section, Source, Text, gecorrigeerd, rules, vergelijkbaar


def profile_title(area_name: str, benchmark_name: str | None, periode: str) -> str:
    """The title of the profile chart: "Wijk 01 ten opzichte van RESV Noord, 2025"."""
    return f"{area_name} ten opzichte van {benchmark_name or 'de referentie'}, {periode}"


def profile_section(
    current: pl.DataFrame,
    area_name: str,
    benchmark_name: str | None,
    periode: str,
    corrected: bool = True,
) -> Section:
    """The spine chart of every indicator of one area in one period (`current`: area_values
    rows of that period): value, benchmark and index, each indicator on its own row; with
    `corrected` the rates corrected for age and sex where published (`gecorrigeerd.apply`)."""
    current = gecorrigeerd.apply(current, corrected)
    titel = profile_title(area_name, benchmark_name, periode)
    return Section("spine_chart", titel, charts.spine_chart(current, titel=titel), current)


def pyramid_title(area_name: str, jaar: int) -> str:
    """ "Bevolkingsopbouw Wijk 01 Noord, Synthdam, 1 januari 2025"."""
    return f"Bevolkingsopbouw {area_name}, 1 januari {jaar}"


def pyramid_section(source: Source, area: dict, jaar: int) -> Section | Text:
    """The population pyramid of the area (any level) on 1 January of `jaar`: men and women
    per age class as published (`bevolking_geslacht`), a suppressed count not drawn; a text
    when nothing is published for that year."""
    frame = source.population(area["area_code"], jaar)
    if frame.is_empty():
        return Text("caption", f"Voor {jaar} is geen bevolkingsopbouw naar geslacht gepubliceerd.")
    titel = pyramid_title(area["area_name"], jaar)
    chart = charts.population_pyramid(frame, titel=titel)
    return Section("bevolkingsopbouw", titel, chart, frame, (), f"1 januari {jaar}")


def trend_sections(trends: pl.DataFrame, indicator_ids: list[str]) -> list[Section]:
    """The trend of each indicator for the area and its benchmark (`trends`: trend rows of
    both areas, per year)."""
    sections = [
        rules.trend_section(trends, indicator, key=f"profiel_trend_{indicator}", periode="per jaar")
        for indicator in indicator_ids
    ]
    return [section for section in sections if section is not None]


def similar_sections(
    source: Source, area: dict, indicator_id: str, period: str, periode: str, corrected: bool
) -> list[Section | Text]:
    """Beside the RESV of the profile: the area and the wijken (gemeenten) most like it, on
    one indicator (`vergelijkbaar.sections`)."""
    return vergelijkbaar.sections(source, area, indicator_id, period, periode, corrected)
