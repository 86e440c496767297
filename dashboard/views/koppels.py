"""Koppels: coverage of fixed HA/SO koppels, contacts within koppels, the learning curve and the
share of work done by VS and PA."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, filters, present, queries
from dashboard import format as fmt
from dashboard.reports import rules
from dashboard.views import _common as common
from dashboard.views._report import PageReport
from dashboard.views.trends import area_codes

TITLE = "Koppels"
KOPPEL_INDICATORS = ("koppeldekking", "consulten_binnen_koppel", "inzet_vs_pa")


def render() -> None:
    """Render the Koppels page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    period = filters.year_filter(database)
    gebied = keuze.gebied
    periode = common.period_text(database, period)
    st.subheader(f"{gebied.label}, {periode}")
    st.caption(
        "Een vast koppel is één huisartspraktijk en één specialist ouderengeneeskunde (SO) die "
        f"vast samenwerken. {present.koppel_rule(common.drempels(database))}"
    )
    report = PageReport(f"Koppels {gebied.name}", [gebied.name], periode)
    trend = queries.trend_values(database, KOPPEL_INDICATORS, area_codes(keuze), "jaar")
    for indicator in KOPPEL_INDICATORS[:2]:
        report.indicator_trend(
            trend, indicator, key=f"koppels_trend_{indicator}", periode="per jaar"
        )
    _coverage_per_wijk(report, database, keuze, period)
    _kenmerken(report, database, gebied)
    _leercurve(report, database, keuze)
    st.subheader("Inzet van verpleegkundig specialisten en physician assistants")
    report.indicator_trend(
        trend, "inzet_vs_pa", key="koppels_trend_inzet_vs_pa", periode="per jaar"
    )
    _disciplines(report, database, gebied)
    report.deck_button()


def _coverage_per_wijk(
    report: PageReport, database: str, keuze: filters.GebiedKeuze, period: str
) -> None:
    # Overzicht's rule: a scope with too many wijken (national scale: ~2,000 bars, 2 MB for
    # the browser) is shown per gemeente or RESV.
    level = rules.grid_level(queries.areas(database), keuze.scope, keuze.gebied.level)
    scope = keuze.scope if level != "resv" else None
    frame = queries.level_values(database, "koppeldekking", level, scope, period)
    if frame.is_empty():
        return
    first = frame.row(0, named=True)
    noun = "wijk" if level == "wijk" else rules.level_noun(level)
    titel = f"{first['titel']} per {noun}, {common.period_text(database, period)}"
    if level != "wijk":
        st.caption(
            f"Te veel wijken voor één staafdiagram: hier per {noun}. Kies in de zijbalk een RESV "
            "of gemeente om haar wijken te zien."
        )
    chart = charts.bar_with_intervals.parts(
        frame,
        None,
        titel=titel,
        eenheid=first["eenheid"],
        decimalen=int(first["decimalen"]),
    )
    report.chart(
        chart, frame, key="koppels_dekking_wijk", titel=titel, indicatoren=["koppeldekking"]
    )


def _kenmerken(report: PageReport, database: str, gebied: filters.Gebied) -> None:
    kenmerken = queries.koppel_kenmerken(database, gebied.code)
    if kenmerken.is_empty():
        st.info(f"Er zijn geen koppelgegevens voor {gebied.name}.")
        return
    report.chart(
        charts.koppel_coverage.parts(kenmerken),
        kenmerken,
        key="koppels_kenmerken",
        titel="Kenmerken van de vaste HA/SO-koppels",
        periode="per jaar",
    )
    table = [
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
    common.show_table(pl.DataFrame(table), key="koppels_kenmerken_tabel")


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


def _leercurve(report: PageReport, database: str, keuze: filters.GebiedKeuze) -> None:
    curve = queries.koppel_leercurve(database, area_codes(keuze))
    if curve.is_empty():
        return
    report.chart(
        charts.learning_curve.parts(curve),
        curve,
        key="koppels_leercurve",
        titel="Leercurve van de vaste koppels",
        periode="alle jaren",
    )
    st.caption(
        "Leercurve: het gemiddelde aantal SO-contacten per koppel in elk kwartaal na de start "
        "van het koppel (kwartaal 0 = het kwartaal waarin het koppel begon)."
    )


def _disciplines(report: PageReport, database: str, gebied: filters.Gebied) -> None:
    frame = queries.consulten_per_kenmerk(database, gebied.code, "uitvoerder_discipline")
    if frame.is_empty():
        return
    chart = charts.stacked_share.parts(
        frame,
        categorie="waarde",
        aantal="contacten",
        x="jaar",
        labels=fmt.DISCIPLINE_LABELS,
        titel="Contacten naar uitvoerder",
        categorie_titel="Uitvoerder",
    )
    report.chart(
        chart,
        frame,
        key="koppels_uitvoerder",
        titel="Contacten naar uitvoerder",
        periode="per jaar",
    )


if __name__ == "__main__":
    render()
