"""Marts → the published tables beside ``indicator_values`` that pages need: areas with their
geometry, the koppel learning curve and characteristics, admissions by type, population and
contacts by characteristic. Each is summed up the area hierarchy and suppressed under the same
rules as the indicators (pipelines/disclosure.py); koppel figures need at least ``min_koppels``
koppels behind them.
"""

from __future__ import annotations

import polars as pl

from pipelines import areas, disclosure, disclosure_audit

#: Reason for a koppel figure resting on too few koppels.
TOO_FEW_KOPPELS = "te_weinig_koppels"


def _count_rows(frame: pl.DataFrame, count: str) -> pl.DataFrame:
    """Columns disclosure needs for a plain count table (method 'none': no complement rule)."""
    return frame.with_columns(
        pl.lit("none").alias("method"),
        pl.col(count).cast(pl.Float64).alias("numerator"),
        pl.lit(None, dtype=pl.Float64).alias("denominator"),
        pl.col(count).cast(pl.Int64).alias("disclosure_count"),
    )


def areas_with_geometry(wijken: pl.DataFrame, geometry: pl.DataFrame) -> pl.DataFrame:
    """``areas``: every area of every level; wijken carry their GeoJSON geometry when
    delivered."""
    return areas.area_table(wijken).join(
        geometry.select(pl.col("wijk_code").alias("area_code"), "geometry"),
        on="area_code",
        how="left",
    )


def koppel_leercurve(
    koppel_kwartalen: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int, min_koppels: int
) -> pl.DataFrame:
    """``koppel_leercurve``: per gemeente, RESV and regio × quarter since the koppel started,
    the number of koppels and their mean contacts and clients per koppel. Rows with fewer than
    ``min_koppels`` koppels or 1..min_count−1 clients are suppressed."""
    per_koppel = koppel_kwartalen.filter(pl.col("wijk_code").is_not_null()).with_columns(
        pl.lit(1).alias("n_koppels")
    )
    summed = areas.sum_up(
        per_koppel,
        wijken,
        keys=["kwartaal_sinds_start"],
        sums=["n_koppels", "contacten", "clienten"],
    ).filter(pl.col("area_level") != "wijk")
    marked = disclosure.suppress_primary(_count_rows(summed, "clienten"), min_count=min_count)
    marked = marked.with_columns(
        pl.when(pl.col("n_koppels") < min_koppels)
        .then(pl.lit(TOO_FEW_KOPPELS))
        .otherwise(pl.col("suppression_reason"))
        .alias("suppression_reason")
    ).with_columns(pl.col("suppression_reason").is_not_null().alias("suppressed"))
    marked = disclosure.suppress_secondary(
        marked,
        hierarchies=[disclosure.Hierarchy("area_code", "parent_code", ("kwartaal_sinds_start",))],
    )
    published = marked.with_columns(
        (pl.col("contacten") / pl.col("n_koppels")).alias("contacten_per_koppel"),
        (pl.col("clienten") / pl.col("n_koppels")).alias("clienten_per_koppel"),
    )
    published = disclosure.blank_suppressed(
        published, ["n_koppels", "contacten_per_koppel", "clienten_per_koppel"]
    )
    return published.select(
        "area_level",
        "area_code",
        "kwartaal_sinds_start",
        "n_koppels",
        "contacten_per_koppel",
        "clienten_per_koppel",
        "suppressed",
        "suppression_reason",
    ).sort("area_level", "area_code", "kwartaal_sinds_start")


def koppel_kenmerken(
    koppels_per_wijk_jaar: pl.DataFrame, wijken: pl.DataFrame, *, min_koppels: int
) -> pl.DataFrame:
    """``koppel_kenmerken``: per area × jaar the koppels active on 1 July and the share of them
    working in the GP's HIS and with fixed consultation moments (%). 1..min_koppels−1 koppels
    are suppressed; 0 koppels is published as 0 without shares."""
    summed = areas.sum_up(
        koppels_per_wijk_jaar,
        wijken,
        keys=["jaar"],
        sums=["actieve_koppels", "werkt_in_his", "vast_overleg"],
    )
    marked = disclosure.suppress_primary(
        _count_rows(summed, "actieve_koppels"), min_count=min_koppels
    ).with_columns(
        pl.when(pl.col("suppressed"))
        .then(pl.lit(TOO_FEW_KOPPELS))
        .otherwise(None)
        .alias("suppression_reason")
    )
    marked = disclosure.suppress_secondary(
        marked, hierarchies=[disclosure.Hierarchy("area_code", "parent_code", ("jaar",))]
    )
    published = marked.with_columns(
        (pl.col("werkt_in_his") / pl.col("actieve_koppels") * 100).alias("aandeel_werkt_in_his"),
        (pl.col("vast_overleg") / pl.col("actieve_koppels") * 100).alias("aandeel_vast_overleg"),
    ).with_columns(pl.col("aandeel_werkt_in_his", "aandeel_vast_overleg").fill_nan(None))
    published = disclosure.blank_suppressed(
        published, ["actieve_koppels", "aandeel_werkt_in_his", "aandeel_vast_overleg"]
    )
    return published.select(
        "area_level",
        "area_code",
        "jaar",
        "actieve_koppels",
        "aandeel_werkt_in_his",
        "aandeel_vast_overleg",
        "suppressed",
        "suppression_reason",
    ).sort("area_level", "area_code", "jaar")


def opnames_per_type(
    mart: pl.DataFrame,
    inwoners: pl.DataFrame,
    periods: pl.DataFrame,
    wijken: pl.DataFrame,
    *,
    min_count: int,
    min_denominator: int,
) -> pl.DataFrame:
    """``opnames_per_type``: per area × period × opname_type the admissions of clients 75+ and
    the annualised rate per 1,000 inhabitants 75+; suppressed like a rate indicator, over the
    area hierarchy and the quarters of a year."""
    with_population = mart.join(periods.select("period", "jaar"), on="period").join(
        inwoners.select("wijk_code", "jaar", "inwoners_75plus"), on=["wijk_code", "jaar"]
    )
    summed = areas.sum_up(
        with_population,
        wijken,
        keys=["period", "period_type", "opname_type"],
        sums=["aantal", "crisis", "inwoners_75plus"],
    ).join(periods.select("period", "periode_volledig", "jaarfractie"), on="period")
    frame = summed.with_columns(
        pl.lit("rate").alias("method"),
        pl.col("aantal").cast(pl.Float64).alias("numerator"),
        pl.col("inwoners_75plus").cast(pl.Float64).alias("denominator"),
        pl.col("aantal").cast(pl.Int64).alias("disclosure_count"),
    )
    frame = disclosure.add_parent_period(frame).with_columns(
        pl.col("period").str.slice(0, 4).alias("_jaar")
    )
    frame = disclosure.suppress_primary(frame, min_count=min_count, min_denominator=min_denominator)
    frame = disclosure_audit.suppress_secondary_and_audit(
        frame,
        [
            disclosure.Hierarchy("area_code", "parent_code", ("opname_type", "period")),
            disclosure.Hierarchy("period", "parent_period", ("opname_type", "area_code")),
        ],
        block_cols=["opname_type", "_jaar"],
    ).drop("_jaar")
    years = pl.col("inwoners_75plus") * pl.col("jaarfractie")
    frame = frame.with_columns(
        pl.when(years > 0).then(pl.col("aantal") / years * 1000).alias("per_1000")
    )
    frame = disclosure.blank_suppressed(frame, ["aantal", "per_1000"])
    return frame.select(
        "area_level",
        "area_code",
        "period",
        "period_type",
        "periode_volledig",
        "opname_type",
        "aantal",
        "per_1000",
        "suppressed",
        "suppression_reason",
    ).sort("area_level", "area_code", "period", "opname_type")


def bevolking(mart: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int) -> pl.DataFrame:
    """``bevolking``: inhabitants per area × jaar × leeftijdsklasse; counts of 1..min_count−1
    are suppressed (with their complements in the area hierarchy)."""
    summed = areas.sum_up(mart, wijken, keys=["jaar", "leeftijdsklasse"], sums=["inwoners"])
    marked = disclosure.suppress_primary(_count_rows(summed, "inwoners"), min_count=min_count)
    marked = disclosure.suppress_secondary(
        marked,
        hierarchies=[disclosure.Hierarchy("area_code", "parent_code", ("jaar", "leeftijdsklasse"))],
    )
    published = disclosure.blank_suppressed(marked, ["inwoners"])
    return published.select(
        "area_level", "area_code", "jaar", "leeftijdsklasse", "inwoners", "suppressed"
    ).sort("area_level", "area_code", "jaar", "leeftijdsklasse")


def consulten_per_kenmerk(
    mart: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int
) -> pl.DataFrame:
    """``consulten_per_kenmerk``: contacts of clients 75+ per area × jaar × kenmerk × waarde and
    their share (%) of the area's contacts that year. Suppressed over the area hierarchy and
    over the values of one kenmerk (which add up to the year's contacts)."""
    summed = areas.sum_up(mart, wijken, keys=["jaar", "kenmerk", "waarde"], sums=["contacten"])
    # Every value of a kenmerk present in every area, so a missing row never hides a count.
    scaffold = (
        summed.select("area_level", "area_code", "parent_code", "jaar")
        .unique()
        .join(summed.select("kenmerk", "waarde").unique(), how="cross")
    )
    summed = scaffold.join(
        summed,
        on=["area_level", "area_code", "parent_code", "jaar", "kenmerk", "waarde"],
        how="left",
    ).with_columns(pl.col("contacten").fill_null(0))
    totals = summed.group_by("area_level", "area_code", "parent_code", "jaar", "kenmerk").agg(
        pl.col("contacten").sum()
    )
    frame = pl.concat(
        [
            summed.with_columns(pl.lit("TOTAAL").alias("parent_waarde")),
            totals.with_columns(
                pl.lit("TOTAAL").alias("waarde"),
                pl.lit(None, dtype=pl.String).alias("parent_waarde"),
            ).select([*summed.columns, "parent_waarde"]),
        ]
    )
    frame = disclosure.suppress_primary(_count_rows(frame, "contacten"), min_count=min_count)
    frame = disclosure_audit.suppress_secondary_and_audit(
        frame,
        [
            disclosure.Hierarchy("area_code", "parent_code", ("jaar", "kenmerk", "waarde")),
            disclosure.Hierarchy("waarde", "parent_waarde", ("area_code", "jaar", "kenmerk")),
        ],
        block_cols=["jaar", "kenmerk"],
    )
    frame = frame.join(
        totals.select("area_code", "jaar", "kenmerk", pl.col("contacten").alias("_totaal")),
        on=["area_code", "jaar", "kenmerk"],
    ).with_columns(
        pl.when(pl.col("_totaal") > 0)
        .then(pl.col("contacten") / pl.col("_totaal") * 100)
        .alias("aandeel")
    )
    frame = disclosure.blank_suppressed(frame, ["contacten", "aandeel"])
    return (
        frame.filter(pl.col("waarde") != "TOTAAL")
        .select(
            "area_level",
            "area_code",
            "jaar",
            "kenmerk",
            "waarde",
            "contacten",
            "aandeel",
            "suppressed",
            "suppression_reason",
        )
        .sort("area_level", "area_code", "jaar", "kenmerk", "waarde")
    )
