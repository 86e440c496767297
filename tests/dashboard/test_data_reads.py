"""What `dashboard.data` reads once per connection (a published file never changes): the table
list and the wijken's names with their gemeente — read once, and never carried over to another
database's connection."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboard import data

AREAS = """
create table areas as select * from (values
    ('GM01', 'gemeente', 'Synthdam', 'GM01'),
    ('WK0101', 'wijk', 'Wijk 01 Noord', 'GM01'),
    ('WK0102', 'wijk', 'Wijk 02 Zuid', 'GM01')
) as t(area_code, area_level, area_name, gemeente_code)
"""


def _database(*extra_tables: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(AREAS)
    for table in extra_tables:
        con.execute(f"create table {table} (x integer)")
    return con


def _counting(monkeypatch) -> list[str]:
    """Count the named queries `dashboard.data` runs from now on."""
    names: list[str] = []
    query = data._query

    def counted(con, name, params=None):
        names.append(name)
        return query(con, name, params)

    monkeypatch.setattr(data, "_query", counted)
    return names


def test_each_connection_sees_its_own_tables():
    newer, older = _database("koppel_hulpvraag"), _database()
    assert data.has_table(newer, "koppel_hulpvraag")
    # An older build behind another connection lacks it, though the newer one was asked first.
    assert not data.has_table(older, "koppel_hulpvraag")
    assert data.read_koppel_hulpvraag(older, "GM01") is None
    assert data.has_table(newer, "areas") and data.has_table(older, "areas")


def test_the_table_list_and_the_wijk_names_are_read_once_per_connection(monkeypatch):
    con = _database("funnel_limits")
    names = _counting(monkeypatch)
    frame = pl.DataFrame(
        {"area_code": ["WK0102", "GM01"], "area_name": ["Wijk 02 Zuid", "Synthdam"]}
    )
    for _ in range(3):
        assert data.has_table(con, "funnel_limits")
        assert not data.has_table(con, "samenwerkingsfase")
        named = data.with_gemeente(con, frame)
        assert named["area_name"].to_list() == ["Wijk 02 Zuid, Synthdam", "Synthdam"]
    assert names.count("table_names") == 1
    assert names.count("wijk_gemeenten") == 1
    # A second connection to another database reads its own.
    other = _database()
    assert not data.has_table(other, "funnel_limits")
    assert names.count("table_names") == 2
