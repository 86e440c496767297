"""Overzicht, for the board: what the dashboard is for, "Wat valt op", a tile per indicator for
the chosen area (coloured by its verdict against the benchmark), then wijken × indicators."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import filters, queries, theme
from dashboard.reports import overzicht, region_name, rules, wat_valt_op
from dashboard.views import _common as common
from dashboard.views import _gecorrigeerd
from dashboard.views._report import PageReport

TITLE = "Overzicht"
TILES_PER_ROW = 3

#: URL parameter and options of the choice between the year and its last quarter.
KEY_TEGELS = "tegels"
TILE_PERIODS = {"jaar": "Heel jaar", "kwartaal": "Laatste kwartaal"}

#: st.metric colours a change green or red by its sign alone; a yearly change carries no
#: verdict (that is the benchmark comparison and the trend test), so it stays grey.
_DELTA_COLOUR = "off"

#: A tile's verdict is its left edge and a labelled chip (never colour alone); the values wrap
#: instead of being cut off ("72,0 uren per 1.…").
_STYLE = "\n".join(
    [
        "<style>",
        '.st-key-tegelraster [data-testid="stMetricValue"] > div {white-space: normal; '
        "overflow: visible; text-overflow: clip; font-size: 1.7rem; line-height: 1.25;}",
        '.st-key-tegelraster [data-testid="stMetricLabel"] p {white-space: normal; '
        "font-weight: 600;}",
        '.st-key-tegelraster [data-testid="stMetricDelta"] > div {white-space: normal;}',
        ".oordeel {display: inline-block; padding: 0.1rem 0.5rem; border-radius: 0.3rem; "
        "font-size: 0.85rem; margin: 0.1rem 0.3rem 0.1rem 0;}",
        ".lijnjaren {display: flex; justify-content: space-between; font-size: 0.75rem; "
        "color: #555; margin-top: -0.6rem;}",
        *(
            f'[class*="st-key-tegel-{status}-"] {{border-left: 0.6rem solid {colour} !important;}}'
            for status, colour in theme.COMPARISON_COLOURS.items()
        ),
        '[class*="st-key-tegel-onderdrukt-"] {border-left-color: #999999 !important;}',
        "</style>",
    ]
)


def verdict_chip(status: str, text: str) -> str:
    """A verdict as a coloured, labelled chip (HTML)."""
    fill = theme.COMPARISON_COLOURS.get(status, "#BBBBBB")
    ink = theme.COMPARISON_TEXT_COLOURS.get(status, theme.TEXT_COLOUR)
    border = "1px solid #999999" if status in ("onderdrukt", "niet_vergeleken") else "none"
    return (
        f'<span class="oordeel" style="background:{fill};color:{ink};border:{border}">'
        f"{html.escape(text)}</span>"
    )


def _legend(selectie: overzicht.Selectie) -> None:
    basis = overzicht.colour_basis(selectie)
    chips = "".join(verdict_chip(status, text) for status, text in overzicht.legend(basis))
    text = html.escape(overzicht.legend_text(basis, selectie.referentie))
    st.markdown(f"<div>{text} {chips}</div>", unsafe_allow_html=True)


def _tile(tegel: overzicht.Tegel, number: int) -> None:
    with st.container(border=True, key=f"tegel-{tegel.status}-{number}"):
        st.metric(
            tegel.titel,
            tegel.waarde,
            delta=tegel.verandering.tekst,
            delta_color=_DELTA_COLOUR,
            delta_arrow=tegel.verandering.pijl,
            help=tegel.definitie or None,
            # Streamlit's own sparkline: the whole periods up to this one, drawn with the
            # metric itself (a chart of its own per tile would be 15 more charts to send).
            chart_data=list(tegel.lijn),
            chart_type="line",
        )
        if tegel.lijn_van_tot:
            first, last = tegel.lijn_van_tot
            st.markdown(
                f'<div class="lijnjaren"><span>{first}</span><span>{last}</span></div>',
                unsafe_allow_html=True,
            )
        st.markdown(verdict_chip(tegel.status, tegel.oordeel), unsafe_allow_html=True)
        st.caption("  \n".join(tegel.toelichting))


def _messages(selectie: overzicht.Selectie) -> None:
    st.subheader(wat_valt_op.TITLE)
    lines = []
    for message in wat_valt_op.messages(selectie):
        # Good or bad news in words as well as colour (the tone is only set where the
        # published intervals support it).
        marker = {"goed": ":green-badge[gunstig] ", "slecht": ":orange-badge[ongunstig] "}.get(
            message.toon, ""
        )
        kop = f"{marker}**{message.kop}.** " if message.kop else ""
        lines.append(f"- {kop}{message.tekst}")
    st.markdown("\n".join(lines))


def _tile_period(database: str, year: str, keuze: filters.GebiedKeuze) -> str:
    """The period of the tiles: the chosen year, or its last complete quarter."""
    soort = st.radio(
        "Tegels over",
        list(TILE_PERIODS),
        format_func=lambda option: TILE_PERIODS[option],
        key=KEY_TEGELS,
        bind="query-params",
        horizontal=True,
        help="Het gekozen jaar, of het laatste hele kwartaal daarvan (vergeleken met hetzelfde "
        "kwartaal een jaar eerder). Kwartalen zijn er vanaf gemeenteniveau.",
    )
    if soort != "kwartaal":
        return year
    quarter = overzicht.last_quarter(queries.periods(database), year)
    if keuze.gebied.level == "wijk" or quarter is None:
        st.caption(
            "Kwartaalcijfers worden pas vanaf gemeenteniveau gepubliceerd; hier het hele jaar."
            if keuze.gebied.level == "wijk"
            else "Dit jaar heeft nog geen heel kwartaal; hier het hele jaar."
        )
        return year
    return quarter


def render() -> None:
    """Render the Overzicht page."""
    st.title(TITLE)
    st.html(_STYLE)
    database = common.database()
    keuze = filters.area_filter(database)
    year = filters.year_filter(database)
    st.markdown(
        "Hoe gaat het met de zorg voor 75-plussers thuis, door huisartsen en specialisten "
        f"ouderengeneeskunde samen, in {region_name(queries.areas(database))}? Per indicator "
        "het laatste cijfer, de vergelijking met het gemiddelde en de ontwikkeling."
    )
    period = _tile_period(database, year, keuze)
    # Tiles, their lines, "Wat valt op" and the grid show the corrected rates where chosen.
    corrected = _gecorrigeerd.toggle()
    selectie = overzicht.read_selectie(common.source(), common.area(keuze), period, corrected)
    st.subheader(f"{selectie.gebied}, {selectie.periode}")
    if not selectie.rijen:
        st.info(f"Er zijn geen cijfers voor {selectie.gebied_in_zin} in {selectie.periode}.")
        return
    common.incomplete_note(database, period, selectie.volledig)
    _messages(selectie)
    st.subheader("Alle indicatoren")
    _legend(selectie)
    tegels = overzicht.tiles(selectie)
    with st.container(key="tegelraster"):
        for start in range(0, len(tegels), TILES_PER_ROW):
            columns = st.columns(TILES_PER_ROW)
            for offset, (column, tegel) in enumerate(
                zip(columns, tegels[start : start + TILES_PER_ROW], strict=False)
            ):
                with column:
                    _tile(tegel, start + offset)
    report = PageReport(f"Overzicht {selectie.gebied}", [selectie.gebied], selectie.periode)
    _grid(report, database, keuze, year, corrected)
    report.deck_button(wat_valt_op.summary(selectie))


def _grid(
    report: PageReport,
    database: str,
    keuze: filters.GebiedKeuze,
    period: str,
    corrected: bool = True,
) -> None:
    scope_name = keuze.gebied.name if keuze.gebied.level != "wijk" else "de gemeente"
    level = rules.grid_level(queries.areas(database), keuze.scope, keuze.gebied.level)
    label = rules.LEVEL_LABELS[level]
    benchmark = "de regio" if level == "resv" else "hun RESV"
    st.subheader(f"{label} vergeleken met {benchmark}")
    if level != "wijk":
        st.caption(
            f"Te veel wijken voor één overzicht: hier per {rules.level_noun(level)}. Kies in de "
            "zijbalk een RESV of gemeente om haar wijken te zien."
        )
    periode = common.period_text(database, period)
    grid = queries.grid_values(database, level, keuze.scope, period)
    if grid.is_empty():
        st.info(f"Er zijn geen cijfers voor {scope_name} in {periode}.")
        return
    report.section(overzicht.grid_section(grid, level, periode, corrected))
    st.caption(
        f"Kleur: vergelijking met {benchmark} (beter, vergelijkbaar of slechter; hoger of lager "
        f"waar geen oordeel past). {common.legend(database)}"
    )


if __name__ == "__main__":
    render()
