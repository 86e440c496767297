"""The published ``funnel_limits``: funnel plot control limits around each benchmark area, so
pages draw a funnel without doing statistics (Spiegelhalter 2005; limits from
``pipelines/stats.py``).

For every proportion and rate indicator, every complete period and every benchmark area with a
published benchmark value (a RESV for its wijken and gemeenten, the regio for the RESVs), the
95 % and 99.8 % limits at a grid of noemers: FUNNEL_POINTS points, geometric, from
GRID_START to 1.1 × the largest published noemer of the areas compared with that benchmark
(rounded, duplicates dropped). Only unsuppressed noemers count, so the grid reveals nothing
that is not published.

``noemer`` is on the scale of ``indicator_values.noemer`` (so an area's point and the funnel
share one axis): inhabitants 75+ for a rate, the indicator's noemer for a proportion. The
limits are in the indicator's unit: % for a proportion; for a rate, per 1.000 person-years,
where a period's person-years are ``noemer × jaarfractie`` as in ``pipelines/indicator_values``
(the same as ``noemer`` for a complete year).

Each funnel is the inverse of the interval of one area: an area lies outside it exactly when
its own interval excludes the benchmark. For a proportion the Wilson interval
(``stats.funnel_limits_proportion``); for every rate, crude or standardised, the exact Poisson
interval, as PHEindicatormethods' ``calculate_funnel_limits`` and Fingertips draw a rate funnel
(``stats.poisson_funnel_limits``). The published ``comparison`` of a crude rate uses that exact
interval below 10 events and Byar's approximation of it from 10 on
(``stats.poisson_count_interval``): there the two can disagree for an area that lies within
Byar's error of the funnel's edge (a fraction of an event; see docs/architecture.md).

``standardised`` rows (issue 13) are the funnel of the age-sex standardised rates
(``indicator_values.std_value``), as PHEindicatormethods draws a funnel of directly standardised
rates (``calculate_funnel_points``/``calculate_funnel_limits``, rate_type "dsr"): each area
stands at its *derived noemer*, the person-years that would give its standardised rate from its
observed count (``teller × multiplier ÷ std_value``), and the limits (``limits`` method "dsr",
``stats.poisson_funnel_limits``) lie around the benchmark area's ``std_value`` over a grid of
derived noemers built as above. Complete years only (standardised rates are published for whole
years only), and only where the benchmark and at least one compared area have a standardised
rate. Teller and std_value are published, so the grid reveals nothing new either.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines import catalogue, stats

FUNNEL_POINTS = 60
GRID_START = 10.0
#: The grid reaches this far beyond the largest noemer compared.
GRID_HEADROOM = 1.1
FUNNEL_METHODS = ("proportion", "rate")
#: The method of the standardised funnels (``limits``).
STANDARDISED_METHOD = "dsr"
#: Period types with funnels. Rate limits cost about 1 µs per point and confidence bound
#: (``stats.poisson_funnel_limits``): at national scale the quarters would be about 80 % of the
#: work.
PERIOD_TYPES = ("jaar",)
CONFIDENCES = ((0.95, "95"), (0.998, "998"))

COLUMNS = (
    "indicator_id",
    "period",
    "benchmark_code",
    "standardised",
    "benchmark_value",
    "noemer",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
)
SCHEMA = {
    "indicator_id": pl.String,
    "period": pl.String,
    "benchmark_code": pl.String,
    "standardised": pl.Boolean,
    "benchmark_value": pl.Float64,
    "noemer": pl.Float64,
    **{
        f"{bound}_{suffix}": pl.Float64 for _, suffix in CONFIDENCES for bound in ("lower", "upper")
    },
}


def grid_points(largest) -> np.ndarray:
    """The noemer values of funnels whose largest compared noemers are ``largest``: one row
    of FUNNEL_POINTS geometric points per funnel, from GRID_START to GRID_HEADROOM × the largest
    (at least 2 × GRID_START), rounded to whole numbers; a point equal to the one before it (at
    the low end) is NaN."""
    top = np.maximum(np.asarray(largest, dtype=float) * GRID_HEADROOM, 2 * GRID_START)
    points = np.geomspace(GRID_START, top, FUNNEL_POINTS, axis=-1).round()
    repeated = np.diff(points, axis=-1, prepend=np.nan) == 0
    return np.where(repeated, np.nan, points)


def limits(
    method: str, multiplier: float, benchmark_value, noemer, jaarfractie=1.0
) -> dict[str, np.ndarray]:
    """The 95 % and 99.8 % funnel limits (``lower_95`` … ``upper_998``) around
    ``benchmark_value`` at each ``noemer``, in the indicator's unit (× ``multiplier``). The
    arguments broadcast: one benchmark per noemer computes many funnels at once. Method
    "proportion": the inverse of the Wilson interval (``stats.funnel_limits_proportion``);
    "rate" (at person-years ``noemer × jaarfractie``) and "dsr" (``STANDARDISED_METHOD``, a
    directly standardised rate's funnel at derived noemers): the inverse of the exact Poisson
    interval as PHEindicatormethods (``stats.poisson_funnel_limits``). Refuses a method without
    a funnel."""
    noemer = np.asarray(noemer, dtype=float)
    benchmark = np.asarray(benchmark_value, dtype=float) / multiplier
    out = {}
    for confidence, suffix in CONFIDENCES:
        if method == "proportion":
            lower, upper = stats.funnel_limits_proportion(benchmark, noemer, confidence)
            lower, upper = lower * multiplier, upper * multiplier
        elif method in ("rate", STANDARDISED_METHOD):
            person_years = noemer * np.asarray(jaarfractie, dtype=float)
            lower, upper = stats.poisson_funnel_limits(
                benchmark, person_years, confidence, multiplier
            )
        else:
            methods = (*FUNNEL_METHODS, STANDARDISED_METHOD)
            raise ValueError(f"no funnel for method {method!r}; expected one of {methods}")
        out[f"lower_{suffix}"], out[f"upper_{suffix}"] = lower, upper
    return out


def funnel_limits(indicator_values: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame:
    """``funnel_limits`` (columns COLUMNS) from the published ``indicator_values`` (suppressed
    rows have no noemer) and the ``periods`` mart (``period, periode_volledig,
    jaarfractie``). One row per indicator × complete period × benchmark area × standardised
    (False: crude, True: the age-sex standardised rates) × noemer."""
    methods = pl.DataFrame(
        {
            "indicator_id": [i.id for i in catalogue.INDICATORS],
            "method": [i.methode for i in catalogue.INDICATORS],
            "multiplier": [i.multiplier for i in catalogue.INDICATORS],
        }
    ).filter(pl.col("method").is_in(FUNNEL_METHODS))
    compared = (
        indicator_values.filter(
            pl.col("periode_volledig")
            & pl.col("period_type").is_in(PERIOD_TYPES)
            & pl.col("benchmark_code").is_not_null()
        )
        .join(methods, on="indicator_id")
        .join(periods.select("period", "jaarfractie"), on="period")
    )
    crude = compared.filter(pl.col("benchmark_value").is_not_null()).with_columns(
        pl.lit(False).alias("standardised")
    )
    frames = [_with_limits(crude)]
    if "std_value" in indicator_values.columns:
        frames.append(_with_limits(_standardised_points(indicator_values, compared)))
    frames = [frame for frame in frames if not frame.is_empty()]
    if not frames:
        return pl.DataFrame(schema=SCHEMA)
    return (
        pl.concat(frames)
        .select(COLUMNS)
        .cast(SCHEMA)
        .sort("indicator_id", "period", "benchmark_code", "standardised", "noemer")
    )


def derived_noemer(teller: pl.Expr, std_value: pl.Expr, multiplier: pl.Expr) -> pl.Expr:
    """An area's derived noemer for a standardised funnel: the person-years that would give
    its standardised rate from its observed count (PHEindicatormethods'
    ``denominator_derived``, one year of data); null without a standardised rate."""
    return teller * multiplier / std_value


def _standardised_points(indicator_values: pl.DataFrame, compared: pl.DataFrame) -> pl.DataFrame:
    """The compared rows of the standardised funnels: rows with a published std_value whose
    benchmark area has one (its ``std_value`` becomes ``benchmark_value``), ``noemer`` their
    derived noemer, method "dsr"."""
    benchmarks = indicator_values.filter(pl.col("std_value").is_not_null()).select(
        "indicator_id",
        "period",
        pl.col("area_code").alias("benchmark_code"),
        pl.col("std_value").alias("benchmark_std_value"),
    )
    return (
        compared.filter(pl.col("std_value").is_not_null() & pl.col("teller").is_not_null())
        .join(benchmarks, on=["indicator_id", "period", "benchmark_code"], how="inner")
        .with_columns(
            derived_noemer(pl.col("teller"), pl.col("std_value"), pl.col("multiplier")).alias(
                "noemer"
            ),
            pl.col("benchmark_std_value").alias("benchmark_value"),
            pl.lit(STANDARDISED_METHOD).alias("method"),
            pl.lit(True).alias("standardised"),
        )
    )


def _with_limits(compared: pl.DataFrame) -> pl.DataFrame:
    """One funnel per indicator × period × benchmark × standardised of the ``compared`` rows
    (``benchmark_value, noemer, method, multiplier, jaarfractie``): the grid up to their largest
    noemer and the limits at each point."""
    keys = ["indicator_id", "period", "benchmark_code", "standardised"]
    funnels = (
        compared.group_by(keys, maintain_order=True)
        .agg(
            pl.col("benchmark_value").first(),
            pl.col("method").first(),
            pl.col("multiplier").first(),
            pl.col("jaarfractie").first(),
            pl.col("noemer").max().alias("largest"),
        )
        .filter(pl.col("largest").is_not_null())
    )
    if funnels.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    points = grid_points(funnels["largest"].to_numpy())
    grids = (
        funnels[np.repeat(np.arange(funnels.height), FUNNEL_POINTS)]
        .with_columns(pl.Series("noemer", points.reshape(-1), dtype=pl.Float64))
        .filter(pl.col("noemer").is_not_nan())
    )
    parts = []
    for (method,), part in grids.partition_by("method", as_dict=True).items():
        bounds = limits(
            method,
            float(part["multiplier"][0]),
            part["benchmark_value"].to_numpy(),
            part["noemer"].to_numpy(),
            part["jaarfractie"].to_numpy(),
        )
        parts.append(
            part.with_columns(
                pl.Series(name, values, dtype=pl.Float64).fill_nan(None)
                for name, values in bounds.items()
            ).select(COLUMNS)
        )
    return pl.concat(parts).cast(SCHEMA)
