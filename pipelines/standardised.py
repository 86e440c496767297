"""Directly age-sex standardised rates per area and period (issue 13).

The numerator of every standardised indicator (``catalogue.STANDARDISED``) split over the eight
75+ age-sex strata (mart ``indicator_strata``) and the strata's inhabitants (mart
``bevolking_strata``) are summed up the area hierarchy like the crude counts; per area and
period ``stats.directly_standardised_rate`` weighs the stratum rates by the European Standard
Population 2013 (each band split equally over the sexes), per 1,000 person-years (a quarter or
an incomplete year counts as its share of the year, as the crude rates do). The strata
themselves are never published: only the standardised value and its limits, and only where the
row's crude count is (``indicator_values.finish_indicator_values`` blanks them with it).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines import areas, catalogue, stats

#: The published columns, in order.
COLUMNS = ("std_value", "std_lower_95", "std_upper_95", "std_lower_998", "std_upper_998")
#: Half of each band's ESP 2013 weight per sex.
WEIGHTS = pl.DataFrame(
    {
        "leeftijdsklasse": [k for k in stats.ESP2013_75PLUS for _sex in ("M", "V")],
        "geslacht": ["M", "V"] * len(stats.ESP2013_75PLUS),
        "standard": [w / 2 for w in stats.ESP2013_75PLUS.values() for _sex in ("M", "V")],
    }
)


def standardised_rates(
    strata: pl.DataFrame,
    stratum_population: pl.DataFrame,
    periods: pl.DataFrame,
    wijken: pl.DataFrame,
) -> pl.DataFrame:
    """One row per standardised indicator × area (every level) × period with ``COLUMNS``.

    ``strata``: indicator_id, wijk_code, period, leeftijdsklasse, geslacht, numerator (rows
    with events only); ``stratum_population``: wijk_code, jaar, leeftijdsklasse, geslacht,
    inwoners (every 75+ stratum); ``periods``: period, period_type, jaar, jaarfractie.
    Wijk quarters are left out (not published). Rows without a standardised rate (fewer than
    10 events, events in a stratum without inhabitants) have nulls."""
    indicators = pl.DataFrame({"indicator_id": list(catalogue.STANDARDISED)})
    scaffold = (
        stratum_population.join(
            periods.select("period", "period_type", "jaar", "jaarfractie"), on="jaar"
        )
        .join(indicators, how="cross")
        .join(
            strata.select(
                "indicator_id", "wijk_code", "period", "leeftijdsklasse", "geslacht", "numerator"
            ),
            on=["indicator_id", "wijk_code", "period", "leeftijdsklasse", "geslacht"],
            how="left",
        )
        .with_columns(pl.col("numerator").fill_null(0.0))
    )
    summed = areas.sum_up(
        scaffold,
        wijken,
        keys=[
            "indicator_id",
            "period",
            "period_type",
            "jaarfractie",
            "leeftijdsklasse",
            "geslacht",
        ],
        sums=["numerator", "inwoners"],
    ).filter((pl.col("area_level") != "wijk") | (pl.col("period_type") == "jaar"))
    summed = summed.join(WEIGHTS, on=["leeftijdsklasse", "geslacht"], how="inner")
    keys = ["indicator_id", "area_level", "area_code", "period"]
    groups = summed.select(keys).unique().sort(keys).with_row_index("_group")
    summed = summed.join(groups, on=keys)
    rate, limits = stats.directly_standardised_rate(
        summed["_group"].to_numpy(),
        summed["numerator"].to_numpy(),
        (summed["inwoners"] * summed["jaarfractie"]).to_numpy(),
        summed["standard"].to_numpy(),
        multiplier=1000.0,
    )
    size = groups.height
    columns = {"std_value": rate[:size]}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        columns[f"std_lower_{suffix}"] = limits[confidence][0][:size]
        columns[f"std_upper_{suffix}"] = limits[confidence][1][:size]
    return groups.drop("_group").with_columns(
        pl.Series(name, np.asarray(values, dtype=float), dtype=pl.Float64).fill_nan(None)
        for name, values in columns.items()
    )
