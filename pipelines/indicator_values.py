"""Marts → the published ``indicator_values``: every indicator per area and period with its
value, 95 % and 99.8 % limits, benchmark comparison, recent trend and disclosure control.

The flow is one way: sum the wijk counts up the hierarchy, compute values and limits
(pipelines/stats.py), compare with the benchmark area, test the recent trend, then suppress
(pipelines/disclosure.py) and blank every number a suppressed row would reveal.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines import areas, catalogue, disclosure, standardised, stats

#: Columns of the published table, in order.
COLUMNS = (
    "indicator_id",
    "period",
    "period_type",
    "period_start",
    "periode_volledig",
    "area_level",
    "area_code",
    "area_name",
    "parent_code",
    "teller",
    "noemer",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "benchmark_code",
    "benchmark_value",
    "comparison",
    "trend",
    *standardised.COLUMNS,
    "std_comparison",
    "suppressed",
    "suppression_reason",
)

#: Numbers a suppressed row must not show.
BLANKED = (
    "teller",
    "noemer",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    *standardised.COLUMNS,
)


def _catalogue_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator_id": [i.id for i in catalogue.INDICATORS],
            "method": [i.methode for i in catalogue.INDICATORS],
            "polarity": [i.polariteit for i in catalogue.INDICATORS],
            "multiplier": [i.multiplier for i in catalogue.INDICATORS],
        }
    )


def weighted_medians(distribution: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Median of ``dagen`` weighted by ``n`` per ``keys``: the mean of the two middle values
    when the total is even, the middle value when odd. Returns keys + ``median``; a group
    without any admission (every ``n`` 0) has no row."""
    present = distribution.filter(pl.col("n") > 0)
    group = disclosure.dense_key(present, keys)
    dagen = present["dagen"].to_numpy().astype(np.int64)
    n = present["n"].to_numpy().astype(np.int64)
    if not n.size:
        return present.select(*keys, pl.lit(None, dtype=pl.Float64).alias("median"))
    # One integer sort key (group, dagen); dagen ranks keep it small for any range of days.
    dagen_rank = np.unique(dagen, return_inverse=True)[1].reshape(-1)
    order = np.argsort(group * (int(dagen_rank.max()) + 1) + dagen_rank, kind="stable")
    group, dagen, n = group[order], dagen[order], n[order]
    n_groups = int(group.max()) + 1
    total = np.bincount(group, weights=n, minlength=n_groups).astype(np.int64)
    before = np.concatenate(([0], np.cumsum(total)[:-1]))  # admissions in earlier groups
    upto = np.cumsum(n) - before[group]  # 1-based position of the row's last admission
    # 1-based positions of the middle value(s); a row holds positions (upto − n, upto].
    median = np.zeros(n_groups)
    for rank in ((total + 1) // 2, total // 2 + 1):
        holds = (upto >= rank[group]) & (upto - n < rank[group])
        median += np.bincount(group[holds], weights=dagen[holds], minlength=n_groups)
    first = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
    return (
        present[order[first]]
        .select(keys)
        .with_columns(pl.Series("median", median[group[first]] / 2.0, dtype=pl.Float64))
    )


def _values_and_limits(frame: pl.DataFrame) -> pl.DataFrame:
    """Add value and the 95 %/99.8 % limits per method (vectorised per method)."""
    parts = []
    for method, part in frame.partition_by("method", as_dict=True).items():
        method = method[0]
        num = part["teller"].cast(pl.Float64).to_numpy()
        den = part["noemer"].cast(pl.Float64).to_numpy()
        mult = part["multiplier"].to_numpy()
        nan = np.full(len(part), np.nan)
        limits = {"lower_95": nan, "upper_95": nan, "lower_998": nan, "upper_998": nan}
        with np.errstate(invalid="ignore", divide="ignore"):
            if method == "proportion":
                value = np.where(den > 0, num / np.where(den > 0, den, 1) * mult, np.nan)
                for conf, suffix in ((0.95, "95"), (0.998, "998")):
                    low, up = stats.wilson_interval(num, den, conf)
                    limits[f"lower_{suffix}"], limits[f"upper_{suffix}"] = low * mult, up * mult
            elif method in ("rate", "none"):
                # Rates are per year: a quarter or an incomplete year counts as its share of it.
                years = den * part["jaarfractie"].to_numpy()
                value = np.where(years > 0, num / np.where(years > 0, years, 1) * mult, np.nan)
                if method == "rate":
                    for conf, suffix in ((0.95, "95"), (0.998, "998")):
                        low, up = stats.rate_interval(num, years, conf, 1.0)
                        limits[f"lower_{suffix}"] = low * mult
                        limits[f"upper_{suffix}"] = up * mult
            else:  # median: computed separately
                value = part["median"].cast(pl.Float64).to_numpy()
        parts.append(
            part.with_columns(
                pl.Series("value", value, dtype=pl.Float64).fill_nan(None),
                *(pl.Series(k, v, dtype=pl.Float64).fill_nan(None) for k, v in limits.items()),
            )
        )
    return pl.concat(parts)


def _with_benchmark(frame: pl.DataFrame, area_list: pl.DataFrame) -> pl.DataFrame:
    """Add benchmark_code (a wijk's or gemeente's RESV, a RESV's regio) and its value for the
    same indicator and period; incomplete periods get no benchmark."""
    benchmark_codes = area_list.select(
        "area_level",
        "area_code",
        pl.when(pl.col("area_level").is_in(["wijk", "gemeente"]))
        .then(pl.col("resv_code"))
        .when(pl.col("area_level") == "resv")
        .then(pl.lit(areas.REGIO_CODE))
        .otherwise(None)
        .alias("benchmark_code"),
    )
    benchmark_values = frame.select(
        "indicator_id",
        "period",
        pl.col("area_code").alias("benchmark_code"),
        pl.col("value").alias("benchmark_value"),
    ).filter(
        pl.col("benchmark_code").is_in(
            area_list.filter(pl.col("area_level") != "wijk")["area_code"].implode()
        )
    )
    return (
        frame.join(benchmark_codes, on=["area_level", "area_code"], how="left")
        .join(benchmark_values, on=["indicator_id", "period", "benchmark_code"], how="left")
        .with_columns(
            pl.when(pl.col("periode_volledig"))
            .then(pl.col("benchmark_value"))
            .otherwise(None)
            .alias("benchmark_value")
        )
    )


def _with_comparison(frame: pl.DataFrame) -> pl.DataFrame:
    comparison = stats.compare_with_benchmark(
        frame["lower_95"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        frame["upper_95"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        frame["benchmark_value"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        frame["polarity"],
    )
    return frame.with_columns(pl.Series("comparison", comparison, dtype=pl.String))


def _with_standardised(frame: pl.DataFrame, rates: pl.DataFrame | None) -> pl.DataFrame:
    """Add the standardised value and limits (``standardised.COLUMNS``; null where the
    indicator is not standardised) and ``std_comparison``: the standardised 95 % interval
    against the benchmark area's standardised value (null for indicators without one)."""
    if rates is None:
        rates = pl.DataFrame(
            schema={
                "indicator_id": pl.String,
                "area_level": pl.String,
                "area_code": pl.String,
                "period": pl.String,
            }
            | dict.fromkeys(standardised.COLUMNS, pl.Float64)
        )
    frame = frame.join(rates, on=["indicator_id", "area_level", "area_code", "period"], how="left")
    benchmark = rates.select(
        "indicator_id",
        "period",
        pl.col("area_code").alias("benchmark_code"),
        pl.col("std_value").alias("_std_benchmark"),
    ).filter(pl.col("benchmark_code").is_in(frame["benchmark_code"].drop_nulls().implode()))
    frame = frame.join(benchmark, on=["indicator_id", "period", "benchmark_code"], how="left")
    comparison = stats.compare_with_benchmark(
        frame["std_lower_95"].fill_null(np.nan).to_numpy(),
        frame["std_upper_95"].fill_null(np.nan).to_numpy(),
        frame["_std_benchmark"].cast(pl.Float64).fill_null(np.nan).to_numpy()
        * np.where(frame["benchmark_value"].is_null().to_numpy(), np.nan, 1.0),
        frame["polarity"],
    )
    return frame.with_columns(
        pl.when(pl.col("indicator_id").is_in(list(catalogue.STANDARDISED)))
        .then(pl.Series("std_comparison", comparison, dtype=pl.String))
        .otherwise(None)
        .alias("std_comparison")
    ).drop("_std_benchmark")


def _with_trend(frame: pl.DataFrame) -> pl.DataFrame:
    """Trend on complete years of proportions and rates: the five complete years ending at the
    row. Other rows (quarters, incomplete years, methods without a test) get NULL."""
    eligible = (
        pl.col("period_type").eq("jaar")
        & pl.col("periode_volledig")
        & pl.col("method").is_in(list(stats.TREND_METHODS))
    )
    trended = []
    for method in stats.TREND_METHODS:
        subset = frame.filter(eligible & (pl.col("method") == method)).with_columns(
            # Rates are tested on person-years: equal to the population for complete years.
            (pl.col("noemer") * pl.col("jaarfractie")).alias("_trend_noemer")
        )
        if subset.height:
            trended.append(
                stats.trend_per_group(
                    subset,
                    ["indicator_id", "area_code"],
                    "period",
                    "teller",
                    "_trend_noemer",
                    method,
                ).select("indicator_id", "area_code", "period", "trend")
            )
    if not trended:
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias("trend"))
    return frame.join(pl.concat(trended), on=["indicator_id", "area_code", "period"], how="left")


#: Reasons a koppel figure rests on too few koppels or practices (a figure of one practice).
TOO_FEW_KOPPELS = "te_weinig_koppels"
TOO_FEW_PRACTICES = "te_weinig_praktijken"


def _mark_primary(
    frame: pl.DataFrame, min_count: int, min_noemer: int, small_groups: pl.DataFrame | None
) -> pl.DataFrame:
    """The rows' own rules (``disclosure.suppress_primary``); ``so_directe_tijd`` follows the
    rate rule for a small population; koppel figures resting on fewer koppels or practices
    than the minimum (``small_groups``: indicator_id, area_code, period, reason)."""
    frame = (
        disclosure.suppress_primary(
            frame.with_columns(
                pl.when(pl.col("method") == "none")
                .then(pl.lit("rate"))
                .otherwise(pl.col("method"))
                .alias("method"),
                pl.col("method").alias("_method"),
            ),
            min_count=min_count,
            min_noemer=min_noemer,
        )
        .with_columns(pl.col("_method").alias("method"))
        .drop("_method")
    )
    if small_groups is None or small_groups.is_empty():
        return frame
    frame = frame.join(
        small_groups.select(
            "indicator_id", "area_code", "period", pl.col("reason").alias("_small")
        ),
        on=["indicator_id", "area_code", "period"],
        how="left",
    )
    return (
        frame.with_columns(pl.coalesce("suppression_reason", "_small").alias("suppression_reason"))
        .with_columns(pl.col("suppression_reason").is_not_null().alias("suppressed"))
        .drop("_small")
    )


def finish_indicator_values(frame: pl.DataFrame) -> pl.DataFrame:
    """The published rows from rows whose ``suppressed``/``suppression_reason`` are final:
    blank what suppressed rows would reveal (their numbers, a benchmark value or comparison
    that rests on a suppressed row, a trend over a window with a suppressed year)."""
    suppressed_benchmarks = frame.filter(pl.col("suppressed")).select(
        "indicator_id",
        "period",
        pl.col("area_code").alias("benchmark_code"),
        pl.lit(True).alias("_benchmark_suppressed"),
    )
    frame = frame.join(
        suppressed_benchmarks, on=["indicator_id", "period", "benchmark_code"], how="left"
    ).with_columns(
        pl.when(pl.col("_benchmark_suppressed").fill_null(False))
        .then(None)
        .otherwise(pl.col("benchmark_value"))
        .alias("benchmark_value"),
        pl.when(pl.col("suppressed") | pl.col("_benchmark_suppressed").fill_null(False))
        .then(pl.lit("niet_vergeleken"))
        .otherwise(pl.col("comparison"))
        .alias("comparison"),
        pl.when(pl.col("std_comparison").is_null())
        .then(None)
        .when(pl.col("suppressed") | pl.col("_benchmark_suppressed").fill_null(False))
        .then(pl.lit("niet_vergeleken"))
        .otherwise(pl.col("std_comparison"))
        .alias("std_comparison"),
    )
    frame = _trend_on_published_years(frame)
    frame = disclosure.blank_suppressed(frame, list(BLANKED))
    order = {lvl: i for i, lvl in enumerate(areas.LEVELS)}
    return frame.sort(
        "indicator_id",
        pl.col("area_level").replace_strict(order),
        "area_code",
        "period_type",
        "period",
    ).select(COLUMNS)


def _trend_on_published_years(frame: pl.DataFrame) -> pl.DataFrame:
    """A trend stays only where no year of its window (the five complete years ending at the
    row) is suppressed: a label computed over hidden counts would tell about them."""
    years = frame.filter((pl.col("period_type") == "jaar") & pl.col("periode_volledig")).select(
        "indicator_id",
        "area_code",
        pl.col("period").cast(pl.Int64).alias("_jaar"),
        "suppressed",
    )
    windows = (
        years.join(years, on=["indicator_id", "area_code"], suffix="_other")
        .filter(
            (pl.col("_jaar_other") <= pl.col("_jaar"))
            & (pl.col("_jaar_other") > pl.col("_jaar") - stats.TREND_POINTS)
        )
        .group_by("indicator_id", "area_code", "_jaar")
        .agg(pl.col("suppressed_other").any().alias("_window_suppressed"))
        .select(
            "indicator_id",
            "area_code",
            pl.col("_jaar").cast(pl.String).alias("period"),
            "_window_suppressed",
        )
    )
    return (
        frame.join(windows, on=["indicator_id", "area_code", "period"], how="left")
        .with_columns(
            pl.when(pl.col("_window_suppressed").fill_null(False) | pl.col("suppressed"))
            .then(None)
            .otherwise(pl.col("trend"))
            .alias("trend")
        )
        .drop("_window_suppressed")
    )


def indicator_rows(
    indicator_counts: pl.DataFrame,
    wachttijd_verdeling: pl.DataFrame,
    periods: pl.DataFrame,
    wijken: pl.DataFrame,
    *,
    min_count: int = disclosure.MIN_COUNT,
    min_noemer: int = disclosure.MIN_NOEMER,
    small_groups: pl.DataFrame | None = None,
    strata: pl.DataFrame | None = None,
    stratum_population: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every indicator per area (every level) × period with value, limits, benchmark,
    comparison and trend, marked by its own primary rules (``suppressed``,
    ``suppression_reason``) but not yet protected against an attacker (the disclosure model
    does that over every table at once; ``finish_indicator_values`` then blanks).

    Quarters are published from the gemeente up, not per wijk: a wijk's quarter holds a few
    events, and three in four of them were suppressed anyway.

    ``strata`` and ``stratum_population`` (marts ``indicator_strata``, ``bevolking_strata``)
    give the standardised rates (pipelines/standardised.py); without them the ``std_*``
    columns are null."""
    area_list = areas.area_table(wijken)
    counts = areas.sum_up(
        indicator_counts,
        wijken,
        keys=["indicator_id", "period", "period_type"],
        sums=["teller", "noemer", "disclosure_count"],
    ).filter((pl.col("area_level") != "wijk") | (pl.col("period_type") == "jaar"))
    waits = areas.sum_up(
        wachttijd_verdeling, wijken, keys=["indicator_id", "period", "dagen"], sums=["n"]
    )
    medians = weighted_medians(waits, ["indicator_id", "area_code", "period"])
    frame = (
        counts.join(_catalogue_frame(), on="indicator_id", how="inner")
        .join(
            periods.select("period", "jaar", "period_start", "periode_volledig", "jaarfractie"),
            on="period",
            how="inner",
        )
        .join(medians, on=["indicator_id", "area_code", "period"], how="left")
        .join(
            area_list.select("area_level", "area_code", "area_name"), on=["area_level", "area_code"]
        )
    )
    frame = _values_and_limits(frame)
    frame = _with_benchmark(frame, area_list)
    frame = _with_comparison(frame)
    rates = None
    if strata is not None and stratum_population is not None:
        rates = standardised.standardised_rates(
            strata, stratum_population, periods, wijken, min_count=min_count
        )
    frame = _with_standardised(frame, rates)
    frame = _with_trend(frame)
    return _mark_primary(frame, min_count, min_noemer, small_groups)


def build_indicator_values(
    indicator_counts: pl.DataFrame,
    wachttijd_verdeling: pl.DataFrame,
    periods: pl.DataFrame,
    wijken: pl.DataFrame,
    *,
    min_count: int = disclosure.MIN_COUNT,
    min_noemer: int = disclosure.MIN_NOEMER,
    strata: pl.DataFrame | None = None,
    stratum_population: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Return the published ``indicator_values`` (columns COLUMNS) protected on its own (the
    relations within the table only); ``pipelines.release`` protects it together with every
    other published table."""
    from pipelines import release

    rows = indicator_rows(
        indicator_counts,
        wachttijd_verdeling,
        periods,
        wijken,
        min_count=min_count,
        min_noemer=min_noemer,
        strata=strata,
        stratum_population=stratum_population,
    )
    protected = release.protect_tables(
        {"indicator_values": rows}, wijken=wijken, periods=periods, min_count=min_count
    )
    return finish_indicator_values(protected.tables["indicator_values"])
