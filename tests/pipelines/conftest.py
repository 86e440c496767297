"""Fixtures: the sample region built once per test session into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = ROOT / "sample_data"


@pytest.fixture(scope="session")
def sample_build(sample_output) -> Path:
    """The output folder of the session's build of sample_data/ (warehouse, report, published
    database); see tests/conftest.py."""
    return sample_output


@pytest.fixture()
def published(sample_build) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published database of the sample build."""
    con = duckdb.connect(str(sample_build / "dashboard.duckdb"), read_only=True)
    yield con
    con.close()
