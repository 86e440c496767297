"""The Vergelijken report: one indicator across the areas of a level — bars, funnel plot, map
and table.

Used by the Vergelijken page and by `python -m dashboard.export --rapport vergelijken`. Which
level is shown by default is `rules.grid_level`; the page lets the user choose another.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard import charts, present
from dashboard.reports import (
    Report,
    Section,
    Source,
    Table,
    Text,
    area_row,
    gecorrigeerd,
    incomplete_text,
    period_text,
    rules,
    vergelijkbaar,
)

#: More areas than this do not fit in one bar chart (national scale: ~3,300 wijken).
MAX_BARS = 150
FUNNEL_METHODS = ("proportion", "rate")


def default_level(source: Source, area: Mapping) -> str:
    """The level the page compares by default (Overzicht's rule, `rules.grid_level`)."""
    return rules.grid_level(source.areas(), rules.comparison_scope(area), area["area_level"])


def report(
    source: Source,
    area: Mapping,
    indicator_id: str,
    period: str,
    level: str | None = None,
    corrected: bool = True,
) -> Report:
    """The Vergelijken page for `indicator_id` in `period`: the areas of `level` (default:
    `default_level`) inside the area's scope (the whole regio for RESVs), the chosen area (or
    its gemeente or RESV at their level, `rules.chosen_code`) marked in every chart; with
    `corrected` the rates corrected for age and sex where published (`gecorrigeerd.apply`).
    The report is about the chosen area: a wijk's files and slides carry its name and
    gemeente."""
    default = default_level(source, area)
    level = level or default
    scope = rules.comparison_scope(area) if level != "resv" else None
    gekozen = rules.chosen_code(area, level)
    frame = source.level_values(indicator_id, level, scope, period)
    periode = period_text(source, period)
    where = area_row(source, scope)["area_name"] if scope else "de hele regio"
    selectie = area["area_name"] if area["area_level"] == "wijk" else where
    if frame.is_empty():
        return Report(
            indicator_id,
            (selectie,),
            periode,
            [Text("info", "Er zijn geen cijfers voor deze keuze.")],
        )
    crude = frame
    shown_corrected = corrected and gecorrigeerd.available(frame)
    frame = gecorrigeerd.apply(frame, corrected)
    first = frame.row(0, named=True)
    titel = first["titel"]
    areas = rules.LEVEL_LABELS[level] if level == "resv" else rules.LEVEL_LABELS[level].lower()
    result = Report(f"{titel}: {areas}", (selectie,), periode)
    items = result.items
    items.append(Text("subheader", f"{titel}: {areas} in {where}, {periode}"))
    if first["periode_volledig"] is False:
        items.append(Text("caption", incomplete_text(periode)))
    if shown_corrected:
        items.append(Text("caption", gecorrigeerd.EXPLANATION))
    elif corrected:
        items.append(Text("caption", gecorrigeerd.not_available_text(crude)))
    if level == default != "wijk":
        items.append(
            Text(
                "caption",
                "Te veel wijken om in één keer te vergelijken: standaard per "
                f"{rules.level_noun(level)}. Kies bij ‘Vergelijk’ toch Wijken, of kies in de "
                "zijbalk een RESV of gemeente.",
            )
        )
    benchmark = rules.single_benchmark(frame)
    if frame.height > MAX_BARS:
        items.append(
            Text(
                "caption",
                f"{frame.height} gebieden passen niet in één staafdiagram: kies in de zijbalk "
                "een RESV of gemeente. Het trechterdiagram, de kaart en de tabel tonen ze wel "
                "allemaal.",
            )
        )
    else:
        items.append(rules.comparison_section(frame, periode, gekozen))
    if benchmark is None:
        items.append(Text("caption", rules.no_benchmark_text(frame)))
    items.extend(_funnel(source, crude, shown_corrected, period, periode, gekozen))
    if level == "wijk":
        items.extend(_map(source, frame, first, scope, periode, gekozen))
    items.append(Table("vergelijk_tabel", comparison_table(frame, gekozen)))
    drempels = present.Drempels.from_build_info(source.build_info())
    items.append(Text("caption", present.legend(drempels)))
    # Beside the RESV: the areas most like the chosen wijk or gemeente, in the whole regio.
    items.extend(vergelijkbaar.sections(source, area, indicator_id, period, periode, corrected))
    return result


def _funnel(
    source: Source,
    crude: pl.DataFrame,
    corrected: bool,
    period: str,
    periode: str,
    gekozen: str | None = None,
) -> list:
    """The funnel plot of the rows (`crude`: before `gecorrigeerd.apply`): with `corrected`
    (every area has a corrected figure) the corrected figures at their derived noemers within
    the published standardised limits, else the crude figures; a corrected page whose
    standardised limits were not published (an older build) says that its funnel is crude."""
    captions = []
    if corrected and crude.row(0, named=True)["periode_volledig"]:
        frame = gecorrigeerd.funnel_rows(crude, corrected=True)
        benchmark = rules.single_benchmark(frame)
        first = frame.row(0, named=True)
        limits = (
            None
            if benchmark is None
            else source.funnel_limits(first["indicator_id"], period, benchmark[0], True)
        )
        if limits is not None and not limits.is_empty():
            return [
                Text("caption", gecorrigeerd.FUNNEL_EXPLANATION),
                *_funnel_section(frame, first, benchmark, limits, periode, gekozen, True),
            ]
        captions.append(Text("caption", gecorrigeerd.FUNNEL_NOT_PUBLISHED))
    frame = crude
    first = crude.row(0, named=True)
    benchmark = rules.single_benchmark(crude)
    if benchmark is None:
        return []
    if not first["periode_volledig"]:
        return [Text("caption", "Geen trechterdiagram voor een onvolledige periode.")]
    if first["methode"] not in FUNNEL_METHODS:
        return [
            Text(
                "caption",
                "Geen trechterdiagram: deze indicator heeft geen betrouwbaarheidsinterval.",
            )
        ]
    code = benchmark[0]
    limits = source.funnel_limits(first["indicator_id"], period, code)
    if limits is None:
        return [
            *captions,
            Text(
                "caption",
                "Geen trechterdiagram: deze database heeft nog geen gepubliceerde "
                "trechtergrenzen (tabel funnel_limits). Bouw de database opnieuw met de huidige "
                "pipeline.",
            ),
        ]
    if limits.is_empty():
        return [
            *captions,
            Text(
                "caption",
                "Geen trechterdiagram: voor deze referentie zijn geen grenzen gepubliceerd.",
            ),
        ]
    return [*captions, *_funnel_section(frame, first, benchmark, limits, periode, gekozen, False)]


def _funnel_section(
    frame: pl.DataFrame,
    first: dict,
    benchmark: tuple[str, float],
    limits: pl.DataFrame,
    periode: str,
    gekozen: str | None,
    corrected: bool,
) -> list:
    if corrected:
        titel = (
            f"Trechterdiagram: {first['titel']}, gecorrigeerd voor leeftijd en geslacht, {periode}"
        )
        noemer = gecorrigeerd.FUNNEL_NOEMER
    else:
        titel = f"Trechterdiagram: {first['titel']}, {periode}"
        noemer = "Inwoners van 75 jaar en ouder" if first["methode"] == "rate" else "Noemer"
    chart = charts.funnel_plot(
        frame,
        limits,
        titel=titel,
        eenheid=first["eenheid"],
        decimalen=int(first["decimalen"]),
        benchmark_value=benchmark[1],
        noemer_titel=noemer,
        gekozen=gekozen,
        noemer_field="derived_noemer" if corrected else "noemer",
    )
    return [Section("vergelijk_trechter", titel, chart, frame, (first["indicator_id"],))]


def _map(
    source: Source,
    frame: pl.DataFrame,
    first: dict,
    scope: str | None,
    periode: str,
    gekozen: str | None = None,
) -> list:
    geometry = source.wijk_geometry(scope)
    if geometry.is_empty():
        return [
            Text(
                "caption", "Er is geen kaart: de levering had geen wijkgrenzen (gebieden.geojson)."
            )
        ]
    titel = f"{first['titel']}, {periode}"
    chart = charts.choropleth(
        frame,
        geometry,
        titel=titel,
        eenheid=first["eenheid"],
        decimalen=int(first["decimalen"]),
        gekozen=gekozen,
    )
    return [Section("vergelijk_kaart", f"Kaart: {titel}", chart, frame, (first["indicator_id"],))]


#: What follows the chosen area's name in the comparison's table (the charts mark it too).
CHOSEN_MARK = " (gekozen)"


def comparison_table(frame: pl.DataFrame, gekozen: str | None) -> pl.DataFrame:
    """The compared areas as a table of texts, the chosen area (`gekozen`) marked by name."""
    named = frame.with_columns(
        pl.when(pl.col("area_code") == (gekozen or ""))
        .then(pl.col("area_name") + CHOSEN_MARK)
        .otherwise(pl.col("area_name"))
        .alias("area_name")
    )
    return present.indicator_table(named, "area_name", "Gebied")
