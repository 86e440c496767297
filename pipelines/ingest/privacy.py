"""Privacy refusals: columns that identify a person, and pseudonyms that look like a BSN."""

from __future__ import annotations

import re

import duckdb

from pipelines import contract
from pipelines.ingest.errors import DeliveryRefused
from pipelines.ingest.readers import RawTable, quote_identifier

_SEPARATORS = re.compile(r"[\s_\-]+")
_IDENTIFYING = frozenset(contract.IDENTIFYING_COLUMNS)
#: Weights of the BSN elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 must be divisible by 11.
ELFPROEF_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(value: str) -> bool:
    """Return True when ``value`` is 9 digits, not all zeros, passing the BSN 11-test."""
    value = value.strip()
    if len(value) != 9 or not value.isascii() or not value.isdigit() or set(value) == {"0"}:
        return False
    total = sum(weight * int(digit) for weight, digit in zip(ELFPROEF_WEIGHTS, value, strict=True))
    return total % 11 == 0


def check_identifying_columns(file: str, columns: list[str]) -> None:
    """Refuse the delivery when a column name identifies a person (BSN, name, address, …).

    Names are compared after lower-casing and removing spaces, underscores and hyphens.
    """
    for column in columns:
        if _SEPARATORS.sub("", column.lower()) in _IDENTIFYING:
            raise DeliveryRefused(
                f"{file}: kolom '{column}' identificeert een persoon; de levering mag alleen "
                "gepseudonimiseerde gegevens bevatten. Verwijder de kolom en lever opnieuw aan."
            )


def _elfproef_sql(value: str) -> str:
    """Return SQL that is true when ``value`` (trimmed text) passes the elfproef."""
    digits = " + ".join(
        f"({weight}) * cast(substr({value}, {position}, 1) as integer)"
        for position, weight in enumerate(ELFPROEF_WEIGHTS, start=1)
    )
    # CASE, not AND: DuckDB evaluates both sides of AND, and the casts need 9 digits. The
    # length test first spares the regular expression for almost every value.
    return (
        f"(case when length({value}) <> 9 then false "
        f"when regexp_full_match({value}, '[0-9]{{9}}') and {value} <> '000000000' "
        f"then ({digits}) % 11 = 0 else false end)"
    )


def check_pseudonyms(con: duckdb.DuckDBPyConnection, raw: RawTable, checked: str) -> None:
    """Refuse the delivery when a pseudonym column holds a value that looks like a BSN; the
    message names file, row and column but never repeats the value. ``checked`` is the table
    ``validate.check_rows`` wrote (trimmed pseudonyms, ``_row``); one scan of it per file."""
    columns = [column for column in raw.columns if column in contract.PSEUDONYM_COLUMNS]
    if not columns:
        return
    firsts = ", ".join(
        f"min(_row) filter (where {_elfproef_sql(quote_identifier(c))})" for c in columns
    )
    found = con.execute(f"select {firsts} from {checked}").fetchone()
    hits = [(row, column) for row, column in zip(found, columns, strict=True) if row is not None]
    if hits:
        row, column = min(hits)
        raise DeliveryRefused(
            f"{raw.file}, rij {row}, kolom {column}: de waarde lijkt op een BSN (9 cijfers die "
            "de elfproef doorstaan). Lever alleen gepseudonimiseerde id's aan."
        )
