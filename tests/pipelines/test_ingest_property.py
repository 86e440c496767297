"""Properties: any bytes delivered as so_consulten.csv, and any rows (random field strings)
delivered as any table, load, quarantine or refuse — never crash — and rows read always equal
rows loaded plus rows quarantined.

Each example loads only the table under test (``ingest.load_tables``), on top of the valid
tables it refers to, copied from the minimal delivery ingested once per module: a whole
delivery per example made these properties a minute of the suite."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import contract
from pipelines.ingest import DeliveryRefused, ingest_delivery, load_tables, readers
from tests.pipelines.ingest_helpers import TODAY, csv_text, delivery_rows, write_delivery

HEADER = csv_text(delivery_rows()["so_consulten"]).splitlines()[0].encode("utf-8")
VALID_BODY = csv_text(delivery_rows()["so_consulten"]).encode("utf-8").split(b"\n", 1)[1]

# Bytes that make CSV interesting: separators, quotes, line ends, digits, dashes, non-ASCII.
CSV_BYTES = st.binary(max_size=300) | st.lists(
    st.sampled_from(
        [
            b",",
            b";",
            b'"',
            b"\n",
            b"\r\n",
            b"1",
            b"2024-01-05",
            b"C9",
            b"\xe2\x82\xac",
            b"\x80",
            b" ",
            b"SO",
            b"-",
        ]
    ),
    max_size=60,
).map(b"".join)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> str:
    """The minimal valid delivery, ingested once into a DuckDB file; returns its path."""
    folder = tmp_path_factory.mktemp("referentie")
    write_delivery(folder)
    path = str(folder / "referentie.duckdb")
    con = duckdb.connect(path)
    ingest_delivery(con, folder, today=TODAY)
    con.close()
    return path


def _load_one(reference: str, table: str, path) -> tuple[duckdb.DuckDBPyConnection, list]:
    """Load the file at ``path`` as ``table`` into a new connection that holds the reference
    delivery's valid tables ``table`` refers to; return the connection and the file reports."""
    con = duckdb.connect()
    con.execute("attach $path as referentie (read_only)", {"path": reference})
    for key in contract.TABLES_BY_NAME[table].foreign_keys:
        con.execute(
            f"create table if not exists valid_{key.table} as "
            f"select * from referentie.valid_{key.table}"
        )
    reports, _warnings = load_tables(
        con, {table: readers.read_header(path)}, today=TODAY, allow_quarantine=True
    )
    return con, reports


def _check_reconciles(con: duckdb.DuckDBPyConnection) -> None:
    read, loaded, quarantined = con.execute(
        "select rows_read, rows_loaded, rows_quarantined from load_report "
        "where table_name = 'so_consulten'"
    ).fetchone()
    assert read == loaded + quarantined
    distinct_rows = con.execute(
        "select count(distinct row) from quarantine where table_name = 'so_consulten'"
    ).fetchone()[0]
    assert distinct_rows == quarantined
    assert con.execute("select count(*) from valid_so_consulten").fetchone()[0] == loaded


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=CSV_BYTES, with_header=st.booleans(), with_valid_rows=st.booleans())
def test_any_bytes_load_quarantine_or_refuse(
    tmp_path_factory, reference, body, with_header, with_valid_rows
):
    path = tmp_path_factory.mktemp("levering") / "so_consulten.csv"
    content = (HEADER + b"\n" if with_header else b"") + (VALID_BODY if with_valid_rows else b"")
    path.write_bytes(content + body)
    try:
        con, _reports = _load_one(reference, "so_consulten", path)
    except DeliveryRefused as refusal:
        assert refusal.message.startswith("so_consulten.csv")
        return
    _check_reconciles(con)


# --- random rows for every table -------------------------------------------------------------

#: Field values that stress typing and CSV: empty, whitespace, quotes, delimiters, line breaks,
#: numbers and dates in several spellings, codes in odd case, a BSN-like number.
ODD_FIELDS = st.sampled_from(
    [
        "",
        " ",
        " \t ",
        "\u00a0",
        '"',
        '""',
        'a"b',
        ",",
        ";",
        "\n",
        "\r\n",
        "0",
        "-1",
        "1.234",
        "12,0",
        "99999999999999999999",
        "2024-01-05",
        "05-01-2024",
        "31-02-2024",
        "2024-1-5",
        "ja",
        "NEE",
        "WK012301",
        "wk012301",
        "GM0123",
        "75-79",
        "v",
        "elv_hoog",
        "9bvv",
        "123456782",
        "€ é ß 漢",
    ]
)


def _fields(table: str) -> dict[str, st.SearchStrategy[str]]:
    """Per column: a valid value of the test delivery, an odd field or any short text."""
    valid = delivery_rows()[table]
    return {
        column: st.one_of(
            st.sampled_from([row[column] for row in valid]), ODD_FIELDS, st.text(max_size=10)
        )
        for column in valid[0]
    }


def _random_rows(table: str) -> st.SearchStrategy[list[dict[str, str]]]:
    return st.lists(st.fixed_dictionaries(_fields(table)), min_size=1, max_size=8)


def _check_every_file_reconciles(con: duckdb.DuckDBPyConnection, reports) -> None:
    for file in reports:
        assert file.rows_read == file.rows_loaded + file.rows_quarantined, file.file
        distinct_rows = con.execute(
            "select count(distinct row) from quarantine where table_name = $t",
            {"t": file.table_name},
        ).fetchone()[0]
        assert distinct_rows == file.rows_quarantined, file.file
        loaded = con.execute(f"select count(*) from valid_{file.table_name}").fetchone()[0]
        assert loaded == file.rows_loaded, file.file


@pytest.mark.parametrize("table", contract.LOAD_ORDER)
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_rows_of_every_table_load_quarantine_or_refuse(
    tmp_path_factory, reference, table, data
):
    rows = data.draw(_random_rows(table), label="rows")
    delimiter = data.draw(st.sampled_from([",", ";"]), label="delimiter")
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), label="encoding")
    try:
        content = csv_text(rows, delimiter).encode(encoding)
    except UnicodeEncodeError:
        content = csv_text(rows, delimiter).encode("utf-8")
    path = tmp_path_factory.mktemp("levering") / f"{table}.csv"
    path.write_bytes(content)
    try:
        con, reports = _load_one(reference, table, path)
    except DeliveryRefused as refusal:
        assert refusal.message.startswith(f"{table}.csv")
        return
    assert [file.table_name for file in reports] == [table]
    _check_every_file_reconciles(con, reports)
    quarantined = con.execute(
        "select count(*) from quarantine where reason is null or message is null or row < 2"
    ).fetchone()[0]
    assert quarantined == 0
