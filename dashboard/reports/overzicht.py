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
from dashboard.reports import Section, gecorrigeerd, rules


def grid_title(level: str, periode: str) -> str:
    """The grid's title: "Wijken × indicatoren, 2025"."""
    return f"{rules.LEVEL_LABELS[level]} × indicatoren, {periode}"


def grid_section(grid: pl.DataFrame, level: str, periode: str, corrected: bool = True) -> Section:
    """The overview grid of `grid` (grid_values rows of one level and period); with
    `corrected` the rates corrected for age and sex where published (`gecorrigeerd.apply`)."""
    grid = gecorrigeerd.apply(grid, corrected)
    titel = grid_title(level, periode)
    return Section("overview_grid", titel, charts.overview_grid.parts(grid, titel=titel), grid)


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
    a proportion is Σ numerator ÷ Σ denominator × 100; a rate is Σ numerator per 1.000
    person-years, each quarter's person-years being its denominator × its share of the year
    (as the pipeline annualises a period)."""
    numerator = sum(row["numerator"] for row in quarters)
    if quarters[0]["methode"] == "proportion":
        return numerator / sum(row["denominator"] for row in quarters) * 100
    person_years = 0.0
    for row in quarters:
        period = periods[row["period"]]
        year_days = 366 if calendar.isleap(int(period["jaar"])) else 365
        person_years += row["denominator"] * _days(period) / year_days
    return numerator / person_years * 1000


def year_change(
    row: Mapping,
    previous: Mapping | None,
    quarters: Sequence[Mapping],
    periods: pl.DataFrame,
) -> Change:
    """The change of a year's tile (`row`, an area_values row of one indicator) against the
    year before (`previous`, None when unpublished).

    A whole year is compared with the whole year before. An incomplete year ("2026 t/m sep")
    is compared only with the same months of the year before, from the published quarters
    (`quarters`: the area's kwartaal rows of this indicator): its complete quarters against
    the same quarters a year earlier. Where the quarters do not allow it — a wijk (quarters are
    published from the gemeente up), an indicator without quarters, a suppressed quarter — there
    is no change and `reden` says why.
    """
    if previous is None or row.get("suppressed") or row.get("value") is None:
        return Change(None)
    year, before = str(row["period"]), str(previous["period"])
    if row.get("periode_volledig") is not False:
        if previous.get("suppressed") or previous.get("value") is None:
            return Change(None)
        if previous.get("periode_volledig") is False:
            return Change(None, reden=f"Niet vergeleken met {before}: dat jaar is onvolledig.")
        return _change(row["value"] - previous["value"], row, f"t.o.v. {before}")
    if row.get("gecorrigeerd"):
        return Change(
            None,
            reden=f"Niet vergeleken met {before}: het voor leeftijd en geslacht gecorrigeerde "
            "cijfer wordt niet per kwartaal gepubliceerd.",
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
        return Change(
            None, reden=f"Niet vergeleken met {before}: nog geen heel kwartaal van {year}."
        )
    months = months_text(len(complete))
    unknown = f"Niet vergeleken met {before}: {months} {before} is niet bekend"
    if row.get("methode") not in _ADDITIVE:
        return Change(
            None, reden=f"{unknown}, want dit cijfer wordt niet per kwartaal gepubliceerd."
        )
    if row.get("area_level") == "wijk":
        return Change(
            None,
            reden=f"{unknown}, want kwartaalcijfers worden pas vanaf gemeenteniveau gepubliceerd.",
        )
    published = {q["period"]: q for q in quarters}
    if not published:
        return Change(
            None, reden=f"{unknown}, want dit cijfer wordt niet per kwartaal gepubliceerd."
        )
    wanted = {
        side: [f"{side}-{period.split('-')[1]}" for period in complete] for side in (year, before)
    }
    for names in wanted.values():
        for name in names:
            quarter = published.get(name)
            if quarter is None or quarter["suppressed"] or quarter["numerator"] is None:
                state = "niet gepubliceerd" if quarter is None else "onderdrukt"
                return Change(
                    None,
                    reden=f"Niet vergeleken met {before}: {fmt.period_label(name)} is {state}.",
                )
    current = same_months_value([published[name] for name in wanted[year]], by_period)
    earlier = same_months_value([published[name] for name in wanted[before]], by_period)
    return _change(current - earlier, row, f"t.o.v. {months} {before}")


def _change(change: float, row: Mapping, against: str) -> Change:
    text = fmt.format_change(change, int(row["decimalen"]), row.get("eenheid"))
    arrow = "up" if change > 0 else "down" if change < 0 else "off"
    return Change(f"{text} {against}", arrow)
