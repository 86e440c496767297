"""Similar areas as a comparator: one indicator for a wijk (or gemeente), the ten areas of its
level most like it in the whole database (published table ``vergelijkbare_gebieden``) and its
RESV, as bars. Used by the Vergelijken and Wijkprofiel reports (and so by their exports).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard.reports import Section, Source, Text, gecorrigeerd, rules

LEVELS = ("wijk", "gemeente")
#: How the characteristics of ``vergelijkbare_gebieden.kenmerken`` read in a sentence.
KENMERK_TEKSTEN = {
    "inwoners_75plus": "aantal 75-plussers",
    "aandeel_85plus": "aandeel 85-plussers",
    "stedelijkheid": "stedelijkheid",
    "ses_score": "sociaal-economische status (SES-WOA)",
}
PLURAL = {"wijk": "wijken", "gemeente": "gemeenten"}


def heading(level: str) -> str:
    """ "Vergelijkbare wijken" or "Vergelijkbare gemeenten"."""
    return f"Vergelijkbare {PLURAL[level]}"


def explanation(area_name: str, level: str, kenmerken: str, aantal: int) -> str:
    """The one line that says what "vergelijkbaar" means for this area."""
    named = [KENMERK_TEKSTEN[k] for k in kenmerken.split(",") if k in KENMERK_TEKSTEN]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} en {named[-1]}"
    extra = (
        ""
        if "aandeel_85plus" in kenmerken
        else " Het aandeel 85-plussers telt hier niet mee: het is voor dit gebied niet "
        "gepubliceerd."
    )
    return (
        f"Dit zijn de {aantal} {PLURAL[level]} in de hele regio die het meest op "
        f"{area_name} lijken in {listed}; naast de eigen RESV.{extra}"
    )


def sections(
    source: Source,
    area: Mapping,
    indicator_id: str,
    period: str,
    periode: str,
    corrected: bool = True,
) -> list[Section | Text]:
    """The comparator of `area` (a wijk or gemeente; nothing for another level) on one
    indicator in one period: a subheader, the explanation and bars of the area, its similar
    areas and its RESV, the area marked. With `corrected` the rates corrected for age and sex
    where every bar has them (`gecorrigeerd.apply`), else crude with the reason."""
    level = area["area_level"]
    if level not in LEVELS:
        return []
    items: list[Section | Text] = [Text("subheader", heading(level))]
    similar = source.similar_areas(area["area_code"])
    if similar.is_empty():
        return [
            *items,
            Text(
                "caption",
                f"Voor {area['area_name']} zijn geen vergelijkbare {PLURAL[level]} "
                "gepubliceerd (geen inwoners van 75 jaar en ouder, of een database zonder "
                "deze tabel).",
            ),
        ]
    codes = [area["area_code"], *similar["similar_code"].to_list()]
    rows = source.level_values(indicator_id, level, None, period).filter(
        pl.col("area_code").is_in(codes)
    )
    resv = (
        source.level_values(indicator_id, "resv", None, period)
        .filter(pl.col("area_code") == area["resv_code"])
        .with_columns(("RESV " + pl.col("area_name")).alias("area_name"))
    )
    frame = pl.concat([rows, resv], how="diagonal_relaxed")
    items.append(
        Text(
            "caption",
            explanation(area["area_name"], level, similar["kenmerken"][0], similar.height),
        )
    )
    if rows.is_empty():
        return [*items, Text("info", "Er zijn geen cijfers voor deze keuze.")]
    shown_corrected = corrected and gecorrigeerd.available(frame)
    if corrected and not shown_corrected:
        items.append(Text("caption", gecorrigeerd.not_available_text(frame)))
    frame = gecorrigeerd.apply(frame, corrected)
    first = frame.row(0, named=True)
    titel = f"{first['titel']}: {area['area_name']} en vergelijkbare {PLURAL[level]}, {periode}"
    parts = rules.comparison_chart(frame, titel, area["area_code"])
    items.append(Section("vergelijkbaar_staaf", titel, parts, frame, (indicator_id,)))
    return items
