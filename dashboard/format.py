"""Dutch number formatting and labels for everything a user reads: screen, tables and exports.

Numbers use a decimal comma and a thousands dot ("1.234,5"), a typographic minus ("−0,8") and an
en dash ("–") for a missing value. Rounding is half away from zero (2,675 → 2,68), the same in
the scalar functions and in the vectorised column formatter, so a table and a tile never
disagree. Nothing here decides whether a number may be shown, or what stands in its place:
suppressed rows arrive without numbers, and `dashboard.present` writes their texts with the
build's thresholds.
"""

from __future__ import annotations

import math
import re

import polars as pl

MISSING = "–"
MINUS = "−"
INTERVAL_DASH = "–"

#: A tiny relative nudge before rounding, so that 2.675 (stored as 2.67499999…) rounds the way it
#: is written. The scalar and the vectorised formatter apply exactly the same float operations.
_NUDGE = 1.0 + 1e-12

COMPARISON_LABELS = {
    "beter": "Beter",
    "slechter": "Slechter",
    "gelijk": "Vergelijkbaar",
    "hoger": "Hoger",
    "lager": "Lager",
    "niet_vergeleken": "Niet vergeleken",
}

#: What a chart colours by: the comparison, or 'onderdrukt' for a suppressed row.
STATUS_LABELS = {**COMPARISON_LABELS, "onderdrukt": "Onderdrukt"}

TREND_LABELS = {
    "stijgend": "Stijgend",
    "dalend": "Dalend",
    "geen_verandering": "Geen verandering",
    "onvoldoende_data": "Onvoldoende gegevens",
}

AREA_LEVEL_LABELS = {"wijk": "Wijk", "gemeente": "Gemeente", "resv": "RESV", "regio": "Regio"}

POLARITY_LABELS = {
    "hoger_beter": "Hoger is beter",
    "lager_beter": "Lager is beter",
    "geen_oordeel": "Geen oordeel",
}

OPNAME_TYPE_LABELS = {
    "WLZ_VERBLIJF": "Verpleeghuis (Wlz)",
    "ELV_LAAG": "ELV laagcomplex",
    "ELV_HOOG": "ELV hoogcomplex",
    "ELV_PALLIATIEF": "ELV palliatief",
    "GRZ": "Geriatrische revalidatie",
}

HERKOMST_LABELS = {
    "THUIS": "Thuis",
    "ZIEKENHUIS": "Ziekenhuis",
    "ELV": "Eerstelijnsverblijf",
    "GRZ": "Geriatrische revalidatie",
    "OVERIG": "Overig",
}

DISCIPLINE_LABELS = {
    "SO": "Specialist ouderengeneeskunde",
    "VS": "Verpleegkundig specialist",
    "PA": "Physician assistant",
    "BASISARTS": "Basisarts",
}

#: The samenwerkingsfase of a practice on 1 July (pipelines/sql/intermediate/
#: int_samenwerkingsfase.sql): a ladder, each stage adds to the one before.
FASE_LABELS = {
    "0": "0 Geen koppel",
    "1": "1 Koppel korter dan een jaar",
    "2": "2 Koppel een jaar of langer",
    "3": "3 Ook HIS en vast overleg",
    "4": "4 Ook zorgtrajecten",
}

FINANCIERING_LABELS = {"ZVW_GZSP": "Zvw (GZSP)", "WLZ": "Wlz thuis"}

PRESTATIE_LABELS = {
    "CONSULT": "Consult",
    "ZORGTRAJECT_START": "Start zorgtraject",
    "ZORGTRAJECT_VERVOLG": "Vervolg zorgtraject",
    "MDO": "Multidisciplinair overleg",
    "BEHANDELING": "Behandeling",
}

CONTACTVORM_LABELS = {
    "THUIS": "Bij de cliënt thuis",
    "SPREEKUUR": "Spreekuur",
    "TELEFONISCH": "Telefonisch",
    "VIDEO": "Beeldbellen",
    "MDO_ZONDER_CLIENT": "MDO zonder cliënt",
}

HULPVRAAG_LABELS = {
    "DEMENTIE_DIAGNOSTIEK": "Dementiediagnostiek",
    "PROBLEEMGEDRAG": "Probleemgedrag",
    "POLYFARMACIE": "Polyfarmacie",
    "ACP_PALLIATIEF": "Proactieve zorgplanning en palliatieve zorg",
    "MOBILITEIT_VALLEN": "Mobiliteit en vallen",
    "MULTIMORBIDITEIT": "Multimorbiditeit",
    "OVERIG": "Overig",
}

#: The `kenmerk` values of consulten_per_kenmerk, with the labels of their `waarde` codes.
KENMERK_LABELS = {
    "hulpvraag": "Hulpvraag",
    "contactvorm": "Contactvorm",
    "uitvoerder_discipline": "Uitvoerder",
    "financiering": "Financiering",
    "prestatie": "Prestatie",
}
KENMERK_WAARDE_LABELS = {
    "hulpvraag": HULPVRAAG_LABELS,
    "contactvorm": CONTACTVORM_LABELS,
    "uitvoerder_discipline": DISCIPLINE_LABELS,
    "financiering": FINANCIERING_LABELS,
    "prestatie": PRESTATIE_LABELS,
}

_PERIOD = re.compile(r"(\d{4})(?:-Q([1-4]))?")


def _is_missing(x: float | int | None) -> bool:
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def _check_decimals(decimals: int) -> None:
    if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0:
        raise ValueError(f"decimals moet een geheel getal ≥ 0 zijn, niet {decimals!r}")


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


def format_number(x: float | int | None, decimals: int = 0) -> str:
    """Return `x` in Dutch notation with `decimals` decimals: 1234.5 → "1.234,5", −0.8 → "−0,8".

    None, NaN and infinity give "–". A value that rounds to zero has no sign. Refuses a negative
    or non-integer `decimals` with ValueError.
    """
    _check_decimals(decimals)
    if _is_missing(x):
        return MISSING
    scaled = math.floor(abs(float(x)) * float(10**decimals) * _NUDGE + 0.5)
    whole, fraction = divmod(scaled, 10**decimals)
    text = _group_thousands(str(whole))
    if decimals:
        text += "," + str(fraction).zfill(decimals)
    return (MINUS + text) if (x < 0 and scaled > 0) else text


def format_value(value: float | int | None, eenheid: str | None, decimals: int = 1) -> str:
    """Return a value with its unit: "31,2 per 1.000", "45,0 %", "87 dagen".

    The value must already be in its unit (a percentage as 45.0, not 0.45). A missing value is
    "–" without unit; an empty `eenheid` gives the number alone.
    """
    text = format_number(value, decimals)
    if text == MISSING or not eenheid:
        return text
    return f"{text} {eenheid}"


def format_interval(lower: float | None, upper: float | None, decimals: int = 1) -> str:
    """Return a confidence interval as "28,1–34,6"; "–" when either limit is missing."""
    if _is_missing(lower) or _is_missing(upper):
        return MISSING
    return f"{format_number(lower, decimals)}{INTERVAL_DASH}{format_number(upper, decimals)}"


def format_change(change: float | None, decimals: int = 1, eenheid: str | None = None) -> str:
    """Return a signed change: "+1,2", "−0,8", "0,0"; with a unit "+1,2 per 1.000".

    A change of a percentage is in percentage points ("+1,2 procentpunt"). Missing gives "–".
    """
    text = format_number(change, decimals)
    if text == MISSING:
        return text
    if not text.startswith(MINUS) and change > 0 and text.strip("0,.") != "":
        text = "+" + text
    if eenheid:
        text += " procentpunt" if eenheid == "%" else f" {eenheid}"
    return text


def label_for(labels: dict[str, str], code: str | None) -> str:
    """Return the Dutch label of `code` in `labels`; the code itself when unknown, "–" for None."""
    if code is None:
        return MISSING
    return labels.get(code, code)


def period_label(period: str, volledig: bool = True) -> str:
    """Return a period as users read it: "2024" → "2024", "2024-Q3" → "3e kwartaal 2024".

    An incomplete period gets " (onvolledig)". Refuses any other spelling with ValueError.
    """
    match = _PERIOD.fullmatch(str(period))
    if match is None:
        raise ValueError(f"onbekende periode {period!r}; verwacht '2024' of '2024-Q3'")
    year, quarter = match.groups()
    text = f"{quarter}e kwartaal {year}" if quarter else year
    return text if volledig else f"{text} (onvolledig)"


def format_number_expr(expr: pl.Expr, decimals: int = 0) -> pl.Expr:
    """Return a polars expression that formats a numeric expression like `format_number`.

    Vectorised (no Python per row); null, NaN and infinity become "–".
    """
    _check_decimals(decimals)
    x = expr.cast(pl.Float64)
    scaled = (x.abs() * float(10**decimals) * _NUDGE + 0.5).floor().cast(pl.Int64, strict=False)
    whole = (scaled // 10**decimals).cast(pl.String)
    # Group thousands from the right: reverse, put a dot after every three digits, reverse back.
    grouped = whole.str.reverse().str.replace_all(r"(\d{3})", "$1.").str.strip_suffix(".")
    text = grouped.str.reverse()
    if decimals:
        fraction = (scaled % 10**decimals).cast(pl.String).str.zfill(decimals)
        text = pl.concat_str([text, pl.lit(","), fraction])
    signed = pl.when((x < 0) & (scaled > 0)).then(pl.lit(MINUS) + text).otherwise(text)
    return pl.when(x.is_finite() & scaled.is_not_null()).then(signed).otherwise(pl.lit(MISSING))


def format_number_column(series: pl.Series, decimals: int = 0) -> pl.Series:
    """Return `series` formatted as Dutch text (a String series of the same name and length)."""
    return pl.select(format_number_expr(pl.lit(series), decimals).alias(series.name)).to_series()
