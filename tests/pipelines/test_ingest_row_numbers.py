"""Row numbers of a large CSV read on several threads: validation reads the file in parallel
without numbering it and numbers each row from its position once stored, so the rows must be
stored in file order. These files are large enough to be read in several parts at once."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.ingest import ingest_delivery, readers
from tests.pipelines.ingest_helpers import TODAY, _consult, csv_text, delivery_rows, write_delivery

#: Enough consults (about 13 MB of CSV) for DuckDB to read the file in several parts at once.
ROWS = 100_000
#: Every BROKEN_EVERY-th consult has an impossible date; one blank line follows BLANK_AFTER.
BROKEN_EVERY = 9_973
BLANK_AFTER = 54_321


def _large_delivery(folder):
    tables = delivery_rows()
    consults = []
    for number in range(1, ROWS + 1):
        consult = _consult(number, "2024-03-15")
        if number % BROKEN_EVERY == 0:
            consult["datum"] = "31-02-2024"
        consults.append(consult)
    tables["so_consulten"] = consults
    write_delivery(folder, tables=tables)
    text = csv_text(consults)
    marker = f"\nC{BLANK_AFTER + 1},"
    (folder / "so_consulten.csv").write_text(text.replace(marker, "\n" + marker), "utf-8")
    return folder


def _line(number: int) -> int:
    """Return the line of consult C<number>: the header is line 1; one blank line comes after
    consult BLANK_AFTER."""
    return number + 1 + (number > BLANK_AFTER)


def _ingest_on_threads(folder):
    con = duckdb.connect(config={"threads": 4})
    ingest_delivery(con, folder, today=TODAY, allow_quarantine=True)
    return con


@pytest.fixture(scope="module")
def large_delivery(tmp_path_factory):
    return _large_delivery(tmp_path_factory.mktemp("large"))


@pytest.mark.parametrize("order_kept", [True, False], ids=["parallel", "numbered_while_read"])
def test_every_row_keeps_its_line_number_in_a_large_file(large_delivery, monkeypatch, order_kept):
    if not order_kept:
        # When DuckDB's plan would not keep the file's order, the file is numbered as read.
        monkeypatch.setattr(readers, "_keeps_file_order", lambda *_args: False)
    con = _ingest_on_threads(large_delivery)

    broken = [n for n in range(1, ROWS + 1) if n % BROKEN_EVERY == 0]
    assert con.execute(
        "select row, value, reason from quarantine where table_name = 'so_consulten' order by row"
    ).fetchall() == [(_line(n), "31-02-2024", "ongeldige_datum") for n in broken]
    misplaced = con.execute(
        "select count(*) from valid_so_consulten "
        "where _row <> cast(substr(consult_id, 2) as integer) + 1 "
        "+ (cast(substr(consult_id, 2) as integer) > $blank_after)::integer",
        {"blank_after": BLANK_AFTER},
    ).fetchone()[0]
    assert misplaced == 0
    assert con.execute("select count(*) from valid_so_consulten").fetchone()[0] == ROWS - len(
        broken
    )


def test_every_csv_table_is_read_in_parallel(tmp_path, monkeypatch):
    decisions = []
    keeps_file_order = readers._keeps_file_order

    def recording(*args):
        decisions.append(keeps_file_order(*args))
        return decisions[-1]

    monkeypatch.setattr(readers, "_keeps_file_order", recording)
    write_delivery(tmp_path)
    ingest_delivery(duckdb.connect(), tmp_path, today=TODAY)
    assert decisions == [True] * len(delivery_rows())


def test_a_plan_with_a_join_does_not_keep_the_file_order(tmp_path):
    path = tmp_path / "rijen.csv"
    path.write_text("a\n1\n2\n", "utf-8")
    con = duckdb.connect()
    read = "select * from read_csv($path, header = true)"
    params = {"path": str(path)}
    assert readers._keeps_file_order(con, f"create temp table t as {read}", params)
    assert readers._keeps_file_order(con, f"create temp table t as {read} where a > 1", params)
    joined = f"create temp table t as {read} as r join (select 1 as a) as s using (a)"
    assert not readers._keeps_file_order(con, joined, params)
    assert not readers._keeps_file_order(con, f"create temp table t as {read} order by a", params)
