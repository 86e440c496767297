"""The Over de data page: build, period, inputs, quarantine, thresholds, synthetic or not."""

from __future__ import annotations

import codecs
import csv
import io
import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data as data_module
from dashboard import format as fmt
from dashboard.data import quarantaine
from pipelines import contract, published_quarantine
from pipelines.build import BuildSettings, build
from tests.dashboard.conftest import APP, TIMEOUT
from tests.made_once import made_once
from tests.pipelines.test_steward_report import write_bad_delivery


def test_build_facts_and_inputs(open_page, open_db):
    at = open_page("over_de_data")
    info = open_db("select * from build_info").row(0, named=True)
    assert at.title[0].value == "Over de data"
    text = " ".join(m.value for m in at.markdown)
    assert f"{info['peildatum']:%d-%m-%Y}" in text
    assert f"“< {info['min_telling']}”" in text
    if info["synthetisch"]:
        assert "synthetische gegevens" in at.warning[0].value
    files = at.dataframe[0].value
    inputs = open_db("select * from build_inputs order by table_name")
    assert files["Bestand"].tolist() == inputs["file"].to_list()
    assert files["Rijen gelezen"].tolist() == [fmt.format_number(n) for n in inputs["rows_read"]]


# --- quarantined rows ---------------------------------------------------------------------------

REASON_CODES = (
    "onbekende_wijk", "onbekende_code", "dubbele_sleutel", "datum_in_toekomst",
    "ontslag_voor_opname", "ontbrekende_waarde", "kolommen_aantal",
)  # fmt: skip


@pytest.fixture(scope="module")
def quarantine_build(tmp_path_factory) -> Path:
    """The output folder of a build of the hand-made delivery with known bad rows (those of
    tests/pipelines/test_steward_report.py), quarantine allowed."""

    def make(root: Path) -> None:
        delivery = write_bad_delivery(root / "levering")
        build(BuildSettings(input_dir=delivery, output_dir=root / "data", allow_quarantine=True))

    return made_once(tmp_path_factory, "quarantaine", make) / "data"


@pytest.fixture(scope="module")
def with_rows(quarantine_build, tmp_path_factory) -> Path:
    """A copy of that published database with the table quarantine_rows added, as
    pipelines/published_quarantine.py makes it."""
    path = tmp_path_factory.mktemp("met_rijen") / "dashboard.duckdb"
    shutil.copy(os.path.realpath(quarantine_build / "dashboard.duckdb"), path)
    with duckdb.connect(str(quarantine_build / "warehouse.duckdb"), read_only=True) as warehouse:
        frame = published_quarantine.quarantine_rows(warehouse)
    with duckdb.connect(str(path)) as con:
        con.register("_frame", frame)
        con.execute("create table quarantine_rows as select * from _frame")
    return path


def _open(db: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.switch_page("views/over_de_data.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _texts(at: AppTest) -> list[str]:
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    for frame in at.dataframe:
        texts += [str(v) for v in frame.value.to_numpy().ravel()] + list(frame.value.columns)
    return texts


def _table(at: AppTest, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def test_quarantine_in_dutch_with_shares_and_a_download(quarantine_build, monkeypatch):
    at = _open(quarantine_build / "dashboard.duckdb", monkeypatch)
    texts = _texts(at)
    assert not [t for t in texts if any(code in t for code in REASON_CODES)]
    assert not [t for t in texts if "None" in t or t == "nan"]
    assert any(
        t.startswith(
            "5 rijen in quarantaine: 2 × wijk_code komt niet voor in gebieden, 1 × geslacht is "
            "geen bekende code, 1 × ontslagdatum ligt vóór opnamedatum, 1 × opnamedatum ligt in "
            "de toekomst, 1 × sleutel consult_id komt al voor in een eerdere rij."
        )
        for t in texts
    )
    files = _table(at, "Bestand")
    share = files.set_index("Bestand")["Aandeel in quarantaine (grens 5,0 %)"]
    assert share["so_consulten.csv"] == "44,4 %, boven de grens (toegestaan)"
    assert share["opnames.csv"] == "14,3 %, boven de grens (toegestaan)"
    assert share["gebieden.csv"] == "0,0 %"
    reasons = _table(at, "Melding")
    assert reasons.values.tolist() == [
        ["opnames.csv", "ontslagdatum ligt vóór opnamedatum", "1"],
        ["opnames.csv", "opnamedatum ligt in de toekomst", "1"],
        ["so_consulten.csv", "wijk_code komt niet voor in gebieden", "2"],
        ["so_consulten.csv", "geslacht is geen bekende code", "1"],
        ["so_consulten.csv", "sleutel consult_id komt al voor in een eerdere rij", "1"],
    ]
    assert [b.label for b in at.get("download_button")] == ["Meldingen per reden (CSV)"]


def test_the_reasons_download_is_the_table_as_csv(quarantine_build, open_db):
    con = duckdb.connect(os.path.realpath(quarantine_build / "dashboard.duckdb"), read_only=True)
    try:
        reasons = quarantaine.reasons(con.sql("select * from quarantine_summary").pl())
    finally:
        con.close()
    data = quarantaine.reasons_csv(reasons)
    assert data.startswith(codecs.BOM_UTF8)
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert lines[0] == ["bestand", "melding", "rijen"]
    assert ["so_consulten.csv", "wijk_code komt niet voor in gebieden", "2"] in lines


def test_rows_with_row_numbers_and_no_identifying_values(with_rows, monkeypatch):
    at = _open(with_rows, monkeypatch)
    rows = _table(at, "Rij")
    assert rows.values.tolist() == [
        ["so_consulten.csv", "2", "wijk_code", "WK999999",
         "wijk_code 'WK999999' komt niet voor in gebieden"],
        ["so_consulten.csv", "5", "geslacht", "X",
         f"geslacht 'X' is geen bekende code (toegestaan: {', '.join(contract.GESLACHTEN)})"],
        ["so_consulten.csv", "6", "wijk_code", "WK999999",
         "wijk_code 'WK999999' komt niet voor in gebieden"],
        ["so_consulten.csv", "10", "consult_id", "–",
         "sleutel consult_id '…' komt al voor in rij 4"],
        ["opnames.csv", "6", "ontslagdatum", "–", "ontslagdatum '…' ligt vóór opnamedatum"],
        ["opnames.csv", "6", "opnamedatum", "–",
         f"opnamedatum '…' ligt in de toekomst (na {date.today():%d-%m-%Y})"],
    ]  # fmt: skip
    assert [b.label for b in at.get("download_button")] == ["Quarantainelijst (CSV)"]


def test_the_rows_download_is_the_pipelines_list_without_identifying_values(
    quarantine_build, with_rows
):
    con = duckdb.connect(str(with_rows), read_only=True)
    try:
        data = quarantaine.rows_csv(data_module.read_quarantine_rows(con))
    finally:
        con.close()
    assert data.startswith(codecs.BOM_UTF8)
    published = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    with open(quarantine_build / "quarantaine.csv", newline="", encoding="utf-8-sig") as handle:
        full = list(csv.reader(handle, delimiter=";"))
    assert published[0] == full[0] == ["bestand", "rij", "kolom", "waarde", "melding"]
    assert len(published) == len(full) == 7
    for mine, theirs in zip(published[1:], full[1:], strict=True):
        assert mine[:3] == theirs[:3]
        if mine[2] in ("consult_id", "opnamedatum", "ontslagdatum"):
            assert mine[3] == "" and theirs[3] not in mine[4]
        else:
            assert mine[3:] == theirs[3:]


def test_without_a_peildatum_the_page_says_so(published_db, tmp_path, monkeypatch):
    """A database whose build recorded no peildatum (an older or hand-made one): the page and
    the sidebar say it is unknown instead of failing."""
    path = tmp_path / "dashboard.duckdb"
    shutil.copy(os.path.realpath(published_db), path)
    with duckdb.connect(str(path)) as con:
        con.execute("update build_info set peildatum = null")
    at = _open(path, monkeypatch)
    text = " ".join(m.value for m in at.markdown)
    assert "de peildatum is onbekend" in text
    assert "None" not in " ".join(_texts(at))
    assert "Peildatum onbekend" in [c.value for c in at.sidebar.caption][-1]
