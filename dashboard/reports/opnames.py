"""The Opnames report: admissions by type over time, crisis share, crisis admissions without the
SO team before, SO involvement before admission, admission via the hospital and the waiting
time, for one area.

Used by the Opnames page and by `python -m dashboard.export --rapport opnames`.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard import charts
from dashboard import format as fmt
from dashboard.reports import Report, Section, Source, Text, period_text, rules, trends

OPNAME_INDICATORS = (
    "wlz_opnames",
    "elv_opnames",
    "crisisopnames",
    "crisis_zonder_so",
    "so_voor_opname",
    "opname_via_ziekenhuis",
)


def waiting_time_level(area: Mapping) -> str:
    """The level at which the waiting time is compared: the wijken of the area's scope, the
    RESVs for the whole regio."""
    return "wijk" if rules.comparison_scope(area) else "resv"


def report(source: Source, area: Mapping, year: str, period_type: str) -> Report:
    """The Opnames page of `area` (an `areas` row): admissions over the periods of
    `period_type`, and the waiting time of the wijken compared in `year`."""
    name = area["area_name"]
    result = Report(f"Opnames {name}", (name,), trends.PERIOD_LABELS[period_type])
    items = result.items
    where = "de hele regio" if area["area_level"] == "regio" else name
    items.append(Text("subheader", f"Opnames van 75-plussers uit {where}"))
    per_type = source.opnames_per_type(area["area_code"], period_type)
    if per_type.is_empty():
        items.append(Text("info", f"Er zijn geen opnamecijfers voor {name}."))
    else:
        titel = "Opnames naar soort"
        chart = charts.stacked_share(
            per_type,
            categorie="opname_type",
            aantal="aantal",
            x="period",
            labels=fmt.OPNAME_TYPE_LABELS,
            titel=titel,
            categorie_titel="Soort opname",
        )
        items.append(Section("opnames_per_type", titel, chart, per_type))
    trend = trends.trend_frame(source, area, OPNAME_INDICATORS, period_type)
    for indicator in OPNAME_INDICATORS:
        section = rules.trend_section(trend, indicator, key=f"opnames_trend_{indicator}")
        if section is not None:
            items.append(section)
    if period_type == "kwartaal":
        items.append(Text("caption", "SO betrokken vóór opname is alleen per jaar beschikbaar."))
    scope = rules.comparison_scope(area)
    frame = source.level_values("wachttijd_opname", waiting_time_level(area), scope, year)
    if not frame.is_empty():
        periode = period_text(source, year)
        titel = f"Wachttijd tot opname (mediaan), {periode}"
        chart = rules.comparison_chart(frame, titel=titel)
        items.append(
            Section("opnames_wachttijd", titel, chart, frame, ("wachttijd_opname",), periode)
        )
    return result
