"""Wijkprofiel, for the coordinator: one area's indicators against its benchmark, its trends,
and the population and koppels behind the figures."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import filters, present, queries
from dashboard import format as fmt
from dashboard.reports import gecorrigeerd, rules, wijkprofiel
from dashboard.views import _common as common
from dashboard.views import _gecorrigeerd
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
    periode = common.period_text(database, period)
    if gebied.level == "regio":
        st.info(
            "Kies in de zijbalk een wijk, gemeente of RESV: het profiel vergelijkt dat gebied "
            "met zijn referentie (een wijk of gemeente met haar RESV, een RESV met de regio)."
        )
        report = PageReport(f"Wijkprofiel {gebied.name}", [gebied.name], periode)
        _pyramid(report, keuze, int(period))
        report.deck_button()
        return
    st.subheader(f"{gebied.label}, {periode}")
    values = queries.area_values(database, gebied.code, "jaar")
    current = values.filter(pl.col("period") == period)
    if current.is_empty():
        st.info(f"Er zijn geen cijfers voor {gebied.name} in {periode}.")
        return
    common.incomplete_note(database, period, current["periode_volledig"][0])
    benchmark_code = rules.benchmark_of(current)
    benchmark = common.area_name(database, benchmark_code) or "de referentie"
    report = PageReport(f"Wijkprofiel {gebied.name}", [gebied.name], periode)
    _population(database, gebied, int(period))
    _koppels(database, gebied, current)
    corrected = _gecorrigeerd.toggle()
    current = gecorrigeerd.apply(current, corrected)
    report.section(wijkprofiel.profile_section(current, gebied.name, benchmark, periode, corrected))
    st.caption(
        "Punt: de waarde als percentage van de referentie (100 = gelijk aan "
        f"{benchmark}); lijn: 95%-betrouwbaarheidsinterval. {common.legend(database)}"
    )
    common.show_table(present.indicator_table(current, "titel", "Indicator"), key="profiel_tabel")
    _pyramid(report, keuze, int(period))
    indicator = _trend(
        report, database, [gebied.code, *([benchmark_code] if benchmark_code else [])]
    )
    report.items_of(
        wijkprofiel.similar_sections(
            common.source(), common.area(keuze), indicator, period, periode, corrected
        )
    )
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


def _pyramid(report: PageReport, keuze: filters.GebiedKeuze, jaar: int) -> None:
    """The population pyramid of the chosen area (`wijkprofiel.pyramid_section`)."""
    report.items_of([wijkprofiel.pyramid_section(common.source(), common.area(keuze), jaar)])


def _koppels(database: str, gebied: filters.Gebied, current: pl.DataFrame) -> None:
    """The koppel sentences: what the koppels of the area are like, and the koppeldekking.

    Both follow what is published. A year whose koppel figures are suppressed, or whose shares
    are (`aandelen_onderdrukt`: fewer koppels than the build's minimum), gets the reason, and
    then no koppeldekking either: a share of "100 %" next to "too few koppels to say anything"
    would point at the one koppel.
    """
    kenmerken = queries.koppel_kenmerken(database, gebied.code)
    jaar = int(current["period"][0])
    row = kenmerken.filter(pl.col("jaar") == jaar)
    dekking = current.filter(pl.col("indicator_id") == "koppeldekking")
    if not row.height:
        st.markdown(f"**Koppels:** voor {jaar} zijn hier geen koppelgegevens gepubliceerd.")
        return
    r = row.row(0, named=True)
    if r["suppressed"]:
        reason = present.explanation(r.get("suppression_reason"), common.drempels(database))
        st.markdown(f"**Koppels:** over de koppels in {jaar} zeggen we hier niets. {reason}")
        return
    drempels = common.drempels(database)
    sentences = [
        f"Op 1 juli {jaar} werkten hier {fmt.format_number(r['actieve_koppels'])} vaste "
        "koppels van huisartspraktijk en specialist ouderengeneeskunde"
    ]
    if r.get("aandelen_onderdrukt"):
        # Too few koppels to say how they work, or what share of patients they cover.
        sentences[0] += (
            f". Hoe zij samenwerken zeggen we hier niet: "
            f"{present.explanation(present.TOO_FEW_KOPPELS, drempels)[0].lower()}"
            f"{present.explanation(present.TOO_FEW_KOPPELS, drempels)[1:]}"
        )
        st.markdown("**Koppels:** " + " ".join(sentences))
        return
    sentences[0] += (
        f"; in {fmt.format_number(r['aandeel_werkt_in_his'], 0)} % daarvan werkt de SO in het "
        f"HIS van de huisarts, {fmt.format_number(r['aandeel_vast_overleg'], 0)} % heeft "
        "vaste overlegmomenten."
    )
    if dekking.height and not dekking["suppressed"][0] and dekking["value"][0] is not None:
        sentences.append(
            f"{present.value_text(dekking.row(0, named=True))} van de ingeschreven "
            "75-plussers staat bij een praktijk met een vast koppel."
        )
    st.markdown("**Koppels:** " + " ".join(sentences))


def _trend(report: PageReport, database: str, codes: list[str]) -> str:
    """The trend of the chosen indicator for the area and its benchmark (`codes`); returns the
    chosen indicator."""
    st.subheader("Ontwikkeling")
    indicator = filters.indicator_filter(database)
    frame = queries.trend_values(database, [indicator], codes, "jaar")
    if not report.indicator_trend(frame, indicator, key="profiel_trend", periode="per jaar"):
        st.info("Voor deze indicator zijn geen jaarcijfers gepubliceerd.")
    return indicator


if __name__ == "__main__":
    render()
