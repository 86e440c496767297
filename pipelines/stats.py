"""Statistical methods for the published indicators: intervals, comparisons, funnels, trends.

One function per method, named after it. Every function is vectorised: it takes numpy arrays,
polars Series, lists or scalars (missing values as NaN or null) and returns numpy arrays of the
broadcast shape. Nothing here formats for the screen.

Confidence levels are fractions: ``0.95`` and ``0.998`` are the two the dashboard publishes.

References
----------
1. Wilson EB. Probable inference, the law of succession, and statistical inference.
   J Am Stat Assoc 1927;22:209-212.
2. Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
   methods. Stat Med 1998;17:857-872.
3. Breslow NE, Day NE. Statistical Methods in Cancer Research, Volume II: The Design and
   Analysis of Cohort Studies. IARC Sci Publ 82, Lyon 1987 (Byar's approximation to the exact
   Poisson limits; the score test for a trend in rates).
4. Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
   2005;24:1185-1202.
5. Public Health England. Technical Guide: Confidence Intervals; Fingertips "recent trends"
   methodology; and the R package PHEindicatormethods (functions phe_proportion, phe_rate,
   phe_funnels). Office for Health Improvement and Disparities, London.
6. Armitage P. Tests for linear trends in proportions and frequencies. Biometrics
   1955;11:375-386.
7. Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums of
   Poisson parameters. Stat Med 1991;10:457-462 (the limits of a directly standardised rate;
   PHEindicatormethods' ``calculate_dsr``).
8. Eurostat. Revision of the European Standard Population. Report of Eurostat's task force,
   2013 edition. Luxembourg 2013.
9. Newcombe RG. Interval estimation for the difference between independent proportions:
   comparison of eleven methods. Stat Med 1998;17:873-890 (method 10, the hybrid score
   interval from the two Wilson intervals).
10. Altman DG. Practical Statistics for Medical Research. Chapman & Hall, London 1991,
   section 10.7.2 (the two-proportion z-test with the pooled proportion).
11. Rothman KJ, Greenland S, Lash TL. Modern Epidemiology, 3rd ed. Lippincott Williams &
   Wilkins, Philadelphia 2008, chapter 14 (the rate difference and its variance
   x1/T1² + x2/T2²; the conditional binomial test of two Poisson rates).
12. Breslow NE, Day NE, ref. 3, section 2.4 (given x1 + x2 events, x1 is binomial with
   p = T1 / (T1 + T2) when the rates are equal).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import special as sps_special
from scipy import stats as sps

#: Below this many events a rate's interval is exact (chi-square); from here on Byar's (ref. 3).
BYAR_FROM_COUNT = 10

POLARITIES = ("hoger_beter", "lager_beter", "geen_oordeel")
COMPARISONS = ("beter", "slechter", "gelijk", "hoger", "lager", "niet_vergeleken")
TRENDS = ("stijgend", "dalend", "geen_verandering", "onvoldoende_data")
TREND_METHODS = ("proportion", "rate")
#: Fingertips' recent trend: the five most recent complete points, significant at 99.8 % (ref. 5).
TREND_POINTS = 5
TREND_CONFIDENCE = 0.998


def _as_array(values) -> np.ndarray:
    """Float array from an array, Series, list or scalar; nulls become NaN."""
    if isinstance(values, pl.Series):
        values = values.cast(pl.Float64).to_numpy()
    return np.asarray(values, dtype=float)


def _z(confidence: float) -> float:
    """Two-sided standard normal quantile; refuses a confidence outside (0, 1)."""
    if not 0 < confidence < 1:
        raise ValueError(
            f"confidence must be a fraction between 0 and 1 (e.g. 0.95), got {confidence!r}"
        )
    return float(sps.norm.ppf(1 - (1 - confidence) / 2))


def _refuse_negative(name: str, values: np.ndarray) -> None:
    if np.any(values < 0):
        raise ValueError(f"{name} must not be negative")


def wilson_interval(teller, noemer, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (refs. 1, 2, 5).

    Parameters: ``teller`` (events) and ``noemer`` (trials), array-like of equal or
    broadcastable shape; ``confidence`` as a fraction.

    Returns ``(lower, upper)`` as proportions in [0, 1]. A noemer of 0 or a missing value
    gives NaN. The interval is the closed form
    ``(2x + z² ± z·sqrt(z² + 4x(1 − x/n))) / (2(n + z²))``; it stays inside [0, 1] and is not
    degenerate at 0 or n events, which is why it is used instead of the normal approximation.

    Refuses (ValueError) negative counts or a teller larger than its noemer.
    """
    x = _as_array(teller)
    n = _as_array(noemer)
    z = _z(confidence)
    _refuse_negative("teller", x)
    _refuse_negative("noemer", n)
    if np.any(x > n):
        raise ValueError("teller must not exceed noemer for a proportion")
    with np.errstate(invalid="ignore", divide="ignore"):
        q = 1 - x / n
        spread = z * np.sqrt(z**2 + 4 * x * q)
        lower = (2 * x + z**2 - spread) / (2 * (n + z**2))
        upper = (2 * x + z**2 + spread) / (2 * (n + z**2))
    empty = ~(n > 0)
    lower = np.where(empty, np.nan, np.clip(lower, 0.0, 1.0))
    upper = np.where(empty, np.nan, np.clip(upper, 0.0, 1.0))
    return lower, upper


def newcombe_difference_interval(
    teller_1, noemer_1, teller_2, noemer_2, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Difference of two independent proportions p1 − p2 with Newcombe's hybrid score
    interval (ref. 9, method 10), built from each group's Wilson interval (ref. 1):
    lower = d − sqrt((p1 − l1)² + (u2 − p2)²), upper = d + sqrt((u1 − p1)² + (p2 − l2)²).

    Returns ``(difference, lower, upper)`` as proportions in [−1, 1]; NaN where either
    noemer is 0 or missing. Refuses what ``wilson_interval`` refuses.
    """
    x1, n1, x2, n2 = (_as_array(v) for v in (teller_1, noemer_1, teller_2, noemer_2))
    l1, u1 = wilson_interval(x1, n1, confidence)
    l2, u2 = wilson_interval(x2, n2, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = np.where(n1 > 0, x1 / np.where(n1 > 0, n1, 1), np.nan)
        p2 = np.where(n2 > 0, x2 / np.where(n2 > 0, n2, 1), np.nan)
        difference = p1 - p2
        lower = difference - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        upper = difference + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return difference, lower, upper


def two_proportion_z_test(teller_1, noemer_1, teller_2, noemer_2) -> np.ndarray:
    """Two-sided p-value of the difference between two independent proportions: the z-test
    with the pooled proportion p = (x1 + x2) / (n1 + n2) (ref. 10),
    z = (p1 − p2) / sqrt(p(1 − p)(1/n1 + 1/n2)).

    Returns the p-values; NaN where either noemer is 0 or missing; 1 where the pooled
    proportion is 0 or 1 (both groups all or nothing: no difference). The normal
    approximation is rough below about 5 expected events per cell; the published rows have
    at least 10 (disclosure control), and the page shows Newcombe's interval beside it.
    """
    x1, n1, x2, n2 = (_as_array(v) for v in (teller_1, noemer_1, teller_2, noemer_2))
    for name, x, n in (("teller_1", x1, n1), ("teller_2", x2, n2)):
        _refuse_negative(name, x)
        if np.any(x > n):
            raise ValueError(f"{name} must not exceed its noemer")
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (x1 + x2) / (n1 + n2)
        spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (x1 / n1 - x2 / n2) / spread
        p = 2 * sps.norm.sf(np.abs(z))
    p = np.where(spread == 0, 1.0, p)
    return np.where((n1 > 0) & (n2 > 0), p, np.nan)


def poisson_rate_difference_interval(
    count_1, person_years_1, count_2, person_years_2, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Difference of two Poisson rates r1 − r2 (events per person-year) with the
    normal-approximation interval d ± z·sqrt(x1/T1² + x2/T2²) (ref. 11).

    Returns ``(difference, lower, upper)`` per person-year (multiply for per 1.000); NaN
    where either person-years is 0 or missing. Refuses negative counts or person-years.
    """
    x1, t1, x2, t2 = (_as_array(v) for v in (count_1, person_years_1, count_2, person_years_2))
    for name, values in (("count_1", x1), ("count_2", x2), ("person_years_1", t1)):
        _refuse_negative(name, values)
    _refuse_negative("person_years_2", t2)
    z = _z(confidence)
    valid = (t1 > 0) & (t2 > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        s1, s2 = np.where(valid, t1, 1.0), np.where(valid, t2, 1.0)
        difference = x1 / s1 - x2 / s2
        spread = z * np.sqrt(x1 / s1**2 + x2 / s2**2)
    nan = np.full(np.broadcast(x1, t1, x2, t2).shape, np.nan)
    return (
        np.where(valid, difference, nan),
        np.where(valid, difference - spread, nan),
        np.where(valid, difference + spread, nan),
    )


def two_poisson_rates_test(count_1, person_years_1, count_2, person_years_2) -> np.ndarray:
    """Two-sided p-value of the difference between two Poisson rates: the conditional
    (exact) binomial test (refs. 11, 12). Given n = x1 + x2 events, under equal rates x1 is
    binomial(n, p = T1 / (T1 + T2)); the p-value sums the probabilities of every split no
    more likely than the observed one (the "minimum likelihood" two-sided p-value, as
    scipy.stats.binomtest computes it), at most 1.

    Returns the p-values; NaN where either person-years is 0 or missing or a count is
    missing; 1 where there are no events. Refuses negative or non-whole counts.
    """
    x1, t1, x2, t2 = (_as_array(v) for v in (count_1, person_years_1, count_2, person_years_2))
    shape = np.broadcast(x1, t1, x2, t2).shape
    x1, t1, x2, t2 = (np.broadcast_to(v, shape).ravel() for v in (x1, t1, x2, t2))
    for name, values in (("count_1", x1), ("count_2", x2)):
        _refuse_negative(name, values)
        finite = values[np.isfinite(values)]
        if np.any(finite != np.round(finite)):
            raise ValueError(f"{name} must be whole counts")
    result = np.full(x1.shape, np.nan)
    valid = (t1 > 0) & (t2 > 0) & np.isfinite(x1) & np.isfinite(x2)
    for i in np.flatnonzero(valid):
        k, n = int(x1[i]), int(x1[i] + x2[i])
        if n == 0:
            result[i] = 1.0
            continue
        pmf = sps.binom.pmf(np.arange(n + 1), n, t1[i] / (t1[i] + t2[i]))
        # The relative tolerance scipy uses: splits as likely as the observed one count.
        result[i] = min(1.0, pmf[pmf <= pmf[k] * (1 + 1e-7)].sum())
    return result.reshape(shape)


def exact_poisson_limits(count, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson limits for a (possibly non-integer) count, via the chi-square distribution.

    Returns ``(lower, upper)`` = ``(χ²(α/2; 2x)/2, χ²(1 − α/2; 2x + 2)/2)``, lower = 0 at x = 0
    (ref. 5). Missing counts give NaN. Used below ``BYAR_FROM_COUNT`` events.
    """
    x = _as_array(count)
    alpha = 1 - confidence
    _z(confidence)
    _refuse_negative("count", x)
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, sps.chi2.ppf(alpha / 2, 2 * np.where(x > 0, x, 1)) / 2, 0.0)
        upper = sps.chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2
    lower = np.where(np.isnan(x), np.nan, lower)
    return lower, upper


def byar_limits(count, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to the exact Poisson limits (ref. 3).

    Returns ``(lower, upper)`` with lower = ``x(1 − 1/(9x) − z/(3√x))³`` and upper =
    ``(x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³``. Accurate from about 10 events; meaningless at 0.
    """
    x = _as_array(count)
    z = _z(confidence)
    _refuse_negative("count", x)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
    return lower, upper


def poisson_count_interval(count, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Confidence limits for a count of events, as PHE publishes them (refs. 3, 5).

    Returns ``(lower, upper)`` for the count: exact limits (``exact_poisson_limits``) below
    ``BYAR_FROM_COUNT`` = 10 events, Byar's approximation (``byar_limits``) from 10 on. Missing
    counts give NaN. Refuses negative counts.
    """
    x = _as_array(count)
    lower, upper = (np.array(limit, dtype=float) for limit in byar_limits(x, confidence))
    # The exact limits (slow chi-square quantiles) only where they are used.
    exact = ~(x >= BYAR_FROM_COUNT)
    if exact.ndim == 0:
        chosen = exact_poisson_limits(x, confidence) if exact else (lower, upper)
        return np.asarray(chosen[0], dtype=float), np.asarray(chosen[1], dtype=float)
    lower[exact], upper[exact] = exact_poisson_limits(x[exact], confidence)
    return lower, upper


def rate_interval(
    count, noemer, confidence: float = 0.95, multiplier: float = 1000.0
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence limits for a rate ``count / noemer × multiplier`` (refs. 3, 5).

    The count's limits (``poisson_count_interval``: exact below 10, Byar from 10) are divided by
    the noemer and multiplied. The noemer is the population (or person-years; pass an
    annualised noemer for a quarter). Returns ``(lower, upper)``; a noemer of 0 or a
    missing value gives NaN. Refuses negative counts or noemers.
    """
    n = _as_array(noemer)
    _refuse_negative("noemer", n)
    lower, upper = poisson_count_interval(count, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(n > 0, multiplier / np.where(n > 0, n, 1), np.nan)
    return lower * scale, upper * scale


#: European Standard Population 2013 (ref. 8) for the 75+ age bands: 75-79, 80-84, 85-89 and
#: 90+ (= 90-94 + 95+). Each band's weight is split equally over the two sexes.
ESP2013_75PLUS = {"75-79": 4000.0, "80-84": 2500.0, "85-89": 1500.0, "90+": 1000.0}
#: PHE publishes no directly standardised rate below this many events (ref. 5).
DSR_MIN_COUNT = 10


def directly_standardised_rate(
    group,
    count,
    person_years,
    standard,
    confidences: Sequence[float] = (0.95, 0.998),
    multiplier: float = 1000.0,
) -> tuple[np.ndarray, dict[float, tuple[np.ndarray, np.ndarray]]]:
    """Directly standardised rates with Dobson's limits (refs. 5, 7), many groups at once.

    One entry per stratum: ``group`` (integer 0 … G−1: the area and period the stratum belongs
    to), ``count`` (events), ``person_years`` (the stratum's population, × the share of the year
    for a part year) and ``standard`` (the stratum's weight in the standard population).

    Per group: rate = Σ (count / person_years × standard) / Σ standard × ``multiplier``, its
    variance Σ (standard² × count / person_years²) / (Σ standard)², and for each confidence the
    limits ``rate + sqrt(variance / O) × (O_limit − O)`` around the limits of the total count
    O (``poisson_count_interval``: exact below 10 events, Byar's from 10, as PHE computes
    them). As PHE, groups with fewer than ``DSR_MIN_COUNT`` events get NaN (value and limits).
    A stratum without person-years counts as 0 when it has no events; with events its group
    gets NaN (the rate is undefined). A group without strata gets NaN.

    Returns ``(rate, {confidence: (lower, upper)})``, arrays of length G. Refuses negative
    counts, person-years or weights.
    """
    g = np.asarray(group, dtype=np.int64)
    x = _as_array(count)
    n = _as_array(person_years)
    w = _as_array(standard)
    for name, values in (("count", x), ("person_years", n), ("standard", w)):
        _refuse_negative(name, values)
    size = int(g.max()) + 1 if g.size else 0
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(n > 0, w / np.where(n > 0, n, 1.0), np.where(x > 0, np.nan, 0.0))
        total_weight = np.bincount(g, weights=w, minlength=size)
        weighted = np.bincount(g, weights=x * ratio, minlength=size)
        squared = np.bincount(g, weights=x * ratio**2, minlength=size)
        observed = np.bincount(g, weights=x, minlength=size)
        rate = weighted / total_weight
        spread = np.sqrt(squared / total_weight**2 / observed)
    usable = (observed >= DSR_MIN_COUNT) & np.isfinite(rate) & (total_weight > 0)
    rate = np.where(usable, rate * multiplier, np.nan)
    limits = {}
    for confidence in confidences:
        low, up = poisson_count_interval(np.where(usable, observed, np.nan), confidence)
        limits[confidence] = (
            rate + spread * (low - observed) * multiplier,
            rate + spread * (up - observed) * multiplier,
        )
    return rate, limits


def compare_with_benchmark(lower_95, upper_95, benchmark_value, polarity) -> np.ndarray:
    """Compare each area's 95 % interval with its benchmark value (ref. 5).

    Returns an array of str: ``gelijk`` when the benchmark lies inside [lower, upper] (bounds
    included), otherwise ``hoger`` (interval above the benchmark) or ``lager``. With polarity
    ``hoger_beter`` these become ``beter``/``slechter``, with ``lager_beter``
    ``slechter``/``beter``; ``geen_oordeel`` keeps ``hoger``/``lager``. A missing bound or
    benchmark gives ``niet_vergeleken``. ``polarity`` is one string or one per row; refuses
    (ValueError) any other polarity.
    """
    lower = _as_array(lower_95)
    upper = _as_array(upper_95)
    benchmark = _as_array(benchmark_value)
    if isinstance(polarity, pl.Series):
        # Distinct values and integer codes through polars: far faster than numpy on objects.
        texts = polarity.cast(pl.String)
        seen = {str(p) for p in texts.unique().to_list()}
        codes = texts.replace_strict(POLARITIES, range(3), default=-1, return_dtype=pl.Int64)
        polarity = codes.to_numpy()
    else:
        polarity = np.asarray(polarity, dtype=object)
        seen = {str(p) for p in np.unique(polarity.astype(str))}
        polarity = np.select(
            [polarity == p for p in POLARITIES], range(len(POLARITIES)), -1
        ).astype(np.int64)
    unknown = sorted(seen - set(POLARITIES))
    if unknown:
        raise ValueError(f"unknown polarity {unknown}; expected one of {list(POLARITIES)}")
    lower, upper, benchmark, polarity = np.broadcast_arrays(lower, upper, benchmark, polarity)
    missing = np.isnan(lower) | np.isnan(upper) | np.isnan(benchmark)
    with np.errstate(invalid="ignore"):
        higher = ~missing & (lower > benchmark)
        lower_than = ~missing & (upper < benchmark)
    # Per polarity (in POLARITIES' order) the words for: no comparison, higher, lower, equal.
    words = np.array(
        [
            ["niet_vergeleken", "beter", "slechter", "gelijk"],
            ["niet_vergeleken", "slechter", "beter", "gelijk"],
            ["niet_vergeleken", "hoger", "lager", "gelijk"],
        ]
    )
    state = np.select([missing, higher, lower_than], [0, 1, 2], 3)
    return words[polarity, state].astype(str)


def funnel_limits_proportion(
    benchmark_proportion, noemers, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Funnel plot control limits around a benchmark proportion (refs. 1, 4, 5).

    Returns ``(lower, upper)`` proportions, one per noemer, so a chart can draw the funnel.
    The limits are the inverse of the Wilson interval: an area lies outside the funnel exactly
    when its Wilson interval excludes the benchmark. Solving ``wilson_lower(p, n) = p0`` gives
    ``p0 ± z·sqrt(p0(1 − p0)/n)``, clipped to [0, 1]. A noemer of 0 gives NaN.
    ``benchmark_proportion`` is one value, or one per noemer (many funnels at once).
    Refuses a benchmark outside [0, 1].
    """
    p0 = _as_array(benchmark_proportion)
    if not np.all((p0 >= 0) & (p0 <= 1)):
        raise ValueError(f"benchmark_proportion must lie in [0, 1], got {benchmark_proportion!r}")
    n = _as_array(noemers)
    z = _z(confidence)
    _refuse_negative("noemers", n)
    with np.errstate(invalid="ignore", divide="ignore"):
        half_width = z * np.sqrt(p0 * (1 - p0) / np.where(n > 0, n, np.nan))
    return np.clip(p0 - half_width, 0.0, 1.0), np.clip(p0 + half_width, 0.0, 1.0)


#: The table of ``poisson_funnel_limits``: a = O + shift at this many geometric points per
#: doubling, from 2⁻⁶ (upper limit; the lower limit's from a = 1, i.e. 0 events) to 2⁴⁰
#: (about 10¹² expected events).
_FUNNEL_TABLE_STEPS = 256
_FUNNEL_TABLE_RANGE = (-6, 40)
#: Secant steps of ``poisson_funnel_limits`` before a point falls back to bisection (it needs
#: 2 or 3 after the first guess); a step below this fraction of a ends them.
_FUNNEL_SECANT_STEPS = 12
_FUNNEL_TOLERANCE = 1e-13
#: Bisection steps of the fallback: the bracket shrinks to 2⁻⁵² of its width (a double's
#: precision).
_FUNNEL_BISECTIONS = 52


@functools.cache
def _funnel_table(shift: float, target: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, log a, log E)`` for a geometric grid of a = O + shift and the expected count E at
    which ``gammainc(a, E) = target`` (``gammaincinv``: χ²(target; 2a)/2): the inverse of the
    funnel's equation at those counts. E rises with a; points where E underflows are dropped."""
    low, high = _FUNNEL_TABLE_RANGE
    start = max(low, 0) if shift >= 1 else low
    a = np.exp2(
        np.arange(start * _FUNNEL_TABLE_STEPS, high * _FUNNEL_TABLE_STEPS + 1) / _FUNNEL_TABLE_STEPS
    )
    expected = sps_special.gammaincinv(a, target)
    keep = expected > 0
    a, expected = a[keep], expected[keep]
    if not np.all(np.diff(expected) > 0):
        raise AssertionError("the funnel table must rise")
    return a, np.log(a), np.log(expected)


def _funnel_count(expected: np.ndarray, shift: float, target: float) -> np.ndarray:
    """The count O ≥ 0 where ``gammainc(O + shift, expected) = target`` (it falls as O grows),
    for every expected count E (1-d array).

    The table (``_funnel_table``) brackets each root between two of its points, a < a' with
    E(a) < E ≤ E(a'), and interpolates a first guess (linear in log a against log E, within
    about 10⁻⁶ standard deviations of the root); secant steps on ``gammainc`` from there, each
    kept inside the bracket (bisected when it would leave it), end when a step is below
    ``_FUNNEL_TOLERANCE`` × a. E outside the table (0; for the upper limit below 10⁻¹⁰³ at 95 %,
    10⁻¹⁹² at 99.8 %; above 10¹²), and a point still moving after ``_FUNNEL_SECANT_STEPS``, is
    bisected over O in [0, E + 20√E + 50] as before the table (52 halvings).
    """
    a, log_a, log_e = _funnel_table(shift, target)
    result = np.full(expected.shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_expected = np.log(expected)
    j = np.searchsorted(log_e, log_expected)
    fast = np.flatnonzero((j > 0) & (j < log_e.size))
    e, j = expected[fast], j[fast]
    low, high = a[j - 1], a[j]

    def step(x: np.ndarray) -> np.ndarray:
        return sps_special.gammainc(x, e) - target

    x_before = np.exp(np.interp(log_expected[fast], log_e, log_a))
    f_before = step(x_before)
    x = x_before * (1 + 2.0**-26)
    for _ in range(_FUNNEL_SECANT_STEPS):
        f = step(x)
        # f > 0: the root lies above x.
        low = np.where(f > 0, np.maximum(low, x), low)
        high = np.where(f < 0, np.minimum(high, x), high)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_next = x - f * (x - x_before) / (f - f_before)
        x_next = np.where(f == 0, x, x_next)
        x_next = np.where((x_next >= low) & (x_next <= high), x_next, (low + high) / 2)
        converged = np.abs(x_next - x) <= _FUNNEL_TOLERANCE * x_next
        result[fast[converged]] = x_next[converged] - shift
        keep = ~converged
        if not keep.any():
            break
        fast, e, low, high = fast[keep], e[keep], low[keep], high[keep]
        x_before, f_before, x = x[keep], f[keep], x_next[keep]
    slow = np.isnan(result) & ~np.isnan(expected)
    if slow.any():
        result[slow] = _funnel_count_bisection(expected[slow], shift, target)
    return result


def _funnel_count_bisection(expected: np.ndarray, shift: float, target: float) -> np.ndarray:
    """``_funnel_count`` by bisection over O in [0, E + 20√E + 50]."""
    low, high = np.zeros_like(expected), expected + 20 * np.sqrt(expected) + 50
    for _ in range(_FUNNEL_BISECTIONS):
        middle = (low + high) / 2
        above = sps_special.gammainc(middle + shift, expected) > target
        low, high = np.where(above, middle, low), np.where(above, high, middle)
    return (low + high) / 2


def poisson_funnel_limits(
    benchmark_rate_per_unit,
    noemers,
    confidence: float = 0.95,
    multiplier: float = 1000.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Funnel plot control limits around a benchmark rate as PHEindicatormethods'
    ``calculate_funnel_limits`` (statistic "rate", crude or "dsr") draws them (refs. 4, 5).

    The limits are the inverse of the exact Poisson interval, as ``funnel_limits_proportion`` is
    of Wilson's: at noemer n with expected count E = rate × n, the lower limit is O/n for the
    count O whose exact upper limit is E (χ²(1 − α/2; 2O + 2)/2 = E, i.e. P(X ≤ O | E) = α/2),
    the upper limit O/n for the count whose exact lower limit is E (χ²(α/2; 2O)/2 = E); O is
    continuous (Spiegelhalter's interpolated Poisson quantiles): the root of
    ``gammainc(O + 1, E) = 1 − α/2`` resp. ``gammainc(O, E) = α/2``, bracketed and first
    guessed from a table of the inverse (E at a fine grid of O, ``gammaincinv``, built once per
    confidence) and refined by secant steps on ``gammainc`` until a step moves O by less than
    10⁻¹³ × (O + 1) resp. × O (``_funnel_count``). An area of O events lies outside exactly
    when its exact interval excludes the benchmark. Where even 0 events would lie inside
    (E ≤ −ln(α/2)) the lower limit is 0. ``benchmark_rate_per_unit``
    is events per one unit of noemer, one value or one per noemer; returns ``(lower, upper)``
    per ``multiplier``; a noemer of 0 gives NaN. Refuses a negative rate.

    For a directly standardised rate, n is the area's derived noemer (its observed count ×
    multiplier ÷ its standardised rate) and the rate the benchmark's standardised rate.
    """
    rate = _as_array(benchmark_rate_per_unit)
    if not np.all(rate >= 0):
        raise ValueError(f"benchmark_rate_per_unit must be ≥ 0, got {benchmark_rate_per_unit!r}")
    n = _as_array(noemers)
    _refuse_negative("noemers", n)
    _z(confidence)
    tail = (1 - confidence) / 2
    expected, n = np.broadcast_arrays(rate * n, n)
    flat = expected.reshape(-1)
    # P(X ≤ O | E) = α/2  ⇔  gammainc(O + 1, E) = 1 − α/2 (O = 0 where E is too small).
    lower_count = np.zeros(flat.shape)
    above = flat > -np.log(tail)
    lower_count[above] = _funnel_count(flat[above], 1.0, 1 - tail)
    # P(X ≥ O | E) = α/2  ⇔  gammainc(O, E) = α/2.
    upper_count = _funnel_count(flat, 0.0, tail)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(n > 0, multiplier / np.where(n > 0, n, 1), np.nan)
    lower_count, upper_count = lower_count.reshape(n.shape), upper_count.reshape(n.shape)
    return lower_count * scale, upper_count * scale


def chi_square_for_trend(
    tellers, noemers, method: str = "proportion"
) -> tuple[np.ndarray, np.ndarray]:
    """Chi-square statistic (1 df) for a linear trend over equally spaced points (refs. 3, 5, 6).

    ``tellers``/``noemers``: shape ``(points,)`` for one series or ``(groups, points)``,
    points in time order, scored 1, 2, …, k. With O_i the events, n_i the noemers,
    p̄ = ΣO/Σn and E_i = n_i·p̄ (the expected events under no trend):

    - ``proportion`` (Armitage's test for trend in proportions, ref. 6):
      ``X² = [Σ x_i(O_i − E_i)]² / (p̄(1 − p̄)·[Σ n_i x_i² − (Σ n_i x_i)²/Σ n_i])``
    - ``rate`` (the score test for trend in Poisson rates, ref. 3; the binomial
      variance p̄(1 − p̄) becomes the Poisson variance p̄):
      ``X² = [Σ x_i(O_i − E_i)]² / (Σ x_i² E_i − (Σ x_i E_i)²/Σ E_i)``

    Returns ``(statistic, direction)``: direction is the sign of Σ x_i(O_i − E_i) (+1 rising,
    −1 falling, 0 none). The statistic is NaN when it is undefined (no events, all events for a
    proportion, a missing point or a noemer ≤ 0). Refuses an unknown method.
    """
    if method not in TREND_METHODS:
        raise ValueError(f"unknown trend method {method!r}; expected one of {list(TREND_METHODS)}")
    observed = np.atleast_2d(_as_array(tellers))
    n = np.atleast_2d(_as_array(noemers))
    if observed.shape != n.shape:
        raise ValueError("tellers and noemers must have the same shape")
    scores = np.arange(1, observed.shape[1] + 1, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_bar = observed.sum(axis=1) / n.sum(axis=1)
        expected = n * p_bar[:, None]
        score = (scores * (observed - expected)).sum(axis=1)
        if method == "proportion":
            spread = (n * scores**2).sum(axis=1) - (n * scores).sum(axis=1) ** 2 / n.sum(axis=1)
            variance = p_bar * (1 - p_bar) * spread
        else:
            variance = (expected * scores**2).sum(axis=1) - (expected * scores).sum(
                axis=1
            ) ** 2 / expected.sum(axis=1)
        statistic = score**2 / variance
    undefined = ~(variance > 0) | np.any(~(n > 0), axis=1) | np.any(np.isnan(observed), axis=1)
    statistic = np.where(undefined, np.nan, statistic)
    direction = np.where(undefined, 0, np.sign(np.nan_to_num(score))).astype(int)
    if np.ndim(tellers) == 1:
        return statistic[0], direction[0]
    return statistic, direction


def trend_chi_square(
    tellers, noemers, method: str = "proportion", confidence: float = TREND_CONFIDENCE
):
    """Recent trend as Fingertips reports it: chi-square test for trend on the last 5 points.

    ``tellers``/``noemers``: one series ``(points,)`` or many ``(groups, points)``, in
    time order, complete periods only; the last ``TREND_POINTS`` = 5 points are tested with
    ``chi_square_for_trend`` (see there for the proportion and the rate variant), two-sided at
    ``confidence`` (default 99.8 %, i.e. X² > 9.55).

    Returns one str (for one series) or an array of str: ``stijgend`` or ``dalend`` when
    significant, ``geen_verandering`` when not (also when every event is in the teller, so no
    variation is possible), ``onvoldoende_data`` with fewer than 5 points, any missing point
    (NaN or noemer ≤ 0) or zero events in total. Refuses an unknown method.
    """
    if method not in TREND_METHODS:
        raise ValueError(f"unknown trend method {method!r}; expected one of {list(TREND_METHODS)}")
    critical = _z(confidence) ** 2  # the two-sided normal quantile squared = χ²(1 df) quantile
    observed = np.atleast_2d(_as_array(tellers))
    n = np.atleast_2d(_as_array(noemers))
    if observed.shape != n.shape:
        raise ValueError("tellers and noemers must have the same shape")
    if observed.shape[1] < TREND_POINTS:
        result = np.full(observed.shape[0], "onvoldoende_data")
    else:
        observed = observed[:, -TREND_POINTS:]
        n = n[:, -TREND_POINTS:]
        statistic, direction = chi_square_for_trend(observed, n, method)
        with np.errstate(invalid="ignore"):
            missing = np.any(np.isnan(observed) | ~(n > 0), axis=1)
            no_events = ~(np.nansum(observed, axis=1) > 0)
            significant = statistic > critical
        result = np.select(
            [missing | no_events, significant & (direction > 0), significant & (direction < 0)],
            ["onvoldoende_data", "stijgend", "dalend"],
            "geen_verandering",
        )
    result = result.astype(str)
    return str(result[0]) if np.ndim(tellers) == 1 else result


def trend_per_group(
    frame: pl.DataFrame,
    group_cols: Sequence[str],
    order_col: str,
    teller: str,
    noemer: str,
    method: str,
    *,
    confidence: float = TREND_CONFIDENCE,
    output_col: str = "trend",
) -> pl.DataFrame:
    """Adds ``output_col`` to every row: the recent trend over the 5 points ending at that row.

    Rows are grouped by ``group_cols`` and ordered by ``order_col`` within each group; each
    row's window is itself and the 4 rows before it in its group (``trend_chi_square``), so the
    last row of a group carries the group's current trend. Pass complete periods only, one row
    per period and no gaps (the marts hold every period, zeros included). ``method`` is
    ``proportion`` or ``rate``. Returns the frame sorted by ``group_cols`` and ``order_col``.
    Refuses (ValueError) missing columns or an unknown method.
    """
    missing = [c for c in (*group_cols, order_col, teller, noemer) if c not in frame.columns]
    if missing:
        raise ValueError(f"trend_per_group: frame has no column(s) {missing}")
    if method not in TREND_METHODS:
        raise ValueError(f"unknown trend method {method!r}; expected one of {list(TREND_METHODS)}")
    ordered = frame.sort([*group_cols, order_col])
    group = list(group_cols) or None
    lags = range(TREND_POINTS - 1, -1, -1)  # oldest point first

    def window(column: str) -> np.ndarray:
        shifted = [
            pl.col(column).cast(pl.Float64).shift(lag).over(group).alias(f"_lag{lag}")
            if group
            else pl.col(column).cast(pl.Float64).shift(lag).alias(f"_lag{lag}")
            for lag in lags
        ]
        return ordered.select(shifted).fill_null(float("nan")).to_numpy()

    trends = trend_chi_square(window(teller), window(noemer), method, confidence)
    return ordered.with_columns(pl.Series(output_col, trends, dtype=pl.String))
