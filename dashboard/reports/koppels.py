"""The Koppels report: coverage of fixed HA/SO koppels, contacts within koppels, the learning
curve and the share of work done by VS and PA, for one area and year.

Used by the Koppels page and by `python -m dashboard.export --rapport koppels`.
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
    period_text,
    rules,
)

KOPPEL_INDICATORS = ("koppeldekking", "consulten_binnen_koppel", "inzet_vs_pa")


def report(source: Source, area: Mapping, period: str) -> Report:
    """The Koppels page of `area` (an `areas` row) in the year `period`."""
    periode = period_text(source, period)
    result = Report(f"Koppels {area['area_name']}", (area["area_name"],), periode)
    items = result.items
    drempels = present.Drempels.from_build_info(source.build_info())
    items.append(Text("subheader", f"{area_title(area)}, {periode}"))
    items.append(
        Text(
            "caption",
            "Een vast koppel is één huisartspraktijk en één specialist ouderengeneeskunde (SO) "
            f"die vast samenwerken. {present.koppel_rule(drempels)}",
        )
    )
    codes = rules.trend_area_codes(area, source.areas())
    trend = source.trend_values(list(KOPPEL_INDICATORS), codes, "jaar")
    for indicator in KOPPEL_INDICATORS[:2]:
        items.append(_trend(trend, indicator))
    items.extend(_coverage_per_wijk(source, area, period))
    items.extend(_kenmerken(source, area))
    items.extend(_samenwerkingsfase(source, area, drempels))
    items.extend(_leercurve(source, codes))
    items.extend(_hulpvraag_per_koppeljaar(source, area))
    items.append(Text("subheader", "Inzet van verpleegkundig specialisten en physician assistants"))
    items.append(_trend(trend, "inzet_vs_pa"))
    items.extend(_disciplines(source, area))
    result.items[:] = [item for item in items if item is not None]
    return result


def _trend(trend: pl.DataFrame, indicator: str) -> Section | None:
    return rules.trend_section(
        trend, indicator, key=f"koppels_trend_{indicator}", periode="per jaar"
    )


def _coverage_per_wijk(source: Source, area: Mapping, period: str) -> list:
    # Overzicht's rule: a scope with too many wijken (national scale: ~2,000 bars, 2 MB for
    # the browser) is shown per gemeente or RESV.
    scope = rules.comparison_scope(area)
    level = rules.grid_level(source.areas(), scope, area["area_level"])
    frame = source.level_values("koppeldekking", level, scope if level != "resv" else None, period)
    if frame.is_empty():
        return []
    first = frame.row(0, named=True)
    noun = rules.level_noun(level)
    titel = f"{first['titel']} per {noun}, {period_text(source, period)}"
    items: list = []
    if level != "wijk":
        items.append(
            Text(
                "caption",
                f"Te veel wijken voor één staafdiagram: hier per {noun}. Kies in de zijbalk een "
                "RESV of gemeente om haar wijken te zien.",
            )
        )
    chart = charts.bar_with_intervals(
        frame, None, titel=titel, eenheid=first["eenheid"], decimalen=int(first["decimalen"])
    )
    items.append(Section("koppels_dekking_wijk", titel, chart, frame, ("koppeldekking",)))
    return items


def kenmerken_table(kenmerken: pl.DataFrame) -> pl.DataFrame:
    """The koppel_kenmerken rows of one area as the page's table of texts, one row per year."""
    return pl.DataFrame(
        [
            {
                "Jaar": str(row["jaar"]),
                "Actieve koppels (1 juli)": fmt.format_number(row["actieve_koppels"])
                if not row["suppressed"]
                else present.suppressed_text(
                    row["suppression_reason"], drempels=present.Drempels.of_row(row)
                ),
                **_shares(row),
            }
            for row in kenmerken.to_dicts()
        ]
    )


def _shares(row: dict) -> dict[str, str]:
    """The two shares of a koppel_kenmerken row as the table shows them; the reason when they
    are not published (too few koppels)."""
    if row.get("aandelen_onderdrukt") and not row["suppressed"]:
        hidden = present.suppressed_text(
            present.TOO_FEW_KOPPELS, drempels=present.Drempels.of_row(row)
        )
        return {"SO werkt in HIS": hidden, "Vaste overlegmomenten": hidden}
    return {
        "SO werkt in HIS": fmt.format_value(row["aandeel_werkt_in_his"], "%", 0),
        "Vaste overlegmomenten": fmt.format_value(row["aandeel_vast_overleg"], "%", 0),
    }


def _kenmerken(source: Source, area: Mapping) -> list:
    kenmerken = source.koppel_kenmerken(area["area_code"])
    if kenmerken.is_empty():
        return [Text("info", f"Er zijn geen koppelgegevens voor {area['area_name']}.")]
    titel = "Kenmerken van de vaste HA/SO-koppels"
    chart = charts.koppel_coverage(kenmerken)
    return [
        Section("koppels_kenmerken", titel, chart, kenmerken, periode="per jaar"),
        Table("koppels_kenmerken_tabel", kenmerken_table(kenmerken)),
    ]


FASE_TITEL = "Samenwerkingsfase"
FASE_UITLEG = (
    "Elke huisartspraktijk staat op 1 juli in één fase: 0 geen vast koppel; 1 een koppel "
    "korter dan een jaar; 2 een koppel van een jaar of langer; 3 daarbij werkt de SO in het "
    "HIS van de praktijk en is er vast overleg; 4 daarbij had een cliënt van de praktijk dat "
    "jaar een zorgtraject kwetsbare patiënten. Een praktijk staat in de hoogste fase waarvan "
    "alles klopt. Het aandeel is het deel van alle ingeschreven 75-plussers; fase 1 tot en met 4 "
    "samen is de dekking van vaste koppels."
)


def _samenwerkingsfase(source: Source, area: Mapping, drempels: present.Drempels) -> list:
    shown = rules.gemeente_up(area, source.areas())
    frame = source.samenwerkingsfase(shown["area_code"])
    if frame is None:
        return [
            Text("subheader", FASE_TITEL),
            Text("info", "Deze database heeft nog geen samenwerkingsfasen (een oudere build)."),
        ]
    items: list = [Text("subheader", FASE_TITEL)]
    if shown is not area:
        items.append(
            Text(
                "caption",
                f"Per gemeente: een wijk heeft te weinig praktijken. Hier {area_title(shown)}.",
            )
        )
    if frame.is_empty():
        items.append(
            Text("info", f"Er zijn geen praktijken gepubliceerd voor {shown['area_name']}.")
        )
        return items
    titel = "75-plussers naar samenwerkingsfase van hun huisartspraktijk"
    chart = charts.stacked_share(
        frame,
        categorie="fase",
        aantal="ingeschreven_75plus",
        x="period",
        labels=fmt.FASE_LABELS,
        titel=titel,
        categorie_titel="Samenwerkingsfase",
    )
    items.append(Section("koppels_samenwerkingsfase", titel, chart, frame, periode="per jaar"))
    items.append(Table("koppels_samenwerkingsfase_tabel", fase_table(frame, drempels)))
    items.append(
        Text(
            "caption",
            f"{FASE_UITLEG} Een fase met minder dan {drempels.min_koppels} praktijken is "
            "onderdrukt en vult met de andere onderdrukte fasen samen het grijze deel van de "
            "staaf.",
        )
    )
    return items


def fase_table(frame: pl.DataFrame, drempels: present.Drempels | None = None) -> pl.DataFrame:
    """The samenwerkingsfase rows of one area as a table of texts: one row per stage (every
    stage), one column per year ("2026 t/m sep" for a year up to the peildatum), each cell
    "practices: listed 75-plussers (share)"; a suppressed cell says so and holds no number."""
    return rules.per_year_table(
        frame, "fase", fmt.FASE_LABELS, "Samenwerkingsfase", _fase_count, drempels, "0 praktijken"
    )


def _fase_count(row: Mapping) -> str:
    praktijken = int(row["praktijken"])
    noun = "praktijk" if praktijken == 1 else "praktijken"
    return (
        f"{fmt.format_number(praktijken)} {noun}: {fmt.format_number(row['ingeschreven_75plus'])}"
    )


def _leercurve(source: Source, codes: list[str]) -> list:
    curve = source.koppel_leercurve(codes)
    if curve.is_empty():
        return []
    titel = "Leercurve van de vaste koppels"
    return [
        Section(
            "koppels_leercurve",
            titel,
            charts.learning_curve(curve),
            curve,
            periode="alle jaren",
        ),
        Text(
            "caption",
            "Leercurve: het gemiddelde aantal SO-contacten per koppel in elk kwartaal na de "
            "start van het koppel (kwartaal 0 = het kwartaal waarin het koppel begon).",
        ),
    ]


def _hulpvraag_per_koppeljaar(source: Source, area: Mapping) -> list:
    shown = rules.gemeente_up(area, source.areas())
    frame = source.koppel_hulpvraag(shown["area_code"])
    if frame is None or frame.is_empty():
        return []
    titel = "Contacten binnen vaste koppels naar hulpvraag en jaar van het koppel"
    chart = charts.stacked_share(
        frame,
        categorie="hulpvraag",
        aantal="contacten",
        x="koppeljaar_tekst",
        labels=fmt.KENMERK_WAARDE_LABELS["hulpvraag"],
        titel=titel,
        categorie_titel="Hulpvraag",
    )
    where = (
        f" Hier {area_title(shown)}: een wijk heeft te weinig koppels." if shown is not area else ""
    )
    return [
        Section("koppels_hulpvraag_koppeljaar", titel, chart, frame, periode="alle jaren"),
        Text(
            "caption",
            "Leercurve naar hulpvraag: met welke vragen de huisarts het SO-team inschakelde in "
            "het eerste, tweede en derde (of later) jaar van een koppel, als aandeel van de "
            "contacten van de koppels in dat jaar (alle jaren samen; kwartalen tot en met de "
            f"peildatum, als de leercurve).{where}",
        ),
    ]


def _disciplines(source: Source, area: Mapping) -> list:
    frame = source.consulten_per_kenmerk(area["area_code"], "uitvoerder_discipline")
    if frame.is_empty():
        return []
    titel = "Contacten naar uitvoerder"
    chart = charts.stacked_share(
        frame,
        categorie="waarde",
        aantal="contacten",
        x="period",
        labels=fmt.DISCIPLINE_LABELS,
        titel=titel,
        categorie_titel="Uitvoerder",
    )
    return [Section("koppels_uitvoerder", titel, chart, frame, periode="per jaar")]
