"""The optional gebieden columns stedelijkheid (CBS 1–5) and ses_score (SES-WOA mean): absent,
delivered in every format, and quarantined with file, row and column when wrong."""

from __future__ import annotations

import pytest

from tests.pipelines.ingest_helpers import delivery_rows, ingest, quarantine_rows


def _gebieden(*values: tuple[str, str]) -> dict:
    tables = delivery_rows()
    for row, (stedelijkheid, ses_score) in zip(tables["gebieden"], values, strict=True):
        row.update(stedelijkheid=stedelijkheid, ses_score=ses_score)
    return tables


def _loaded(con) -> list[tuple]:
    return con.execute(
        "select wijk_code, stedelijkheid, ses_score from valid_gebieden order by _row"
    ).fetchall()


def test_a_delivery_without_them_loads_them_empty(tmp_path):
    con, report = ingest(tmp_path)
    assert quarantine_rows(con) == []
    assert _loaded(con) == [("WK012301", None, None), ("WK012302", None, None)]
    assert report.file("gebieden").extra_columns == []


@pytest.mark.parametrize("fmt", ["csv", "cp1252", "parquet", "xlsx"])
def test_they_load_typed_from_every_format(tmp_path, fmt):
    con, _ = ingest(tmp_path, _gebieden(("1", "-0.412"), ("5", "")), fmt=fmt)
    assert quarantine_rows(con) == []
    assert _loaded(con) == [("WK012301", 1, pytest.approx(-0.412)), ("WK012302", 5, None)]


@pytest.mark.parametrize(
    ("stedelijkheid", "ses_score", "column", "reason", "message"),
    [
        (
            "6",
            "0.1",
            "stedelijkheid",
            "buiten_bereik",
            "stedelijkheid 6 ligt buiten bereik (1 t/m 5)",
        ),
        (
            "0",
            "0.1",
            "stedelijkheid",
            "buiten_bereik",
            "stedelijkheid 0 ligt buiten bereik (1 t/m 5)",
        ),
        (
            "stad",
            "0.1",
            "stedelijkheid",
            "geen_geheel_getal",
            "stedelijkheid 'stad' is geen geheel getal",
        ),
        (
            "2.5",
            "0.1",
            "stedelijkheid",
            "geen_geheel_getal",
            "stedelijkheid '2.5' is geen geheel getal",
        ),
        ("2", "hoog", "ses_score", "geen_getal", "ses_score 'hoog' is geen getal"),
        ("2", "0,3", "ses_score", "geen_getal", "ses_score '0,3' is geen getal"),
        ("2", "57", "ses_score", "buiten_bereik", "ses_score 57 ligt buiten bereik (-3 t/m 3)"),
        ("2", "-3.5", "ses_score", "buiten_bereik", "ses_score -3.5 ligt buiten bereik (-3 t/m 3)"),
    ],
)
def test_a_bad_value_is_quarantined_with_file_row_and_column(
    tmp_path, stedelijkheid, ses_score, column, reason, message
):
    con, report = ingest(tmp_path, _gebieden(("3", "0.2"), (stedelijkheid, ses_score)))
    value = stedelijkheid if column == "stedelijkheid" else ses_score
    assert quarantine_rows(con, "gebieden") == [("gebieden", 3, column, value, reason)]
    assert con.execute(
        "select file, message from quarantine where table_name = 'gebieden'"
    ).fetchone() == (
        "gebieden.csv",
        message,
    )
    assert report.file("gebieden").rows_quarantined == 1
    assert _loaded(con) == [("WK012301", 3, pytest.approx(0.2))]


def test_a_dutch_csv_writes_the_score_with_a_decimal_comma(tmp_path):
    con, _ = ingest(tmp_path, _gebieden(("2", "0.25"), ("4", "-1.5")), fmt="cp1252")
    assert quarantine_rows(con) == []
    assert _loaded(con) == [("WK012301", 2, 0.25), ("WK012302", 4, -1.5)]
