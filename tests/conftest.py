"""Settings and fixtures shared by every test.

``sample_output``: the sample region built once per test session (pipeline, AppTest and browser
tests all read it; a test that rebuilds or changes a build makes its own).

Hypothesis's default 200 ms deadline per example is a timing assertion: on a shared 2-core
machine under load it fails tests whose code is correct. Timing belongs in `benchmarks/`, so
the deadline is off for every property test.
"""

from pathlib import Path

import pytest
from hypothesis import settings

from pipelines.build import BuildSettings, build

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"

settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory) -> Path:
    """The output folder of one build of sample_data/ (warehouse, report, published database
    behind the ``dashboard.duckdb`` link). Read it; never write into it."""
    output = tmp_path_factory.mktemp("sample_build") / "data"
    build(BuildSettings(input_dir=SAMPLE_DATA, output_dir=output))
    return output
