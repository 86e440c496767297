"""The data steward's report: Dutch reason texts, the summary ``build`` and ``validate`` print,
and ``quarantaine.csv`` (one line per quarantined row and column).

The reason texts are the ingest's own messages without the offending value ("wijk_code komt
niet voor in gebieden" for the message "wijk_code 'WK999999' komt niet voor in gebieden"), so
that rows breaking the same rule can be counted together. The dashboard's "Over de data" page
uses the same texts and the same CSV layout.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO

import duckdb

from pipelines import contract
from pipelines.ingest.rules import ROW_RULE_MESSAGES
from pipelines.ingest.sql import read_sql

#: The file next to build_report.json (and of ``validate --output``).
QUARANTINE_CSV = "quarantaine.csv"
#: Its header, in this order; separator ``;``, UTF-8 with BOM (Excel opens it as it is).
QUARANTINE_CSV_HEADER = ("bestand", "rij", "kolom", "waarde", "melding")
QUARANTINE_CSV_ENCODING = "utf-8-sig"
QUARANTINE_CSV_DELIMITER = ";"

#: Texts of the per-column rules, with ``{column}`` for the column (see ``rules.py``).
_COLUMN_REASONS = {
    "ontbrekende_waarde": "{column} is leeg; een waarde is verplicht",
    "onbekende_code": "{column} is geen bekende code",
    "geen_geheel_getal": "{column} is geen geheel getal",
    "geen_getal": "{column} is geen getal",
    "ongeldige_datum": "{column} is geen geldige datum",
    "geen_ja_nee": "{column} is geen ja/nee-waarde",
    "ongeldig_formaat": "{column} heeft niet het juiste formaat",
    "buiten_bereik": "{column} ligt buiten bereik",
    "datum_in_toekomst": "{column} ligt in de toekomst",
    "datum_te_vroeg": "{column} ligt vóór de vroegst toegestane datum",
    "dubbele_sleutel": "sleutel {column} komt al voor in een eerdere rij",
    "kolommen_aantal": "rij heeft niet evenveel velden als de kopregel",
}
_FOREIGN_KEYS = {fk.name: fk for table in contract.TABLES for fk in table.foreign_keys}
_OTHER_REASON = "rij voldoet niet aan een regel van het aanleverformaat"


def reason_text(reason: str | None, column: str | None) -> str:
    """Return the Dutch text of a quarantine reason of ``column``, without the value; never
    the reason code itself."""
    column = column or "waarde"
    if reason in _COLUMN_REASONS:
        return _COLUMN_REASONS[reason].format(column=column)
    if reason in _FOREIGN_KEYS:
        return f"{column} komt niet voor in {_FOREIGN_KEYS[reason].table}"
    if reason in ROW_RULE_MESSAGES:
        return re.sub(r" ?'\{\}'", "", ROW_RULE_MESSAGES[reason])
    return _OTHER_REASON


def number(value: int) -> str:
    """A whole number the Dutch way: 1.234."""
    return f"{value:,}".replace(",", ".")


def percent(share: float) -> str:
    """A share as a Dutch percentage with one decimal: 5,0 %."""
    return f"{share * 100:.1f} %".replace(".", ",")


def seconds(value: float) -> str:
    """Seconds with one decimal, the Dutch way: 4,2 s."""
    return f"{value:.1f} s".replace(".", ",")


def rows_text(count: int) -> str:
    return f"{number(count)} {'rij' if count == 1 else 'rijen'}"


def breakdown(texts: Mapping[str, int]) -> str:
    """'7 × wijk_code komt niet voor in gebieden, 5 × datum ligt in de toekomst' (most first)."""
    ordered = sorted(texts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{number(count)} × {text}" for text, count in ordered)


def total_breakdown(files: Iterable[Mapping]) -> dict[str, int]:
    """Add up the reason texts (text → rows) of every file report."""
    total: dict[str, int] = {}
    for file in files:
        for text, count in file["reason_texts"].items():
            total[text] = total.get(text, 0) + count
    return total


def quarantined_share(file: Mapping) -> float:
    """The share of a file report's rows that were quarantined (0 for an empty file)."""
    return file["rows_quarantined"] / file["rows_read"] if file["rows_read"] else 0.0


def summary_lines(ingest: Mapping, max_share: float, csv_path: Path | None) -> list[str]:
    """Return the Dutch summary of an ingest report (``IngestReport.to_dict()``): per file rows
    read, loaded and quarantined (with the share against ``max_share``) and the reasons, then
    the total per reason and where ``quarantaine.csv`` is. The last lines name the quarantined
    rows, so a build that loaded all but a few rows cannot be mistaken for a clean one."""
    files = list(ingest["files"])
    width = max([len("bestand"), *(len(f["file"]) for f in files)])
    lines = [
        "Samenvatting van de levering:",
        f"  {'bestand':<{width}}  {'gelezen':>10}  {'geladen':>10}  {'quarantaine':>11}",
    ]
    for f in files:
        quarantined = number(f["rows_quarantined"])
        if f["rows_quarantined"]:
            quarantined += f" ({percent(quarantined_share(f))})"
        lines.append(
            f"  {f['file']:<{width}}  {number(f['rows_read']):>10}  "
            f"{number(f['rows_loaded']):>10}  {quarantined:>11}"
        )
        lines += [
            f"      {number(count)} × {text}"
            for text, count in sorted(f["reason_texts"].items(), key=lambda i: (-i[1], i[0]))
        ]
        if f["extra_columns"]:
            lines.append(f"      extra kolommen genegeerd: {', '.join(f['extra_columns'])}")
    lines += [f"Waarschuwing: {warning}" for warning in ingest["warnings"]]
    total = sum(f["rows_quarantined"] for f in files)
    if total == 0:
        lines.append("Geen rijen in quarantaine: elke rij voldeed aan de regels en is geladen.")
        return lines
    worst = max(files, key=quarantined_share)
    worst_share = quarantined_share(worst)
    over = ""
    if worst_share > max_share:
        over = " (meer dan de grens; toegestaan met --allow-quarantine)"
    lines.append(
        f"Grootste aandeel in quarantaine: {worst['file']} {percent(worst_share)}, grens "
        f"{percent(max_share)}{over}."
    )
    if csv_path is not None:
        lines.append(f"Elke rij in quarantaine, met rijnummer en melding: {csv_path}")
    # Last, so it is the line a steward sees when the build is done.
    lines.append(
        f"LET OP: {rows_text(total)} in quarantaine (niet geladen): "
        f"{breakdown(total_breakdown(files))}."
    )
    return lines


def write_quarantine_csv(rows: Iterable[tuple], stream: TextIO) -> int:
    """Write the header and ``rows`` (bestand, rij, kolom, waarde, melding; None as empty) to a
    text ``stream`` opened with ``newline=''``; return the number of lines after the header."""
    writer = csv.writer(stream, delimiter=QUARANTINE_CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(QUARANTINE_CSV_HEADER)
    count = 0
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
        count += 1
    return count


def write_quarantine_file(con: duckdb.DuckDBPyConnection, path: Path, batch: int = 50_000) -> int:
    """Write ``quarantaine.csv`` at ``path`` from the ``quarantine`` table of ``con`` (a file's
    rows in row order, files in load order); return the number of lines after the header."""
    cursor = con.cursor()
    try:
        cursor.execute(read_sql("quarantine_lines"), {"tables": list(contract.LOAD_ORDER)})

        def rows() -> Iterable[tuple]:
            while chunk := cursor.fetchmany(batch):
                yield from chunk

        tmp = path.with_name(f".{path.name}.tmp")
        with open(tmp, "w", encoding=QUARANTINE_CSV_ENCODING, newline="") as stream:
            count = write_quarantine_csv(rows(), stream)
    finally:
        cursor.close()
    tmp.replace(path)
    return count
