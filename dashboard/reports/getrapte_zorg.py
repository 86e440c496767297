"""The Getrapte zorg report: stepped care for the 75-plussers of one area in one year, as a
chain — an SO contact, a zorgtraject kwetsbare patiënten, a short stay (ELV), a nursing-home
admission (planned or crisis) — and where the chain leaks: crisis admissions without any SO
contact in the year before (``crisis_zonder_so``), and admissions via the hospital. Before the
chain, how reachable its first step is: the median days from the GP's request to the first SO
contact (``dagen_tot_so_contact``), or why the delivery does not allow it (no aanvraagdatum).

Every step is the teller of a published indicator of that area and year (`STAPPEN`), so the
chain adds no number the release does not already show; a leak that is the rest of a published
proportion (noemer − teller) is shown only where both are published, which the disclosure rule
for proportions keeps at 0 or at least the minimum.

Used by the Getrapte zorg page and by `python -m dashboard.export --rapport getrapte_zorg`.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard import charts, present
from dashboard import format as fmt
from dashboard.reports import (
    Report,
    Section,
    Source,
    Table,
    Text,
    area_title,
    missing_columns,
    period_text,
)

TITEL = "Getrapte zorg"

#: The steps of the chain, top to bottom: the indicator whose teller is the step, the step's
#: name and what its teller counts.
STAPPEN = (
    ("so_bereik", "Cliënten met een SO-contact", "cliënten"),
    ("zorgtraject_clienten", "Cliënten met een zorgtraject kwetsbare patiënten", "cliënten"),
    ("elv_opnames", "Opnames eerstelijnsverblijf (ELV)", "opnames"),
    ("wlz_opnames", "Opnames verpleeghuis (Wlz)", "opnames"),
)
#: Proportions that say how the Wlz admissions came about: (indicator, the teller's name, the
#: rest's name or None when the rest is not a leak to show).
#: The leak of stepped care is `crisis_zonder_so`: crisis admissions without any SO contact in
#: the 365 days before (its value: the share of the crisis admissions).
LEK = "Lek: crisisopnames zonder SO-contact in het jaar ervoor (% van de crisisopnames)"
DELEN = (
    ("crisisopnames", "waarvan crisisopnames", "waarvan gepland"),
    ("crisis_zonder_so", LEK, None),
    ("opname_via_ziekenhuis", "Wlz- en ELV-opnames via het ziekenhuis", None),
    ("so_voor_opname", "Wlz-opnames vanuit thuis met het SO-team in het jaar ervoor", None),
)
#: Bereikbaarheid: how long the first step takes once the GP asks — the median days from the
#: request (aanvraagdatum) to the first SO contact, and the table line that shows it.
BEREIKBAARHEID = "dagen_tot_so_contact"
BEREIKBAARHEID_STAP = "Aanvragen bij het SO-team: dagen tot het eerste contact (mediaan)"
BEREIKBAARHEID_TITEL = "Bereikbaarheid van het SO-team"
INDICATORS = tuple(i for i, _n, _t in STAPPEN) + tuple(i for i, _t, _r in DELEN) + (BEREIKBAARHEID,)


def report(source: Source, area: Mapping, period: str) -> Report:
    """The Getrapte zorg page of `area` (an `areas` row) in the year `period`."""
    periode = period_text(source, period)
    name = area["area_name"]
    result = Report(f"{TITEL} {name}", (name,), periode)
    items = result.items
    rows = source.area_values(area["area_code"], "jaar").filter(
        (pl.col("period") == period) & pl.col("indicator_id").is_in(list(INDICATORS))
    )
    items.append(Text("subheader", f"{area_title(area)}, {periode}"))
    if rows.is_empty():
        items.append(Text("info", f"Er zijn geen cijfers voor {name} in {periode}."))
        return result
    by_id = {row["indicator_id"]: row for row in rows.to_dicts()}
    items.append(Text("caption", _population_text(by_id.get("so_bereik"))))
    steps = steps_frame(by_id)
    titel = f"Getrapte zorg: van SO-contact tot opname, {periode}"
    items.append(
        Section(
            "getrapte_zorg_keten",
            titel,
            charts.stepped_care(steps, titel=titel),
            steps,
            tuple(i for i, _n, _t in STAPPEN),
        )
    )
    items.append(
        Text(
            "caption",
            "Elke stap is de teller van zijn indicator (zie Indicatoren): cliënten tellen één keer "
            "per jaar, opnames elke keer. Een stap met te weinig cliënten of opnames is "
            "onderdrukt en niet getekend.",
        )
    )
    if BEREIKBAARHEID in missing_columns.unmeasured(source, period):
        by_id.pop(BEREIKBAARHEID, None)
    items.append(Text(*reachability_text(by_id.get(BEREIKBAARHEID), periode)))
    items.append(Table("getrapte_zorg_tabel", chain_table(by_id)))
    return result


def reachability_text(row: Mapping | None, periode: str) -> tuple[str, str]:
    """The kind and sentence of the Bereikbaarheid line: the median days from request to first
    contact and the requests behind it, why it is hidden, or (`row` None: the delivery names no
    aanvraagdatum) what is missing."""
    titel = BEREIKBAARHEID_TITEL
    if row is None:
        return "info", missing_columns.reason(BEREIKBAARHEID, titel, periode)
    texts = present.row_texts(row)
    if row["suppressed"]:
        return "caption", f"{titel}: {texts['waarde_tekst']}. {texts['toelichting']}"
    if not row.get("noemer"):
        return "caption", f"{titel}: geen aanvragen in {periode}."
    return "caption", (
        f"{titel}: na de aanvraag van de huisarts duurde het tot het eerste contact mediaan "
        f"{texts['waarde_tekst']} ({texts['noemer_tekst']} aanvragen)."
    )


def _population_text(row: Mapping | None) -> str:
    if row is None or row["suppressed"] or row.get("noemer") is None:
        return "Het aantal inwoners van 75 jaar en ouder is niet gepubliceerd (te klein)."
    return (
        f"Van de {fmt.format_number(row['noemer'])} inwoners van 75 jaar en ouder: per stap het "
        "aantal per 1.000 inwoners, met het 95%-betrouwbaarheidsinterval."
    )


def steps_frame(by_id: Mapping[str, Mapping]) -> pl.DataFrame:
    """The chain's rows for `charts.stepped_care`: per step its rate and interval, and the text
    beside its bar (count and rate), or why it is not shown."""
    rows = []
    for volgorde, (indicator, stap, noun) in enumerate(STAPPEN):
        row = by_id.get(indicator)
        if row is None:
            continue
        suppressed = bool(row["suppressed"]) or row.get("value") is None
        rows.append(
            {
                "stap": stap,
                "volgorde": volgorde,
                "value": None if suppressed else row["value"],
                "lower_95": None if suppressed else row.get("lower_95"),
                "upper_95": None if suppressed else row.get("upper_95"),
                "label": _label(row, noun),
                "suppressed": suppressed,
            }
        )
    schema = {
        "stap": pl.String,
        "volgorde": pl.Int64,
        "value": pl.Float64,
        "lower_95": pl.Float64,
        "upper_95": pl.Float64,
        "label": pl.String,
        "suppressed": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema)


def _label(row: Mapping, noun: str) -> str:
    texts = present.row_texts(row)
    if row["suppressed"] or row.get("value") is None:
        return texts["waarde_kort"]
    return f"{texts['teller_tekst']} {noun} · {texts['waarde_kort']}"


def chain_table(by_id: Mapping[str, Mapping]) -> pl.DataFrame:
    """The chain and its leaks as a table of texts: the reachability of the SO team, each
    step's count and rate, then the shares of the Wlz admissions (crisis and planned, crisis
    without the SO team before, via the hospital, from home with the SO team before); a
    suppressed figure says so, a rest is shown only where teller and noemer are."""
    lines = []
    row = by_id.get(BEREIKBAARHEID)
    if row is not None:
        texts = present.row_texts(row)
        aantal = texts["waarde_kort"] if row["suppressed"] else texts["noemer_tekst"] + " aanvragen"
        lines.append(_line(BEREIKBAARHEID_STAP, aantal, texts))
    parts = [(i, stap, None) for i, stap, _noun in STAPPEN] + list(DELEN)
    for indicator, teller_naam, rest_naam in parts:
        row = by_id.get(indicator)
        if row is None:
            continue
        texts = present.row_texts(row)
        hidden = bool(row["suppressed"]) or row.get("value") is None
        # What stands in a cell of a figure that is not shown: the row's own short text.
        missing = texts["waarde_kort"] if row["suppressed"] else fmt.MISSING
        teller, noemer = row.get("teller"), row.get("noemer")
        shown = not row["suppressed"] and teller is not None
        lines.append(_line(teller_naam, fmt.format_number(teller) if shown else missing, texts))
        if rest_naam is None:
            continue
        if hidden or teller is None or noemer is None:
            lines.append(_line(rest_naam, missing, texts, missing))
            continue
        rest = fmt.format_value(100 - row["value"], row.get("eenheid"), _decimals(row))
        lines.append(_line(rest_naam, fmt.format_number(noemer - teller), texts, rest))
    return pl.DataFrame(
        lines, schema=dict.fromkeys(("Stap", "Aantal", "Waarde", "Toelichting"), pl.String)
    )


def _line(stap: str, aantal: str, texts: Mapping[str, str], waarde: str | None = None) -> dict:
    return {
        "Stap": stap,
        "Aantal": aantal,
        "Waarde": texts["waarde_tekst"] if waarde is None else waarde,
        "Toelichting": texts["toelichting"],
    }


def _decimals(row: Mapping) -> int:
    return 1 if row.get("decimalen") is None else int(row["decimalen"])
