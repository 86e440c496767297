"""Starting the app: a missing database is built or explained, an old one is refused."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.publish import SCHEMA_VERSION
from tests.dashboard.conftest import APP, TIMEOUT


def _run(monkeypatch, path) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def test_a_missing_database_says_how_to_build_it(monkeypatch, tmp_path):
    at = _run(monkeypatch, tmp_path / "elders.duckdb")
    assert at.error[0].value == (
        f"Er is nog geen gepubliceerde database op {tmp_path / 'elders.duckdb'}. Bouw die met "
        "`python -m pipelines build --input sample_data --output data` en start het dashboard "
        "opnieuw."
    )


def test_a_database_of_another_schema_version_is_refused(monkeypatch, tmp_path, published_db):
    old = tmp_path / "oud.duckdb"
    shutil.copy(published_db.resolve(), old)
    con = duckdb.connect(str(old))
    con.execute("update build_info set schema_version = 0")
    con.close()
    at = _run(monkeypatch, old)
    assert f"(schemaversie 0, het dashboard verwacht {SCHEMA_VERSION})" in at.error[0].value
    assert at.get("vega_lite_chart") == []


@pytest.mark.slow
def test_without_a_database_the_app_builds_one_from_sample_data(monkeypatch, tmp_path):
    at = _run(monkeypatch, tmp_path / "dashboard.duckdb")
    assert (tmp_path / "dashboard.duckdb").resolve().is_file()
    assert at.error == []
    assert at.title[0].value == "Overzicht"


@pytest.mark.slow
def test_the_first_start_says_the_sample_database_is_being_built(monkeypatch, tmp_path):
    lines: list[str] = []
    from dashboard import db

    # The page's progress follows the build's own lines: every step it names is one the build
    # reports, in order, ending with "Klaar".
    db.build_from_sample_data(tmp_path / "direct", progress=lines.append)
    phases = [db.build_phase(line) for line in lines]
    shown = [phase for phase in phases if phase is not None]
    assert {text for _, text in shown} == {text for *_, text in db.BUILD_PHASES}
    shares = [share for share, _ in shown]
    assert shares == sorted(shares) and shares[-1] == 1.0
    at = _run(monkeypatch, tmp_path / "app" / "dashboard.duckdb")
    assert [status.label for status in at.status] == ["De voorbeelddatabase is gebouwd."]
    # While building, the status showed the step under way and a progress bar.
    assert at.status[0].proto.state == at.status[0].proto.State.COMPLETE
    assert at.title[0].value == "Overzicht"
