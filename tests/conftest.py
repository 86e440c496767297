"""Settings and fixtures shared by every test.

``sample_output``: the sample region built once per test run (pipeline, AppTest and browser
tests all read it; a test that rebuilds or changes a build makes its own), shared by the
pytest-xdist workers (tests/made_once.py). ``hand_unsuppressed`` and
``hand_unsuppressed_aanvraagdatum``: the hand-made delivery (tests/pipelines/hand_delivery.py),
without and with aanvraagdatum, built once per test run with every threshold at 1.
``age_mix_output``: the age-mix delivery (tests/pipelines/age_mix_delivery.py) built once per
test run.

Order: the tests marked ``slow`` run first, so that under pytest-xdist (``pytest -n auto``;
pyproject.toml's addopts give ``--dist load --maxschedchunk 1``: test by test, in collection
order, to whichever worker is free) the long ones start at once on both cores and the short
ones fill up behind them, instead of a long test starting last on one core while the other
idles. A test goes to any worker, so a module-scoped fixture may be made on each: builds that
several workers read are made once per run (tests/made_once.py).

Hypothesis's default 200 ms deadline per example is a timing assertion: on a shared 2-core
machine under load it fails tests whose code is correct. Timing belongs in `benchmarks/`, so
the deadline is off for every property test.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

from pipelines.build import BuildSettings, build
from tests.made_once import made_once
from tests.pipelines.age_mix_delivery import write_age_mix_delivery
from tests.pipelines.hand_delivery import write_hand_delivery

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"

settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory) -> Path:
    """The output folder of one build of sample_data/ (warehouse, report, published database
    behind the ``dashboard.duckdb`` link). Read it; never write into it."""
    folder = made_once(
        tmp_path_factory,
        "sample_build",
        lambda folder: build(BuildSettings(input_dir=SAMPLE_DATA, output_dir=folder / "data")),
    )
    return folder / "data"


def _hand_unsuppressed(tmp_path_factory, name: str, **variant) -> Path:
    def make(root: Path) -> None:
        write_hand_delivery(root / "delivery", **variant)
        build(
            BuildSettings(
                input_dir=root / "delivery",
                output_dir=root / "data",
                min_count=1,
                min_noemer=1,
                min_koppels=1,
            )
        )

    return made_once(tmp_path_factory, name, make)


@pytest.fixture(scope="session")
def hand_unsuppressed(tmp_path_factory) -> Path:
    """The folder of the hand-made delivery (``delivery/``) and its build with every threshold
    at 1 (``data/``: nothing suppressed). Read it; never write into it."""
    return _hand_unsuppressed(tmp_path_factory, "hand_unsuppressed")


@pytest.fixture(scope="session")
def hand_unsuppressed_aanvraagdatum(tmp_path_factory) -> Path:
    """As ``hand_unsuppressed``, the delivery with aanvraagdatum (and contact C9)."""
    return _hand_unsuppressed(
        tmp_path_factory, "hand_unsuppressed_aanvraagdatum", aanvraagdatum=True
    )


def _age_mix(root: Path) -> None:
    delivery = write_age_mix_delivery(root / "delivery")
    build(BuildSettings(input_dir=delivery, output_dir=root / "data"))


@pytest.fixture(scope="session")
def age_mix_output(tmp_path_factory) -> Path:
    """The output folder of the build of the age-mix delivery (default thresholds). Read it;
    never write into it."""
    return made_once(tmp_path_factory, "age_mix", _age_mix) / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests marked ``slow`` first (a stable sort: collection order otherwise)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker per core, at most 4. Every worker imports the app and the
    pipeline and the browser tests each start an app and a Chromium: more workers than that
    only wait on each other."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 4))
