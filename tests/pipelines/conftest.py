"""Fixtures: the sample region built once per test session into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.build import BuildSettings, build
from tests.made_once import made_once
from tests.pipelines.hand_delivery import write_hand_delivery

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


def _build_hand_unsuppressed(root: Path) -> None:
    write_hand_delivery(root / "delivery")
    build(
        BuildSettings(
            input_dir=root / "delivery",
            output_dir=root / "data",
            min_count=1,
            min_noemer=1,
            min_koppels=1,
        )
    )


@pytest.fixture(scope="session")
def hand_unsuppressed(tmp_path_factory) -> Path:
    """The folder of the hand-made delivery (``delivery/``, tests/pipelines/hand_delivery.py)
    and its build with every threshold at 1 (``data/``: nothing suppressed), made once per test
    run. Read it; never write into it."""
    return made_once(tmp_path_factory, "hand_unsuppressed", _build_hand_unsuppressed)
