"""A minimal valid delivery of all six tables, written in any supported format, for the ingest
tests; each test breaks one thing and asserts exactly what ingest does with it."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

from pipelines import contract

#: The date ingest treats as today in the tests (not_future is checked against it).
TODAY = date(2025, 6, 30)

GEBIEDEN = [
    {
        "jaar": "2024",
        "wijk_code": "WK012301",
        "wijk_naam": "Centrum",
        "gemeente_code": "GM0123",
        "gemeente_naam": "Stad",
        "resv_code": "R1",
        "resv_naam": "Regio Eén",
    },
    {
        "jaar": "2024",
        "wijk_code": "WK012302",
        "wijk_naam": "Oost",
        "gemeente_code": "GM0123",
        "gemeente_naam": "Stad",
        "resv_code": "R1",
        "resv_naam": "Regio Eén",
    },
]
BEVOLKING = [
    {
        "jaar": "2024",
        "wijk_code": "WK012301",
        "leeftijdsklasse": "75-79",
        "geslacht": "V",
        "inwoners": "120",
    },
    {
        "jaar": "2024",
        "wijk_code": "WK012302",
        "leeftijdsklasse": "90+",
        "geslacht": "M",
        "inwoners": "15",
    },
]
PRAKTIJKEN = [
    {"jaar": "2024", "praktijk_id": "P-A", "wijk_code": "WK012301", "ingeschreven_75plus": "300"},
    {"jaar": "2024", "praktijk_id": "P-B", "wijk_code": "WK012302", "ingeschreven_75plus": "150"},
]
KOPPELS = [
    {
        "koppel_id": "K1",
        "praktijk_id": "P-A",
        "so_id": "SO-1",
        "so_organisatie": "VVT Noord",
        "startdatum": "2023-01-01",
        "einddatum": "",
        "werkt_in_his": "true",
        "vast_overleg": "false",
    },
    {
        "koppel_id": "K2",
        "praktijk_id": "P-B",
        "so_id": "SO-2",
        "so_organisatie": "VVT Zuid",
        "startdatum": "2023-06-01",
        "einddatum": "2024-12-31",
        "werkt_in_his": "false",
        "vast_overleg": "true",
    },
]


def _consult(number: int, datum: str, wijk: str = "WK012301") -> dict[str, str]:
    return {
        "consult_id": f"C{number}",
        "client_id": f"CL-{number % 3}",
        "datum": datum,
        "wijk_code": wijk,
        "leeftijdsklasse": "80-84",
        "geslacht": "V",
        "praktijk_id": "P-A",
        "so_id": "SO-1",
        "uitvoerder_discipline": "SO",
        "financiering": "ZVW_GZSP",
        "prestatie": "CONSULT",
        "contactvorm": "THUIS",
        "hulpvraag": "OVERIG",
        "directe_tijd_min": "45",
    }


SO_CONSULTEN = [_consult(n, f"2024-0{n}-1{n}") for n in range(1, 5)]
OPNAMES = [
    {
        "opname_id": "O1",
        "client_id": "CL-1",
        "opnamedatum": "2024-05-20",
        "ontslagdatum": "",
        "wijk_code": "WK012301",
        "leeftijdsklasse": "85-89",
        "geslacht": "M",
        "opname_type": "WLZ_VERBLIJF",
        "crisis": "false",
        "zorgprofiel": "5VV",
        "herkomst": "THUIS",
        "indicatiedatum": "2024-04-01",
    },
    {
        "opname_id": "O2",
        "client_id": "CL-2",
        "opnamedatum": "2024-03-02",
        "ontslagdatum": "2024-03-20",
        "wijk_code": "WK012302",
        "leeftijdsklasse": "75-79",
        "geslacht": "V",
        "opname_type": "ELV_HOOG",
        "crisis": "false",
        "zorgprofiel": "",
        "herkomst": "ZIEKENHUIS",
        "indicatiedatum": "",
    },
]


def delivery_rows() -> dict[str, list[dict[str, str]]]:
    """Return fresh copies of the valid rows of every table, by table name."""
    tables = {
        "gebieden": GEBIEDEN,
        "bevolking": BEVOLKING,
        "praktijken": PRAKTIJKEN,
        "koppels": KOPPELS,
        "so_consulten": SO_CONSULTEN,
        "opnames": OPNAMES,
    }
    return {name: [dict(row) for row in rows] for name, rows in tables.items()}


def csv_text(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    """Return the rows as CSV text (header from the first row's keys), lines ending in \\n."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def dutch_rows(table: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return the rows as a Dutch spreadsheet exports them: DD-MM-YYYY dates, ja/nee,
    integers with a decimal comma."""
    columns = {col.name: col for col in contract.TABLES_BY_NAME[table].columns}
    result = []
    for row in rows:
        new = {}
        for name, value in row.items():
            kind = columns[name].type if name in columns else "text"
            if value and kind == "date":
                year, month, day = value.split("-")
                value = f"{day}-{month}-{year}"
            elif value and kind == "boolean":
                value = {"true": "ja", "false": "nee"}[value]
            elif value.isdigit() and kind == "integer":
                value = f"{value},0"
            elif value and kind == "decimal":
                value = value.replace(".", ",")
            new[name] = value
        result.append(new)
    return result


def write_table(
    folder: Path, table: str, rows: list[dict[str, str]], fmt: str = "csv", **options
) -> Path:
    """Write one table in ``fmt``: csv (options: delimiter, encoding, bom), cp1252 (Dutch
    Windows export with ';'), parquet (typed columns) or xlsx (typed cells)."""
    if fmt == "csv":
        path = folder / f"{table}.csv"
        text = csv_text(rows, options.get("delimiter", ","))
        data = text.encode(options.get("encoding", "utf-8"))
        path.write_bytes((b"\xef\xbb\xbf" if options.get("bom") else b"") + data)
    elif fmt == "cp1252":
        path = folder / f"{table}.csv"
        path.write_bytes(csv_text(dutch_rows(table, rows), ";").encode("cp1252"))
    elif fmt == "parquet":
        path = folder / f"{table}.parquet"
        _typed_frame(table, rows).write_parquet(path)
    elif fmt == "xlsx":
        path = folder / f"{table}.xlsx"
        _write_xlsx(path, table, rows)
    else:
        raise ValueError(fmt)
    return path


def write_delivery(folder: Path, fmt: str = "csv", tables: dict | None = None, **options) -> Path:
    """Write a whole delivery (None: the valid rows; {}: nothing) in one format; return the
    folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in (delivery_rows() if tables is None else tables).items():
        write_table(folder, table, rows, fmt, **options)
    return folder


def _typed_value(kind: str, value: str):
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "decimal":
        return float(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "boolean":
        return value == "true"
    return value


def _typed_frame(table: str, rows: list[dict[str, str]]) -> pl.DataFrame:
    columns = {col.name: col.type for col in contract.TABLES_BY_NAME[table].columns}
    types = {
        "integer": pl.Int64,
        "decimal": pl.Float64,
        "date": pl.Date,
        "boolean": pl.Boolean,
        "text": pl.String,
    }
    data = {
        name: pl.Series(
            name,
            [_typed_value(columns.get(name, "text"), row[name]) for row in rows],
            dtype=types[columns.get(name, "text")],
        )
        for name in rows[0]
    }
    return pl.DataFrame(data)


def _write_xlsx(path: Path, table: str, rows: list[dict[str, str]]) -> None:
    columns = {col.name: col.type for col in contract.TABLES_BY_NAME[table].columns}
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet(table)
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    sheet.write_row(0, 0, list(rows[0]))
    for r, row in enumerate(rows, start=1):
        for c, (name, value) in enumerate(row.items()):
            kind = columns.get(name, "text")
            typed = _typed_value(kind, value)
            if typed is None:
                continue
            if kind == "date":
                sheet.write_datetime(r, c, typed, date_format)
            elif kind in ("integer", "decimal"):
                sheet.write_number(r, c, typed)
            elif kind == "boolean":
                sheet.write_boolean(r, c, typed)
            else:
                sheet.write_string(r, c, typed)
    workbook.close()


def quarantine_rows(con: duckdb.DuckDBPyConnection, table: str | None = None) -> list[tuple]:
    """Return (table_name, row, column_name, value, reason) of the quarantine, ordered."""
    sql = (
        "select table_name, row, column_name, value, reason from quarantine "
        "where $table is null or table_name = $table order by table_name, row, reason"
    )
    return con.execute(sql, {"table": table}).fetchall()


def ingest(folder: Path, tables: dict | None = None, fmt: str = "csv", **kwargs):
    """Write a delivery (default: the valid rows) and ingest it in a fresh in-memory DuckDB;
    return (connection, report). Keyword arguments go to ingest_delivery."""
    from pipelines.ingest import ingest_delivery

    write_delivery(folder, fmt, tables)
    con = duckdb.connect()
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("allow_quarantine", True)
    return con, ingest_delivery(con, folder, **kwargs)
