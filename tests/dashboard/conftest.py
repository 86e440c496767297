"""Fixtures for the AppTest tests: one published database per test session, built from
sample_data/, and a helper that opens a page of the app on it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
SAMPLE_DATA = REPO_ROOT / "sample_data"
TIMEOUT = 60


@pytest.fixture(scope="session")
def published_db(sample_output) -> Path:
    """Return the path of the published database (the symlink) of the session's sample build."""
    return sample_output / "dashboard.duckdb"


@pytest.fixture
def open_db(published_db):
    """Return a function that runs SQL with parameters on the published database."""

    def run(sql: str, params: dict | None = None) -> pl.DataFrame:
        con = duckdb.connect(str(published_db), read_only=True)
        try:
            return con.sql(sql, params=params or {}).pl()
        finally:
            con.close()

    return run


@pytest.fixture
def open_page(published_db, monkeypatch):
    """Return a function that opens a page (file under dashboard/views, or None for the default)
    with URL parameters and returns the AppTest after its first run."""
    monkeypatch.setenv("DASHBOARD_DB", str(published_db))

    def run(page: str | None = None, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        for key, value in params.items():
            at.query_params[key] = value
        if page:
            at.switch_page(f"views/{page}.py")
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return run


def chart_specs(at: AppTest) -> list[dict]:
    """Return the Vega-Lite spec of every chart on the page, in order."""
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def chart_titles(at: AppTest) -> list[str]:
    """Return the main title text of every chart on the page."""
    titles = []
    for spec in chart_specs(at):
        title = spec.get("title")
        titles.append(title.get("text") if isinstance(title, dict) else title)
    return titles


def chart_rows(at: AppTest, index: int) -> list[dict]:
    """Return every data row of chart `index`: the datasets Streamlit sends beside the spec (as
    Arrow) and any inline `data.values` in the spec."""
    chart = at.get("vega_lite_chart")[index]
    rows = []
    for dataset in chart.proto.datasets:
        rows.extend(pa.ipc.open_stream(dataset.data.data).read_all().to_pylist())

    def walk(node):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                rows.extend(row for row in data["values"] if isinstance(row, dict))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(chart.proto.spec))
    return rows


def warnings(at: AppTest) -> list[str]:
    """Return the text of every warning on the page."""
    return [warning.value for warning in at.warning]
