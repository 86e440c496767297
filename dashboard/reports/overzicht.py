"""The Overzicht report: the areas of the selection × every indicator, in one grid.

Used by the Overzicht page and by `python -m dashboard.export` (its first chart after a wijk's
profile). Which level the grid shows is `rules.grid_level`. The change a tile shows against the
year before is `year_change`.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from dashboard import charts, present
from dashboard import format as fmt
from dashboard.reports import Section, gecorrigeerd, missing_columns, rules


def grid_title(level: str, periode: str) -> str:
    """The grid's title: "Wijken × indicatoren, 2025"."""
    return f"{rules.LEVEL_LABELS[level]} × indicatoren, {periode}"


def grid_section(grid: pl.DataFrame, level: str, periode: str, corrected: bool = True) -> Section:
    """The overview grid of `grid` (grid_values rows of one level and period); with
    `corrected` the rates corrected for age and sex where published (`gecorrigeerd.apply`)."""
    grid = gecorrigeerd.apply(grid, corrected)
    titel = grid_title(level, periode)
    return Section("overview_grid", titel, charts.overview_grid(grid, titel=titel), grid)


#: The methods whose quarters add up to a part of a year (events over days): a rate per
#: person-year and a proportion of events. A median or a total of hours does not.
_ADDITIVE = ("rate", "proportion")


@dataclass(frozen=True)
class Change:
    """The change of a tile against the year before: its text ("−1,2 per 1.000 t.o.v. 2025"),
    the arrow (`up`, `down`, `off`) and, when there is none, why (a Dutch sentence, or None
    when nothing needs saying: a suppressed value says so itself)."""

    tekst: str | None
    pijl: str = "off"
    reden: str | None = None


def months_text(quarters: int) -> str:
    """The months of the first `quarters` quarters of a year: "jan–sep"."""
    return f"jan–{present.MONTHS[3 * quarters - 1]}"


def _days(row: Mapping) -> int:
    return (row["period_end"] - row["period_start"]).days + 1


def same_months_value(quarters: Sequence[Mapping], periods: Mapping[str, Mapping]) -> float:
    """The value of a part of a year from its published quarters (`quarters`: unsuppressed
    indicator_values rows of one indicator, area and year; `periods`: period → periods row):
    a proportion is Σ teller ÷ Σ noemer × 100; a rate is Σ teller per 1.000
    person-years, each quarter's person-years being its noemer × its share of the year
    (as the pipeline annualises a period)."""
    teller = sum(row["teller"] for row in quarters)
    if quarters[0]["methode"] == "proportion":
        return teller / sum(row["noemer"] for row in quarters) * 100
    person_years = 0.0
    for row in quarters:
        period = periods[row["period"]]
        year_days = 366 if calendar.isleap(int(period["jaar"])) else 365
        person_years += row["noemer"] * _days(period) / year_days
    return teller / person_years * 1000


@dataclass(frozen=True)
class YearComparison:
    """A value set against the same period a year earlier: both values, what it is compared
    with ("t.o.v. 2025", "t.o.v. jan–sep 2025"), the earlier period as users read it, and
    whether both sides are whole published periods (then their published 95 % intervals say
    whether the change is more than chance; a part of a year has no published interval)."""

    current: float
    earlier: float
    against: str
    earlier_text: str
    published: bool

    @property
    def change(self) -> float:
        return self.current - self.earlier


def compare_with_year_before(
    row: Mapping,
    previous: Mapping | None,
    quarters: Sequence[Mapping],
    periods: pl.DataFrame,
) -> YearComparison | str | None:
    """The value of `row` (an area_values row of one indicator) against the same period a year
    earlier (`previous`, None when unpublished): a YearComparison, a Dutch sentence saying why
    there is none, or None when nothing needs saying (a suppressed value says so itself).

    A whole year (or quarter) is compared with the whole year (quarter) before. An incomplete
    year ("2026 t/m sep") is compared only with the same months of the year before, from the
    published quarters (`quarters`: the area's kwartaal rows of this indicator): its complete
    quarters against the same quarters a year earlier. Where the quarters do not allow it — a
    wijk (quarters are published from the gemeente up), an indicator without quarters, a
    suppressed quarter — the sentence says why.
    """
    if previous is None or row.get("suppressed") or row.get("value") is None:
        return None
    year, before = str(row["period"]), str(previous["period"])
    before_text = fmt.period_label(before)
    if row.get("periode_volledig") is not False:
        if previous.get("suppressed") or previous.get("value") is None:
            return None
        if previous.get("periode_volledig") is False:
            return f"Niet vergeleken met {before_text}: dat jaar is onvolledig."
        return YearComparison(
            row["value"], previous["value"], f"t.o.v. {before_text}", before_text, True
        )
    if row.get("gecorrigeerd"):
        return (
            f"Niet vergeleken met {before_text}: het voor leeftijd en geslacht gecorrigeerde "
            "cijfer wordt niet per kwartaal gepubliceerd."
        )
    by_period = {
        p["period"]: p for p in periods.filter(pl.col("period_type") == "kwartaal").to_dicts()
    }
    complete = sorted(
        p["period"]
        for p in by_period.values()
        if str(p["jaar"]) == year and p["periode_volledig"] is not False
    )
    if not complete:
        return f"Niet vergeleken met {before}: nog geen heel kwartaal van {year}."
    months = months_text(len(complete))
    unknown = f"Niet vergeleken met {before}: {months} {before} is niet bekend"
    if row.get("methode") == "median":
        return f"{unknown}, want een mediaan is niet uit de mediaan per kwartaal op te tellen."
    if row.get("methode") not in _ADDITIVE:
        return f"{unknown}, want dit cijfer wordt niet per kwartaal gepubliceerd."
    if row.get("area_level") == "wijk":
        return f"{unknown}, want kwartaalcijfers worden pas vanaf gemeenteniveau gepubliceerd."
    published = {q["period"]: q for q in quarters}
    if not published:
        return f"{unknown}, want dit cijfer wordt niet per kwartaal gepubliceerd."
    wanted = {
        side: [f"{side}-{period.split('-')[1]}" for period in complete] for side in (year, before)
    }
    for names in wanted.values():
        for name in names:
            quarter = published.get(name)
            if quarter is None or quarter["suppressed"] or quarter["teller"] is None:
                state = "niet gepubliceerd" if quarter is None else "onderdrukt"
                return f"Niet vergeleken met {before}: {fmt.period_label(name)} is {state}."
    current = same_months_value([published[name] for name in wanted[year]], by_period)
    earlier = same_months_value([published[name] for name in wanted[before]], by_period)
    return YearComparison(
        current, earlier, f"t.o.v. {months} {before}", f"{months} {before}", False
    )


def year_change(
    row: Mapping,
    previous: Mapping | None,
    quarters: Sequence[Mapping],
    periods: pl.DataFrame,
) -> Change:
    """The change of a tile (`row`) against the same period a year earlier, as the tile
    writes it (see `compare_with_year_before` for which periods are compared)."""
    compared = compare_with_year_before(row, previous, quarters, periods)
    if compared is None:
        return Change(None)
    if isinstance(compared, str):
        return Change(None, reden=compared)
    return _change(compared.change, row, compared.against)


def _change(change: float, row: Mapping, against: str) -> Change:
    text = fmt.format_change(change, int(row["decimalen"]), row.get("eenheid"))
    arrow = "up" if change > 0 else "down" if change < 0 else "off"
    return Change(f"{text} {against}", arrow)


# --- The tiles: one per indicator of the chosen area and period --------------------------------

#: The verdicts a tile is coloured by, in legend order, with their legend text. Fingertips'
#: convention: better / similar / worse, and blues for higher / lower where no judgement fits;
#: the colours themselves are the theme's (`theme.COMPARISON_COLOURS`, colour-blind safe).
LEGEND = (
    ("beter", "Beter"),
    ("gelijk", "Vergelijkbaar"),
    ("slechter", "Slechter"),
    ("hoger", "Hoger (geen oordeel)"),
    ("lager", "Lager (geen oordeel)"),
    ("niet_vergeleken", "Niet vergeleken"),
    ("onderdrukt", "Onderdrukt"),
)

#: The legend where the tiles are coloured by their trend: the regio has no benchmark, so its
#: tiles show the published five-year trend, judged by the indicator's polarity.
TREND_LEGEND = (
    ("beter", "Gunstige trend"),
    ("gelijk", "Geen trend"),
    ("slechter", "Ongunstige trend"),
    ("hoger", "Stijgend (geen oordeel)"),
    ("lager", "Dalend (geen oordeel)"),
    ("niet_vergeleken", "Geen trend bekend"),
    ("onderdrukt", "Onderdrukt"),
)


def colour_basis(selectie: Selectie) -> str:
    """What the tiles are coloured by: `referentie` (the comparison with the benchmark), or
    `trend` for an area without a benchmark (the regio) in a whole year."""
    if selectie.referentie is None and selectie.period_type == "jaar" and selectie.volledig:
        return "trend"
    return "referentie"


def legend(basis: str) -> tuple[tuple[str, str], ...]:
    """The legend of the tiles' colours for `colour_basis`."""
    return TREND_LEGEND if basis == "trend" else LEGEND


def legend_text(basis: str, referentie: str | None) -> str:
    """The sentence before the legend."""
    if basis == "trend":
        return "Kleur van een tegel: de trend over vijf jaar (de hele regio is zelf de referentie)."
    return f"Kleur van een tegel: vergelijking met {referentie or 'de referentie'}."


def trend_status(row: Mapping) -> tuple[str, str]:
    """A tile's colour code and words from its published trend and the indicator's polarity."""
    if row.get("suppressed"):
        return "onderdrukt", "Onderdrukt"
    trend, polarity = row.get("trend"), row.get("polariteit")
    if trend in ("stijgend", "dalend"):
        if polarity in ("hoger_beter", "lager_beter"):
            good = (trend == "stijgend") == (polarity == "hoger_beter")
            word = "Gunstige" if good else "Ongunstige"
            return ("beter" if good else "slechter"), f"{word} trend ({trend}, 5 jaar)"
        return ("hoger" if trend == "stijgend" else "lager"), (
            f"{trend.capitalize()}e trend (5 jaar, geen oordeel)"
        )
    if trend == "geen_verandering":
        return "gelijk", "Geen trend (5 jaar)"
    return "niet_vergeleken", "Geen trend bekend"


@dataclass(frozen=True)
class Selectie:
    """What the tiles and "Wat valt op" of one area and period are made of: the area's rows of
    the period (`rijen`, area_values rows in catalogue order), each indicator's rows up to it
    (`historie`, oldest first), the comparison with the same period a year earlier per
    indicator, and the texts naming area, benchmark and period."""

    area: dict
    period: str
    period_type: str
    periode: str
    volledig: bool
    gebied: str
    gebied_in_zin: str
    referentie: str | None
    rijen: list[dict]
    historie: dict[str, list[dict]]
    vergelijking: dict[str, YearComparison | str | None]
    definities: dict[str, str]
    #: Indicators the delivery does not allow in the period (an optional column left out,
    #: `missing_columns`): their tile says so instead of showing "no value".
    niet_gemeten: frozenset[str] = frozenset()


def previous_period(period: str) -> str:
    """The same period a year earlier: "2025" → "2024", "2026-Q3" → "2025-Q3"."""
    year, _, quarter = period.partition("-")
    return f"{int(year) - 1}-{quarter}" if quarter else str(int(year) - 1)


def last_quarter(periods: pl.DataFrame, year: str) -> str | None:
    """The last complete published quarter of `year` ("2026-Q3"), None when it has none."""
    rows = periods.filter(
        (pl.col("period_type") == "kwartaal")
        & (pl.col("jaar").cast(pl.String) == str(year))
        & (pl.col("periode_volledig") != False)  # noqa: E712 (a null counts as complete)
    )
    return max(rows.get_column("period")) if rows.height else None


def read_selectie(source, area: dict, period: str, corrected: bool = True) -> Selectie:
    """The rows of `area` (an areas row) in `period` (a year or a quarter) with their history
    and the comparison with the same period a year earlier (see `compare_with_year_before`);
    with `corrected` the rates corrected for age and sex where published (`gecorrigeerd`)."""
    from dashboard.reports import area_in_text, area_title, gecorrigeerd, period_text

    periods = source.periods()
    match = periods.filter(pl.col("period") == period)
    period_type = match.item(0, "period_type") if match.height else "jaar"
    volledig = bool(match.item(0, "periode_volledig")) if match.height else True
    values = gecorrigeerd.apply(source.area_values(area["area_code"], period_type), corrected)
    historie: dict[str, list[dict]] = {}
    for past in values.sort("period").to_dicts():
        historie.setdefault(past["indicator_id"], []).append(past)
    rijen = values.filter(pl.col("period") == period).to_dicts()
    before = previous_period(period)
    quarters: dict[str, list[dict]] = {}
    if period_type == "jaar" and not volledig:
        for quarter in source.area_values(area["area_code"], "kwartaal").to_dicts():
            if quarter["period"][:4] in (period, before):
                quarters.setdefault(quarter["indicator_id"], []).append(quarter)
    vergelijking = {}
    for row in rijen:
        previous = next(
            (past for past in historie[row["indicator_id"]] if past["period"] == before), None
        )
        vergelijking[row["indicator_id"]] = compare_with_year_before(
            row, previous, quarters.get(row["indicator_id"], []), periods
        )
    areas = source.areas()
    benchmark_code = rules.benchmark_of(pl.DataFrame(rijen)) if rijen else None
    benchmark = areas.filter(pl.col("area_code") == (benchmark_code or ""))
    catalogue = source.catalogue()
    return Selectie(
        area=area,
        period=period,
        period_type=period_type,
        periode=period_text(source, period),
        volledig=volledig,
        gebied=area_title(area),
        gebied_in_zin=area_in_text(area),
        referentie=area_in_text(benchmark.row(0, named=True)) if benchmark.height else None,
        rijen=rijen,
        historie=historie,
        vergelijking=vergelijking,
        definities=dict(
            zip(
                catalogue.get_column("indicator_id"), catalogue.get_column("definitie"), strict=True
            )
        ),
        niet_gemeten=frozenset(missing_columns.unmeasured(source, period)),
    )


def verdict_text(status: str, referentie: str | None) -> str:
    """The verdict of a tile in words: "Beter dan RESV Synthetica Noord", "Vergelijkbaar met de
    hele regio", "Hoger dan … (geen oordeel)", "Niet vergeleken", "Onderdrukt"."""
    if status in ("beter", "slechter", "hoger", "lager") and referentie:
        word = fmt.COMPARISON_LABELS[status]
        suffix = " (geen oordeel)" if status in ("hoger", "lager") else ""
        return f"{word} dan {referentie}{suffix}"
    if status == "gelijk" and referentie:
        return f"Vergelijkbaar met {referentie}"
    return fmt.label_for(fmt.STATUS_LABELS, status)


def _not_compared(selectie: Selectie, row: Mapping) -> str:
    """Why a shown value has no verdict, in one sentence."""
    if selectie.referentie is None:
        return "Niet vergeleken: dit gebied is zelf de referentie."
    if not selectie.volledig:
        return "Niet vergeleken: de periode is nog niet compleet."
    if row.get("value") is None:
        return "Niet vergeleken: er is geen waarde."
    if row.get("lower_95") is None or row.get("benchmark_value") is None:
        return "Niet vergeleken: dit cijfer heeft geen betrouwbaarheidsinterval."
    return "Niet vergeleken met de referentie."


def short_period(period: str) -> str:
    """A period on a sparkline's axis: "2020", "kw3 2025"."""
    year, _, quarter = period.partition("-")
    return f"kw{quarter[1]} {year}" if quarter else year


@dataclass(frozen=True)
class Tegel:
    """One tile: the indicator, its value text, its verdict (a status code and its words), the
    change against the same period a year earlier, the definition (the tile's help), the lines
    of its note, and its line: the published values of the whole periods up to this one, with
    the first and last period drawn."""

    indicator_id: str
    titel: str
    waarde: str
    status: str
    oordeel: str
    verandering: Change
    definitie: str
    toelichting: tuple[str, ...]
    lijn: tuple[float, ...]
    lijn_van_tot: tuple[str, str] | None


def tiles(selectie: Selectie) -> list[Tegel]:
    """The tiles of a selection, in catalogue order. A suppressed value is its suppression
    text, never a number; its line leaves out suppressed and incomplete periods."""
    result = []
    for row in selectie.rijen:
        indicator = row["indicator_id"]
        compared = selectie.vergelijking.get(indicator)
        if compared is None:
            change = Change(None)
        elif isinstance(compared, str):
            change = Change(None, reden=compared)
        else:
            change = _change(compared.change, row, compared.against)
        if colour_basis(selectie) == "trend":
            status, oordeel = trend_status(row)
        else:
            status = present.status(row)
            oordeel = verdict_text(status, selectie.referentie)
        history = [
            past
            for past in selectie.historie[indicator]
            if past["period_start"] <= row["period_start"]
        ]
        drawn = [
            past
            for past in history
            if not past["suppressed"]
            and past["value"] is not None
            and past["periode_volledig"] is not False
        ]
        lines = [f"Periode: {selectie.periode}"]
        waarde = present.value_text(row)
        if indicator in selectie.niet_gemeten:
            waarde = missing_columns.NIET_GEMETEN
            lines.append(missing_columns.reason(indicator, row["titel"]))
        if row.get("gecorrigeerd"):
            lines.append("Gecorrigeerd voor leeftijd en geslacht")
        if row.get("suppressed"):
            lines.append(present.row_explanation(row))
        else:
            lines.append(f"95%-interval: {present.interval_text(row)}")
        if change.reden:
            lines.append(change.reden)
        elif change.tekst and row.get("periode_volledig") is False:
            lines.append("Onvolledig jaar: vergeleken met dezelfde maanden van het jaar ervoor")
        if present.status(row) == "niet_vergeleken":
            lines.append(_not_compared(selectie, row))
        if selectie.period_type == "jaar":
            lines.append(f"Trend (5 jaar): {present.trend_text(row)}")
        if any(past["suppressed"] for past in history):
            lines.append("Lijn: alleen de hele perioden die niet onderdrukt zijn.")
        result.append(
            Tegel(
                indicator_id=indicator,
                titel=row["titel"],
                waarde=waarde,
                status=status,
                oordeel=oordeel,
                verandering=change,
                definitie=selectie.definities.get(indicator, ""),
                toelichting=tuple(lines),
                lijn=tuple(past["value"] for past in drawn),
                lijn_van_tot=(
                    (short_period(drawn[0]["period"]), short_period(drawn[-1]["period"]))
                    if len(drawn) >= 2
                    else None
                ),
            )
        )
    return result
