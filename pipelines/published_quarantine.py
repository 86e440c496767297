"""The quarantine's lines as they may be published: row number, column and message, and the
offending value only where it cannot point at a person.

Withheld (the value left out, and replaced by "…" in the message): pseudonyms and record keys
(``client_id``, ``consult_id``, ``opname_id``, ``praktijk_id``, ``so_id``, ``koppel_id``,
``uitvoerder_id``) and every date (a date of a contact or an admission is a quasi-identifier).
A code, a count, a wijk code or a name of an area or organisation is shown.

Not yet part of the published database: the attacker in ``tests/attack/model.py`` refuses a
database with a table it does not know, so adding ``quarantine_rows`` to
``publish.published_frames`` needs its schema entry there too. The app reads the table when it is
there (``dashboard.data.read_quarantine_rows``) and otherwise shows the counts per reason.
"""

from __future__ import annotations

import re

import duckdb
import polars as pl

from pipelines import contract
from pipelines.ingest.sql import read_sql
from pipelines.ingest.summary import reason_text

WITHHELD = "…"

#: Columns whose values are never published: record keys, pseudonyms and dates.
WITHHELD_COLUMNS = frozenset(
    {
        column.name
        for table in contract.TABLES
        for column in table.columns
        if column.type == "date" or column.name.endswith("_id")
    }
    | set(contract.PSEUDONYM_COLUMNS)
)
_KNOWN_COLUMNS = frozenset(c.name for table in contract.TABLES for c in table.columns)


def value_is_published(column_name: str | None) -> bool:
    """True when the value of quarantine column ``column_name`` (one column, or a key written
    as 'jaar, wijk_code' or 'jaar + wijk_code') may be published."""
    if not column_name:
        return False
    parts = {part.strip() for part in re.split(r",| \+ ", column_name)}
    return parts <= _KNOWN_COLUMNS and not parts & WITHHELD_COLUMNS


def published_message(message: str | None, value: str | None, reason: str, column: str | None):
    """Return ``message`` without ``value`` ('…' where it was); the reason's text when the
    value cannot be taken out cleanly."""
    if message is None:
        return reason_text(reason, column)
    if not value:
        return message
    cleaned = message.replace(f"'{value}'", f"'{WITHHELD}'")
    return reason_text(reason, column) if value in cleaned else cleaned


def quarantine_rows(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """``quarantine_rows``: file, row, column_name, value (null when withheld), message (Dutch,
    without a withheld value); one row per quarantined row and column, as in quarantaine.csv."""
    lines = con.execute(read_sql("quarantine_rows"), {"tables": list(contract.LOAD_ORDER)})
    records = []
    for file, row, column, value, reason, message in lines.fetchall():
        if value_is_published(column):
            records.append((file, row, column, value, message or reason_text(reason, column)))
        else:
            records.append(
                (file, row, column, None, published_message(message, value, reason, column))
            )
    return pl.DataFrame(
        records,
        schema={
            "file": pl.String,
            "row": pl.Int64,
            "column_name": pl.String,
            "value": pl.String,
            "message": pl.String,
        },
        orient="row",
    )
