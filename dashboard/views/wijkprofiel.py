"""Wijkprofiel, for the coordinator: one area's indicators against its benchmark, its trends,
and the population and koppels behind the figures."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, filters, queries
from dashboard import format as fmt
from dashboard.views import _common as common
from dashboard.views._report import PageReport

TITLE = "Wijkprofiel"
LEEFTIJD_75PLUS = ("75-79", "80-84", "85-89", "90+")


def render() -> None:
    """Render the Wijkprofiel page."""
    st.title(TITLE)
    database = common.database()
    keuze = filters.area_filter(database)
    period = filters.year_filter(database)
    gebied = keuze.gebied
    if gebied.level == "regio":
        st.info(
            "Kies in de zijbalk een wijk, gemeente of RESV: het profiel vergelijkt dat gebied "
            "met zijn referentie (een wijk of gemeente met haar RESV, een RESV met de regio)."
        )
        return
    benchmark = gebied.benchmark_name or "de referentie"
    st.subheader(f"{gebied.label}, {period}")
    values = queries.area_values(database, gebied.code, "jaar")
    current = values.filter(pl.col("period") == period)
    if current.is_empty():
        st.info(f"Er zijn geen cijfers voor {gebied.name} in {period}.")
        return
    common.incomplete_note(period, current["periode_volledig"][0])
    _population(database, gebied, int(period))
    _koppels(database, gebied, current)
    chart = charts.spine_chart.parts(
        current, titel=f"{gebied.name} ten opzichte van {benchmark}, {period}"
    )
    report = PageReport(f"Wijkprofiel {gebied.name}", [gebied.name], period)
    report.chart(
        chart,
        current,
        key="spine_chart",
        titel=f"{gebied.name} ten opzichte van {benchmark}, {period}",
    )
    st.caption(
        "Punt: de waarde als percentage van de referentie (100 = gelijk aan "
        f"{benchmark}); lijn: 95%-betrouwbaarheidsinterval. {common.SUPPRESSED_LEGEND}"
    )
    common.show_table(common.indicator_table(current, "titel", "Indicator"), key="profiel_tabel")
    _trend(report, database, keuze)
    report.deck_button()


def _population(database: str, gebied: filters.Gebied, jaar: int) -> None:
    bevolking = queries.bevolking(database, gebied.code, jaar)
    shown = bevolking.filter(
        pl.col("leeftijdsklasse").is_in(LEEFTIJD_75PLUS) & ~pl.col("suppressed")
    )
    if shown.is_empty():
        st.markdown(f"**Inwoners:** voor {jaar} zijn geen bevolkingscijfers gepubliceerd.")
        return
    parts = [
        f"{fmt.format_number(row['inwoners'])} van {row['leeftijdsklasse']} jaar"
        for row in shown.to_dicts()
    ]
    total = fmt.format_number(shown["inwoners"].sum())
    hidden = bevolking.filter(pl.col("leeftijdsklasse").is_in(LEEFTIJD_75PLUS)).height - len(parts)
    note = " (een leeftijdsklasse is onderdrukt en niet meegeteld)" if hidden else ""
    st.markdown(
        f"**Inwoners:** op 1 januari {jaar} woonden in {gebied.name} {total} mensen van 75 jaar "
        f"en ouder{note}: {', '.join(parts)}."
    )


def _koppels(database: str, gebied: filters.Gebied, current: pl.DataFrame) -> None:
    kenmerken = queries.koppel_kenmerken(database, gebied.code)
    jaar = int(current["period"][0])
    row = kenmerken.filter(pl.col("jaar") == jaar)
    dekking = current.filter(pl.col("indicator_id") == "koppeldekking")
    sentences = []
    if row.height and not row["suppressed"][0]:
        r = row.row(0, named=True)
        sentences.append(
            f"Op 1 juli {jaar} werkten hier {fmt.format_number(r['actieve_koppels'])} vaste "
            f"koppels van huisartspraktijk en specialist ouderengeneeskunde; in "
            f"{fmt.format_number(r['aandeel_werkt_in_his'], 0)} % daarvan werkt de SO in het "
            f"HIS van de huisarts, {fmt.format_number(r['aandeel_vast_overleg'], 0)} % heeft "
            "vaste overlegmomenten."
        )
    else:
        sentences.append(
            f"Over de koppels in {jaar} zeggen we hier niets: er zijn er minder dan 3, en dan "
            "zou een koppel herkenbaar worden."
        )
    if dekking.height and (dekking["suppressed"][0] or dekking["value"][0] is not None):
        sentences.append(
            f"{common.value_text(dekking.row(0, named=True))} van de ingeschreven 75-plussers "
            "staat bij een praktijk met een vast koppel."
        )
    st.markdown("**Koppels:** " + " ".join(sentences))


def _trend(report: PageReport, database: str, keuze: filters.GebiedKeuze) -> None:
    st.subheader("Ontwikkeling")
    indicator = filters.indicator_filter(database)
    codes = list(dict.fromkeys([keuze.gebied.code, keuze.gebied.benchmark_code]))
    frame = queries.trend_values(database, [indicator], [c for c in codes if c], "jaar")
    titel = frame["titel"][0] if frame.height else "Trend"
    eenheid = frame["eenheid"][0] if frame.height else None
    chart = charts.trend_lines.parts(frame, titel=titel, eenheid=eenheid, reeks="gebied")
    report.chart(
        chart, frame, key="profiel_trend", titel=titel, periode="per jaar", indicatoren=[indicator]
    )


if __name__ == "__main__":
    render()
