"""The Trends report: chosen indicators over years or quarters for one area, its benchmark and
the regio.

Used by the Trends page and by `python -m dashboard.export` (`--rapport trends`, and the trend
of each indicator in the whole-area report).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from dashboard.reports import Report, Section, Source, Text, area_title, missing_columns, rules

TITEL = "Trends"
#: The Trends page's period texts for each period type.
PERIOD_LABELS = {"jaar": "per jaar", "kwartaal": "per kwartaal"}


def indicator_section(frame: pl.DataFrame, indicator_id: str) -> Section | None:
    """The trend lines of one indicator from `frame` (trend rows of the report's areas);
    None when the indicator has no rows (not published for this period type)."""
    return rules.trend_section(frame, indicator_id, key=f"trend_{indicator_id}")


def trend_frame(
    source: Source, area: Mapping, indicator_ids: Sequence[str], period_type: str
) -> pl.DataFrame:
    """The trend rows of the report: the indicators of the area, its benchmark and the regio
    (`rules.trend_area_codes`) over every period of `period_type`."""
    codes = rules.trend_area_codes(area, source.areas())
    return source.trend_values(list(indicator_ids), codes, period_type)


def report(source: Source, area: Mapping, indicator_ids: Sequence[str], period_type: str) -> Report:
    """The Trends page of `area` for `indicator_ids` (catalogue ids, shown in catalogue order)
    over years or quarters (`period_type`)."""
    result = Report(TITEL, (area["area_name"],), PERIOD_LABELS[period_type])
    if not indicator_ids:
        result.items.append(Text("info", "Kies in de zijbalk één of meer indicatoren."))
        return result
    frame = trend_frame(source, area, indicator_ids, period_type)
    catalogue = source.catalogue().filter(pl.col("indicator_id").is_in(list(indicator_ids)))
    result.items.append(
        Text(
            "caption",
            f"{area_title(area)} met zijn referentie(s). Open punten en stippellijnen: "
            "onvolledige periode (voorlopige cijfers). Onderdrukte perioden hebben geen punt: "
            "de ondertitel van de grafiek noemt ze.",
        )
    )
    unmeasured = missing_columns.never_measured(source, period_type)
    for row in catalogue.to_dicts():
        if row["indicator_id"] in unmeasured:
            result.items.append(
                Text("info", missing_columns.reason(row["indicator_id"], row["titel"]))
            )
            continue
        section = indicator_section(frame, row["indicator_id"])
        if section is None:
            result.items.append(
                Text("info", f"{row['titel']}: alleen per jaar beschikbaar, niet per kwartaal.")
            )
        else:
            result.items.append(section)
    return result
