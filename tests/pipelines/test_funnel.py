"""The published funnel limits (pipelines/funnel.py): the same numbers the Vergelijken page
computed itself before it read them from this table (`_page_funnel_limits`, its code kept here
as the reference), only complete periods and published benchmarks, quarters annualised, and a
grid that only rests on published noemers."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines import funnel, models, publish, stats
from pipelines.build import write_indicator_definitions
from pipelines.ingest import ingest_delivery
from tests.pipelines.conftest import SAMPLE_DATA


@pytest.fixture(scope="module")
def sample():
    """The published frames of sample_data/ (without the build's checks) and its periods."""
    con = duckdb.connect()
    try:
        ingest_delivery(con, SAMPLE_DATA)
        write_indicator_definitions(con)
        models.run_models(con)
        frames, _protected = publish.published_frames(
            con, publish.PublishSettings(input_dir=str(SAMPLE_DATA), built_at=datetime.now(UTC))
        )
        periods = con.sql("select * from periods").pl()
    finally:
        con.close()
    return frames, periods


def _page_funnel_limits(
    methode: str, eenheid: str, benchmark: float, noemers: pl.Series
) -> pl.DataFrame:
    """The funnel the Vergelijken page computed itself (until it read `funnel_limits`): 60
    geometric points from 10 to 1.1 × the largest noemer, limits in the indicator's unit."""
    largest = float(noemers.drop_nulls().max())
    grid = np.unique(np.geomspace(10, max(largest * 1.1, 20), 60).round())
    limits = {}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        if methode == "proportion":
            scale = 100.0 if eenheid == "%" else 1.0
            lower, upper = stats.funnel_limits_proportion(benchmark / scale, grid, confidence)
            lower, upper = lower * scale, upper * scale
        else:
            lower, upper = stats.funnel_limits_rate(benchmark / 1000.0, grid, confidence)
        limits[f"lower_{suffix}"] = lower
        limits[f"upper_{suffix}"] = upper
    return pl.DataFrame({"noemer": grid, **limits})


def _compared(values: pl.DataFrame, indicator: str, period: str, benchmark: str) -> pl.DataFrame:
    return values.filter(
        (pl.col("indicator_id") == indicator)
        & (pl.col("period") == period)
        & (pl.col("benchmark_code") == benchmark)
    )


def test_every_year_funnel_equals_what_the_page_computed(sample):
    frames, _ = sample
    limits, values = frames["funnel_limits"], frames["indicator_values"]
    catalogue = frames["indicator_catalogue"]
    years = limits.filter(pl.col("period").str.len_chars() == 4)
    keys = years.select("indicator_id", "period", "benchmark_code", "benchmark_value").unique()
    assert keys.height > 100
    for key in keys.iter_rows(named=True):
        entry = catalogue.row(
            by_predicate=pl.col("indicator_id") == key["indicator_id"], named=True
        )
        compared = _compared(values, key["indicator_id"], key["period"], key["benchmark_code"])
        page = _page_funnel_limits(
            entry["methode"], entry["eenheid"], key["benchmark_value"], compared["noemer"]
        )
        published = years.filter(
            (pl.col("indicator_id") == key["indicator_id"])
            & (pl.col("period") == key["period"])
            & (pl.col("benchmark_code") == key["benchmark_code"])
        )
        assert_frame_equal(
            published.select(
                pl.col("noemer").alias("noemer"),
                "lower_95",
                "upper_95",
                "lower_998",
                "upper_998",
            ),
            page,
            check_exact=True,
        )


def test_one_funnel_per_complete_period_benchmark_and_method(sample):
    frames, periods = sample
    limits, values = frames["funnel_limits"], frames["indicator_values"]
    assert limits.columns == list(funnel.COLUMNS)
    assert dict(limits.schema) == funnel.SCHEMA
    methods = frames["indicator_catalogue"].select("indicator_id", "methode")
    expected = (
        values.filter(
            pl.col("periode_volledig")
            & pl.col("period_type").is_in(funnel.PERIOD_TYPES)
            & pl.col("benchmark_value").is_not_null()
            & pl.col("noemer").is_not_null()
        )
        .join(methods, on="indicator_id")
        .filter(pl.col("methode").is_in(["proportion", "rate"]))
        .select("indicator_id", "period", "benchmark_code")
        .unique()
    )
    found = limits.select("indicator_id", "period", "benchmark_code").unique()
    assert_frame_equal(found.sort(pl.all()), expected.sort(pl.all()))
    incomplete = periods.filter(~pl.col("periode_volledig"))["period"]
    assert incomplete.len() > 0
    assert limits.filter(pl.col("period").is_in(incomplete.implode())).is_empty()
    assert set(limits["benchmark_code"]) == set(
        frames["areas"].filter(pl.col("area_level").is_in(["resv", "regio"]))["area_code"]
    )
    # Each funnel spans GRID_START to 1.1 × its largest compared noemer.
    spans = limits.group_by("indicator_id", "period", "benchmark_code").agg(
        pl.col("noemer").min().alias("low"), pl.col("noemer").max().alias("high")
    )
    largest = values.group_by("indicator_id", "period", "benchmark_code").agg(
        pl.col("noemer").max().alias("largest")
    )
    spans = spans.join(largest, on=["indicator_id", "period", "benchmark_code"])
    assert (spans["low"] == funnel.GRID_START).all()
    assert (
        (spans["high"] - np.maximum(spans["largest"] * funnel.GRID_HEADROOM, 20)).abs() <= 0.5
    ).all()
    assert (limits["lower_998"] <= limits["lower_95"]).all()
    assert (limits["lower_95"] <= limits["benchmark_value"]).all()
    assert (limits["benchmark_value"] <= limits["upper_95"]).all()
    assert (limits["upper_95"] <= limits["upper_998"]).all()


def _values(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.String,
            "period": pl.String,
            "period_type": pl.String,
            "periode_volledig": pl.Boolean,
            "benchmark_code": pl.String,
            "benchmark_value": pl.Float64,
            "noemer": pl.Float64,
        },
        orient="row",
    )


PERIODS = pl.DataFrame(
    {"period": ["2024", "2025"], "periode_volledig": [True, False], "jaarfractie": [1.0, 0.75]}
)


def test_suppressed_noemers_and_incomplete_periods_make_no_funnel():
    values = _values(
        [
            # Wijken of R1 in 2024: the suppressed one (no noemer) does not widen the grid.
            ("koppeldekking", "2024", "jaar", True, "R1", 40.0, 1000.0),
            ("koppeldekking", "2024", "jaar", True, "R1", 40.0, None),
            # Every area compared with R2 suppressed: no funnel.
            ("koppeldekking", "2024", "jaar", True, "R2", 35.0, None),
            # No published benchmark value: no funnel.
            ("koppeldekking", "2024", "jaar", True, "R3", None, 500.0),
            # An incomplete period: no funnel.
            ("koppeldekking", "2025", "jaar", False, "R1", 41.0, 900.0),
            # A median and a volume without interval: no funnel.
            ("wachttijd_opname", "2024", "jaar", True, "R1", 60.0, 400.0),
            ("so_directe_tijd", "2024", "jaar", True, "R1", 12.0, 400.0),
        ]
    )
    limits = funnel.funnel_limits(values, PERIODS)
    assert set(limits.select("indicator_id", "period", "benchmark_code").unique().rows()) == {
        ("koppeldekking", "2024", "R1")
    }
    assert limits["noemer"].max() == 1100.0
    assert limits["noemer"].is_unique().all()
    lower, upper = stats.funnel_limits_proportion(0.4, limits["noemer"].to_numpy(), 0.998)
    assert limits["lower_998"].to_numpy() == pytest.approx(lower * 100, rel=1e-12)
    assert limits["upper_998"].to_numpy() == pytest.approx(upper * 100, rel=1e-12)


def test_no_funnel_at_all_is_an_empty_table_with_the_columns():
    values = _values([("koppeldekking", "2025", "jaar", False, "R1", 41.0, 900.0)])
    limits = funnel.funnel_limits(values, PERIODS)
    assert limits.is_empty()
    assert dict(limits.schema) == funnel.SCHEMA


def test_a_small_grid_drops_points_that_round_to_the_same_noemer():
    grid = funnel.grid_points([12.0])[0]
    kept = grid[~np.isnan(grid)]
    assert kept[0] == funnel.GRID_START and kept[-1] == 20.0
    assert np.array_equal(kept, np.unique(kept))
    assert kept.size < funnel.FUNNEL_POINTS
