"""File formats: CSV (UTF-8, BOM, Windows-1252, ',' or ';'), Parquet and XLSX load the same."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl
import pytest

from pipelines import contract
from tests.pipelines.ingest_helpers import (
    csv_text,
    delivery_rows,
    ingest,
    quarantine_rows,
    write_delivery,
)


def _valid_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {
        name: con.execute(f"select * from valid_{name} order by _row").fetchall()
        for name in contract.LOAD_ORDER
    }


@pytest.fixture(scope="module")
def csv_baseline(tmp_path_factory):
    con, _ = ingest(tmp_path_factory.mktemp("baseline"))
    return _valid_tables(con)


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("csv", {}),
        ("csv", {"bom": True}),
        ("csv", {"delimiter": ";"}),
        ("cp1252", {}),
        ("parquet", {}),
        ("xlsx", {}),
    ],
)
def test_every_format_loads_the_same_valid_rows(tmp_path, csv_baseline, fmt, options):
    write_delivery(tmp_path, fmt, **options)
    from pipelines.ingest import ingest_delivery

    con = duckdb.connect()
    report = ingest_delivery(con, tmp_path, today=date(2025, 6, 30))
    assert quarantine_rows(con) == []
    assert _valid_tables(con) == csv_baseline
    expected_format = "csv" if fmt == "cp1252" else fmt
    assert {f.format for f in report.files} == {expected_format}


def test_windows_1252_with_euro_sign_decimal_comma_dutch_dates_and_ja_nee(tmp_path):
    tables = delivery_rows()
    tables["koppels"][0]["so_organisatie"] = "Zorg € Eén"
    con, _ = ingest(tmp_path, tables, fmt="cp1252")
    raw = (tmp_path / "koppels.csv").read_bytes()
    assert b"\x80" in raw and b"01-01-2023" in raw and b";ja;nee" in raw
    assert con.execute(
        "select so_organisatie, startdatum, werkt_in_his from valid_koppels where koppel_id = 'K1'"
    ).fetchone() == ("Zorg € Eén", date(2023, 1, 1), True)
    assert con.execute("select inwoners from valid_bevolking order by _row").fetchall() == [
        (120,),
        (15,),
    ]


def test_decimal_comma_is_no_integer_in_a_comma_separated_file(tmp_path):
    tables = delivery_rows()
    tables["bevolking"][0]["inwoners"] = "120,0"
    con, _ = ingest(tmp_path, tables)
    assert quarantine_rows(con) == [
        ("bevolking", 2, "inwoners", "120,0", "geen_geheel_getal"),
    ]


def test_half_a_unit_with_decimal_comma_is_no_integer(tmp_path):
    tables = delivery_rows()
    tables["bevolking"][0]["inwoners"] = "12,5"
    con, _ = ingest(tmp_path, tables, fmt="cp1252")
    assert quarantine_rows(con) == [
        ("bevolking", 2, "inwoners", "12,5", "geen_geheel_getal"),
    ]


def test_crlf_line_ends_and_padded_values(tmp_path):
    write_delivery(tmp_path)
    rows = delivery_rows()["gebieden"]
    rows[0]["wijk_naam"] = "  Centrum  "
    text = csv_text(rows).replace("\n", "\r\n")
    (tmp_path / "gebieden.csv").write_bytes(text.encode("utf-8"))
    con, _ = ingest(tmp_path, tables={})
    assert con.execute(
        "select wijk_naam, resv_naam from valid_gebieden order by _row"
    ).fetchall() == [
        ("Centrum", "Regio Eén"),
        ("Oost", "Regio Eén"),
    ]


def test_column_names_match_ignoring_case_and_spaces_and_extras_are_reported(tmp_path):
    tables = delivery_rows()
    tables["praktijken"] = [
        {
            " JAAR ": r["jaar"],
            "Praktijk_ID": r["praktijk_id"],
            "wijk_code": r["wijk_code"],
            "ingeschreven_75plus": r["ingeschreven_75plus"],
            "Opmerking": "x",
        }
        for r in tables["praktijken"]
    ]
    con, report = ingest(tmp_path, tables)
    assert report.file("praktijken").extra_columns == ["opmerking"]
    assert report.file("praktijken").rows_loaded == 2
    assert con.execute(
        "select extra_columns from load_report where table_name = 'praktijken'"
    ).fetchone() == (["opmerking"],)
    assert [row[0] for row in con.execute("describe raw_praktijken").fetchall()] == [
        "_row",
        "jaar",
        "praktijk_id",
        "wijk_code",
        "ingeschreven_75plus",
        "opmerking",
    ]


def test_xlsx_row_numbers_count_empty_spreadsheet_rows(tmp_path):
    import xlsxwriter

    write_delivery(tmp_path)
    (tmp_path / "gebieden.csv").unlink()
    rows = delivery_rows()["gebieden"]
    workbook = xlsxwriter.Workbook(tmp_path / "gebieden.xlsx")
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, list(rows[0]))
    sheet.write_row(1, 0, list(rows[0].values()))
    sheet.write_row(3, 0, [*list(rows[1].values())[:6], ""])  # row 4, resv_naam empty
    workbook.close()
    con, report = ingest(tmp_path, tables={})
    assert quarantine_rows(con, "gebieden") == [
        ("gebieden", 4, "resv_naam", None, "ontbrekende_waarde"),
    ]
    assert report.file("gebieden").rows_read == 2


def test_parquet_whole_floats_and_midnight_timestamps_read_as_integers_and_dates(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "bevolking.csv").unlink()
    pl.DataFrame(
        {
            "jaar": [2024.0],
            "wijk_code": ["WK012301"],
            "leeftijdsklasse": ["75-79"],
            "geslacht": ["V"],
            "inwoners": [12.5],
        }
    ).write_parquet(tmp_path / "bevolking.parquet")
    (tmp_path / "koppels.csv").unlink()
    koppels = pl.DataFrame(delivery_rows()["koppels"]).with_columns(
        pl.Series("startdatum", [datetime(2023, 1, 1), datetime(2023, 6, 1, 12, 30)])
    )
    koppels.write_parquet(tmp_path / "koppels.parquet")
    con, _ = ingest(tmp_path, tables={})
    assert quarantine_rows(con) == [
        ("bevolking", 2, "inwoners", "12.5", "geen_geheel_getal"),
        ("koppels", 3, "startdatum", "2023-06-01 12:30:00", "ongeldige_datum"),
    ]
    assert con.execute("select startdatum from valid_koppels").fetchall() == [(date(2023, 1, 1),)]
