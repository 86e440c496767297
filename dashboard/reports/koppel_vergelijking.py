"""The report "Helpt een vast koppel?": Wlz and ELV admissions of clients whose GP practice had
an active koppel on the admission day against those whose practice had none — crisis share, SO
involved before admission, admission via the hospital — and Wlz admissions per 1.000 listed
75-plussers of practices with and without a koppel on 1 July, per year, with intervals and a
test of the difference, and the caveat that this compares groups and does not prove cause.

Used by the page "Helpt een vast koppel?" and by
`python -m dashboard.export --rapport koppel_vergelijking`.
The table is published from the gemeente up (`koppel_vergelijking`); a wijk is shown through
its gemeente, and a gemeente the pipeline left out (too few practices or admissions in one of
its RESV's gemeenten) through its RESV.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard import format as fmt
from dashboard import present
from dashboard.charts.koppel_vergelijking import GROEPEN, koppel_groepen
from dashboard.reports import (
    Definitie,
    Report,
    Section,
    Source,
    Table,
    Text,
    area_in_text,
    incomplete_text,
    period_text,
    rules,
)

TITLE = "Helpt een vast koppel?"
INDICATORS = ("crisisopnames", "so_voor_opname", "opname_via_ziekenhuis", "wlz_opnames")
#: The rate among them, which is not the catalogue's `wlz_opnames` (per 1.000 inhabitants
#: 75+): per 1.000 listed 75-plussers of the practices, the groups by the practice's koppel on
#: 1 July. Its one definition: the page's caption, the deck's Definities slide and the
#: section's files read it.
RATE_DEFINITIE = Definitie(
    indicator_id="wlz_opnames",
    titel="Wlz-opnames per 1.000 ingeschreven 75-plussers",
    definitie=(
        "Het aantal opnames voor langdurig verblijf in een verpleeghuis (Wlz) van cliënten van "
        "75 jaar en ouder die staan ingeschreven bij een huisartspraktijk met (of zonder) een "
        "vast HA/SO-koppel op 1 juli, per 1.000 bij die praktijken ingeschreven 75-plussers "
        "per jaar (een onvolledig jaar naar rato). Niet per 1.000 inwoners: opnames zonder "
        "bekende huisartspraktijk tellen in geen van beide groepen."
    ),
    teller_definitie=(
        "Wlz-verblijfsopnames van cliënten 75+ van praktijken met (zonder) vast koppel op 1 juli"
    ),
    noemer_definitie="75-plussers ingeschreven bij die praktijken",
    eenheid="per 1.000",
)
RATE = RATE_DEFINITIE.indicator_id
PER_1000 = RATE_DEFINITIE.eenheid
RATE_TITEL = RATE_DEFINITIE.titel
#: Below this p-value the two-proportion test calls a difference larger than chance.
P_GRENS = 0.05

CAVEAT = (
    "Deze pagina vergelijkt groepen opnames: van cliënten van wie de huisartspraktijk op de "
    "dag van opname een vast koppel met een specialist ouderengeneeskunde had, en van cliënten "
    "van wie de praktijk dat niet had. Een verschil laat zien dát de groepen verschillen, niet "
    "dat het koppel de oorzaak is: praktijken die een koppel aangaan kunnen ook op andere punten "
    "verschillen (grootte, werkwijze, wie er in de praktijk staan ingeschreven, de wijk). "
    f"De {RATE_TITEL} delen de praktijken anders in: naar het koppel op 1 juli van het jaar "
    "(zoals de koppeldekking), niet op de dag van opname."
)
#: The caveat in one line, on every chart (and so in every file and slide).
CAVEAT_KORT = "Vergelijkt groepen opnames; laat niet zien dat het koppel de oorzaak is"
METHOD = (
    "Per groep het aandeel met 95%-betrouwbaarheidsinterval (Wilson). Het verschil (met koppel "
    "min zonder koppel, in procentpunten) heeft een 95%-interval volgens Newcombe; de toets is "
    f"de toets voor twee proporties: bij p < {fmt.format_number(P_GRENS, 2)} noemen we het "
    "verschil groter dan toeval. Opnames zonder bekende huisartspraktijk tellen in geen van "
    "beide groepen."
)
#: How the rate is tested; what it counts is its definition (RATE_DEFINITIE).
RATE_METHOD = (
    "Met 95%-interval volgens Poisson (exact, vanaf 10 opnames Byar); het verschil per 1.000 "
    "met een 95%-interval (normale benadering) en de exacte toets voor twee Poisson-cijfers "
    "(binomiaal, gegeven het totaal aantal opnames)."
)
NO_PRACTICE = (
    "De levering noemt bij de opnames geen huisartspraktijk (kolom praktijk_id in opnames): "
    "daarom is niet te zeggen of de praktijk op de dag van opname een vast koppel had, en kan "
    "deze vergelijking niet worden gemaakt."
)
NO_TABLE = (
    "Deze database heeft de vergelijking met en zonder vast koppel nog niet: hij is gebouwd met "
    "een oudere versie van de pijplijn. Bouw opnieuw om haar te zien."
)


def shown_area(source: Source, area: Mapping) -> tuple[dict, pl.DataFrame | None, str | None]:
    """The area whose comparison is shown for `area` (an `areas` row), its rows (None: the
    database has no such table) and, when it is not `area` itself, a sentence saying why."""
    areas = source.areas()
    candidates = [dict(rules.gemeente_up(area, areas))]
    if candidates[0]["area_level"] == "gemeente":
        candidates.append(_area(areas, candidates[0]["resv_code"]))
    for candidate in candidates:
        rows = source.koppel_vergelijking(candidate["area_code"])
        if rows is None:
            return candidate, None, None
        if not rows.is_empty() or candidate is candidates[-1]:
            break
    note = None
    if candidate["area_code"] != area["area_code"]:
        why = (
            "Per wijk wordt deze vergelijking niet gemaakt"
            if area["area_level"] == "wijk" and candidate["area_level"] == "gemeente"
            else "Voor deze gemeente is de vergelijking niet gepubliceerd (te weinig praktijken "
            "of opnames in een van de gemeenten van de RESV)"
        )
        note = f"{why}: voor {area_in_text(area)} staat hieronder {area_in_text(candidate)}."
    return candidate, rows, note


def missing_text(rows: pl.DataFrame, years: list[str]) -> str | None:
    """The indicators and years a gemeente has no rows for (the pipeline left its RESV's
    gemeenten out there), or None when nothing is missing."""
    missing = []
    for indicator, titel in _titles(rows).items():
        have = set(rows.filter(pl.col("indicator_id") == indicator)["jaar"].cast(pl.String))
        absent = [year for year in years if year not in have]
        if absent:
            which = "alle jaren" if len(absent) == len(years) else ", ".join(absent)
            missing.append(f"{titel} ({which})")
    if not missing:
        return None
    return (
        "Niet gepubliceerd voor deze gemeente, omdat in een van de gemeenten van de RESV te "
        f"weinig praktijken of opnames meetellen: {'; '.join(missing)}. De RESV toont ze wel."
    )


def with_rate_title(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows with the rate's own title (RATE_DEFINITIE)."""
    return rows.with_columns(
        pl.when(pl.col("indicator_id") == RATE)
        .then(pl.lit(RATE_TITEL))
        .otherwise(pl.col("titel"))
        .alias("titel")
    )


def _titles(rows: pl.DataFrame) -> dict[str, str]:
    titles = dict(rows.select("indicator_id", "titel").unique().iter_rows())
    return {i: titles.get(i, i) for i in INDICATORS}


def _area(areas: pl.DataFrame, code: str) -> dict:
    return areas.filter(pl.col("area_code") == code).row(0, named=True)


def _has_no_practice(rows: pl.DataFrame) -> bool:
    """True when no published group has an admission while the indicators have some: the
    delivery named no practice (a suppressed group may hold admissions, so it counts as some)."""
    groups = rows.filter(~pl.col("suppressed") & (pl.col("noemer") > 0)).height
    hidden = rows.filter(pl.col("suppressed")).height
    admissions = rows.get_column("indicator_noemer").fill_null(0).sum()
    return groups == 0 and hidden == 0 and admissions > 0


def group_text(row: Mapping, drempels: present.Drempels | None) -> str:
    """A group's share with its interval and counts: "10,4 % (7,8–13,6; 44 van 424)"; the
    rate: "12,3 per 1.000 (10,1–14,8; 44 opnames, 3.580 ingeschreven)"."""
    if row["suppressed"]:
        # A rate's primair may be its small noemer: no "< threshold" of the teller.
        return present.suppressed_text(row["suppression_reason"], "proportion", drempels)
    rate = row["indicator_id"] == RATE
    if row["value"] is None:
        return "geen ingeschreven 75-plussers" if rate else "geen opnames"
    interval = fmt.format_interval(row["lower_95"], row["upper_95"], 1)
    teller, noemer = fmt.format_number(row["teller"]), fmt.format_number(row["noemer"])
    if rate:
        counts = f"{teller} opnames, {noemer} ingeschreven"
        return f"{fmt.format_value(row['value'], PER_1000, 1)} ({interval}; {counts})"
    return f"{fmt.format_value(row['value'], '%', 1)} ({interval}; {teller} van {noemer})"


def difference_text(row: Mapping) -> str:
    """The difference met − zonder in percentage points with Newcombe's interval; the rate's
    per 1.000 with its normal-approximation interval."""
    if row["difference"] is None:
        return fmt.MISSING
    value = fmt.format_number(row["difference"], 1)
    if row["difference"] > 0:
        value = f"+{value}"
    low = fmt.format_number(row["difference_lower_95"], 1)
    up = fmt.format_number(row["difference_upper_95"], 1)
    unit = PER_1000 if row["indicator_id"] == RATE else "procentpunt"
    return f"{value} {unit} (95%-interval {low} tot {up})"


def test_text(row: Mapping) -> str:
    """What the test of the difference says, in words."""
    if row["p_value"] is None:
        if row["suppressed_pair"]:
            return "Niet te toetsen: een groep is onderdrukt"
        if row["indicator_id"] == RATE:
            return "Niet te toetsen: een groep heeft geen ingeschreven 75-plussers"
        return "Niet te toetsen: een groep heeft geen opnames"
    p = row["p_value"]
    p_text = "< 0,001" if p < 0.001 else f"= {fmt.format_number(p, 3)}"
    if p < P_GRENS:
        return f"Verschil groter dan toeval (p {p_text})"
    return f"Verschil kan toeval zijn (p {p_text})"


def year_table(rows: pl.DataFrame, year: str) -> pl.DataFrame:
    """One row per indicator for `year`: both groups, the difference and the test, as text."""
    drempels = present.Drempels.of_row(rows.row(0, named=True)) if rows.height else None
    lines = []
    for indicator in INDICATORS:
        pair = rows.filter(
            (pl.col("indicator_id") == indicator) & (pl.col("jaar").cast(pl.String) == year)
        )
        if pair.is_empty():
            continue
        by_group = {row["groep"]: row for row in pair.to_dicts()}
        met, zonder = by_group["met_koppel"], by_group["zonder_koppel"]
        test_row = dict(met, suppressed_pair=met["suppressed"] or zonder["suppressed"])
        lines.append(
            {
                "Indicator": met["titel"],
                GROEPEN["met_koppel"]: group_text(met, drempels),
                GROEPEN["zonder_koppel"]: group_text(zonder, drempels),
                "Verschil (met − zonder)": difference_text(met),
                "Toets": test_text(test_row),
            }
        )
    return pl.DataFrame(lines)


def report(source: Source, area: Mapping, year: str) -> Report:
    """The page of `area` (an `areas` row) with `year` (a published year) in its table."""
    target, rows, note = shown_area(source, area)
    if rows is not None:
        rows = with_rate_title(rows)
    name = target["area_name"]
    periode = period_text(source, year)
    result = Report(f"{TITLE} {name}", (name,), periode)
    items = result.items
    items.append(Text("info", CAVEAT))
    if note:
        items.append(Text("caption", note))
    if rows is None:
        items.append(Text("info", NO_TABLE))
        return result
    if rows.is_empty():
        items.append(Text("info", f"Er zijn geen cijfers over koppels en opnames voor {name}."))
        return result
    if _has_no_practice(rows):
        items.append(Text("info", NO_PRACTICE))
        return result
    where = area_in_text(target)
    items.append(Text("subheader", f"Opnames van 75-plussers uit {where}, {periode}"))
    table = year_table(rows, year)
    if table.is_empty():
        items.append(
            Text(
                "info",
                f"Voor {periode} is de vergelijking voor {name} niet "
                "gepubliceerd; de RESV toont haar wel.",
            )
        )
    else:
        items.append(Table("koppel_vergelijking_tabel", table))
    volledig = source.periods().filter(pl.col("period") == year)["periode_volledig"]
    if volledig.len() and not volledig.item():
        items.append(Text("caption", incomplete_text(periode)))
    items.append(Text("caption", METHOD))
    items.append(Text("caption", f"{RATE_DEFINITIE.tekst} {RATE_METHOD}"))
    if target["area_level"] == "gemeente":
        years = source.periods().filter(pl.col("period_type") == "jaar")["period"].to_list()
        absent = missing_text(rows, years)
        if absent:
            items.append(Text("caption", absent))
    items.append(Text("subheader", "Per jaar"))
    years = source.periods().filter(pl.col("period_type") == "jaar")["period"].to_list()
    jaren = [period_text(source, year) for year in years]
    for indicator in INDICATORS:
        # The indicator's own noemer only told "no practice delivered" from "no admissions".
        eenheid = PER_1000 if indicator == RATE else "%"
        frame = (
            rows.filter(pl.col("indicator_id") == indicator)
            .drop("indicator_noemer")
            .with_columns(pl.lit(eenheid).alias("eenheid"), pl.lit(1).alias("decimalen"))
        )
        if frame.is_empty():
            continue
        titel = f"{frame.item(0, 'titel')}: met en zonder vast koppel, {name}"
        chart = koppel_groepen(
            frame,
            titel=titel,
            eenheid=eenheid,
            toelichting=CAVEAT_KORT,
            jaren=jaren,
        )
        # The shares are the catalogue's indicators within each group; the rate is not.
        own = (RATE_DEFINITIE,) if indicator == RATE else ()
        key = f"koppel_vergelijking_{indicator}"
        items.append(Section(key, titel, chart, frame, (indicator,), definities=own))
    return result
