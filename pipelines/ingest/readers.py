"""Reading one delivered file (CSV, Parquet or XLSX) into DuckDB, every column as VARCHAR.

Each reader first looks at the header only (``read_header``), so that privacy and missing
columns refuse the delivery before any data is read, and then loads the file in one pass
(``load_raw``) into a temporary table ``_data_<table>`` with generic column names ``c1..cN``.
``raw_<table>`` is a temporary view over it with the delivered (lower-cased, trimmed) names and
``_row``, the row number a spreadsheet shows (header = 1). The data stays temporary because
writing 20 M VARCHAR rows to the warehouse file would cost more than the whole build may take.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

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
    """A file loaded as text. ``source_sql`` selects ``_row``, the delivered columns by their
    normalised names and ``_kolommen_fout`` (the row has another number of fields than the
    header)."""

    table_name: str
    file: str
    format: str
    columns: list[str]
    source_sql: str
    rows_read: int
    decimal_comma: bool


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
    """Load the whole file into ``_data_<table>`` and create the view ``raw_<table>``; return
    what validation needs. Refuses a file DuckDB cannot parse and a CSV with a quote that is
    never closed (the message names the file, and the row and column where there is one)."""
    data = f"_data_{table_name}"
    con.execute(f"drop view if exists raw_{table_name}")
    con.execute(f"drop table if exists {data}")
    if header.format == "csv":
        row_sql, ragged_sql, from_sql = _load_csv(con, data, header)
    elif header.format == "parquet":
        row_sql, ragged_sql, from_sql = _load_parquet(con, data, header)
    else:
        row_sql, ragged_sql, from_sql = _load_xlsx(con, data, header)

    named = ", ".join(
        f"c{position} as {quote_identifier(name)}"
        for position, name in enumerate(header.columns, start=1)
    )
    source_sql = (
        f"select cast({row_sql} as integer) as _row, {named}, "
        f"{ragged_sql} as _kolommen_fout from {from_sql}"
    )
    con.execute(
        f"create temp view raw_{table_name} as "
        f"select * exclude (_kolommen_fout) from ({source_sql})"
    )
    rows_read = int(con.execute(f"select count(*) from {data}").fetchone()[0])
    if header.line_scan is not None:
        _refuse_unclosed_quote(con, header, source_sql, rows_read)
    return RawTable(
        table_name=table_name,
        file=header.path.name,
        format=header.format,
        columns=list(header.columns),
        source_sql=source_sql,
        rows_read=rows_read,
        decimal_comma=header.decimal_comma,
    )


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


def _load_csv(con: duckdb.DuckDBPyConnection, data: str, header: Header) -> tuple[str, str, str]:
    header.line_scan = scan_lines(header.path)
    if header.encoding == "utf-8":
        try:
            _read_csv_into(con, data, header, header.path)
        except duckdb.Error as err:
            if "unicode" not in str(err).lower():
                raise _unreadable(header.path, err) from err
        else:
            return _csv_row_ragged_from(con, data, header)
    # Not UTF-8: only now is the file decoded in Python, streaming, as Windows-1252.
    workdir = Path(tempfile.mkdtemp(prefix="ingest-"))
    try:
        utf8_copy = workdir / "utf8.csv"
        _transcode_cp1252(header.path, utf8_copy)
        try:
            _read_csv_into(con, data, header, utf8_copy)
        except duckdb.Error as err:
            raise _unreadable(header.path, err) from err
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _csv_row_ragged_from(con, data, header)


def _read_csv_into(con: duckdb.DuckDBPyConnection, data: str, header: Header, path: Path) -> None:
    # One generic column per header field plus one to catch surplus fields of a ragged row.
    generic = [f"c{position}" for position in range(1, len(header.columns) + 1)] + ["_extra"]
    columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in generic) + "}"
    statement = (
        f"create or replace temp table {data} as select * from read_csv($path, "
        f"columns = {columns}, delim = $delimiter, quote = '\"', escape = '\"', header = true, "
        "auto_detect = false, null_padding = true, strict_mode = false, nullstr = $no_null, "
        "encoding = 'utf-8', parallel = $parallel)"
    )
    params = {"path": str(path), "delimiter": header.delimiter, "no_null": _NO_NULL_STRING}
    try:
        con.execute(statement, {**params, "parallel": True})
    except duckdb.Error as err:
        # A quoted value spanning lines is valid CSV, but DuckDB's parallel scanner cannot pad
        # short rows around it; the single-threaded scanner can.
        if "parallel" not in str(err).lower():
            raise
        con.execute(statement, {**params, "parallel": False})


def _csv_row_ragged_from(
    con: duckdb.DuckDBPyConnection, data: str, header: Header
) -> tuple[str, str, str]:
    last = f"c{len(header.columns)}"
    ragged = f"({last} is null or _extra is not null)"
    shifts = header.line_scan.record_shifts() if header.line_scan else []
    if not shifts:
        # Insertion order is file order, so rowid + 2 is the row a spreadsheet shows.
        return "rowid + 2", ragged, data
    # DuckDB skips blank lines; each one shifts the rows below it by one.
    blanks = f"{data}_blank"
    con.execute(f"create or replace temp table {blanks} (first_record bigint, shift bigint)")
    con.executemany(f"insert into {blanks} values (?, ?)", shifts)
    from_sql = (
        f"{data} as d asof left join (select first_record, max(shift) as shift from {blanks} "
        "group by first_record) as b on d.rowid >= b.first_record"
    )
    return "d.rowid + 2 + coalesce(b.shift, 0)", ragged, from_sql


def _refuse_unclosed_quote(
    con: duckdb.DuckDBPyConnection, header: Header, source_sql: str, rows_read: int
) -> None:
    """Refuse a CSV in which a quote opens and never closes: the lines after it were read as
    one value. Only looked for when fewer records were read than the file has lines."""
    scan = header.line_scan
    assert scan is not None
    if rows_read >= scan.lines - 1 - len(scan.blank_lines):
        return
    firsts = ", ".join(
        f"min(_row) filter (where (contains({quote_identifier(name)}, chr(10)) "
        f"or contains({quote_identifier(name)}, chr(13))) "
        f"and contains({quote_identifier(name)}, $delimiter))"
        for name in header.columns
    )
    found = con.execute(
        f"select {firsts} from ({source_sql})", {"delimiter": header.delimiter}
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


def _load_parquet(
    con: duckdb.DuckDBPyConnection, data: str, header: Header
) -> tuple[str, str, str]:
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
    return "_file_row + 2", "false", data


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


def _load_xlsx(con: duckdb.DuckDBPyConnection, data: str, header: Header) -> tuple[str, str, str]:
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
    return "_sheet_row", "false", data
