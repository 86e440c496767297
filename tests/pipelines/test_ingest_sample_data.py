"""The synthetic sample delivery the app starts on loads without a single quarantined row."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines import contract
from pipelines.ingest import ingest_delivery

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"


def test_sample_data_loads_without_quarantine():
    con = duckdb.connect()
    report = ingest_delivery(con, SAMPLE_DATA)
    assert [f.table_name for f in report.files] == list(contract.LOAD_ORDER)
    assert all(f.rows_read > 0 and f.rows_quarantined == 0 for f in report.files)
    assert con.execute("select count(*) from quarantine").fetchone() == (0,)
    assert report.synthetisch is True
    assert report.warnings == []
    assert (
        report.wijken_met_geometrie
        == con.execute("select count(distinct wijk_code) from valid_gebieden").fetchone()[0]
    )
