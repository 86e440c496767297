""" "Wat valt op": the key messages of one area and period, in plain Dutch, for the Overzicht
page and the deck's second slide.

Every message is read from published fields, never from statistics of its own:

- better / worse (or, where no judgement fits, higher / lower) than the benchmark: the
  published `comparison` (the 95 % interval of the area against the benchmark value);
- a rising or falling trend: the published `trend` (the five complete years ending at the
  row's year, tested by the pipeline at 99,8 %);
- the largest changes against the same period a year earlier (`overzicht.compare_with_year_
  before`: an incomplete year against the same months of the year before). A change is only
  called more than chance when the published 95 % intervals of both periods do not overlap;
  otherwise the message says it may be chance, or that it cannot be told.

Each message names its indicator, the area and the period. A suppressed row never gives a
message nor a number, whatever else it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard import format as fmt
from dashboard import present
from dashboard.reports.overzicht import (
    Selectie,
    Tegel,
    YearComparison,
    colour_basis,
    tiles,
    verdict_text,
)

TITLE = "Wat valt op"

#: How many changes against the year before are named.
MAX_CHANGES = 3

#: Message kinds, in the order they are shown.
REFERENTIE, TREND, VERANDERING, ALGEMEEN = "referentie", "trend", "verandering", "algemeen"


@dataclass(frozen=True)
class Boodschap:
    """One message: its kind (`referentie`, `trend`, `verandering` or `algemeen`), the
    indicator it is about (None for a general remark), its tone (`goed`, `slecht` or
    `neutraal`: whether the polarity makes it good or bad news, only said where the intervals
    support it), its headline ("Dekking vaste HA/SO-koppels: beter dan de hele regio"; empty
    for a general remark) and its text."""

    soort: str
    indicator_id: str | None
    toon: str
    kop: str
    tekst: str

    @property
    def zin(self) -> str:
        """Headline and text as one line."""
        return f"{self.kop}. {self.tekst}" if self.kop else self.tekst


def _shown(row: Mapping) -> bool:
    return not row.get("suppressed") and row.get("value") is not None


def _benchmark_messages(selectie: Selectie) -> list[Boodschap]:
    messages = []
    for row in selectie.rijen:
        comparison = row.get("comparison")
        if not _shown(row) or comparison not in ("beter", "slechter", "hoger", "lager"):
            continue
        if selectie.referentie is None:
            continue
        verdict = verdict_text(comparison, selectie.referentie)
        verdict = verdict[0].lower() + verdict[1:]
        text = f"{present.value_text(row)} in {selectie.gebied_in_zin} in {selectie.periode}"
        benchmark = row.get("benchmark_value")
        if benchmark is not None:
            reference = fmt.format_value(benchmark, row.get("eenheid"), int(row["decimalen"]))
            text += f", tegen {reference} in {selectie.referentie}"
        text += f" (95%-interval {present.interval_text(row)}). Het verschil is groter dan toeval."
        tone = {"beter": "goed", "slechter": "slecht"}.get(comparison, "neutraal")
        kop = f"{row['titel']}: {verdict}"
        messages.append(Boodschap(REFERENTIE, row["indicator_id"], tone, kop, text))
    order = {"slecht": 0, "goed": 1, "neutraal": 2}
    return sorted(messages, key=lambda message: order[message.toon])


def _trend_messages(selectie: Selectie) -> list[Boodschap]:
    messages = []
    for row in selectie.rijen:
        trend = row.get("trend")
        if not _shown(row) or trend not in ("stijgend", "dalend"):
            continue
        year = int(str(row["period"])[:4])
        first = str(year - 4)
        word = "stijging" if trend == "stijgend" else "daling"
        kop = f"{row['titel']}: {trend}e trend in {selectie.gebied_in_zin}"
        start = next(
            (
                past
                for past in selectie.historie.get(row["indicator_id"], [])
                if str(past["period"]) == first and _shown(past)
            ),
            None,
        )
        text = ""
        if start is not None:
            text = (
                f"Van {present.value_text(start)} in {first} naar {present.value_text(row)} in "
                f"{year}. "
            )
        text += f"De {word} over {first}–{year} is groter dan toeval."
        if row.get("gecorrigeerd"):
            # The pipeline tests the trend on the crude series; the values quoted are corrected.
            text += " (Getoetst op de ongecorrigeerde cijfers.)"
        polarity = row.get("polariteit")
        good = (trend == "stijgend") == (polarity == "hoger_beter")
        tone = (
            "neutraal"
            if polarity not in ("hoger_beter", "lager_beter")
            else ("goed" if good else "slecht")
        )
        messages.append(Boodschap(TREND, row["indicator_id"], tone, kop, text))
    return messages


def _intervals(row: Mapping) -> tuple[float, float] | None:
    lower, upper = row.get("lower_95"), row.get("upper_95")
    return None if lower is None or upper is None else (lower, upper)


def _change_message(selectie: Selectie, row: Mapping, compared: YearComparison) -> Boodschap:
    unit, decimals = row.get("eenheid"), int(row["decimalen"])
    change = fmt.format_change(compared.change, decimals, unit)
    word = "hoger" if compared.change > 0 else "lager"
    previous = _previous(selectie, row)
    earlier = (
        present.value_text(previous)
        if compared.published and previous is not None
        else fmt.format_value(compared.earlier, unit, decimals)
    )
    kop = f"{row['titel']}: {word} dan een jaar eerder in {selectie.gebied_in_zin}"
    text = (
        f"{present.value_text(row)} in {selectie.periode}, tegen {earlier} in "
        f"{compared.earlier_text} ({change})."
    )
    now = _intervals(row)
    before = _intervals(previous) if compared.published and previous is not None else None
    supported = (
        now is not None and before is not None and (now[0] > before[1] or now[1] < before[0])
    )
    if now is None or before is None:
        text += (
            " Of dat meer is dan toeval, is niet te zeggen: niet van beide perioden is een "
            "interval gepubliceerd."
        )
    elif supported:
        text += " Dat is meer dan toeval: de 95%-intervallen van beide perioden overlappen niet."
    else:
        text += " Dat kan toeval zijn: de 95%-intervallen van beide perioden overlappen."
    polarity = row.get("polariteit")
    if polarity in ("hoger_beter", "lager_beter") and supported:
        good = (compared.change > 0) == (polarity == "hoger_beter")
        tone = "goed" if good else "slecht"
    else:
        tone = "neutraal"
    return Boodschap(VERANDERING, row["indicator_id"], tone, kop, text)


def _previous(selectie: Selectie, row: Mapping) -> dict | None:
    from dashboard.reports.overzicht import previous_period

    before = previous_period(str(row["period"]))
    return next(
        (
            past
            for past in selectie.historie.get(row["indicator_id"], [])
            if str(past["period"]) == before and _shown(past)
        ),
        None,
    )


def _supported(selectie: Selectie, row: Mapping, compared: YearComparison) -> bool:
    """Whether the published intervals of both periods do not overlap."""
    previous = _previous(selectie, row)
    if not compared.published or previous is None:
        return False
    now, before = _intervals(row), _intervals(previous)
    return bool(now and before and (now[0] > before[1] or now[1] < before[0]))


def _change_messages(selectie: Selectie) -> list[Boodschap]:
    candidates = []
    for row in selectie.rijen:
        compared = selectie.vergelijking.get(row["indicator_id"])
        if not _shown(row) or not isinstance(compared, YearComparison):
            continue
        if compared.earlier == 0 or compared.change == 0:
            continue
        # Round as shown: a change that reads "0,0" is no change.
        if fmt.format_change(compared.change, int(row["decimalen"])) in ("0", "0,0", "0,00"):
            continue
        relative = abs(compared.change / compared.earlier)
        candidates.append((not _supported(selectie, row, compared), -relative, row, compared))
    candidates.sort(key=lambda item: item[:2])
    return [_change_message(selectie, row, compared) for *_, row, compared in candidates][
        :MAX_CHANGES
    ]


def _algemeen(tekst: str) -> Boodschap:
    """A general remark: about no indicator, neutral, without a headline."""
    return Boodschap(ALGEMEEN, None, "neutraal", "", tekst)


def messages(selectie: Selectie) -> list[Boodschap]:
    """The messages of one area and period (`overzicht.read_selectie`), in the order a reader
    needs them: the verdicts against the benchmark (worse first), the trends, the largest
    changes against the same period a year earlier, and a general remark where the period
    cannot be compared or nothing stands out."""
    if not selectie.rijen:
        return [
            _algemeen(
                f"Er zijn geen cijfers voor {selectie.gebied_in_zin} in {selectie.periode}.",
            )
        ]
    result = [*_benchmark_messages(selectie), *_trend_messages(selectie)]
    shown = [row for row in selectie.rijen if _shown(row)]
    compared = [row for row in shown if row.get("comparison") not in (None, "niet_vergeleken")]
    similar = [row for row in compared if row.get("comparison") == "gelijk"]
    if not selectie.volledig:
        result.append(
            _algemeen(
                f"{selectie.periode} is nog niet compleet: de cijfers zijn voorlopig en worden "
                "nog niet met de referentie vergeleken of op een trend getoetst.",
            )
        )
    elif selectie.referentie is None:
        result.append(
            _algemeen(
                f"{selectie.gebied_in_zin[0].upper()}{selectie.gebied_in_zin[1:]} is zelf de "
                "referentie: er is niets om mee te vergelijken, alleen de ontwikkeling.",
            )
        )
    elif similar:
        result.append(
            _algemeen(
                f"Bij {len(similar)} van de {len(compared)} vergeleken indicatoren is "
                f"{selectie.gebied_in_zin} in {selectie.periode} vergelijkbaar met "
                f"{selectie.referentie}.",
            )
        )
    result += _change_messages(selectie)
    if not any(message.soort != ALGEMEEN for message in result):
        result.append(
            _algemeen(
                f"Niets valt op in {selectie.gebied_in_zin} in {selectie.periode}: geen "
                "verschil met de referentie of trend die groter is dan toeval.",
            )
        )
    return result


@dataclass(frozen=True)
class Samenvatting:
    """The Overzicht of one area and period for the deck: its name, period, benchmark, the
    messages of "Wat valt op" and the tiles."""

    gebied: str
    periode: str
    referentie: str | None
    boodschappen: tuple[Boodschap, ...]
    tegels: tuple[Tegel, ...]
    #: What the tiles are coloured by (`overzicht.colour_basis`): `referentie` or `trend`.
    kleur: str = "referentie"

    @property
    def indicatoren(self) -> tuple[str, ...]:
        """The indicators the messages are about, in message order, each once."""
        ids = (message.indicator_id for message in self.boodschappen if message.indicator_id)
        return tuple(dict.fromkeys(ids))


def summary(selectie: Selectie) -> Samenvatting:
    """The messages and tiles of a selection, for the deck's second and third slide."""
    return Samenvatting(
        gebied=selectie.gebied,
        periode=selectie.periode,
        referentie=selectie.referentie,
        boodschappen=tuple(messages(selectie)),
        tegels=tuple(tiles(selectie)),
        kleur=colour_basis(selectie),
    )
