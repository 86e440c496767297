"""Which value a comparing view shows: the crude rate, or the rate corrected for age and sex.

The pipeline publishes, beside each rate, its direct standardisation to the European Standard
Population 2013 of 75-plussers (`std_value`, its limits and `std_comparison`, years only). Every
view that compares areas — bars, funnel, map, grid, profile, tiles — shows the corrected rate
where the row has one when the user leaves "Gecorrigeerd voor leeftijd en geslacht" on (the
default); `apply` is that one rule, used by the app's pages and by the command line alike.
`funnel_rows` adds where a corrected funnel plot places each area (its derived noemer, as
PHEindicatormethods does for directly standardised rates).
"""

from __future__ import annotations

import polars as pl

from dashboard import present

#: The choice on every comparing page.
LABEL = "Gecorrigeerd voor leeftijd en geslacht"
#: One sentence under the choice.
EXPLANATION = (
    "Gecorrigeerd: elk gebied wordt omgerekend naar dezelfde leeftijds- en geslachtsopbouw "
    "(de Europese standaardbevolking van 75-plussers), zodat een gebied met veel hoogbejaarden "
    "niet slechter lijkt alleen door de leeftijd van zijn inwoners."
)
#: The method, for the Indicatoren page.
METHOD = (
    "Voor bereik SO, SO-consulten, cliënten met een zorgtraject, Wlz-opnames en ELV-opnames "
    "publiceert het dashboard ook een cijfer dat is gecorrigeerd voor leeftijd en geslacht "
    "(directe standaardisatie). Per leeftijdsgroep (75-79, 80-84, 85-89, 90+) en geslacht wordt "
    "het cijfer van het gebied berekend en gewogen met de Europese standaardbevolking 2013 "
    "(4.000, 2.500, 1.500 en 1.000, elk gelijk verdeeld over mannen en vrouwen); per 1.000 "
    "inwoners van 75 jaar en ouder per jaar. Het 95%- en 99,8%-interval volgen de methode van "
    "Dobson rond de grenzen van het totale aantal (zoals PHEindicatormethods). Zoals bij Public "
    "Health England: geen gecorrigeerd cijfer onder de 10 gebeurtenissen. Alleen voor hele jaren, "
    "en alleen waar elke leeftijds- en geslachtsgroep 0 of ten minste 10 gebeurtenissen telt: "
    "anders zou het gecorrigeerde cijfer iets verraden over een kleine groep (bijvoorbeeld de "
    "mannen van 90 jaar en ouder in een kleine wijk). Daardoor hebben de meeste wijken geen "
    "gecorrigeerd cijfer. Een vergelijking toont alleen gecorrigeerde cijfers als elk gebied "
    "er een heeft. Vergeleken wordt het gecorrigeerde interval met het gecorrigeerde cijfer van "
    "de referentie. In het gecorrigeerde trechterdiagram staat elk gebied bij zijn effectieve "
    "bevolking: het aantal inwoners dat met het gecorrigeerde cijfer het waargenomen aantal "
    "gebeurtenissen zou geven (aantal × 1.000 ÷ gecorrigeerd cijfer); de grenzen (exact "
    "Poisson) liggen rond het gecorrigeerde cijfer van de referentie, zoals Public Health "
    "England trechterdiagrammen van gestandaardiseerde cijfers tekent."
)
#: What a row without a corrected figure shows when the correction is on.
NO_CORRECTED = present.NO_CORRECTED
#: Said where a choice made no difference: the rows have no corrected figure.
NOT_AVAILABLE = (
    "Voor deze indicator of periode is er geen cijfer gecorrigeerd voor leeftijd en geslacht: "
    "de cijfers zijn ongecorrigeerd."
)
#: Said where some areas have a corrected figure and others not (withheld for small groups).
INCOMPLETE = (
    "Niet gecorrigeerd voor leeftijd en geslacht: voor een deel van deze gebieden zou het "
    "gecorrigeerde cijfer iets verraden over een kleine groep (bijvoorbeeld de mannen van 90 "
    "jaar en ouder in een kleine wijk), en gecorrigeerde cijfers naast ongecorrigeerde zijn "
    "geen eerlijke vergelijking. Alle cijfers hier zijn daarom ongecorrigeerd."
)
#: Said for an indicator that is never corrected.
NEVER = "Deze indicator wordt niet gecorrigeerd voor leeftijd en geslacht."
#: The x axis of a corrected funnel plot (`funnel_rows`' noemer).
FUNNEL_NOEMER = "Effectieve bevolking 75+ (uit het gecorrigeerde cijfer)"
#: Under a corrected funnel plot.
FUNNEL_EXPLANATION = (
    "Het trechterdiagram is gecorrigeerd voor leeftijd en geslacht: elk gebied staat bij zijn "
    "gecorrigeerde cijfer en bij zijn effectieve bevolking, het aantal inwoners van 75 jaar en "
    "ouder dat met dat cijfer het waargenomen aantal zou geven; de grenzen liggen rond het "
    "gecorrigeerde cijfer van de referentie."
)
#: Where the cijfers are corrected but the build published no corrected funnel limits.
FUNNEL_NOT_PUBLISHED = (
    "Het trechterdiagram toont de ongecorrigeerde cijfers: voor de gecorrigeerde cijfers zijn "
    "geen trechtergrenzen gepubliceerd."
)


def not_available_text(frame: pl.DataFrame) -> str:
    """Why rows of one indicator (`frame`, not `available`) are shown uncorrected."""
    if "std_comparison" not in frame.columns:
        return NEVER
    if frame["std_value"].is_not_null().any():
        return INCOMPLETE
    return NOT_AVAILABLE if frame["std_comparison"].is_not_null().any() else NEVER


#: The columns `apply` replaces, each by its standardised twin.
REPLACED = {
    "value": "std_value",
    "lower_95": "std_lower_95",
    "upper_95": "std_upper_95",
    "lower_998": "std_lower_998",
    "upper_998": "std_upper_998",
    "comparison": "std_comparison",
    "benchmark_value": "benchmark_std_value",
}


def _corrected_rows() -> pl.Expr:
    """Rows shown corrected: a year whose every published row of the same indicator and period
    in the frame has a corrected figure. A comparison of corrected with crude rates would not be
    fair, so where the pipeline withheld some (small age-sex groups), all stay crude."""
    # A standardised indicator's year rows carry a std_comparison, "niet_vergeleken" where the
    # pipeline gave no standardised value.
    standardised = pl.col("std_comparison").is_not_null() & (pl.col("period_type") == "jaar")
    has = standardised & pl.col("std_value").is_not_null()
    complete = (has | pl.col("suppressed").fill_null(False)).all().over("indicator_id", "period")
    return standardised & complete


def available(frame: pl.DataFrame) -> bool:
    """Whether any row of `frame` (indicator_values rows) can be shown corrected."""
    if "std_comparison" not in frame.columns or frame.is_empty():
        return False
    return bool(frame.select(_corrected_rows().any()).item())


def apply(frame: pl.DataFrame, gecorrigeerd: bool = True) -> pl.DataFrame:
    """The rows as a comparing view shows them. With `gecorrigeerd`, every row of a
    standardised indicator in a year shows its standardised value, limits and comparison, and
    its benchmark's standardised value; such a row without one (fewer than 10 events, withheld)
    shows no value and is not compared. Other rows are unchanged. Adds the boolean column
    `gecorrigeerd` (the row shows the corrected figure); idempotent."""
    if "std_comparison" not in frame.columns:
        return frame
    if not gecorrigeerd or "benchmark_std_value" not in frame.columns:
        corrected = pl.col("gecorrigeerd") if "gecorrigeerd" in frame.columns else pl.lit(False)
        return frame.with_columns(corrected.alias("gecorrigeerd"))
    if "gecorrigeerd" in frame.columns:
        return frame
    rows = _corrected_rows()
    return frame.with_columns(
        *(
            pl.when(rows).then(pl.col(std)).otherwise(pl.col(crude)).alias(crude)
            for crude, std in REPLACED.items()
        ),
        rows.alias("gecorrigeerd"),
    )


def funnel_rows(frame: pl.DataFrame, corrected: bool = True) -> pl.DataFrame:
    """`apply`'s rows with the column `derived_noemer`: where a corrected funnel plot places a
    row shown corrected, the 75-plussers that would give its corrected rate from its observed
    count (PHEindicatormethods' `denominator_derived`: teller × 1.000 ÷ std_value, which for a
    whole year is noemer × value ÷ std_value; the published standardised funnel's grid,
    pipelines.funnel.derived_noemer, is on the same scale); null for other rows. `frame`: rows
    before `apply`; refuses rows after it (their crude value is gone)."""
    if "gecorrigeerd" in frame.columns:
        raise ValueError("funnel_rows needs the rows before apply (their crude value)")
    if "std_value" not in frame.columns:
        return apply(frame, corrected).with_columns(
            pl.lit(None, dtype=pl.Float64).alias("derived_noemer")
        )
    derived = pl.col("noemer") * pl.col("value") / pl.col("std_value")
    shown = apply(frame.with_columns(derived.alias("derived_noemer")), corrected)
    return shown.with_columns(
        pl.when(pl.col("gecorrigeerd")).then(pl.col("derived_noemer")).alias("derived_noemer")
    )
