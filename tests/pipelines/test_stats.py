"""Statistical methods against published values and independently computed references."""

import math
from statistics import NormalDist

import numpy as np
import polars as pl
import pytest
from scipy import optimize, special
from scipy import stats as sps

from pipelines import stats
from pipelines.stats import (
    chi_square_for_trend,
    compare_with_benchmark,
    directly_standardised_rate,
    exact_poisson_limits,
    funnel_limits_proportion,
    poisson_count_interval,
    poisson_funnel_limits,
    rate_interval,
    trend_chi_square,
    trend_per_group,
    wilson_interval,
)

TOL = 1e-6


def z_of(confidence):
    # Through the standard library, not scipy, so the reference takes another route.
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson_reference(x, n, confidence):
    """Wilson's interval in its centre ± half-width form (Newcombe 1998, method 3)."""
    z = z_of(confidence)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def exact_poisson_reference(x, confidence):
    """Exact limits by root finding on the Poisson distribution function itself."""
    tail = (1 - confidence) / 2
    lower = 0.0 if x == 0 else optimize.brentq(lambda m: sps.poisson.sf(x - 1, m) - tail, 1e-9, 1e4)
    upper = optimize.brentq(lambda m: sps.poisson.cdf(x, m) - tail, 1e-9, 1e4)
    return lower, upper


def byar_reference(x, confidence):
    z = z_of(confidence)
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    y = x + 1
    upper = y * (1 - 1 / (9 * y) + z / (3 * math.sqrt(y))) ** 3
    return lower, upper


# --- Wilson -------------------------------------------------------------------------------


def test_wilson_matches_the_published_value():
    lower, upper = wilson_interval(65, 100, 0.95)
    assert lower == pytest.approx(0.552544, abs=TOL)
    assert upper == pytest.approx(0.736358, abs=TOL)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
@pytest.mark.parametrize(("x", "n"), [(1, 3), (7, 50), (65, 100), (499, 1000), (12, 13)])
def test_wilson_matches_the_centre_and_half_width_form(x, n, confidence):
    lower, upper = wilson_interval(np.array([x]), np.array([n]), confidence)
    ref_lower, ref_upper = wilson_reference(x, n, confidence)
    assert lower[0] == pytest.approx(ref_lower, abs=TOL)
    assert upper[0] == pytest.approx(ref_upper, abs=TOL)


def test_wilson_with_zero_events_starts_at_zero():
    z = z_of(0.95)
    lower, upper = wilson_interval(0, 40, 0.95)
    assert lower == 0.0
    assert upper == pytest.approx(z * z / (40 + z * z), abs=TOL)


def test_wilson_with_all_events_ends_at_one():
    z = z_of(0.95)
    lower, upper = wilson_interval(40, 40, 0.95)
    assert upper == 1.0
    assert lower == pytest.approx(40 / (40 + z * z), abs=TOL)


def test_wilson_with_noemer_zero_or_missing_is_nan():
    lower, upper = wilson_interval(pl.Series([0, None, 65]), pl.Series([0, 100, 100]), 0.95)
    assert np.isnan(lower[:2]).all() and np.isnan(upper[:2]).all()
    assert lower[2] == pytest.approx(0.552544, abs=TOL)


def test_wilson_refuses_teller_above_noemer():
    with pytest.raises(ValueError, match=r"^teller must not exceed noemer for a proportion$"):
        wilson_interval([5, 11], [10, 10])


def test_confidence_must_be_a_fraction():
    with pytest.raises(
        ValueError,
        match=r"^confidence must be a fraction between 0 and 1 \(e\.g\. 0\.95\), got 95$",
    ):
        wilson_interval(1, 2, 95)


# --- Poisson counts and rates -------------------------------------------------------------


def test_poisson_count_interval_matches_the_published_value():
    lower, upper = poisson_count_interval(65, 0.95)
    assert lower == pytest.approx(50.163188, abs=TOL)
    assert upper == pytest.approx(82.849139, abs=TOL)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_poisson_count_interval_is_exact_below_ten(confidence):
    counts = np.arange(0, 10)
    lower, upper = poisson_count_interval(counts, confidence)
    for i, x in enumerate(counts):
        ref_lower, ref_upper = exact_poisson_reference(int(x), confidence)
        assert lower[i] == pytest.approx(ref_lower, abs=TOL)
        assert upper[i] == pytest.approx(ref_upper, abs=TOL)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_poisson_count_interval_uses_byar_from_ten(confidence):
    counts = np.array([10, 11, 25, 65, 1000])
    lower, upper = poisson_count_interval(counts, confidence)
    for i, x in enumerate(counts):
        ref_lower, ref_upper = byar_reference(int(x), confidence)
        assert lower[i] == pytest.approx(ref_lower, abs=TOL)
        assert upper[i] == pytest.approx(ref_upper, abs=TOL)


def test_zero_events_have_lower_limit_zero_and_upper_minus_log_half_alpha():
    lower, upper = poisson_count_interval(0, 0.95)
    assert lower == 0.0
    assert upper == pytest.approx(-math.log(0.025), abs=TOL)


def test_rate_interval_divides_by_noemer_and_multiplies():
    lower, upper = rate_interval([65, 3, 4], [2000, 500, 0], 0.95, 1000)
    assert lower[0] == pytest.approx(50.163188 / 2000 * 1000, abs=TOL)
    assert upper[0] == pytest.approx(82.849139 / 2000 * 1000, abs=TOL)
    ref_lower, ref_upper = exact_poisson_reference(3, 0.95)
    assert lower[1] == pytest.approx(ref_lower * 2, abs=TOL)
    assert upper[1] == pytest.approx(ref_upper * 2, abs=TOL)
    assert np.isnan(lower[2]) and np.isnan(upper[2])


def test_rate_interval_refuses_negative_counts():
    with pytest.raises(ValueError, match=r"^count must not be negative$"):
        rate_interval([-1], [100])


# --- Comparison with the benchmark --------------------------------------------------------

LOWER = [0.40, 0.10, 0.20, 0.30, np.nan, 0.20]
UPPER = [0.50, 0.20, 0.30, 0.40, 0.50, 0.30]
BENCHMARK = [0.30, 0.30, 0.30, 0.30, 0.30, np.nan]


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        ("hoger_beter", ["beter", "slechter", "gelijk", "gelijk"]),
        ("lager_beter", ["slechter", "beter", "gelijk", "gelijk"]),
        ("geen_oordeel", ["hoger", "lager", "gelijk", "gelijk"]),
    ],
)
def test_comparison_per_polarity(polarity, expected):
    result = compare_with_benchmark(LOWER, UPPER, BENCHMARK, polarity)
    assert result.tolist() == [*expected, "niet_vergeleken", "niet_vergeleken"]


def test_comparison_takes_a_polarity_per_row():
    result = compare_with_benchmark(
        pl.Series([0.4, 0.4, 0.4]),
        pl.Series([0.5, 0.5, 0.5]),
        0.3,
        pl.Series(["hoger_beter", "lager_beter", "geen_oordeel"]),
    )
    assert result.tolist() == ["beter", "slechter", "hoger"]


def test_comparison_refuses_an_unknown_polarity():
    with pytest.raises(
        ValueError,
        match=r"^unknown polarity \['hoog'\]; expected one of "
        r"\['hoger_beter', 'lager_beter', 'geen_oordeel'\]$",
    ):
        compare_with_benchmark([0.1], [0.2], [0.3], "hoog")


# --- Funnel limits ------------------------------------------------------------------------


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_funnel_limits_proportion_normal_form(confidence):
    n = np.array([10.0, 100.0, 1000.0])
    lower, upper = funnel_limits_proportion(0.3, n, confidence)
    z = z_of(confidence)
    for i, size in enumerate(n):
        half = z * math.sqrt(0.3 * 0.7 / size)
        assert lower[i] == pytest.approx(max(0.0, 0.3 - half), abs=TOL)
        assert upper[i] == pytest.approx(0.3 + half, abs=TOL)


def test_an_area_on_the_funnel_limit_has_a_wilson_bound_at_the_benchmark():
    n = np.array([30.0, 200.0, 5000.0])
    lower, upper = funnel_limits_proportion(0.3, n, 0.95)
    assert wilson_interval(upper * n, n, 0.95)[0] == pytest.approx([0.3] * 3, abs=1e-9)
    assert wilson_interval(lower * n, n, 0.95)[1] == pytest.approx([0.3] * 3, abs=1e-9)


def test_funnel_limits_proportion_clip_and_noemer_zero():
    lower, upper = funnel_limits_proportion(0.02, [0, 5], 0.95)
    assert np.isnan(lower[0]) and np.isnan(upper[0])
    assert lower[1] == 0.0


def test_funnel_limits_take_one_benchmark_per_noemer():
    n = np.array([40.0, 500.0, 20000.0])
    benchmarks = np.array([0.05, 0.2, 0.6])
    for function in (funnel_limits_proportion, poisson_funnel_limits):
        many = function(benchmarks, n, 0.998)
        one_by_one = [function(b, [size], 0.998) for b, size in zip(benchmarks, n, strict=True)]
        assert np.array_equal(many[0], [lower[0] for lower, _ in one_by_one])
        assert np.array_equal(many[1], [upper[0] for _, upper in one_by_one])
    with pytest.raises(ValueError, match="benchmark_proportion"):
        funnel_limits_proportion([0.5, 1.5], [10.0, 10.0])
    with pytest.raises(ValueError, match="benchmark_rate_per_unit"):
        poisson_funnel_limits([0.5, -0.1], [10.0, 10.0])


# --- Trend --------------------------------------------------------------------------------

RISING = [10, 15, 20, 25, 30]


def test_chi_square_for_trend_in_proportions_by_hand():
    # p̄ = 100/500 = 0.2, E = 20 each; Σx(O−E) = −10 −10 + 0 + 20 + 50 = 50;
    # Σnx² − (Σnx)²/Σn = 5500 − 1500²/500 = 1000; X² = 50² / (0.2·0.8·1000) = 15.625.
    statistic, direction = chi_square_for_trend(RISING, [100] * 5, "proportion")
    assert statistic == pytest.approx(15.625, abs=TOL)
    assert direction == 1


def test_chi_square_for_trend_in_rates_by_hand():
    # p̄ = 100/5000, E = 20 each; Σx²E − (ΣxE)²/ΣE = 1100 − 300²/100 = 200; X² = 50²/200 = 12.5.
    statistic, direction = chi_square_for_trend(RISING, [1000] * 5, "rate")
    assert statistic == pytest.approx(12.5, abs=TOL)
    assert direction == 1


def test_chi_square_for_trend_with_unequal_noemers_by_hand():
    observed = np.array([5.0, 9.0, 12.0, 20.0, 24.0])
    n = np.array([100.0, 110.0, 120.0, 130.0, 140.0])
    x = np.arange(1, 6)
    p = observed.sum() / n.sum()
    score = sum(x[i] * (observed[i] - n[i] * p) for i in range(5))
    spread = sum(n[i] * x[i] ** 2 for i in range(5)) - sum(n * x) ** 2 / n.sum()
    statistic, _ = chi_square_for_trend(observed, n, "proportion")
    assert statistic == pytest.approx(score**2 / (p * (1 - p) * spread), abs=TOL)


@pytest.mark.parametrize(
    ("tellers", "noemers", "method", "expected"),
    [
        (RISING, [100] * 5, "proportion", "stijgend"),
        (RISING[::-1], [100] * 5, "proportion", "dalend"),
        (RISING, [1000] * 5, "rate", "stijgend"),
        (RISING[::-1], [1000] * 5, "rate", "dalend"),
        ([20, 22, 18, 21, 19], [100] * 5, "proportion", "geen_verandering"),
        # X² = 5.625: significant at 95 % but not at the 99.8 % Fingertips uses.
        ([14, 17, 20, 23, 26], [100] * 5, "proportion", "geen_verandering"),
        # Only the last five points count: the early high values are ignored.
        ([90, 90, *RISING], [100] * 7, "proportion", "stijgend"),
        ([10, 15, 20, 25], [100] * 4, "proportion", "onvoldoende_data"),
        ([10, np.nan, 20, 25, 30], [100] * 5, "proportion", "onvoldoende_data"),
        ([10, 15, 20, 25, 30], [100, 100, 0, 100, 100], "rate", "onvoldoende_data"),
        ([0, 0, 0, 0, 0], [100] * 5, "rate", "onvoldoende_data"),
        ([100] * 5, [100] * 5, "proportion", "geen_verandering"),
    ],
)
def test_trend_chi_square(tellers, noemers, method, expected):
    assert trend_chi_square(tellers, noemers, method) == expected


def test_trend_chi_square_at_95_percent_finds_the_weaker_trend():
    assert trend_chi_square([14, 17, 20, 23, 26], [100] * 5, "proportion", 0.95) == "stijgend"


def test_trend_chi_square_is_vectorised_over_groups():
    tellers = np.array([RISING, RISING[::-1], [20, 22, 18, 21, 19]], dtype=float)
    result = trend_chi_square(tellers, np.full((3, 5), 100.0), "proportion")
    assert result.tolist() == ["stijgend", "dalend", "geen_verandering"]


def test_trend_chi_square_refuses_an_unknown_method():
    with pytest.raises(
        ValueError,
        match=r"^unknown trend method 'ratio'; expected one of \['proportion', 'rate'\]$",
    ):
        trend_chi_square(RISING, [100] * 5, "ratio")


def test_trend_per_group_gives_each_row_the_trend_of_its_last_five_points():
    years = [str(y) for y in range(2019, 2025)]
    frame = pl.DataFrame(
        {
            "area_code": ["A"] * 6 + ["B"] * 6,
            "period": years * 2,
            "teller": [10, 15, 20, 25, 30, 35] + [20] * 6,
            "noemer": [100] * 12,
        }
    ).reverse()  # input order must not matter
    result = trend_per_group(frame, ["area_code"], "period", "teller", "noemer", "proportion")
    assert result.select("area_code", "period", "trend").rows() == [
        ("A", "2019", "onvoldoende_data"),
        ("A", "2020", "onvoldoende_data"),
        ("A", "2021", "onvoldoende_data"),
        ("A", "2022", "onvoldoende_data"),
        ("A", "2023", "stijgend"),
        ("A", "2024", "stijgend"),
        ("B", "2019", "onvoldoende_data"),
        ("B", "2020", "onvoldoende_data"),
        ("B", "2021", "onvoldoende_data"),
        ("B", "2022", "onvoldoende_data"),
        ("B", "2023", "geen_verandering"),
        ("B", "2024", "geen_verandering"),
    ]


def test_trend_per_group_refuses_a_missing_column():
    frame = pl.DataFrame({"area_code": ["A"], "period": ["2024"], "teller": [1]})
    with pytest.raises(
        ValueError, match=r"^trend_per_group: frame has no column\(s\) \['noemer'\]$"
    ):
        trend_per_group(frame, ["area_code"], "period", "teller", "noemer", "rate")


# ---------------------------------------------------------------------------------------------
# Directly standardised rates (issue 13)

#: The 75+ strata in the order (75-79 M, 75-79 V, 80-84 M, …, 90+ V): ESP 2013 split by sex.
HALF_ESP_75PLUS = [2000, 2000, 1250, 1250, 750, 750, 500, 500]


def test_dsr_and_dobson_limits_by_hand():
    # Every age band has the same rate for both sexes: 1 %, 2 %, 4 %, 8 % a year.
    counts = [4, 6, 5, 10, 4, 8, 2, 6]  # O = 45
    population = [400, 600, 250, 500, 100, 200, 25, 75]
    rate, limits = directly_standardised_rate([0] * 8, counts, population, HALF_ESP_75PLUS)
    # Σ rate × weight = 20 + 20 + 25 + 25 + 30 + 30 + 40 + 40 = 230 over Σ weight = 9.000:
    # 25,556 ‰.
    assert rate[0] == pytest.approx(230 / 9)
    # Σ (w/n)² x = 100 + 66.667 + 125 + 62.5 + 225 + 112.5 + 800 + 266.667 = 1758.333;
    # var(DSR) = 1758.333 / 9.000², per 1.000: × 1.000.
    spread = math.sqrt(1758.3333333 / 9000**2 / 45) * 1000
    for confidence in (0.95, 0.998):
        z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
        # Byar's limits of 45 events (PHE's "exact" count limits from 10 events on).
        low = 45 * (1 - 1 / (9 * 45) - z / (3 * math.sqrt(45))) ** 3
        up = 46 * (1 - 1 / (9 * 46) + z / (3 * math.sqrt(46))) ** 3
        dsr = 230 / 9
        assert limits[confidence][0][0] == pytest.approx(dsr + spread * (low - 45), rel=1e-6)
        assert limits[confidence][1][0] == pytest.approx(dsr + spread * (up - 45), rel=1e-6)
    # For 95 %: 25.556 − 0.69455 × (45 − 32.820) ≈ 17.10 and 25.556 + 0.69455 × 15.215 ≈ 36.12.
    assert limits[0.95][0][0] == pytest.approx(17.10, abs=0.01)
    assert limits[0.95][1][0] == pytest.approx(36.12, abs=0.01)


def test_dsr_of_equal_stratum_rates_is_that_rate_and_groups_are_independent():
    population = [300, 500, 150, 320, 60, 160, 20, 70]
    counts = [p * 0.05 for p in population]  # 5 % everywhere: 79 events
    other = [0, 0, 0, 0, 0, 0, 10, 10]  # only the oldest
    rate, _ = directly_standardised_rate(
        [0] * 8 + [1] * 8, counts + other, population + population, HALF_ESP_75PLUS * 2
    )
    assert rate[0] == pytest.approx(50.0)
    # 10/20 and 10/70 for the 90+ (weight 500 each of 9.000): (0.5 + 0.142857) × 500 / 9.000.
    assert rate[1] == pytest.approx((0.5 + 10 / 70) * 500 / 9000 * 1000)


def test_dsr_is_not_given_below_ten_events_or_with_events_without_population():
    rate, limits = directly_standardised_rate(
        [0] * 8 + [1] * 8,
        [*[1, 1, 1, 1, 1, 1, 1, 2], *[5, 5, 0, 0, 0, 0, 0, 1]],
        [100] * 8 + [100, 100, 100, 100, 100, 100, 100, 0],
        HALF_ESP_75PLUS * 2,
    )
    assert np.isnan(rate).all()  # 9 events; 11 events, one of them in an empty stratum
    assert np.isnan(limits[0.95][0]).all() and np.isnan(limits[0.998][1]).all()
    # An empty stratum without events counts as 0.
    rate, _ = directly_standardised_rate(
        [0] * 8, [5, 5, 0, 0, 0, 0, 0, 0], [100] * 7 + [0], HALF_ESP_75PLUS
    )
    assert rate[0] == pytest.approx((0.05 * 2000 * 2) / 9000 * 1000)


# PHEindicatormethods' published test data for calculate_dsr (github.com/ukhsa-collaboration/
# PHEindicatormethods, commit 093fd28): inputs from tests/testthat/testdata_DSR_ISR.xlsx sheet
# "testdata_multiarea" (areas testdata_big, testdata_small, testdata_tiny: 19 age bands 0-4 …
# 90+, ESP 2013 from data-raw/LoadTestdata.R), expected values from sheet "testresults_DSR"
# (rows "dsr per 100000"; calculate_dsr(..., confidence = c(0.95, 0.998), multiplier = 1e5)).
PHE_ESP2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000]
PHE_ESP2013 += [5500, 5000, 4000, 2500, 1500, 1000]
PHE_POP = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153]
PHE_POP += [123, 207]
PHE_COUNTS = {
    "testdata_big": [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91],
    "testdata_small": [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4],
    # One count is missing in the sheet (NA, counted as 0 by calculate_dsr): 9 events in all.
    "testdata_tiny": [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3],
}
PHE_RESULTS = {  # value, lower95, upper95, lower99.8, upper99.8
    "testdata_big": (
        10430.247991469423,
        9717.709067985681,
        11178.94091547925,
        9323.2878802199029,
        11620.595999522058,
    ),
    "testdata_small": (
        1103.212025300104,
        877.455767536709,
        1367.0882227251795,
        763.64203579398793,
        1530.0328948244762,
    ),
}


def test_dsr_matches_phe_indicator_methods_published_results():
    areas = list(PHE_COUNTS)
    group = np.repeat(np.arange(len(areas)), 19)
    counts = np.concatenate([PHE_COUNTS[a] for a in areas])
    rate, limits = directly_standardised_rate(
        group, counts, PHE_POP * len(areas), PHE_ESP2013 * len(areas), multiplier=100_000
    )
    for i, area in enumerate(areas):
        if area == "testdata_tiny":  # "dsr NA for total count < 10"
            assert np.isnan(rate[i]) and np.isnan(limits[0.95][0][i])
            continue
        value, low95, up95, low998, up998 = PHE_RESULTS[area]
        assert rate[i] == pytest.approx(value, rel=1e-9)
        assert limits[0.95][0][i] == pytest.approx(low95, rel=1e-9)
        assert limits[0.95][1][i] == pytest.approx(up95, rel=1e-9)
        assert limits[0.998][0][i] == pytest.approx(low998, rel=1e-9)
        assert limits[0.998][1][i] == pytest.approx(up998, rel=1e-9)


def test_dsr_refuses_negative_input():
    with pytest.raises(ValueError, match="count"):
        directly_standardised_rate([0], [-1], [10], [1])
    with pytest.raises(ValueError, match="person_years"):
        directly_standardised_rate([0], [1], [-10], [1])


@pytest.mark.parametrize("confidence", [0.95, 0.998])
@pytest.mark.parametrize("count", [1, 4, 10, 57, 400])
def test_poisson_funnel_limits_are_the_inverse_of_the_exact_interval(count, confidence):
    """At the noemer where the benchmark's expected count is the exact upper limit of `count`
    events, the lower funnel limit is `count` events; where it is the exact lower limit, the
    upper funnel limit is (PHEindicatormethods' poisson_funnel)."""
    rate = 0.05
    lower_of, upper_of = exact_poisson_limits(count, confidence)
    n_low, n_high = upper_of / rate, lower_of / rate
    lower, _ = poisson_funnel_limits(rate, n_low, confidence, multiplier=1.0)
    _, upper = poisson_funnel_limits(rate, n_high, confidence, multiplier=1.0)
    assert lower * n_low == pytest.approx(count, rel=1e-9)
    assert upper * n_high == pytest.approx(count, rel=1e-9)


def test_poisson_funnel_limits_edges():
    # Below −ln(α/2) expected events even 0 observed lies inside: the lower limit is 0.
    lower, upper = poisson_funnel_limits(0.01, [100.0, 400.0, 0.0], 0.95, multiplier=1000.0)
    assert lower[0] == 0.0 and lower[1] > 0.0
    assert np.isnan(lower[2]) and np.isnan(upper[2])
    assert upper[0] > 10.0
    with pytest.raises(ValueError, match="benchmark_rate_per_unit"):
        poisson_funnel_limits(-0.1, [10.0])


def bisection_funnel_limits(rate, n, confidence, multiplier=1.0):
    """The reference for ``poisson_funnel_limits``: its first method, kept here. The count O
    by 52 bisections over [0, E + 20√E + 50] of gammainc(O + 1, E) = 1 − α/2 (lower; 0 where
    E ≤ −ln(α/2)) and of gammainc(O, E) = α/2 (upper)."""
    tail = (1 - confidence) / 2
    expected = np.asarray(rate * np.asarray(n, dtype=float), dtype=float)
    top = expected + 20 * np.sqrt(expected) + 50

    def solve(shift, target):
        low, high = np.zeros_like(expected), top.copy()
        for _ in range(52):
            middle = (low + high) / 2
            above = special.gammainc(middle + shift, expected) > target
            low, high = np.where(above, middle, low), np.where(above, high, middle)
        return (low + high) / 2

    lower = np.where(expected > -np.log(tail), solve(1.0, 1 - tail), 0.0)
    return lower / n * multiplier, solve(0.0, tail) / n * multiplier, top


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_poisson_funnel_limits_equal_the_bisection(confidence):
    """From 10⁻⁶ to 10⁶ expected events (and beyond the table, 10¹³), around −ln(α/2) where
    the lower limit leaves 0: equal to 52 bisections within 10⁻⁹ relative, or within the
    bisection's own resolution (its bracket × 2⁻⁵²) where that is coarser (a lower limit of
    a few 10⁻¹⁴ events just above −ln(α/2))."""
    edge = -math.log((1 - confidence) / 2)
    expected = np.concatenate(
        [
            np.geomspace(1e-6, 1e6, 20_001),
            edge * (1 + np.array([-1e-3, -1e-12, 0.0, 1e-12, 1e-9, 1e-6, 1e-3])),
            [0.0, 1e-120, 2e12, 1e13],
        ]
    )
    lower, upper = poisson_funnel_limits(expected, 1.0, confidence, multiplier=1.0)
    ref_lower, ref_upper, top = bisection_funnel_limits(expected, 1.0, confidence)
    resolution = top * 2.0**-51
    for ours, reference in ((lower, ref_lower), (upper, ref_upper)):
        assert np.all(np.abs(ours - reference) <= 1e-9 * reference + resolution)
    assert np.array_equal(lower == 0, expected <= edge)
    # The limits are counts per unit: between 0 and E for the lower, above E for the upper.
    assert np.all(lower[expected > 0] < expected[expected > 0])
    assert np.all(upper[expected > 0] > expected[expected > 0])


def test_poisson_funnel_limits_take_three_or_four_gammainc_per_bound(monkeypatch):
    """The table's guess lies within about 10⁻⁶ standard deviations of the root: the secant
    ends after three or four evaluations of gammainc per point and bound (52 bisections took
    52)."""
    points = []
    real = stats.sps_special

    class Counting:
        def __getattr__(self, name):
            return getattr(real, name)

        def gammainc(self, a, x):
            points.append(np.size(a))
            return real.gammainc(a, x)

    expected = np.geomspace(4.0, 1e6, 10_000)
    stats._funnel_table(1.0, 0.975)  # built before counting
    stats._funnel_table(0.0, 0.025)
    monkeypatch.setattr(stats, "sps_special", Counting())
    poisson_funnel_limits(expected, 1.0, 0.95)
    assert 2 * 3 * expected.size <= sum(points) <= 2 * 4 * expected.size
