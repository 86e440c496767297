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
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.errors import DeliveryRefused

#: How much of a CSV file is inspected for the header line and for binary content.
HEADER_BYTES = 1 << 20
BINARY_SNIFF_BYTES = 1 << 16
#: Chunk size when transcoding a Windows-1252 file to UTF-8.
TRANSCODE_CHUNK = 1 << 24
#: Marks "no value" in DuckDB's CSV reader; chosen so that an empty field reads as '' and only
#: a field missing from a short row (null padding) reads as NULL.
_NO_NULL_STRING = "\\x01<geen-null>"
_DATE_AT_MIDNIGHT = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]00:00:00(\.0+)?$"


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
    what validation needs. Refuses a file DuckDB cannot parse (the message names the file)."""
    data = f"_data_{table_name}"
    con.execute(f"drop view if exists raw_{table_name}")
    con.execute(f"drop table if exists {data}")
    if header.format == "csv":
        row_sql, ragged_sql = _load_csv(con, data, header)
    elif header.format == "parquet":
        row_sql, ragged_sql = _load_parquet(con, data, header)
    else:
        row_sql, ragged_sql = _load_xlsx(con, data, header)

    named = ", ".join(
        f"c{position} as {quote_identifier(name)}"
        for position, name in enumerate(header.columns, start=1)
    )
    source_sql = (
        f"select cast({row_sql} as integer) as _row, {named}, "
        f"{ragged_sql} as _kolommen_fout from {data}"
    )
    con.execute(
        f"create temp view raw_{table_name} as "
        f"select * exclude (_kolommen_fout) from ({source_sql})"
    )
    rows_read = con.execute(f"select count(*) from {data}").fetchone()[0]
    return RawTable(
        table_name=table_name,
        file=header.path.name,
        format=header.format,
        columns=list(header.columns),
        source_sql=source_sql,
        rows_read=int(rows_read),
        decimal_comma=header.decimal_comma,
    )


# --- CSV ---------------------------------------------------------------------------------


def _read_csv_header(path: Path) -> Header:
    with path.open("rb") as handle:
        start = handle.read(HEADER_BYTES)
    if not start.strip():
        raise DeliveryRefused(f"{path.name}: het bestand is leeg (geen kopregel).")
    if b"\x00" in start[:BINARY_SNIFF_BYTES]:
        raise DeliveryRefused(
            f"{path.name}: het bestand is geen tekstbestand (CSV); lever CSV, Parquet of XLSX."
        )
    end = start.find(b"\n")
    if end < 0 and len(start) == HEADER_BYTES:
        raise DeliveryRefused(f"{path.name}: de kopregel (rij 1) is te lang of ontbreekt.")
    line_bytes = (start if end < 0 else start[:end]).rstrip(b"\r")
    line_bytes = line_bytes.removeprefix(codecs.BOM_UTF8)
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
    except csv.Error as err:  # e.g. a bare carriage return inside the header
        raise DeliveryRefused(
            f"{path.name}: de kopregel (rij 1) kan niet worden gelezen ({err})."
        ) from err
    return Header(
        path=path,
        format="csv",
        columns=normalise_column_names(path.name, names),
        delimiter=delimiter,
        encoding=encoding,
    )


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


def _load_csv(con: duckdb.DuckDBPyConnection, data: str, header: Header) -> tuple[str, str]:
    if header.encoding == "utf-8":
        try:
            _read_csv_into(con, data, header, header.path)
        except duckdb.Error as err:
            if "unicode" not in str(err).lower():
                raise _unreadable(header.path, err) from err
        else:
            return _csv_row_and_ragged(header)
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
    return _csv_row_and_ragged(header)


def _read_csv_into(con: duckdb.DuckDBPyConnection, data: str, header: Header, path: Path) -> None:
    # One generic column per header field plus one to catch surplus fields of a ragged row.
    generic = [f"c{position}" for position in range(1, len(header.columns) + 1)] + ["_extra"]
    columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in generic) + "}"
    con.execute(f"drop table if exists {data}")
    con.execute(
        f"create temp table {data} as select * from read_csv($path, columns = {columns}, "
        "delim = $delimiter, quote = '\"', escape = '\"', header = true, auto_detect = false, "
        "null_padding = true, strict_mode = false, nullstr = $no_null, encoding = 'utf-8')",
        {"path": str(path), "delimiter": header.delimiter, "no_null": _NO_NULL_STRING},
    )


def _csv_row_and_ragged(header: Header) -> tuple[str, str]:
    # Insertion order is file order, so rowid + 2 is the row a spreadsheet shows.
    last = f"c{len(header.columns)}"
    return "rowid + 2", f"({last} is null or _extra is not null)"


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
    return Header(
        path=path,
        format="xlsx",
        columns=normalise_column_names(path.name, list(frame.columns)),
        frame=frame,
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
