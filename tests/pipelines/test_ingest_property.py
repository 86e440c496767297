"""Property: any bytes delivered as so_consulten.csv load, quarantine or refuse — never crash —
and rows read always equal rows loaded plus rows quarantined."""

from __future__ import annotations

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest import DeliveryRefused, ingest_delivery
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
def test_any_bytes_load_quarantine_or_refuse(tmp_path_factory, body, with_header, with_valid_rows):
    folder = tmp_path_factory.mktemp("levering")
    write_delivery(folder)
    content = (HEADER + b"\n" if with_header else b"") + (VALID_BODY if with_valid_rows else b"")
    (folder / "so_consulten.csv").write_bytes(content + body)
    con = duckdb.connect()
    try:
        ingest_delivery(con, folder, today=TODAY, allow_quarantine=True)
    except DeliveryRefused as refusal:
        assert refusal.message.startswith("so_consulten.csv")
        return
    _check_reconciles(con)
