"""Indicators a delivery can only measure with an optional column, and how a page tells that the
delivery left the column out.

A delivery without ``so_consulten.aanvraagdatum`` still builds: ``dagen_tot_so_contact`` is
published with noemer 0 everywhere (pipelines/sql/intermediate/int_so_aanvragen.sql), which is
no measurement of "no requests". The published database does not say which columns were
delivered, so the rule reads it from the figures, as "Helpt een vast koppel?" does for
``opnames.praktijk_id``: the regio has events of the indicator's source (SO contacts) in the
period but not one event of the indicator (a request). One rule, used by every page that shows
the indicator (Overzicht, Trends, Getrapte zorg) and by the command line through them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class OptionalColumn:
    """The column an indicator needs (`tabel`.`kolom`), what it holds in words, and the
    indicator whose teller counts the rows the column belongs to."""

    tabel: str
    kolom: str
    inhoud: str
    bron_indicator: str


#: indicator_id → the optional column it needs.
NEEDS = {
    "dagen_tot_so_contact": OptionalColumn(
        "so_consulten",
        "aanvraagdatum",
        "de dag waarop de huisarts het SO-team vroeg",
        "so_consulten",
    ),
}
#: What a tile shows instead of a value.
NIET_GEMETEN = "niet gemeten"


def reason(indicator_id: str, titel: str, periode: str | None = None) -> str:
    """The sentence saying why `titel` has no figure: the delivery does not name the column (in
    `periode`, when given)."""
    column = NEEDS[indicator_id]
    when = f" van {periode}" if periode else ""
    return (
        f"{titel}: de levering noemt bij geen enkele rij{when} van {column.tabel} "
        f"{column.inhoud} (kolom {column.kolom}), dus dit cijfer is niet te berekenen."
    )


def _regio_values(source, period_type: str) -> pl.DataFrame:
    regio = source.areas().filter(pl.col("area_level") == "regio")["area_code"].item()
    return source.area_values(regio, period_type)


def _missing(rows: Mapping[str, Mapping], indicator_id: str) -> bool:
    """True when the regio's `rows` (indicator → row of one period) have the source's events
    but not one of the indicator's."""
    row = rows.get(indicator_id)
    source_row = rows.get(NEEDS[indicator_id].bron_indicator) or {}
    if row is None or row["suppressed"] or row.get("noemer"):
        return False
    return bool(source_row.get("teller"))


def unmeasured(source, period: str) -> set[str]:
    """The indicators of NEEDS the delivery does not allow in `period` (a year or quarter)."""
    period_type = "kwartaal" if "-Q" in period else "jaar"
    values = _regio_values(source, period_type).filter(pl.col("period") == period)
    rows = {row["indicator_id"]: row for row in values.to_dicts()}
    return {indicator for indicator in NEEDS if _missing(rows, indicator)}


def never_measured(source, period_type: str) -> set[str]:
    """The indicators of NEEDS the delivery allows in no period of `period_type` with source
    events (no trend can be drawn)."""
    values = _regio_values(source, period_type)
    periods = [
        {row["indicator_id"]: row for row in group.to_dicts()}
        for _key, group in values.group_by("period")
    ]
    found = set()
    for indicator in NEEDS:
        with_events = [
            rows
            for rows in periods
            if (rows.get(NEEDS[indicator].bron_indicator) or {}).get("teller")
        ]
        if with_events and all(_missing(rows, indicator) for rows in with_events):
            found.add(indicator)
    return found
