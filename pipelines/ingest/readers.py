"""Reading one delivered file (CSV, Parquet or XLSX) into DuckDB, every column as VARCHAR.

Each reader first looks at the header only (``read_header``), so that privacy and missing
columns refuse the delivery before any data is read. ``load_raw`` then gives the file as a
source SQL with generic column names ``c1..cN`` renamed to the delivered (lower-cased, trimmed)
names, ``_row`` (the row number a spreadsheet shows, header = 1) and ``_kolommen_fout``.
A UTF-8 CSV is not copied: validation reads it once, straight from the file (``run_on_raw``),
in parallel and without row numbers; the rows are numbered from their position once stored
(``numbered_sql``). Parquet, XLSX and Windows-1252 CSV are loaded into a temporary table
``_data_<table>``.
``raw_<table>`` is a temporary view over the source. Nothing raw is written to the warehouse:
20 M VARCHAR rows would cost more than the whole build may take."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import fastexcel
import polars as pl

from pipelines.ingest.errors import DeliveryRefused
from pipelines.ingest.lines import LineScan, scan_lines

#: How much of a CSV file is inspected for the header line and for binary content.
HEADER_BYTES = 1 << 20
BINARY_SNIFF_BYTES = 1 << 16
#: Chunk size when transcoding a Windows-1252 file to UTF-8.
TRANSCODE_CHUNK = 1 << 24
#: Marks "no value" in DuckDB's CSV reader; chosen so that an empty field reads as '' and only
#: a field missing from a short row (null padding) reads as NULL.
_NO_NULL_STRING = "\\x01<geen-null>"
_DATE_AT_MIDNIGHT = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]00:00:00(\.0+)?$"
#: Byte order marks of encodings a CSV may not be in (UTF-32 first: it starts like UTF-16).
_UNSUPPORTED_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
#: How many rows below row 1 are searched for a header that is not in row 1.
HEADER_SEARCH_ROWS = 20


@dataclass
class Header:
    """The columns of one file, read without reading its rows."""

    path: Path
    format: str  # csv | parquet | xlsx
    columns: list[str]  # normalised names, in file order
    delimiter: str | None = None
    encoding: str | None = None  # utf-8 | cp1252 (csv only)
    source_types: list[str] | None = None  # parquet only
    source_names: list[str] | None = None  # parquet only: names as stored
    frame: pl.DataFrame | None = None  # xlsx only: the sheet, read once
    #: what the reader noticed but did not refuse (e.g. ignored sheets), for the report
    notes: list[str] = field(default_factory=list)
    #: the first rows below the header as text, to find a header that is not in row 1
    first_rows: list[list[str]] = field(default_factory=list)
    line_scan: LineScan | None = None  # csv only, after load_raw

    @property
    def decimal_comma(self) -> bool:
        """A Dutch CSV (``;``-separated) may write integers with a decimal comma (``12,0``)."""
        return self.delimiter == ";"


@dataclass
class RawTable:
    """A delivered file as text. ``source_sql`` selects ``_row``, the delivered columns by their
    normalised names and ``_kolommen_fout`` (the row has another number of fields than the
    header); run it with ``source_params`` bound, through ``run_on_raw``. For a UTF-8 CSV it
    reads the file itself (nothing is copied), and ``scan_sql`` is the same without ``_row``:
    numbering the records with ``row_number()`` keeps DuckDB to one thread for the whole
    read, so a full read scans ``scan_sql`` into a table and numbers the rows afterwards
    (``numbered_sql``). ``rows_read`` is known once validation has read the file."""

    table_name: str
    file: str
    format: str
    columns: list[str]
    source_sql: str
    rows_read: int
    decimal_comma: bool
    source_params: dict[str, Any] = field(default_factory=dict)
    header: Header | None = None
    #: UTF-8 CSV only: ``source_sql`` without ``_row``, rows in file order ('' otherwise)
    scan_sql: str = ""
    #: the temporary table of blank-line shifts (see ``_csv_source_sql``), when there are any
    blanks_table: str | None = None


def quote_identifier(name: str) -> str:
    """Return ``name`` as a DuckDB identifier that cannot break out of its quotes."""
    return '"' + name.replace('"', '""') + '"'


def normalise_column_names(file: str, names: list[str]) -> list[str]:
    """Return the names lower-cased and trimmed (an empty name becomes ``kolom_<n>``).

    Refuses two columns with the same name, because either could be the one that counts.
    """
    result: list[str] = []
    for position, name in enumerate(names, start=1):
        clean = str(name).strip().lower()
        if not clean or clean.startswith("__unnamed__"):
            clean = f"kolom_{position}"
        if clean in result:
            raise DeliveryRefused(f"{file}: kolom '{clean}' komt twee keer voor in de kopregel.")
        result.append(clean)
    return result


def read_header(path: Path) -> Header:
    """Return the header of a delivered file; refuses a file that cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv_header(path)
    if suffix == ".parquet":
        return _read_parquet_header(path)
    if suffix == ".xlsx":
        return _read_xlsx_header(path)
    raise DeliveryRefused(f"{path.name}: onbekend bestandsformaat '{suffix}'.")


def load_raw(con: duckdb.DuckDBPyConnection, table_name: str, header: Header) -> RawTable:
    """Return the delivered file as a ``RawTable`` and create the temporary view
    ``raw_<table>``. A UTF-8 CSV is not read yet (validation reads it once); Parquet, XLSX
    and Windows-1252 CSV are loaded into ``_data_<table>``. Refuses a file that cannot be
    read (the message names the file)."""
    data = f"_data_{table_name}"
    con.execute(f"drop table if exists {data}")
    raw = RawTable(
        table_name=table_name,
        file=header.path.name,
        format=header.format,
        columns=list(header.columns),
        source_sql="",
        rows_read=0,
        decimal_comma=header.decimal_comma,
        header=header,
    )
    if header.format == "csv":
        _open_csv(con, raw, header)
    else:
        if header.format == "parquet":
            row_sql, ragged_sql = _load_parquet(con, data, header)
        else:
            row_sql, ragged_sql = _load_xlsx(con, data, header)
        raw.source_sql = _source_sql(header, row_sql, ragged_sql, data)
        raw.rows_read = int(con.execute(f"select count(*) from {data}").fetchall()[0][0])
    _register_raw_view(con, raw)
    return raw


def run_on_raw(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    statement: Callable[[str], str],
    params: dict[str, Any] | None = None,
) -> None:
    """Execute ``statement(source)`` with ``params`` and the source's own parameters, where
    ``source`` is ``raw.scan_sql`` or, when there is none, ``raw.source_sql``: it selects
    ``_row`` only in the second case. ``statement`` must store the rows in a table, with
    ``preserve_insertion_order`` on; select from it through ``numbered_sql``. The parallel
    ``scan_sql`` is used only when DuckDB's plan for the statement keeps the file's order
    (nothing but projections and filters over the read); otherwise ``scan_sql`` is dropped.

    A CSV that turns out not to be UTF-8 further down is read again as Windows-1252, and one
    with a quoted line break again with DuckDB's single-threaded scanner. Refuses a CSV
    DuckDB cannot parse (the message names the file)."""
    if raw.scan_sql and not _keeps_file_order(
        con, statement(raw.scan_sql), {**(params or {}), **raw.source_params}
    ):
        raw.scan_sql = ""
    for _attempt in range(3):
        try:
            source = raw.scan_sql or raw.source_sql
            con.execute(statement(source), {**(params or {}), **raw.source_params})
            return
        except duckdb.Error as err:
            if raw.format != "csv" or raw.header is None:
                raise
            message = str(err).lower()
            if "unicode" in message and raw.source_params:
                _load_cp1252(con, raw, raw.header)
            elif "parallel" in message and raw.source_params.get("parallel"):
                # A quoted value spanning lines is valid CSV, but DuckDB's parallel scanner
                # cannot pad short rows around it; the single-threaded scanner can.
                raw.source_params["parallel"] = False
            elif isinstance(err, duckdb.InvalidInputException):
                raise _unreadable(raw.header.path, err) from err
            else:
                raise
            _register_raw_view(con, raw)
    raise _unreadable(raw.header.path, RuntimeError("opnieuw lezen lukt niet"))


#: Operators between the read and the table that keep the rows in the order they are read
#: (DuckDB documents SELECT and WHERE over one table as order-preserving; a join does not).
_ORDER_KEEPING_OPERATORS = frozenset({"PROJECTION", "FILTER"})


def _keeps_file_order(
    con: duckdb.DuckDBPyConnection, statement: str, params: dict[str, Any]
) -> bool:
    """Return True when DuckDB's plan for ``statement`` (a CREATE TABLE AS) stores the rows in
    the order they are read: an order-preserving (batch) insert of one scan under nothing but
    projections and filters."""
    try:
        plan = con.execute(f"explain (format json) {statement}", params).fetchall()[0][1]
    except duckdb.Error:
        return False  # running the statement will say what is wrong
    roots = json.loads(plan)
    if len(roots) != 1 or roots[0].get("name") != "BATCH_CREATE_TABLE_AS":
        return False
    node = roots[0]
    while len(node.get("children", [])) == 1:
        node = node["children"][0]
        if node.get("children") and node.get("name") not in _ORDER_KEEPING_OPERATORS:
            return False
    return not node.get("children")


def numbered_sql(raw: RawTable, stored: str) -> str:
    """Return a SELECT of ``_row`` and every column of the table ``stored``, which holds what
    ``run_on_raw`` scanned, in file order."""
    if not raw.scan_sql:
        return f"select * from {stored}"
    # A table written in file order numbers its rows 0, 1, ... in that order (rowid).
    if raw.blanks_table is None:
        return f"select cast(rowid + 2 as integer) as _row, * from {stored}"
    records = _with_blank_shifts(f"(select rowid as _rec, * from {stored})", raw.blanks_table)
    return f"select cast({_SHIFTED_ROW} as integer) as _row, d.* exclude (_rec) from {records}"


#: The spreadsheet row of a record of ``_with_blank_shifts``.
_SHIFTED_ROW = "d._rec + 2 + coalesce(b.shift, 0)"


def _with_blank_shifts(records: str, blanks: str) -> str:
    """Return a FROM clause of ``records`` (``_rec``: 0-based record number) as ``d``, each
    with the blank lines before it from the table ``blanks`` as ``b.shift``."""
    return (
        f"{records} as d asof left join (select first_record, max(shift) as shift "
        f"from {blanks} group by first_record) as b on d._rec >= b.first_record"
    )


def _source_sql(header: Header, row_sql: str | None, ragged_sql: str, from_sql: str) -> str:
    named = ", ".join(
        f"c{position} as {quote_identifier(name)}"
        for position, name in enumerate(header.columns, start=1)
    )
    row = "" if row_sql is None else f"cast({row_sql} as integer) as _row, "
    return f"select {row}{named}, {ragged_sql} as _kolommen_fout from {from_sql}"


def _register_raw_view(con: duckdb.DuckDBPyConnection, raw: RawTable) -> None:
    # register() makes a temporary view with the parameters bound by DuckDB, not pasted.
    relation = con.sql(
        f"select * exclude (_kolommen_fout) from ({raw.source_sql})", params=raw.source_params
    )
    con.register(f"raw_{raw.table_name}", relation)


def find_header_row(header: Header, names: list[str]) -> int | None:
    """Return the spreadsheet row (2 or more) of the first row below row 1 that holds every
    one of ``names`` as a cell, or None: a header that is not in row 1."""
    wanted = set(names)
    for number, cells in enumerate(header.first_rows, start=2):
        if wanted <= {str(cell).strip().lower() for cell in cells if cell is not None}:
            return number
    return None


# --- CSV ---------------------------------------------------------------------------------


def _read_csv_header(path: Path) -> Header:
    with path.open("rb") as handle:
        start = handle.read(HEADER_BYTES)
    if not start.strip():
        raise DeliveryRefused(f"{path.name}: het bestand is leeg (geen kopregel).")
    for bom, encoding_name in _UNSUPPORTED_BOMS:
        if start.startswith(bom):
            raise DeliveryRefused(
                f"{path.name}: het bestand is opgeslagen als {encoding_name}; sla het op als "
                "CSV in UTF-8 of Windows-1252."
            )
    if b"\x00" in start[:BINARY_SNIFF_BYTES]:
        raise DeliveryRefused(
            f"{path.name}: het bestand is geen tekstbestand (CSV); lever CSV, Parquet of XLSX."
        )
    # A line ends at \n, \r\n or (old Mac files) a lone \r.
    end_match = re.search(rb"[\r\n]", start)
    if end_match is None and len(start) == HEADER_BYTES:
        raise DeliveryRefused(f"{path.name}: de kopregel (rij 1) is te lang of ontbreekt.")
    line_bytes = start if end_match is None else start[: end_match.start()]
    line_bytes = line_bytes.removeprefix(codecs.BOM_UTF8)
    if not line_bytes.strip():
        raise DeliveryRefused(
            f"{path.name}: de kopregel (rij 1) is leeg; zet de kolomnamen in rij 1."
        )
    try:
        line, encoding = line_bytes.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            line, encoding = line_bytes.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as err:
            raise DeliveryRefused(
                f"{path.name}: rij 1 bevat tekens die geen UTF-8 of Windows-1252 zijn "
                f"(byte {err.start + 1})."
            ) from err
    delimiter = _detect_delimiter(line)
    try:
        names = next(csv.reader(io.StringIO(line), delimiter=delimiter, quotechar='"'), [])
    except csv.Error as err:
        raise DeliveryRefused(
            f"{path.name}: de kopregel (rij 1) kan niet worden gelezen ({err})."
        ) from err
    return Header(
        path=path,
        format="csv",
        columns=normalise_column_names(path.name, names),
        delimiter=delimiter,
        encoding=encoding,
        first_rows=_first_csv_rows(start, encoding, delimiter),
    )


def _first_csv_rows(start: bytes, encoding: str, delimiter: str) -> list[list[str]]:
    """Return the rows after row 1 in the first bytes of the file (to find a misplaced header)."""
    text = start.removeprefix(codecs.BOM_UTF8).decode(encoding, errors="replace")
    lines = text.splitlines()[1 : HEADER_SEARCH_ROWS + 1]
    try:
        return list(csv.reader(lines, delimiter=delimiter, quotechar='"'))
    except csv.Error:
        return []


def _detect_delimiter(line: str) -> str:
    """Return ``;`` when the header has more semicolons than commas outside quotes, else ``,``."""
    counts = {",": 0, ";": 0}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _open_csv(con: duckdb.DuckDBPyConnection, raw: RawTable, header: Header) -> None:
    header.line_scan = scan_lines(header.path)
    if header.encoding != "utf-8":
        _load_cp1252(con, raw, header)
        return
    raw.source_params = {
        "path": str(header.path),
        "delimiter": header.delimiter,
        "no_null": _NO_NULL_STRING,
        "parallel": True,
    }
    # Row numbers without copying the file: DuckDB reads a CSV in file order, and a
    # row_number() over no ordering numbers the records in that order.
    records = f"(select row_number() over () - 1 as _rec, * from {_read_csv_sql(header)})"
    raw.source_sql = _csv_source_sql(con, raw, header, records)
    raw.scan_sql = _source_sql(header, None, _ragged_sql(header), _read_csv_sql(header))


def _read_csv_sql(header: Header) -> str:
    # One generic column per header field plus one to catch surplus fields of a ragged row.
    generic = [f"c{position}" for position in range(1, len(header.columns) + 1)] + ["_extra"]
    columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in generic) + "}"
    return (
        f"read_csv($path, columns = {columns}, delim = $delimiter, quote = '\"', escape = '\"', "
        "header = true, auto_detect = false, null_padding = true, strict_mode = false, "
        "nullstr = $no_null, encoding = 'utf-8', parallel = $parallel)"
    )


def _load_cp1252(con: duckdb.DuckDBPyConnection, raw: RawTable, header: Header) -> None:
    """Copy the file as UTF-8 into ``_data_<table>``: decoded in Python, streaming, only for
    a file that is not UTF-8."""
    data = f"_data_{raw.table_name}"
    workdir = Path(tempfile.mkdtemp(prefix="ingest-"))
    params = {"delimiter": header.delimiter, "no_null": _NO_NULL_STRING, "parallel": True}
    try:
        utf8_copy = workdir / "utf8.csv"
        _transcode_cp1252(header.path, utf8_copy)
        statement = f"create or replace temp table {data} as select * from {_read_csv_sql(header)}"
        try:
            try:
                con.execute(statement, {**params, "path": str(utf8_copy)})
            except duckdb.Error as err:
                if "parallel" not in str(err).lower():
                    raise
                con.execute(statement, {**params, "path": str(utf8_copy), "parallel": False})
        except duckdb.Error as err:
            raise _unreadable(header.path, err) from err
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    raw.source_params = {}
    raw.scan_sql = ""
    raw.source_sql = _csv_source_sql(con, raw, header, f"(select rowid as _rec, * from {data})")


def _csv_source_sql(
    con: duckdb.DuckDBPyConnection, raw: RawTable, header: Header, records: str
) -> str:
    """Return the source SQL over ``records`` (``_rec``: 0-based record number, c1.., _extra)."""
    ragged = _ragged_sql(header)
    shifts = header.line_scan.record_shifts() if header.line_scan else []
    raw.blanks_table = None
    if not shifts:
        return _source_sql(header, "_rec + 2", ragged, records)
    # DuckDB skips blank lines; each one shifts the rows below it by one.
    blanks = f"_blank_{raw.table_name}"
    raw.blanks_table = blanks
    # One statement, not one INSERT (and commit) per blank line.
    con.execute(
        f"create or replace temp table {blanks} as select unnest($firsts)::bigint as "
        "first_record, unnest($shifts)::bigint as shift",
        {"firsts": [first for first, _ in shifts], "shifts": [shift for _, shift in shifts]},
    )
    return _source_sql(header, _SHIFTED_ROW, ragged, _with_blank_shifts(records, blanks))


def _ragged_sql(header: Header) -> str:
    """Return SQL that is true when a record has fewer or more fields than the header."""
    return f"(c{len(header.columns)} is null or _extra is not null)"


def refuse_unclosed_quote(con: duckdb.DuckDBPyConnection, raw: RawTable) -> None:
    """Refuse a CSV in which a quote opens and never closes: the lines after it were read as
    one value. Looked for only when fewer records were read than the file has lines."""
    header = raw.header
    if header is None or header.line_scan is None:
        return
    scan = header.line_scan
    if raw.rows_read >= scan.lines - 1 - len(scan.blank_lines):
        return
    firsts = ", ".join(
        f"min(_row) filter (where (contains({quote_identifier(name)}, chr(10)) "
        f"or contains({quote_identifier(name)}, chr(13))) "
        f"and contains({quote_identifier(name)}, $quote_delimiter))"
        for name in header.columns
    )
    found = con.execute(
        f"select {firsts} from ({raw.source_sql})",
        {"quote_delimiter": header.delimiter, **raw.source_params},
    ).fetchone()
    hits = [(row, name) for row, name in zip(found, header.columns, strict=True) if row]
    if hits:
        row, name = min(hits)
        raise DeliveryRefused(
            f'{header.path.name}, rij {row}, kolom {name}: een aanhalingsteken (") wordt niet '
            "gesloten, waardoor de regels erna als één waarde zijn gelezen. Verbeter het "
            "bestand en lever opnieuw aan."
        )


def _transcode_cp1252(source: Path, target: Path) -> None:
    """Write ``source`` (Windows-1252) as UTF-8; refuses bytes that are not Windows-1252."""
    decoder = codecs.getincrementaldecoder("cp1252")()
    lines_before = 0
    with source.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(TRANSCODE_CHUNK):
            try:
                dst.write(decoder.decode(chunk))
            except UnicodeDecodeError as err:
                line = lines_before + chunk[: err.start].count(b"\n") + 1
                raise DeliveryRefused(
                    f"{source.name}: rij {line} bevat tekens die geen UTF-8 of Windows-1252 "
                    "zijn; sla het bestand op als UTF-8."
                ) from err
            lines_before += chunk.count(b"\n")
        dst.write(decoder.decode(b"", final=True))


def _unreadable(path: Path, err: Exception) -> DeliveryRefused:
    first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return DeliveryRefused(f"{path.name}: het bestand kan niet worden gelezen ({first_line}).")


# --- Parquet -----------------------------------------------------------------------------


def _read_parquet_header(path: Path) -> Header:
    con = duckdb.connect()
    try:
        described = con.execute(
            "describe select * from read_parquet($path)", {"path": str(path)}
        ).fetchall()
    except duckdb.Error as err:
        raise _unreadable(path, err) from err
    finally:
        con.close()
    names = [row[0] for row in described]
    return Header(
        path=path,
        format="parquet",
        columns=normalise_column_names(path.name, names),
        source_names=names,
        source_types=[str(row[1]).upper() for row in described],
    )


def _parquet_as_text(name: str, source_type: str) -> str:
    """Return SQL rendering one Parquet column as the text a CSV would hold."""
    column = quote_identifier(name)
    if source_type in ("FLOAT", "DOUBLE") or source_type.startswith("DECIMAL"):
        # Whole numbers stored as floats (pandas with missing values) read as integers.
        return (
            f"case when {column} = trunc({column}) and abs({column}) < 1e15 "
            f"then cast(cast({column} as bigint) as varchar) else cast({column} as varchar) end"
        )
    if source_type.startswith("TIMESTAMP"):
        return (
            f"case when cast({column} as time) = time '00:00:00' "
            f"then cast(cast({column} as date) as varchar) else cast({column} as varchar) end"
        )
    return f"cast({column} as varchar)"


def _load_parquet(con: duckdb.DuckDBPyConnection, data: str, header: Header) -> tuple[str, str]:
    assert header.source_names is not None and header.source_types is not None
    selects = ", ".join(
        f"{_parquet_as_text(name, kind)} as c{position}"
        for position, (name, kind) in enumerate(
            zip(header.source_names, header.source_types, strict=True), start=1
        )
    )
    try:
        con.execute(
            f"create temp table {data} as select file_row_number as _file_row, {selects} "
            "from read_parquet($path, file_row_number = true)",
            {"path": str(header.path)},
        )
    except duckdb.Error as err:
        raise _unreadable(header.path, err) from err
    return "_file_row + 2", "false"


# --- XLSX --------------------------------------------------------------------------------


def _read_xlsx_header(path: Path) -> Header:
    try:
        sheets = fastexcel.read_excel(path).sheet_names
        # Every cell as text; empty rows kept so that row numbers match the spreadsheet.
        frame = pl.read_excel(
            path,
            engine="calamine",
            sheet_id=1,
            infer_schema_length=0,
            drop_empty_rows=False,
            drop_empty_cols=False,
            raise_if_empty=False,
        )
    except Exception as err:  # fastexcel raises its own types; any failure means unreadable
        raise _unreadable(path, err) from err
    if not frame.columns:
        raise DeliveryRefused(f"{path.name}: het eerste werkblad is leeg (geen kopregel).")
    notes = []
    if len(sheets) > 1:
        ignored = ", ".join(f"'{name}'" for name in sheets[1:])
        notes.append(
            f"{path.name}: alleen het eerste werkblad '{sheets[0]}' is gelezen; "
            f"genegeerd: {ignored}."
        )
    return Header(
        path=path,
        format="xlsx",
        columns=normalise_column_names(path.name, list(frame.columns)),
        frame=frame,
        notes=notes,
        first_rows=[list(row) for row in frame.head(HEADER_SEARCH_ROWS).iter_rows()],
    )


def _load_xlsx(con: duckdb.DuckDBPyConnection, data: str, header: Header) -> tuple[str, str]:
    assert header.frame is not None
    generic = [f"c{position}" for position in range(1, len(header.columns) + 1)]
    frame = (
        header.frame.cast(pl.String)
        .rename(dict(zip(header.frame.columns, generic, strict=True)))
        .with_row_index("_sheet_row", offset=2)
        # An entirely empty spreadsheet row is no row; it keeps its number for the rows below.
        .filter(~pl.all_horizontal(pl.col(generic).is_null()))
    )
    # Excel dates arrive as 'YYYY-MM-DD 00:00:00'; keep the date part.
    as_dates = ", ".join(f"regexp_replace({name}, $midnight, '\\1') as {name}" for name in generic)
    con.register("_xlsx_frame", frame)
    try:
        con.execute(
            f"create temp table {data} as select _sheet_row, {as_dates} from _xlsx_frame",
            {"midnight": _DATE_AT_MIDNIGHT},
        )
    finally:
        con.unregister("_xlsx_frame")
    header.frame = None
    return "_sheet_row", "false"
