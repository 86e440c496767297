"""A published row → the Dutch texts a user reads, with the build's own thresholds.

The one place that decides what a figure looks like on screen, in a CSV or xlsx, in an image and
on a slide: a value with its unit and decimals, its interval, "< 15" or "onderdrukt" with the
reason, the comparison, the trend and the period ("2026 t/m sep" for an incomplete year).

The thresholds are those of the build that wrote the database (`build_info.min_telling`,
`min_noemer`, `min_koppels`), never a number written here. They reach a row in one of two ways:
the data layer adds the build's facts to every row it reads (`BUILD_COLUMNS`, so a row describes
itself, as its unit and decimals do), or the caller passes `Drempels` read from `build_info`. A
row without them is still written safely: "onderdrukt", never a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from dashboard import format as fmt

#: The facts of the build that ride along with every published row the data layer reads.
BUILD_COLUMNS = ("min_telling", "min_noemer", "min_koppels", "peildatum")

#: A value that is not suppressed but does not exist, because its noemer is 0.
NO_VALUE = "geen waarde (noemer is 0)"
#: A row shown corrected for age and sex without a corrected figure (fewer than 10 events, or
#: withheld to protect a small age-sex group): see dashboard/reports/gecorrigeerd.py.
NO_CORRECTED = "geen gecorrigeerd cijfer"

#: Suppression reasons whose texts name the koppel minimum (`build_info.min_koppels`, which
#: also counts the practices behind a koppel figure).
TOO_FEW_KOPPELS = "te_weinig_koppels"
TOO_FEW_PRACTICES = "te_weinig_praktijken"
_UNITS = {TOO_FEW_KOPPELS: ("koppels", "koppel"), TOO_FEW_PRACTICES: ("praktijken", "praktijk")}

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Drempels:
    """The disclosure thresholds of one build: counts below `min_telling`, populations below
    `min_noemer` and koppel figures of fewer than `min_koppels` koppels are not shown."""

    min_telling: int
    min_noemer: int
    min_koppels: int

    @classmethod
    def from_build_info(cls, info: Mapping) -> Drempels:
        """Return the thresholds of a `build_info` row. Refuses a row without them (KeyError):
        a guessed threshold would be a wrong text."""
        return cls(int(info["min_telling"]), int(info["min_noemer"]), int(info["min_koppels"]))

    @classmethod
    def of_row(cls, row: Mapping) -> Drempels | None:
        """Return the thresholds a row carries (see `BUILD_COLUMNS`), None when it has none."""
        if any(row.get(name) is None for name in ("min_telling", "min_noemer", "min_koppels")):
            return None
        return cls.from_build_info(row)


def suppressed_text(
    reason: str | None,
    methode: str | None = None,
    drempels: Drempels | None = None,
    short: bool = False,
) -> str:
    """Return what is shown instead of a suppressed number.

    primair → "< {min_telling}" (a proportion: "onderdrukt", since it may be the complement,
    95 of 100, that is small, and which side is small must not be told); kleine_noemer →
    "onderdrukt (kleine noemer)"; te_weinig_koppels → "onderdrukt (minder dan {min_koppels}
    koppels)", te_weinig_praktijken likewise with "praktijken"; anything else → "onderdrukt".
    Without thresholds no number is named. `short` keeps table cells and map labels narrow (no
    reason in brackets). Never returns a number other than a threshold.
    """
    if reason == "primair" and methode != "proportion" and drempels is not None:
        return f"< {drempels.min_telling}"
    if short:
        return "onderdrukt"
    if reason == "kleine_noemer":
        return "onderdrukt (kleine noemer)"
    if reason in _UNITS:
        units = _UNITS[reason][0]
        if drempels is None:
            return f"onderdrukt (te weinig {units})"
        return f"onderdrukt (minder dan {drempels.min_koppels} {units})"
    return "onderdrukt"


def explanation(reason: str | None, drempels: Drempels | None = None) -> str:
    """Return the Dutch sentence that explains why a row is suppressed, naming the build's
    threshold where the reason has one (and none without `drempels`)."""
    if reason == "primair":
        if drempels is None:
            return (
                "Te weinig personen of gebeurtenissen (of te weinig zonder de gebeurtenis). Het "
                "cijfer is niet getoond zodat niemand herkenbaar is."
            )
        n = drempels.min_telling
        return (
            f"Minder dan {n} personen of gebeurtenissen (of minder dan {n} zonder de "
            "gebeurtenis). Het cijfer is niet getoond zodat niemand herkenbaar is."
        )
    if reason == "secundair":
        return (
            "Niet getoond omdat een ander, onderdrukt cijfer anders uit dit cijfer en de "
            "omliggende cijfers terug te rekenen zou zijn."
        )
    if reason == "kleine_noemer":
        few = "Te weinig" if drempels is None else f"Minder dan {drempels.min_noemer}"
        return (
            f"{few} inwoners van 75 jaar en ouder. Het cijfer is niet getoond omdat het te "
            "onbetrouwbaar en mogelijk herleidbaar is."
        )
    if reason in _UNITS:
        units, unit = _UNITS[reason]
        few = "te weinig" if drempels is None else f"minder dan {drempels.min_koppels}"
        return f"Er tellen {few} {units} mee: dan zou een {unit} herkenbaar worden."
    return "Dit cijfer is niet getoond om herleidbaarheid te voorkomen."


def reason_phrase(reason: str | None, drempels: Drempels | None = None) -> str:
    """A short phrase for why a figure is missing, for a list in a chart's note: "minder dan
    15", "minder dan 5 koppels", "kleine noemer", "terug te rekenen"."""
    if reason == "primair":
        return "te klein aantal" if drempels is None else f"minder dan {drempels.min_telling}"
    if reason == TOO_FEW_KOPPELS:
        return (
            "te weinig koppels"
            if drempels is None
            else f"minder dan {drempels.min_koppels} koppels"
        )
    if reason == TOO_FEW_PRACTICES:
        return (
            "te weinig praktijken"
            if drempels is None
            else f"minder dan {drempels.min_koppels} praktijken"
        )
    if reason == "kleine_noemer":
        return "kleine noemer"
    if reason == "secundair":
        return "terug te rekenen"
    return "onderdrukt"


def legend(drempels: Drempels) -> str:
    """The sentence under a chart or table that says how suppressed figures look."""
    return (
        f"Onderdrukte cijfers staan er als “< {drempels.min_telling}” of “onderdrukt”: te weinig "
        "personen of gebeurtenissen om te tonen zonder dat iemand herkenbaar wordt. Een "
        "onderdrukt cijfer krijgt geen plek op een as."
    )


def koppel_rule(drempels: Drempels) -> str:
    """The sentence that says when koppel figures are shown."""
    return (
        f"Cijfers over koppels tonen we alleen waar ten minste {drempels.min_koppels} koppels "
        "meetellen, zodat geen koppel herkenbaar is."
    )


#: A date the build did not record (an older or hand-made database).
UNKNOWN_DATE = "onbekend"


def date_text(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """A date as users read it ("30-09-2026", with `with_time` "03-12-2026 05:43"), or
    "onbekend" when the build did not record it."""
    if value is None:
        return UNKNOWN_DATE
    if with_time and isinstance(value, dt.datetime):
        return f"{value:%d-%m-%Y %H:%M}"
    return f"{value:%d-%m-%Y}"


def wijk_name(naam: str, gemeente: str | None) -> str:
    """A wijk as users read it everywhere: with its gemeente, "Wijk 03 Zuid, Synthveen" (wijk
    names repeat across gemeenten); the name alone when the gemeente is unknown."""
    return f"{naam}, {gemeente}" if gemeente else naam


def period_text(period: str, volledig: bool | None = True, peildatum: dt.date | None = None) -> str:
    """Return a period as users read it: "2025", "3e kwartaal 2025"; an incomplete period up to
    the build's peildatum: "2026 t/m sep" ("(onvolledig)" when the peildatum is unknown)."""
    text = fmt.period_label(period)
    if volledig is not False:
        return text
    if peildatum is None:
        return f"{text} (onvolledig)"
    return f"{text} t/m {MONTHS[peildatum.month - 1]}"


def row_period_text(row: Mapping) -> str:
    """The period of a row (`period`, `periode_volledig`, `peildatum`), "" without one."""
    period = row.get("period")
    if period is None:
        return ""
    return period_text(period, row.get("periode_volledig"), row.get("peildatum"))


def _unit(row: Mapping, eenheid: str | None, decimalen: int) -> tuple[str | None, int]:
    unit = row.get("eenheid") or eenheid
    decimals = row.get("decimalen")
    return unit, decimalen if decimals is None else int(decimals)


def value_text(
    row: Mapping,
    short: bool = False,
    eenheid: str | None = None,
    decimalen: int = 1,
    drempels: Drempels | None = None,
) -> str:
    """Return a published value as it is shown: with its unit and decimals (the row's own
    `eenheid`/`decimalen`, else the given), or its suppression text. Never a number for a
    suppressed row; "geen waarde (noemer is 0)" for a row that has nothing to divide by."""
    if row.get("suppressed"):
        return suppressed_text(
            row.get("suppression_reason"),
            row.get("methode"),
            drempels or Drempels.of_row(row),
            short=short,
        )
    if row.get("value") is None:
        # A rate shown corrected for age and sex (reports/gecorrigeerd.py) that has none.
        return NO_CORRECTED if row.get("gecorrigeerd") else NO_VALUE
    unit, decimals = _unit(row, eenheid, decimalen)
    return fmt.format_value(row.get("value"), unit, decimals)


def cell_text(row: Mapping, decimalen: int = 1) -> str:
    """The short text of a grid cell: the number without unit, or "onderdrukt" — never the
    threshold, which in a column of numbers reads as a value."""
    if row.get("suppressed"):
        return "onderdrukt"
    return fmt.format_number(row.get("value"), _unit(row, None, decimalen)[1])


def interval_text(row: Mapping, decimalen: int = 1) -> str:
    """Return the 95 % interval of a row ("28,1–34,6"), or "–" when it has none."""
    if row.get("suppressed"):
        return fmt.MISSING
    decimals = _unit(row, None, decimalen)[1]
    return fmt.format_interval(row.get("lower_95"), row.get("upper_95"), decimals)


def status(row: Mapping) -> str:
    """The comparison code a chart colours by: the comparison, or 'onderdrukt'."""
    if row.get("suppressed"):
        return "onderdrukt"
    return row.get("comparison") or "niet_vergeleken"


def comparison_text(row: Mapping) -> str:
    """The comparison with the benchmark in Dutch ("Beter", "Onderdrukt", "Niet vergeleken")."""
    return fmt.label_for(fmt.STATUS_LABELS, status(row))


def trend_text(row: Mapping) -> str:
    """The trend of the five complete years ending at the row's year, in Dutch."""
    return fmt.label_for(fmt.TREND_LABELS, row.get("trend"))


def row_explanation(row: Mapping, drempels: Drempels | None = None) -> str:
    """Why a row is suppressed ("" for a row that is shown)."""
    if not row.get("suppressed"):
        return ""
    return explanation(row.get("suppression_reason"), drempels or Drempels.of_row(row))


#: The text columns `indicator_texts` adds, in order.
TEXT_COLUMNS = (
    "status",
    "status_tekst",
    "waarde_tekst",
    "waarde_kort",
    "interval_tekst",
    "teller_tekst",
    "noemer_tekst",
    "periode_tekst",
    "toelichting",
)


def row_texts(
    row: Mapping, eenheid: str | None = None, decimalen: int = 1, drempels: Drempels | None = None
) -> dict[str, str]:
    """Every text of one indicator_values row (the keys of TEXT_COLUMNS)."""
    drempels = drempels or Drempels.of_row(row)
    suppressed = bool(row.get("suppressed"))
    return {
        "status": status(row),
        "status_tekst": comparison_text(row),
        "waarde_tekst": value_text(row, eenheid=eenheid, decimalen=decimalen, drempels=drempels),
        "waarde_kort": value_text(
            row, short=True, eenheid=eenheid, decimalen=decimalen, drempels=drempels
        ),
        "interval_tekst": interval_text(row, _unit(row, eenheid, decimalen)[1]),
        "teller_tekst": fmt.MISSING if suppressed else fmt.format_number(row.get("teller")),
        "noemer_tekst": fmt.MISSING if suppressed else fmt.format_number(row.get("noemer")),
        "periode_tekst": row_period_text(row),
        "toelichting": row_explanation(row, drempels),
    }


def indicator_texts(
    frame: pl.DataFrame, eenheid: str | None = None, decimalen: int = 1
) -> pl.DataFrame:
    """Return indicator_values rows with the columns of TEXT_COLUMNS added (see `row_texts`)."""
    texts = {name: [] for name in TEXT_COLUMNS}
    for row in frame.to_dicts():
        for name, text in row_texts(row, eenheid, decimalen).items():
            texts[name].append(text)
    return frame.with_columns(pl.Series(name, values, pl.String) for name, values in texts.items())


#: The columns of `indicator_table` after the first one.
TABLE_COLUMNS = (
    "Waarde",
    "95%-interval",
    "Teller",
    "Noemer",
    "Referentie",
    "Vergelijking",
    "Trend",
    "Toelichting",
)


def indicator_table(frame: pl.DataFrame, first: str, first_title: str) -> pl.DataFrame:
    """Return indicator rows as a table of Dutch texts (no raw numbers): value, interval,
    teller, noemer, benchmark, comparison, trend and why a row is suppressed."""
    rows = []
    for row in frame.to_dicts():
        texts = row_texts(row)
        unit, decimals = _unit(row, None, 1)
        rows.append(
            {
                first_title: str(row[first]),
                "Waarde": texts["waarde_tekst"],
                "95%-interval": texts["interval_tekst"],
                "Teller": texts["teller_tekst"],
                "Noemer": texts["noemer_tekst"],
                "Referentie": fmt.format_value(row.get("benchmark_value"), unit, decimals),
                "Vergelijking": texts["status_tekst"],
                "Trend": trend_text(row),
                "Toelichting": texts["toelichting"],
            }
        )
    return pl.DataFrame(rows, schema=dict.fromkeys([first_title, *TABLE_COLUMNS], pl.String))
