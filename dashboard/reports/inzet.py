"""The Inzet en bekostiging report: how the SO team's contacts with 75-plussers of one area are
funded (Zvw GZSP or Wlz H-code), which prestatie they are, which question they answer, in which
form and by whom, per year; and the zorgtraject kwetsbare patiënten beside the consults.

Used by the Inzet page and by `python -m dashboard.export --rapport inzet`.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard import charts, present
from dashboard import format as fmt
from dashboard.reports import Report, Section, Source, Table, Text, area_title, rules, trends

TITEL = "Inzet en bekostiging"

#: The characteristics of a contact the page breaks down, in page order, with a title and what
#: the reader should know about each.
KENMERKEN = (
    (
        "financiering",
        "Contacten naar financiering",
        "Zvw (GZSP): generalistische zorg voor een cliënt zonder Wlz-indicatie. Wlz thuis: een "
        "cliënt met een Wlz-indicatie die thuis woont (H-codes).",
    ),
    (
        "prestatie",
        "Contacten naar prestatie",
        "Een zorgtraject kwetsbare patiënten begint met een start (de eerste drie maanden) en "
        "loopt door met een maandelijks vervolg; consulten staan daarbuiten.",
    ),
    (
        "hulpvraag",
        "Contacten naar hulpvraag",
        "De vraag waarmee de huisarts het SO-team inschakelde.",
    ),
    ("contactvorm", "Contacten naar contactvorm", "Waar en hoe het contact plaatsvond."),
    (
        "uitvoerder_discipline",
        "Contacten naar uitvoerder",
        "Wie het contact deed: de SO zelf, een verpleegkundig specialist (VS), een physician "
        "assistant (PA) of een basisarts, onder verantwoordelijkheid van de SO.",
    ),
)

#: The indicators that show the zorgtraject beside the consults.
ZORGTRAJECT_INDICATORS = ("so_bereik", "zorgtraject_clienten")


def report(source: Source, area: Mapping) -> Report:
    """The Inzet en bekostiging page of `area` (an `areas` row), over every published year."""
    name = area["area_name"]
    result = Report(f"{TITEL} {name}", (name,), "per jaar")
    items = result.items
    drempels = present.Drempels.from_build_info(source.build_info())
    items.append(Text("subheader", f"SO-contacten van 75-plussers: {area_title(area)}"))
    items.append(
        Text(
            "caption",
            "Per jaar het aandeel van elke soort in alle SO-contacten buiten het verpleeghuis. "
            "Elke soort staat erbij; een soort met te weinig contacten is onderdrukt "
            f"({present.suppressed_text('primair', drempels=drempels)} of terug te rekenen) en "
            "vult met de andere onderdrukte soorten samen het grijze deel van de staaf.",
        )
    )
    found = False
    for kenmerk, titel, uitleg in KENMERKEN:
        frame = source.consulten_per_kenmerk(area["area_code"], kenmerk)
        if frame.is_empty():
            continue
        found = True
        labels = fmt.KENMERK_WAARDE_LABELS[kenmerk]
        chart = charts.stacked_share(
            frame,
            categorie="waarde",
            aantal="contacten",
            x="period",
            labels=labels,
            titel=titel,
            categorie_titel=fmt.KENMERK_LABELS[kenmerk],
        )
        items.append(Section(f"inzet_{kenmerk}", titel, chart, frame, periode="per jaar"))
        items.append(Text("caption", uitleg))
        items.append(Table(f"inzet_{kenmerk}_tabel", kenmerk_table(frame, kenmerk, drempels)))
    if not found:
        items.append(Text("info", f"Er zijn geen SO-contacten gepubliceerd voor {name}."))
    items.append(Text("subheader", "Zorgtrajecten naast consulten"))
    items.append(
        Text(
            "caption",
            "Cliënten met een zorgtraject kwetsbare patiënten tegenover alle cliënten met een "
            "SO-contact, beide per 1.000 inwoners van 75 jaar en ouder.",
        )
    )
    trend = trends.trend_frame(source, area, ZORGTRAJECT_INDICATORS, "jaar")
    for indicator in ZORGTRAJECT_INDICATORS:
        section = rules.trend_section(
            trend, indicator, key=f"inzet_trend_{indicator}", periode="per jaar"
        )
        if section is not None:
            items.append(section)
    return result


def kenmerk_table(
    frame: pl.DataFrame, kenmerk: str, drempels: present.Drempels | None = None
) -> pl.DataFrame:
    """The consulten_per_kenmerk rows of one area and kenmerk as a table of texts: one row per
    category (every category that occurs in any year, in the labels' order), one column per
    year ("2026 t/m sep" for a year up to the peildatum), each cell "contacts (share)"; a
    suppressed cell says so and holds no number, a category without contacts in a year "0"."""
    labels = fmt.KENMERK_WAARDE_LABELS.get(kenmerk, {})
    present_codes = set(frame.get_column("waarde"))
    codes = [code for code in labels if code in present_codes]
    codes += sorted(present_codes - set(codes))
    return rules.per_year_table(
        frame,
        "waarde",
        {code: fmt.label_for(labels, code) for code in codes},
        fmt.KENMERK_LABELS.get(kenmerk, "Soort"),
        lambda row: fmt.format_number(row["contacten"]),
        drempels,
    )
