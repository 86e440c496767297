"""Validation of one loaded file against its contract table: valid_<table> + quarantine.

Set-based: one generated query types every column and collects the rules each row breaks, then
foreign keys (against the valid rows of earlier tables) and duplicate keys (among rows that
pass every other rule) are checked with joins. A row is loaded only when it breaks no rule.

The generated query reads the file in parallel (no row numbers: numbering a CSV's records as
they are read keeps DuckDB to one thread) into ``_checked_data_<table>``, in file order; the
view ``_checked_<table>`` adds ``_row`` from each row's position (``readers.numbered_sql``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import duckdb

from pipelines import contract
from pipelines.ingest.readers import RawTable, numbered_sql, quote_identifier, run_on_raw
from pipelines.ingest.report import FileReport
from pipelines.ingest.rules import (
    Check,
    Params,
    column_checks,
    edge_whitespace_sql,
    joined_values_sql,
    row_rule_check,
    trimmed_sql,
    typed_sql,
    value_name,
)
from pipelines.ingest.sql import read_sql
from pipelines.ingest.summary import reason_text

_DUCKDB_TYPES = {
    "integer": "bigint",
    "decimal": "double",
    "text": "varchar",
    "date": "date",
    "boolean": "boolean",
}


def check_rows(
    con: duckdb.DuckDBPyConnection, table: contract.Table, raw: RawTable, today: date
) -> None:
    """Read the delivered file once into ``_checked_<table>``: every row typed, with the rules
    it breaks (``_fouten``), plus the trimmed text of delivered pseudonym columns outside the
    contract; set ``raw.rows_read``. Refuses a file that cannot be read."""
    params = Params()
    sql = _checked_sql(table, raw, params, today)
    stored = _stored_name(table)
    keep_order = con.execute("select current_setting('preserve_insertion_order')").fetchall()[0][0]
    # The rows are numbered from their position in the table: it must keep the file's order.
    con.execute("set preserve_insertion_order = true")
    try:
        run_on_raw(
            con,
            raw,
            lambda source: f"create or replace temp table {stored} as {sql(source)}",
            params.values,
        )
    finally:
        con.execute(f"set preserve_insertion_order = {'true' if keep_order else 'false'}")
    con.execute(f"create or replace temp view {checked_name(table)} as {numbered_sql(raw, stored)}")
    raw.rows_read = int(con.execute(f"select count(*) from {stored}").fetchall()[0][0])


def checked_name(table: contract.Table) -> str:
    """Return the name of the temporary view ``check_rows`` writes (``_row`` and the typed
    columns, ``_kolommen_fout`` and ``_fouten``)."""
    return f"_checked_{table.name}"


def _stored_name(table: contract.Table) -> str:
    return f"_checked_data_{table.name}"


def validate_table(
    con: duckdb.DuckDBPyConnection, table: contract.Table, raw: RawTable
) -> FileReport:
    """Create ``valid_<table>`` from ``_checked_<table>`` (see ``check_rows``), append the
    broken rules to ``quarantine`` (which must exist) and return the file's counts. Foreign
    keys need ``valid_`` of the tables they point to."""
    checked = checked_name(table)
    extra = f"_broken_{table.name}"
    con.execute(f"create or replace temp table {extra} as {read_sql('broken_rows')}")
    for foreign_key in table.foreign_keys:
        _check_foreign_key(con, foreign_key, checked, extra)
    _check_duplicate_keys(con, table, checked, extra)

    con.execute(
        read_sql("insert_quarantine").format(checked=checked, broken=extra),
        {"file": raw.file, "table_name": table.name},
    )
    columns = ", ".join(quote_identifier(col.name) for col in table.columns)
    con.execute(
        f"create or replace table valid_{table.name} as select _row, {columns} "
        f"from {checked} as c where c._fouten is null "
        f"and not exists (select 1 from {extra} as b where b._row = c._row)"
    )
    con.execute(f"drop view {checked}")
    con.execute(f"drop table {_stored_name(table)}")
    con.execute(f"drop table {extra}")
    return _file_report(con, table, raw)


def _checked_sql(
    table: contract.Table, raw: RawTable, params: Params, today: date
) -> Callable[[str], str]:
    """Return a function that gives the checking SELECT over a source SQL; the SELECT keeps
    the source's ``_row`` when it has one (see ``readers.run_on_raw``)."""
    delivered = set(raw.columns)
    # Pseudonym columns the contract does not name (uitvoerder_id) ride along for privacy.
    extras = pseudonym_extras(table, raw)
    read = [col.name for col in table.columns if col.name in delivered] + extras
    trimmed = ", ".join(
        [
            f"{trimmed_sql(col.name, col.name in delivered, params, '_randspatie')} "
            f"as {value_name(col.name)}"
            for col in table.columns
        ]
        + [
            f"{trimmed_sql(name, True, params, '_randspatie')} as {value_name(name)}"
            for name in extras
        ]
    )
    raw_columns = ", ".join(quote_identifier(name) for name in raw.columns)
    values = ", ".join(value_name(col.name) for col in table.columns) + "".join(
        f", {value_name(name)}" for name in extras
    )
    typed = ", ".join(
        f"cast({typed_sql(col, params, raw.decimal_comma)} as {_DUCKDB_TYPES[col.type]}) "
        f"as {quote_identifier(col.name)}"
        for col in table.columns
    )
    checks: list[tuple[str, Check]] = []
    for col in table.columns:
        checks.extend(column_checks(col, params, today))
    checks.extend(row_rule_check(rule) for rule in table.row_rules)
    conditions = [f"coalesce(({condition}), false)" for condition, _ in checks]
    entries = ", ".join(
        f"case when {condition} then {check.struct_sql(params)} end"
        for condition, (_, check) in zip(conditions, checks, strict=True)
    )
    ragged = Check(
        None,
        "cast(null as varchar)",
        "kolommen_aantal",
        f"rij heeft niet evenveel velden als de kopregel ({len(raw.columns)} kolommen)",
    ).struct_sql(params)
    extra_columns = "".join(f", {value_name(name)} as {quote_identifier(name)}" for name in extras)
    joined = joined_values_sql(read, params)
    edge = edge_whitespace_sql("_rij", params)
    return lambda source: (
        f"with delivered as ({source}),\n"
        f"joined as (select *, {joined} as _rij from delivered),\n"
        f"flagged as (select *, {edge} as _randspatie from joined),\n"
        f"trimmed as (select * exclude ({raw_columns}, _rij, _randspatie), {trimmed} "
        "from flagged),\n"
        f"typed as (select *, {typed} from trimmed),\n"
        f"final as (select * exclude ({values}){extra_columns}, "
        f"case when _kolommen_fout then [{ragged}] "
        f"when {' or '.join(conditions) or 'false'} "
        f"then list_filter([{entries}], lambda entry: entry is not null) end as _fouten "
        "from typed)\n"
        "select * from final"
    )


def pseudonym_extras(table: contract.Table, raw: RawTable) -> list[str]:
    """Return the delivered pseudonym columns that are not contract columns of ``table``."""
    return [
        name
        for name in raw.columns
        if name in contract.PSEUDONYM_COLUMNS and name not in table.column_names
    ]


def _as_text(columns: tuple[str, ...], alias: str) -> str:
    parts = ", ".join(f"cast({alias}.{quote_identifier(c)} as varchar)" for c in columns)
    return f"concat_ws(' / ', {parts})"


def _check_foreign_key(
    con: duckdb.DuckDBPyConnection, fk: contract.ForeignKey, checked: str, broken: str
) -> None:
    """Append to ``broken`` the rows whose key is missing from ``valid_<fk.table>``."""
    present = " and ".join(f"c.{quote_identifier(c)} is not null" for c in fk.columns)
    match = " and ".join(
        f"r.{quote_identifier(ref)} = c.{quote_identifier(col)}"
        for col, ref in zip(fk.columns, fk.ref_columns, strict=True)
    )
    label = " + ".join(fk.columns)
    value = _as_text(fk.columns, "c")
    con.execute(
        f"insert into {broken} select c._row, $column, {value}, $reason, format($message, {value}) "
        f"from {checked} as c where not c._kolommen_fout and {present} "
        f"and not exists (select 1 from valid_{fk.table} as r where {match})",
        {
            "column": fk.columns[-1],
            "reason": fk.name,
            "message": f"{label} '{{}}' komt niet voor in {fk.table}",
        },
    )


def _check_duplicate_keys(
    con: duckdb.DuckDBPyConnection, table: contract.Table, checked: str, broken: str
) -> None:
    """Append to ``broken`` every row repeating the key of an earlier row; only rows that pass
    every other rule take part, and the first of them by row number is kept."""
    keys = ", ".join(quote_identifier(c) for c in table.key)
    match = " and ".join(f"d.{quote_identifier(c)} = ok.{quote_identifier(c)}" for c in table.key)
    value = _as_text(table.key, "ok")
    con.execute(
        f"insert into {broken} "
        f"with ok as (select _row, {keys} from {checked} as c where c._fouten is null "
        f"and not exists (select 1 from {broken} as b where b._row = c._row)), "
        f"dubbel as (select {keys}, min(_row) as eerste_rij from ok group by {keys} "
        "having count(*) > 1) "
        f"select ok._row, $column, {value}, 'dubbele_sleutel', "
        f"format($message, {value}, d.eerste_rij) "
        f"from ok join dubbel as d on {match} where ok._row > d.eerste_rij",
        {
            "column": ", ".join(table.key),
            "message": f"sleutel {' + '.join(table.key)} '{{}}' komt al voor in rij {{}}",
        },
    )


def _file_report(
    con: duckdb.DuckDBPyConnection, table: contract.Table, raw: RawTable
) -> FileReport:
    loaded = con.execute(f"select count(*) from valid_{table.name}").fetchone()[0]
    quarantined = con.execute(
        "select count(distinct row) from quarantine where table_name = $table_name",
        {"table_name": table.name},
    ).fetchone()[0]
    reasons = con.execute(
        "select reason, count(*) from quarantine where table_name = $table_name "
        "group by reason order by reason",
        {"table_name": table.name},
    ).fetchall()
    texts: dict[str, int] = {}
    for reason, column, count in con.execute(
        read_sql("quarantine_reasons"), {"table_name": table.name}
    ).fetchall():
        text = reason_text(reason, column)
        texts[text] = texts.get(text, 0) + int(count)
    return FileReport(
        file=raw.file,
        table_name=table.name,
        format=raw.format,
        rows_read=raw.rows_read,
        rows_loaded=int(loaded),
        rows_quarantined=int(quarantined),
        reasons={reason: int(count) for reason, count in reasons},
        reason_texts=texts,
    )
