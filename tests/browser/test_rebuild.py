"""Serving during a rebuild: with the app running and browser sessions open, a new build is
published; the open sessions keep working and show the new build on their next interaction,
without an error and without a restart of the app."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from benchmarks.load_test import running_app
from dashboard.data import load_sql
from dashboard.present import value_text
from dashboard.reports import gecorrigeerd
from pipelines.build import BuildSettings, build
from tests.browser import ui
from tests.browser.conftest import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INDICATOR = "Bereik SO in de eerste lijn"
#: The second build: another delivery (seed 2) and a higher suppression threshold, so that both
#: the figures and the "Over de data" text differ visibly from the first build.
SECOND_SEED = "2"
SECOND_MIN_COUNT = 20


def tile_text(db: Path, period: str) -> str:
    """Return the regio's tile value of INDICATOR in `period` as the screen writes it."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = (
            # As the tile shows it: corrected for age and sex where published (the default).
            gecorrigeerd.apply(
                con.sql(
                    load_sql("area_values"), params={"area_code": "REGIO", "period_type": "jaar"}
                ).pl()
            )
            .filter(titel=INDICATOR, period=period)
            .to_dicts()
        )
    finally:
        con.close()
    assert len(rows) == 1, rows
    return value_text(rows[0])


def tile(page):
    return (
        page.get_by_test_id("stMetric").filter(has_text=INDICATOR).get_by_test_id("stMetricValue")
    )


@pytest.fixture(scope="module")
def rebuild_site(chromium_path, sample_output, tmp_path_factory):
    """Return (data folder, app server) of an app serving its own, first build: a copy of the
    session's build of sample_data/ (link, published file, warehouse and ledger), which the
    test then builds over."""
    root = tmp_path_factory.mktemp("rebuild")
    data = root / "data"
    shutil.copytree(sample_output, data, symlinks=True)
    with running_app(data / "dashboard.duckdb", root / "streamlit.log") as server:
        yield data, server


def test_open_sessions_switch_to_a_new_build_on_their_next_interaction(
    rebuild_site, new_page, tmp_path
):
    data, server = rebuild_site
    link = data / "dashboard.duckdb"
    first_db = link.resolve()

    overzicht = new_page()
    ui.open_app(overzicht, server.url)
    assert ui.selected(overzicht, "Jaar") == "2025"
    assert tile(overzicht).inner_text() == tile_text(first_db, "2025")
    over_de_data = new_page()
    ui.open_app(over_de_data, server.url, "over_de_data")
    ui.expect_main_text(over_de_data, "aantallen van 1 tot 10 worden niet getoond")

    delivery = tmp_path / "levering"
    subprocess.run(
        [sys.executable, "-m", "pipelines", "synth", "--scale", "1", "--seed", SECOND_SEED,
         "--output", str(delivery)],
        check=True, cwd=REPO_ROOT, capture_output=True,
    )  # fmt: skip
    # Another region in the same folder, not a later release of the first one: its ledger
    # (pipelines/release.py) would turn every count that differs by 1-9 into a target.
    shutil.rmtree(data / "releases", ignore_errors=True)
    build(BuildSettings(input_dir=delivery, output_dir=data, min_count=SECOND_MIN_COUNT))
    second_db = link.resolve()
    assert second_db != first_db
    expected = tile_text(second_db, "2024")
    assert expected != tile_text(first_db, "2024"), "the second build must differ visibly"

    # Until they interact, the open sessions keep showing the first build, without an error.
    assert tile(overzicht).inner_text() == tile_text(first_db, "2025")
    ui.assert_no_exception(overzicht)
    ui.assert_no_exception(over_de_data)

    with ui.rerun(overzicht):
        ui.choose(overzicht, "Jaar", "2024")
    expect(tile(overzicht)).to_have_text(expected)

    with ui.rerun(over_de_data):
        over_de_data.get_by_test_id("stSidebarNav").get_by_role("link", name="Trends").click()
    with ui.rerun(over_de_data):
        over_de_data.get_by_test_id("stSidebarNav").get_by_role("link", name="Over de data").click()
    ui.expect_main_text(over_de_data, "aantallen van 1 tot 20 worden niet getoond")

    # The same server process served both builds: no restart.
    assert server.process.poll() is None
    for page in (overzicht, over_de_data):
        ui.assert_no_exception(page)
        state = page.get_by_test_id("stApp").get_attribute("data-test-connection-state")
        assert state == "CONNECTED"
