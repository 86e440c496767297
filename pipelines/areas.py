"""The area hierarchy wijk → gemeente → resv → regio, and summing wijk figures up it.

Higher levels are sums of the wijk tellers and noemers, never averages of wijk rates.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

LEVELS = ("wijk", "gemeente", "resv", "regio")
REGIO_CODE = "REGIO"
REGIO_NAME = "Hele regio"


def area_table(wijken: pl.DataFrame) -> pl.DataFrame:
    """One row per area of every level: area_level, area_code, area_name, parent_code,
    gemeente_code, resv_code (the area's own gemeente/RESV where it lies in one).

    ``wijken`` is the ``wijken`` mart (wijk_code, wijk_naam, gemeente_code, gemeente_naam,
    resv_code, resv_naam).
    """
    wijk = wijken.select(
        pl.lit("wijk").alias("area_level"),
        pl.col("wijk_code").alias("area_code"),
        pl.col("wijk_naam").alias("area_name"),
        pl.col("gemeente_code").alias("parent_code"),
        "gemeente_code",
        "resv_code",
    )
    gemeente = (
        wijken.group_by("gemeente_code")
        .agg(pl.col("gemeente_naam").first(), pl.col("resv_code").first())
        .select(
            pl.lit("gemeente").alias("area_level"),
            pl.col("gemeente_code").alias("area_code"),
            pl.col("gemeente_naam").alias("area_name"),
            pl.col("resv_code").alias("parent_code"),
            "gemeente_code",
            "resv_code",
        )
    )
    resv = (
        wijken.group_by("resv_code")
        .agg(pl.col("resv_naam").first())
        .select(
            pl.lit("resv").alias("area_level"),
            pl.col("resv_code").alias("area_code"),
            pl.col("resv_naam").alias("area_name"),
            pl.lit(REGIO_CODE).alias("parent_code"),
            pl.lit(None, dtype=pl.String).alias("gemeente_code"),
            "resv_code",
        )
    )
    regio = pl.DataFrame(
        {
            "area_level": ["regio"],
            "area_code": [REGIO_CODE],
            "area_name": [REGIO_NAME],
            "parent_code": [None],
            "gemeente_code": [None],
            "resv_code": [None],
        },
        schema=wijk.schema,
    )
    return pl.concat([wijk, gemeente, resv, regio]).sort(
        pl.col("area_level").replace_strict({lvl: i for i, lvl in enumerate(LEVELS)}),
        "area_code",
    )


def sum_up(
    frame: pl.DataFrame,
    wijken: pl.DataFrame,
    keys: Sequence[str],
    sums: Sequence[str],
    wijk_column: str = "wijk_code",
) -> pl.DataFrame:
    """Sum wijk rows up the hierarchy.

    ``frame`` has one row per wijk × ``keys`` with the numeric ``sums`` columns. Returns one row
    per area (every level) × ``keys`` with columns area_level, area_code, parent_code, the keys
    and the sums (a null stays null only when every summed value is null).
    """
    located = frame.join(
        wijken.select("wijk_code", "gemeente_code", "resv_code"),
        left_on=wijk_column,
        right_on="wijk_code",
        how="inner",
    )
    if wijk_column != "wijk_code":
        located = located.rename({wijk_column: "wijk_code"})
    aggregations = [
        pl.when(pl.col(c).is_null().all()).then(None).otherwise(pl.col(c).sum()).alias(c)
        for c in sums
    ]
    levels = []
    for level, code, parent in (
        ("wijk", "wijk_code", "gemeente_code"),
        ("gemeente", "gemeente_code", "resv_code"),
        ("resv", "resv_code", None),
        ("regio", None, None),
    ):
        group = [*keys] if code is None else [code, *keys]
        if parent is not None:
            group.append(parent)
        summed = (
            located.group_by(group).agg(aggregations) if group else located.select(aggregations)
        )
        summed = summed.with_columns(
            pl.lit(level).alias("area_level"),
            (pl.col(code) if code else pl.lit(REGIO_CODE)).alias("area_code"),
            (
                pl.col(parent)
                if parent
                else pl.lit(REGIO_CODE if level == "resv" else None, dtype=pl.String)
            ).alias("parent_code"),
        )
        levels.append(summed.select("area_level", "area_code", "parent_code", *keys, *sums))
    return pl.concat(levels, how="vertical_relaxed")
