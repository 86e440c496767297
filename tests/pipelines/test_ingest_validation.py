"""Validation: each rule of the contract quarantines exactly the rows that break it."""

from __future__ import annotations

from datetime import date

from tests.pipelines.ingest_helpers import delivery_rows, ingest, quarantine_rows


def _with(table: str, row: int, **changes: str) -> dict:
    """Return the valid delivery with ``changes`` applied to data row ``row`` (0-based)."""
    tables = delivery_rows()
    tables[table][row].update(changes)
    return tables


def _counts(report, table: str) -> tuple[int, int, int]:
    file = report.file(table)
    return file.rows_read, file.rows_loaded, file.rows_quarantined


def test_valid_delivery_loads_every_row_and_quarantines_nothing(tmp_path):
    con, report = ingest(tmp_path)
    assert quarantine_rows(con) == []
    assert [(f.table_name, f.rows_read, f.rows_loaded) for f in report.files] == [
        ("gebieden", 2, 2),
        ("bevolking", 2, 2),
        ("praktijken", 2, 2),
        ("koppels", 2, 2),
        ("so_consulten", 4, 4),
        ("opnames", 2, 2),
    ]
    assert con.execute("select * from valid_koppels order by _row").fetchall() == [
        (2, "K1", "P-A", "SO-1", "VVT Noord", date(2023, 1, 1), None, True, False),
        (3, "K2", "P-B", "SO-2", "VVT Zuid", date(2023, 6, 1), date(2024, 12, 31), False, True),
    ]


def test_valid_tables_have_the_contract_columns_and_types(tmp_path):
    con, _ = ingest(tmp_path)
    described = con.execute("describe valid_so_consulten").fetchall()
    assert [(row[0], row[1]) for row in described][:4] == [
        ("_row", "INTEGER"),
        ("consult_id", "VARCHAR"),
        ("client_id", "VARCHAR"),
        ("datum", "DATE"),
    ]
    assert [(row[0], row[1]) for row in described][-2:] == [
        ("directe_tijd_min", "BIGINT"),
        ("aanvraagdatum", "DATE"),
    ]


def test_impossible_date_is_quarantined_with_a_dutch_message(tmp_path):
    con, report = ingest(tmp_path, _with("so_consulten", 1, datum="31-02-2024"))
    assert quarantine_rows(con) == [
        ("so_consulten", 3, "datum", "31-02-2024", "ongeldige_datum"),
    ]
    message = con.execute("select message from quarantine").fetchone()[0]
    assert message == "datum '31-02-2024' is geen geldige datum"
    assert _counts(report, "so_consulten") == (4, 3, 1)
    assert report.file("so_consulten").reasons == {"ongeldige_datum": 1}


def test_missing_value_unknown_code_and_range_each_give_one_row(tmp_path):
    tables = _with("so_consulten", 0, client_id=" ", hulpvraag="onbekend", directe_tijd_min="481")
    con, report = ingest(tmp_path, tables)
    assert quarantine_rows(con) == [
        ("so_consulten", 2, "directe_tijd_min", "481", "buiten_bereik"),
        ("so_consulten", 2, "hulpvraag", "onbekend", "onbekende_code"),
        ("so_consulten", 2, "client_id", None, "ontbrekende_waarde"),
    ]
    assert _counts(report, "so_consulten") == (4, 3, 1)


def test_codes_match_ignoring_case_and_load_in_the_code_list_spelling(tmp_path):
    tables = _with("opnames", 0, zorgprofiel=" 9bvv ", geslacht="m", herkomst="Thuis")
    con, _ = ingest(tmp_path, tables)
    assert quarantine_rows(con) == []
    assert con.execute(
        "select zorgprofiel, geslacht, herkomst from valid_opnames where opname_id = 'O1'"
    ).fetchone() == ("9bVV", "M", "THUIS")


def test_integer_date_boolean_and_pattern_types(tmp_path):
    tables = delivery_rows()
    tables["gebieden"][1]["wijk_code"] = "WK01230"
    tables["bevolking"][0]["inwoners"] = "12,5"
    tables["koppels"][0]["werkt_in_his"] = "misschien"
    tables["koppels"][1]["startdatum"] = "2023/06/01"
    con, _ = ingest(tmp_path, tables)
    # Dropping wijk WK012302 from gebieden cascades through the foreign keys (valid rows only).
    assert quarantine_rows(con) == [
        ("bevolking", 2, "inwoners", "12,5", "geen_geheel_getal"),
        ("bevolking", 3, "wijk_code", "2024 / WK012302", "onbekende_wijk"),
        ("gebieden", 3, "wijk_code", "WK01230", "ongeldig_formaat"),
        ("koppels", 2, "werkt_in_his", "misschien", "geen_ja_nee"),
        ("koppels", 3, "praktijk_id", "P-B", "onbekende_praktijk"),
        ("koppels", 3, "startdatum", "2023/06/01", "ongeldige_datum"),
        ("opnames", 3, "wijk_code", "WK012302", "onbekende_wijk"),
        ("praktijken", 3, "wijk_code", "WK012302", "onbekende_wijk"),
    ]


def test_dates_in_the_future_or_too_early(tmp_path):
    tables = delivery_rows()
    tables["so_consulten"][0]["datum"] = "2025-07-01"
    tables["so_consulten"][1]["datum"] = "31-12-2014"
    tables["so_consulten"][2]["datum"] = "30-06-2025"
    con, _ = ingest(tmp_path, tables)
    assert quarantine_rows(con) == [
        ("so_consulten", 2, "datum", "2025-07-01", "datum_in_toekomst"),
        ("so_consulten", 3, "datum", "31-12-2014", "datum_te_vroeg"),
    ]
    assert con.execute("select message from quarantine order by row").fetchall() == [
        ("datum '2025-07-01' ligt in de toekomst (na 30-06-2025)",),
        ("datum '31-12-2014' ligt vóór 01-01-2015",),
    ]


def test_row_rules_use_the_rule_name_as_reason(tmp_path):
    tables = delivery_rows()
    tables["gebieden"].append(
        dict(tables["gebieden"][1], wijk_code="WK012303", gemeente_code="GM0999")
    )
    tables["opnames"][0].update(zorgprofiel="", indicatiedatum="2024-06-01")
    tables["opnames"][1].update(crisis="ja", zorgprofiel="4VV", ontslagdatum="2024-03-01")
    tables["koppels"][1]["einddatum"] = "2023-05-31"
    con, report = ingest(tmp_path, tables)
    assert quarantine_rows(con) == [
        ("gebieden", 4, "gemeente_code", "GM0999", "gemeente_past_niet_bij_wijk"),
        ("koppels", 3, "einddatum", "2023-05-31", "einddatum_voor_startdatum"),
        ("opnames", 2, "indicatiedatum", "2024-06-01", "indicatie_na_opname"),
        ("opnames", 2, "zorgprofiel", None, "zorgprofiel_ontbreekt"),
        ("opnames", 3, "crisis", "ja", "crisis_niet_wlz"),
        ("opnames", 3, "ontslagdatum", "2024-03-01", "ontslag_voor_opname"),
        ("opnames", 3, "zorgprofiel", "4VV", "zorgprofiel_niet_wlz"),
    ]
    assert _counts(report, "opnames") == (2, 0, 2)
    assert report.file("opnames").reasons == {
        "crisis_niet_wlz": 1,
        "indicatie_na_opname": 1,
        "ontslag_voor_opname": 1,
        "zorgprofiel_niet_wlz": 1,
        "zorgprofiel_ontbreekt": 1,
    }


def test_foreign_key_checks_the_valid_rows_of_the_earlier_table(tmp_path):
    tables = delivery_rows()
    tables["so_consulten"][3]["wijk_code"] = "WK999999"
    tables["koppels"][0]["praktijk_id"] = "P-X"
    con, _ = ingest(tmp_path, tables)
    assert quarantine_rows(con) == [
        ("koppels", 2, "praktijk_id", "P-X", "onbekende_praktijk"),
        ("so_consulten", 5, "wijk_code", "WK999999", "onbekende_wijk"),
    ]
    message = con.execute("select message from quarantine where table_name = 'koppels'")
    assert message.fetchone()[0] == "praktijk_id 'P-X' komt niet voor in praktijken"


def test_duplicate_key_keeps_the_first_row_among_rows_passing_the_other_rules(tmp_path):
    tables = delivery_rows()
    first = dict(tables["so_consulten"][0])
    broken_copy = dict(first, directe_tijd_min="-5")
    tables["so_consulten"] += [broken_copy, dict(first), dict(first)]
    con, report = ingest(tmp_path, tables)
    assert quarantine_rows(con) == [
        ("so_consulten", 6, "directe_tijd_min", "-5", "buiten_bereik"),
        ("so_consulten", 7, "consult_id", "C1", "dubbele_sleutel"),
        ("so_consulten", 8, "consult_id", "C1", "dubbele_sleutel"),
    ]
    assert con.execute("select message from quarantine where row = 7").fetchone()[0] == (
        "sleutel consult_id 'C1' komt al voor in rij 2"
    )
    assert _counts(report, "so_consulten") == (7, 4, 3)
    assert con.execute(
        "select min(_row) from valid_so_consulten where consult_id = 'C1'"
    ).fetchone() == (2,)


def test_a_row_breaking_two_rules_counts_once(tmp_path):
    con, report = ingest(tmp_path, _with("bevolking", 0, geslacht="X", inwoners="-5"))
    assert [row[4] for row in quarantine_rows(con)] == ["buiten_bereik", "onbekende_code"]
    assert _counts(report, "bevolking") == (2, 1, 1)
    assert con.execute(
        "select rows_read, rows_loaded, rows_quarantined from load_report "
        "where table_name = 'bevolking'"
    ).fetchone() == (2, 1, 1)


def test_ragged_rows_are_quarantined_and_counts_reconcile(tmp_path):
    from tests.pipelines.ingest_helpers import csv_text, write_delivery

    write_delivery(tmp_path)
    text = csv_text(delivery_rows()["so_consulten"])
    lines = text.splitlines()
    lines[2] = lines[2].rsplit(",", 3)[0]  # a short row
    lines[3] = lines[3] + ",extra"  # a long row
    lines.append("C9,CL-1,2024-05")  # a truncated last line without newline
    (tmp_path / "so_consulten.csv").write_text("\n".join(lines), encoding="utf-8")
    import duckdb

    from pipelines.ingest import ingest_delivery

    con = duckdb.connect()
    report = ingest_delivery(con, tmp_path, today=date(2025, 6, 30), allow_quarantine=True)
    assert quarantine_rows(con) == [
        ("so_consulten", 3, None, None, "kolommen_aantal"),
        ("so_consulten", 4, None, None, "kolommen_aantal"),
        ("so_consulten", 6, None, None, "kolommen_aantal"),
    ]
    assert _counts(report, "so_consulten") == (5, 2, 3)
