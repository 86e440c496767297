"""Directly age-sex standardised rates per area and period (issue 13).

The teller of every standardised indicator (``catalogue.STANDARDISED``) split over the eight
75+ age-sex strata (mart ``indicator_strata``) and the strata's inhabitants (mart
``bevolking_strata``) are summed up the area hierarchy like the crude counts; per area and
period ``stats.directly_standardised_rate`` weighs the stratum rates by the European Standard
Population 2013 (each band split equally over the sexes), per 1,000 person-years (a quarter or
an incomplete year counts as its share of the year, as the crude rates do). The strata
themselves are never published: only the standardised value and its limits, and only where the
row's crude count is (``indicator_values.finish_indicator_values`` blanks them with it).

Disclosure (tests/attack, with the worst case that the attacker knows every stratum's exact
population): a published standardised value is a linear equation over the row's stratum counts,
and its Dobson limits a second one (the variance); with the crude counts and the areas above and
below, linear programming narrowed small, never-published strata (1.044 stratum counts of 1 … 9
held within ± 2 on the sample when every row had its rate). Two rules close that: standardised
rates for whole years only (quarters and an incomplete year narrowed the most), and only for a
row whose every stratum holds 0 or at least ``min_count`` events (``_withheld``). The attack
tests assert that no stratum is narrowed. The price: on the sample hardly any wijk has a
standardised rate (a wijk's 90-plus men are few), about half the gemeenten and most RESVs have
one; taking the strata into the disclosure model, which would hide only what must be hidden,
is the way to more.
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


def _withheld(group: np.ndarray, count: np.ndarray, size: int, min_count: int) -> np.ndarray:
    """Per group: whether one of its strata holds 1 … min_count − 1 events. A published value
    is an equation over the row's strata (c = Σ a·x, a = weight ÷ person-years) and its Dobson
    limits a second (V = Σ a²·x); with the crude count and the rows above and below, linear
    programming narrows a small stratum to within ± 2 (tests/pipelines/test_attack.py). A row
    whose every stratum is 0 or at least ``min_count`` states nothing about a small group."""
    small = (count >= 1) & (count < min_count)
    return np.bincount(group, weights=small, minlength=size) > 0


def standardised_rates(
    strata: pl.DataFrame,
    stratum_population: pl.DataFrame,
    periods: pl.DataFrame,
    wijken: pl.DataFrame,
    min_count: int | None = None,
) -> pl.DataFrame:
    """One row per standardised indicator × area (every level) × period with ``COLUMNS``.

    ``strata``: indicator_id, wijk_code, period, leeftijdsklasse, geslacht, teller (rows
    with events only); ``stratum_population``: wijk_code, jaar, leeftijdsklasse, geslacht,
    inwoners (every 75+ stratum); ``periods``: period, period_type, jaar, jaarfractie.
    Whole years only (see the module's note on disclosure). Rows without a standardised rate
    (fewer than 10 events, events in a stratum without inhabitants, and with ``min_count`` rows
    with a stratum of 1 … min_count − 1 events: ``_withheld``) have nulls."""
    indicators = pl.DataFrame({"indicator_id": list(catalogue.STANDARDISED)})
    scaffold = (
        stratum_population.join(
            periods.select("period", "period_type", "jaar", "jaarfractie"), on="jaar"
        )
        .join(indicators, how="cross")
        .join(
            strata.select(
                "indicator_id", "wijk_code", "period", "leeftijdsklasse", "geslacht", "teller"
            ),
            on=["indicator_id", "wijk_code", "period", "leeftijdsklasse", "geslacht"],
            how="left",
        )
        .with_columns(pl.col("teller").fill_null(0.0))
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
        sums=["teller", "inwoners"],
    ).filter((pl.col("period_type") == "jaar") & (pl.col("jaarfractie") >= 1.0))
    summed = summed.join(WEIGHTS, on=["leeftijdsklasse", "geslacht"], how="inner")
    keys = ["indicator_id", "area_level", "area_code", "period"]
    groups = summed.select(keys).unique().sort(keys).with_row_index("_group")
    summed = summed.join(groups, on=keys)
    group = summed["_group"].to_numpy().astype(np.int64)
    count = summed["teller"].to_numpy()
    person_years = (summed["inwoners"] * summed["jaarfractie"]).to_numpy()
    standard = summed["standard"].to_numpy()
    rate, limits = stats.directly_standardised_rate(
        group, count, person_years, standard, multiplier=1000.0
    )
    size = groups.height
    if min_count is not None:
        withheld = _withheld(group, count, size, min_count)
        rate = np.where(withheld, np.nan, rate)
        limits = {
            c: (np.where(withheld, np.nan, lo), np.where(withheld, np.nan, up))
            for c, (lo, up) in limits.items()
        }
    columns = {"std_value": rate[:size]}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        columns[f"std_lower_{suffix}"] = limits[confidence][0][:size]
        columns[f"std_upper_{suffix}"] = limits[confidence][1][:size]
    return groups.drop("_group").with_columns(
        pl.Series(name, np.asarray(values, dtype=float), dtype=pl.Float64).fill_nan(None)
        for name, values in columns.items()
    )
