"""build_parameters and the JSON form of the ingest report."""

from __future__ import annotations

import json
from datetime import date

from tests.pipelines.ingest_helpers import delivery_rows, ingest


def _parameters(con) -> tuple:
    return con.execute("select peildatum, synthetisch, data_start from build_parameters").fetchone()


def test_peildatum_is_the_last_day_of_the_month_of_the_latest_contact_or_admission(tmp_path):
    tables = delivery_rows()
    tables["opnames"][0]["opnamedatum"] = "2024-11-03"
    tables["koppels"][0]["startdatum"] = "2015-03-01"  # koppels do not set data_start
    con, report = ingest(tmp_path, tables)
    # consults run 2024-01-11 … 2024-04-14; admissions 2024-03-02 and 2024-11-03
    assert _parameters(con) == (date(2024, 11, 30), False, date(2024, 1, 1))
    assert (report.peildatum, report.data_start) == (date(2024, 11, 30), date(2024, 1, 1))


def test_given_peildatum_and_synthetic_marker(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "SYNTHETIC").write_text("", encoding="utf-8")
    con, report = ingest(tmp_path, peildatum=date(2024, 6, 30))
    assert _parameters(con) == (date(2024, 6, 30), True, date(2024, 1, 1))
    assert report.synthetisch is True


def test_report_is_json_serialisable(tmp_path):
    _, report = ingest(tmp_path)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["peildatum"] == "2024-05-31"
    assert data["files"][4] == {
        "file": "so_consulten.csv",
        "table_name": "so_consulten",
        "format": "csv",
        "rows_read": 4,
        "rows_loaded": 4,
        "rows_quarantined": 0,
        "extra_columns": [],
        "reasons": {},
        "reason_texts": {},
    }
