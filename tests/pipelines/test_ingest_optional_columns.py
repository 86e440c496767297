"""The two optional columns (issue 16): ``opnames.praktijk_id`` and
``so_consulten.aanvraagdatum``. A delivery without them loads as before; delivered, they are
validated like every column and a broken value quarantines its row with file, row, column and
a Dutch message."""

from __future__ import annotations

from datetime import date

from tests.pipelines.ingest_helpers import delivery_rows, ingest, quarantine_rows


def _messages(con, table: str) -> list[str]:
    return [
        m
        for (m,) in con.execute(
            "select message from quarantine where table_name = ? order by row", [table]
        ).fetchall()
    ]


def test_a_delivery_without_the_optional_columns_loads_them_as_empty(tmp_path):
    con, report = ingest(tmp_path)
    assert quarantine_rows(con) == []
    assert con.execute("select count(*), count(praktijk_id) from valid_opnames").fetchone() == (
        2,
        0,
    )
    assert con.execute(
        "select count(*), count(aanvraagdatum) from valid_so_consulten"
    ).fetchone() == (4, 0)
    assert report.file("opnames").extra_columns == []


def test_aanvraagdatum_loads_as_a_date_and_may_be_empty(tmp_path):
    tables = delivery_rows()
    values = ["2024-01-02", "", "05-03-2024", "2024-04-14"]
    for row, value in zip(tables["so_consulten"], values, strict=True):
        row["aanvraagdatum"] = value
    con, _ = ingest(tmp_path, tables)
    assert quarantine_rows(con) == []
    assert con.execute(
        "select consult_id, aanvraagdatum from valid_so_consulten order by _row"
    ).fetchall() == [
        ("C1", date(2024, 1, 2)),
        ("C2", None),
        ("C3", date(2024, 3, 5)),
        ("C4", date(2024, 4, 14)),
    ]


def test_a_bad_aanvraagdatum_quarantines_the_row_with_a_dutch_message(tmp_path):
    tables = delivery_rows()
    # C1 is on 2024-01-11, C2 on 2024-02-12, C3 on 2024-03-13, C4 on 2024-04-14.
    values = ["2024-01-12", "31-12-2014", "2024-02-30", "2024-04-14"]
    for row, value in zip(tables["so_consulten"], values, strict=True):
        row["aanvraagdatum"] = value
    con, report = ingest(tmp_path, tables)
    assert quarantine_rows(con) == [
        ("so_consulten", 2, "aanvraagdatum", "2024-01-12", "aanvraag_na_contact"),
        ("so_consulten", 3, "aanvraagdatum", "31-12-2014", "datum_te_vroeg"),
        ("so_consulten", 4, "aanvraagdatum", "2024-02-30", "ongeldige_datum"),
    ]
    assert _messages(con, "so_consulten") == [
        "aanvraagdatum '2024-01-12' ligt na de datum van het contact",
        "aanvraagdatum '31-12-2014' ligt vóór 01-01-2015",
        "aanvraagdatum '2024-02-30' is geen geldige datum",
    ]
    file = report.file("so_consulten")
    assert (file.rows_read, file.rows_loaded, file.rows_quarantined) == (4, 1, 3)
    assert file.reason_texts["aanvraagdatum ligt na de datum van het contact"] == 1


def test_an_unknown_practice_of_an_admission_is_quarantined_like_other_unknown_keys(tmp_path):
    tables = delivery_rows()
    tables["opnames"][0]["praktijk_id"] = "P-X"
    tables["opnames"][1]["praktijk_id"] = " P-B "
    con, report = ingest(tmp_path, tables)
    assert quarantine_rows(con) == [("opnames", 2, "praktijk_id", "P-X", "onbekende_praktijk")]
    assert _messages(con, "opnames") == ["praktijk_id 'P-X' komt niet voor in praktijken"]
    assert con.execute("select opname_id, praktijk_id from valid_opnames").fetchall() == [
        ("O2", "P-B")
    ]
    assert report.file("opnames").reason_texts == {"praktijk_id komt niet voor in praktijken": 1}


def test_an_empty_practice_of_an_admission_loads_as_unknown(tmp_path):
    tables = delivery_rows()
    tables["opnames"][0]["praktijk_id"] = ""
    tables["opnames"][1]["praktijk_id"] = "P-A"
    con, _ = ingest(tmp_path, tables)
    assert quarantine_rows(con) == []
    assert con.execute(
        "select opname_id, praktijk_id from valid_opnames order by _row"
    ).fetchall() == [("O1", None), ("O2", "P-A")]
