"""The published funnel limits (pipelines/funnel.py): the grid the Vergelijken page computed
itself before it read them from this table (`_page_funnel_limits`, its code kept here as the
reference; its rate limits are now PHE's), only complete periods and published benchmarks,
quarters annualised, and a grid that only rests on published noemers; every rate funnel, crude
and standardised (issue 13), as PHEindicatormethods computes it (its published test values), the
standardised ones equal to a recomputation from the published std_value and teller; on the
sample, an area's crude comparison agrees with its place in the funnel."""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines import funnel, stats


@pytest.fixture(scope="module")
def sample(sample_build):
    """The published tables of the session's build of sample_data/ (name → frame) and the
    periods of its warehouse."""
    with duckdb.connect(str(sample_build / "dashboard.duckdb"), read_only=True) as con:
        names = [row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()]
        frames = {name: con.sql(f"select * from {name}").pl() for name in names}
    with duckdb.connect(str(sample_build / "warehouse.duckdb"), read_only=True) as con:
        periods = con.sql("select * from periods").pl()
    return frames, periods


def _page_funnel_limits(
    methode: str, eenheid: str, benchmark: float, noemers: pl.Series
) -> pl.DataFrame:
    """The funnel the Vergelijken page computed itself (until it read `funnel_limits`): 60
    geometric points from 10 to 1.1 × the largest noemer, limits in the indicator's unit; a
    rate's limits the inverse of the exact Poisson interval (PHE's, checked against its
    published values below; the page drew exact limits of the expected count)."""
    largest = float(noemers.drop_nulls().max())
    grid = np.unique(np.geomspace(10, max(largest * 1.1, 20), 60).round())
    limits = {}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        if methode == "proportion":
            scale = 100.0 if eenheid == "%" else 1.0
            lower, upper = stats.funnel_limits_proportion(benchmark / scale, grid, confidence)
            lower, upper = lower * scale, upper * scale
        else:
            lower, upper = stats.poisson_funnel_limits(benchmark / 1000.0, grid, confidence)
        limits[f"lower_{suffix}"] = lower
        limits[f"upper_{suffix}"] = upper
    return pl.DataFrame({"noemer": grid, **limits})


def _compared(values: pl.DataFrame, indicator: str, period: str, benchmark: str) -> pl.DataFrame:
    return values.filter(
        (pl.col("indicator_id") == indicator)
        & (pl.col("period") == period)
        & (pl.col("benchmark_code") == benchmark)
    )


def test_every_year_funnel_equals_the_pages_grid_with_its_limits(sample):
    frames, _ = sample
    limits, values = frames["funnel_limits"], frames["indicator_values"]
    catalogue = frames["indicator_catalogue"]
    years = limits.filter((pl.col("period").str.len_chars() == 4) & ~pl.col("standardised"))
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
    crude = limits.filter(~pl.col("standardised"))
    found = crude.select("indicator_id", "period", "benchmark_code").unique()
    assert_frame_equal(found.sort(pl.all()), expected.sort(pl.all()))
    incomplete = periods.filter(~pl.col("periode_volledig"))["period"]
    assert incomplete.len() > 0
    assert limits.filter(pl.col("period").is_in(incomplete.implode())).is_empty()
    assert set(limits["benchmark_code"]) == set(
        frames["areas"].filter(pl.col("area_level").is_in(["resv", "regio"]))["area_code"]
    )
    # Each funnel spans GRID_START to 1.1 × its largest compared noemer.
    spans = crude.group_by("indicator_id", "period", "benchmark_code").agg(
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


# PHEindicatormethods' published test data for funnels of directly standardised rates
# (github.com/ukhsa-collaboration/PHEindicatormethods, commit 093fd28, tests/testthat):
# inputs testdata_funnel_rate_input_funnels.csv (columns ev, rate: 50 areas, DSRs per 100.000
# over 3 years of data; denominator_derived of the first three), outputs
# testdata_funnel_rate_outputs.csv from calculate_funnel_limits(numerator = ev, rate = rate,
# multiplier = 1e5, statistic = "rate", rate_type = "dsr", years_of_data = 3): five of its
# 100 rows (Events 1, 10, 32, 159, 1360) and the baseline.
PHE_EVENTS = [414, 462, 178, 525, 194, 937, 817, 117, 298, 228, 243, 13, 373, 664, 601, 602, 767]
PHE_EVENTS += [708, 90, 952, 347, 648, 988, 354, 839, 25, 518, 425, 648, 765, 210, 931, 589, 592]
PHE_EVENTS += [554, 870, 372, 843, 142, 543, 489, 620, 774, 904, 936, 841, 22, 922, 955, 308]
PHE_DSR = [184, 102, 83, 118, 121, 125, 112, 190, 146, 140, 87, 70, 90, 139, 109, 65, 165, 143]
PHE_DSR += [55, 135, 135, 88, 167, 99, 83, 53, 62, 118, 176, 101, 71, 138, 74, 84, 161, 79, 189]
PHE_DSR += [170, 159, 113, 191, 116, 200, 171, 128, 134, 185, 100, 123, 155]
PHE_DENOMINATOR_DERIVED = [75000.0, 150980.3922, 71485.94378]
PHE_BASELINE = 116.1720835
#: Per row: (lower_2s_population_1_year, lower_2s_limit, upper_2s_population_1_year,
#: upper_2s_limit, lower_3s_population_1_year, lower_3s_limit, upper_3s_population_1_year,
#: upper_3s_limit); "2s" is 95 %, "3s" 99,8 %.
PHE_FUNNEL = [
    (1598.675694, 20.85059119, 7.264481402, 4588.535848, 2649.348525, 12.58170943, 0.287087625,
     116108.569),
    (5276.757672, 63.17010446, 1375.943768, 242.2579623, 6924.776769, 48.13632908, 849.4639547,
     392.4043292),
    (12961.93593, 82.29223416, 6280.33083, 169.8424328, 15387.79019, 69.31902848, 4968.583185,
     214.6822599),
    (53290.17651, 99.45547842, 38806.26443, 136.5758874, 57946.64861, 91.46344314, 35253.30678,
     150.3405066),
    (411529.9259, 110.158048, 369759.5622, 122.6021934, 424043.2424, 106.9073359, 358342.3275,
     126.5084525),
]  # fmt: skip
PHE_YEARS = 3


def test_derived_noemers_are_phe_indicator_methods_denominator_derived():
    derived = pl.select(
        funnel.derived_noemer(
            pl.Series(PHE_EVENTS[:3], dtype=pl.Float64), pl.Series(PHE_DSR[:3]), pl.lit(1e5)
        )
    ).to_series()
    # calculate_funnel_points gives the derived population per year of data.
    assert (derived / PHE_YEARS).to_list() == pytest.approx(PHE_DENOMINATOR_DERIVED, rel=1e-9)


def test_dsr_funnel_limits_match_phe_indicator_methods_published_results():
    derived = np.array(PHE_EVENTS) * 1e5 / np.array(PHE_DSR)
    # PHE's baseline: Σ events ÷ Σ derived denominators (our benchmark is the benchmark area's
    # standardised rate; here the same number).
    baseline = sum(PHE_EVENTS) / derived.sum() * 1e5
    assert baseline == pytest.approx(PHE_BASELINE, rel=1e-9)
    for row in PHE_FUNNEL:
        # Each published limit lies at its own population (per year of data): ours there.
        for (population, expected), name in zip(
            zip(row[::2], row[1::2], strict=True),
            ("lower_95", "upper_95", "lower_998", "upper_998"),
            strict=True,
        ):
            ours = funnel.limits(
                funnel.STANDARDISED_METHOD, 1e5, baseline, [population], jaarfractie=PHE_YEARS
            )[name][0]
            # PHE bisects to 1e-7 of its own scale: agreement to a few parts per million.
            assert ours == pytest.approx(expected, rel=1e-5), (name, population)


# The crude rate funnels of the same test data (testdata_funnel_rate_outputs_2.csv and _3.csv,
# calculate_funnel_limits(statistic = "rate", rate_type = "crude", multiplier = 1e5,
# years_of_data = 3)): "2" with the largest count set to 5 events, "3" with it set to 0 and the
# populations (1e5 × ev ÷ rate) given, only those above half the largest. Five rows of each, as
# above (Events 1, 3, 10, 159, 1344 and 286, 420, 635, 961, 1119).
PHE_CRUDE_FUNNEL_2 = [
    (1616.949526, 20.61494982, 7.347518827, 4536.678859, 2679.632184, 12.4395182, 0.290369211,
     114796.3768),
    (2544.354551, 39.30269858, 179.5450566, 556.9632597, 3790.800121, 26.37965517, 55.29475788,
     1808.489698),
    (5337.07421, 62.45619233, 1391.671639, 239.5201023, 7003.931164, 47.59232002, 859.1738425,
     387.9696015),
    (53899.31553, 98.33148989, 39249.84355, 135.0323854, 58609.01392, 90.429776, 35656.27344,
     148.6414448),
    (411466.9163, 108.8787415, 369466.4508, 121.2559352, 424051.9679, 105.6474286, 357990.2328,
     125.143079),
]  # fmt: skip
PHE_CRUDE_BASELINE_2 = 114.8591735
PHE_CRUDE_FUNNEL_3 = [
    (111970.3773, 85.14156661, 88494.9416, 107.727438, 119317.6437, 79.89877305, 82485.29064,
     115.5761622),
    (161136.6465, 86.88278122, 132767.3125, 105.4476418, 169892.3497, 82.40512316, 125347.486,
     111.6895157),
    (239312.4349, 88.44783464, 204514.1978, 103.497297, 249919.4903, 84.6939414, 195241.4632,
     108.4127639),
    (356939.1287, 89.74452718, 314214.3444, 101.9473932, 369829.7391, 86.6164344, 302656.622,
     105.840517),
    (413702.6663, 90.16137202, 367628.0403, 101.4612486, 427558.6565, 87.23949201, 355104.4927,
     105.0395046),
]  # fmt: skip
PHE_CRUDE_BASELINE_3 = 95.60285106


def _crude_baselines() -> tuple[float, float]:
    """PHE's baselines of the two crude tests from its inputs: Σ events ÷ Σ denominators."""
    events, rates = np.array(PHE_EVENTS, dtype=float), np.array(PHE_DSR, dtype=float)
    events_2 = np.where(events == events.max(), 5.0, events)
    baseline_2 = events_2.sum() / (1e5 * events_2 / rates).sum() * 1e5
    population = 1e5 * events / rates
    events_3 = np.where(events == events.max(), 0.0, events)
    denominator = np.where(events_3 == 0, population, 1e5 * events_3 / rates)
    kept = population > population.max() / 2
    return baseline_2, events_3[kept].sum() / denominator[kept].sum() * 1e5


@pytest.mark.parametrize("test_data", [2, 3])
def test_crude_rate_funnel_limits_match_phe_indicator_methods_published_results(test_data):
    """The crude rate funnel ("rate") is PHE's: the inverse of the exact Poisson interval, the
    same curve as the standardised one, at the area's person-years."""
    baseline_2, baseline_3 = _crude_baselines()
    baseline, published, rows = {
        2: (baseline_2, PHE_CRUDE_BASELINE_2, PHE_CRUDE_FUNNEL_2),
        3: (baseline_3, PHE_CRUDE_BASELINE_3, PHE_CRUDE_FUNNEL_3),
    }[test_data]
    assert baseline == pytest.approx(published, rel=1e-9)
    for row in rows:
        for (population, expected), name in zip(
            zip(row[::2], row[1::2], strict=True),
            ("lower_95", "upper_95", "lower_998", "upper_998"),
            strict=True,
        ):
            ours = funnel.limits("rate", 1e5, baseline, [population], jaarfractie=PHE_YEARS)
            assert ours[name][0] == pytest.approx(expected, rel=1e-5), (name, population)


def test_an_areas_crude_comparison_agrees_with_its_place_in_the_funnel(sample):
    """On the sample, every crude rate of a complete year with a benchmark: outside the 95 %
    funnel (at its own noemer) exactly when its exact Poisson interval excludes the benchmark;
    published "hoger"/"lager" (or beter/slechter) always outside. The published comparison
    uses Byar's interval from 10 events, which is wider than the exact one (by at most 0,008
    events at 95 %): an area can be "gelijk" and just outside only where the benchmark lies
    between its exact and Byar's limit."""
    frames, _ = sample
    values, catalogue = frames["indicator_values"], frames["indicator_catalogue"]
    rates = values.join(catalogue.select("indicator_id", "methode"), on="indicator_id").filter(
        (pl.col("methode") == "rate")
        & pl.col("periode_volledig")
        & (pl.col("period_type") == "jaar")
        & pl.col("benchmark_value").is_not_null()
        & pl.col("teller").is_not_null()
    )
    teller, noemer, benchmark, value = (
        rates[name].to_numpy() for name in ("teller", "noemer", "benchmark_value", "value")
    )
    limits = funnel.limits("rate", 1000.0, benchmark, noemer)
    outside = (value < limits["lower_95"]) | (value > limits["upper_95"])
    exact_lower, exact_upper = stats.exact_poisson_limits(teller, 0.95)
    exact_excludes = (exact_lower / noemer * 1000 > benchmark) | (
        exact_upper / noemer * 1000 < benchmark
    )
    assert np.array_equal(outside, exact_excludes)
    compared = rates["comparison"].to_numpy() != "gelijk"
    assert not np.any(compared & ~outside)
    byar_lower, byar_upper = stats.byar_limits(teller, 0.95)
    byar_includes = (byar_lower / noemer * 1000 <= benchmark) & (
        byar_upper / noemer * 1000 >= benchmark
    )
    assert not np.any(outside & ~compared & ~((teller >= 10) & byar_includes))
    # Both kinds, with 10 events or more (Byar's side), in the sample.
    assert np.sum(compared & outside & (teller >= 10)) >= 10
    assert np.sum(~compared & ~outside & (teller >= 10)) >= 10


def test_every_standardised_funnel_equals_a_recomputation_from_published_values(sample):
    """The published standardised funnels: one per complete year, benchmark and standardised
    indicator where the benchmark area and a compared area have a std_value; around the
    benchmark's std_value; the grid up to 1.1 × the largest derived noemer (teller × 1.000 ÷
    std_value) of the compared areas; the limits PHE's rate funnel at each point."""
    frames, _ = sample
    limits, values = frames["funnel_limits"], frames["indicator_values"]
    standardised = limits.filter(pl.col("standardised"))
    benchmarks = values.filter(pl.col("std_value").is_not_null()).select(
        "indicator_id",
        "period",
        pl.col("area_code").alias("benchmark_code"),
        pl.col("std_value").alias("benchmark_std"),
    )
    compared = (
        values.filter(
            pl.col("periode_volledig")
            & (pl.col("period_type") == "jaar")
            & pl.col("std_value").is_not_null()
        )
        .join(benchmarks, on=["indicator_id", "period", "benchmark_code"])
        .with_columns((pl.col("teller") * 1000 / pl.col("std_value")).alias("derived"))
    )
    keys = compared.select("indicator_id", "period", "benchmark_code").unique()
    assert keys.height >= 10  # gemeenten and RESVs of the sample have standardised rates
    found = standardised.select("indicator_id", "period", "benchmark_code").unique()
    assert_frame_equal(found.sort(pl.all()), keys.sort(pl.all()))
    for key in keys.iter_rows(named=True):
        rows = compared.filter(
            (pl.col("indicator_id") == key["indicator_id"])
            & (pl.col("period") == key["period"])
            & (pl.col("benchmark_code") == key["benchmark_code"])
        )
        benchmark = rows["benchmark_std"][0]
        grid = np.unique(np.geomspace(10, max(float(rows["derived"].max()) * 1.1, 20), 60).round())
        expected = {"noemer": grid}
        for confidence, suffix in ((0.95, "95"), (0.998, "998")):
            lower, upper = stats.poisson_funnel_limits(benchmark / 1000, grid, confidence)
            expected[f"lower_{suffix}"], expected[f"upper_{suffix}"] = lower, upper
        published = standardised.filter(
            (pl.col("indicator_id") == key["indicator_id"])
            & (pl.col("period") == key["period"])
            & (pl.col("benchmark_code") == key["benchmark_code"])
        )
        assert (published["benchmark_value"] == benchmark).all()
        assert_frame_equal(
            published.select("noemer", "lower_95", "upper_95", "lower_998", "upper_998"),
            pl.DataFrame(expected),
            rel_tol=1e-12,
        )


def test_a_standardised_funnel_needs_the_benchmarks_std_value():
    values = _values(
        [
            ("so_bereik", "2024", "jaar", True, "R1", 200.0, 1000.0),
            ("so_bereik", "2024", "jaar", True, "R2", 210.0, 800.0),
            ("so_bereik", "2024", "jaar", True, "REGIO", 205.0, 1800.0),
        ]
    ).with_columns(
        area_code=pl.Series(["WK1", "WK2", "R1"]),
        teller=pl.Series([200.0, 168.0, 200.0]),
        # R1 has a standardised rate, R2 (WK2's benchmark) has none and REGIO (R1's and R2's
        # benchmark) no row at all: only WK1's funnel, around R1.
        std_value=pl.Series([250.0, 230.0, 240.0]),
    )
    values = pl.concat(
        [
            values,
            values.head(1).with_columns(
                area_code=pl.lit("R2"), benchmark_code=pl.lit("REGIO"), std_value=None
            ),
        ]
    )
    limits = funnel.funnel_limits(values, PERIODS).filter(pl.col("standardised"))
    assert set(limits["benchmark_code"]) == {"R1"}
    r1 = limits.filter(pl.col("benchmark_code") == "R1")
    assert (r1["benchmark_value"] == 240.0).all()
    # WK1's derived noemer: 200 × 1.000 ÷ 250 = 800 person-years.
    assert r1["noemer"].max() == 880.0
    lower, upper = stats.poisson_funnel_limits(0.24, r1["noemer"].to_numpy(), 0.95)
    assert r1["lower_95"].to_numpy() == pytest.approx(lower, rel=1e-12)
    assert r1["upper_95"].to_numpy() == pytest.approx(upper, rel=1e-12)
