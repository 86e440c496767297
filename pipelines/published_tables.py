"""Marts → the published tables beside ``indicator_values`` that pages need: areas with their
geometry, the koppel learning curve and characteristics, admissions by type, population and
contacts by characteristic.

Each table has two steps: ``<table>_rows`` sums the marts up the area hierarchy and marks rows
by their own primary rules (pipelines/disclosure.py; koppel figures need at least
``min_koppels`` koppels behind them); the disclosure model (pipelines/release.py) then protects
all tables together; ``finish_<table>`` blanks what suppressed rows would reveal and gives the
published columns.
"""

from __future__ import annotations

import polars as pl

from pipelines import areas, contract, disclosure, published_cells

#: Reason for a koppel figure resting on too few koppels.
TOO_FEW_KOPPELS = "te_weinig_koppels"


def _count_rows(frame: pl.DataFrame, count: str) -> pl.DataFrame:
    """Columns disclosure needs for a plain count table (method 'none': no complement rule)."""
    return frame.with_columns(
        pl.lit("none").alias("method"),
        pl.col(count).cast(pl.Float64).alias("teller"),
        pl.lit(None, dtype=pl.Float64).alias("noemer"),
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


def koppel_leercurve_rows(
    koppel_kwartalen: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int, min_koppels: int
) -> pl.DataFrame:
    """Per gemeente, RESV and regio × quarter since the koppel started: koppels, their contacts
    and clients; rows with fewer than ``min_koppels`` koppels or 1..min_count−1 clients are
    marked."""
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
    return marked.with_columns(
        pl.when(pl.col("n_koppels") < min_koppels)
        .then(pl.lit(TOO_FEW_KOPPELS))
        .otherwise(pl.col("suppression_reason"))
        .alias("suppression_reason")
    ).with_columns(pl.col("suppression_reason").is_not_null().alias("suppressed"))


def finish_koppel_leercurve(marked: pl.DataFrame) -> pl.DataFrame:
    """``koppel_leercurve``: one row per area × quarter since start: n_koppels and the mean
    contacts and clients per koppel."""
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


def koppel_kenmerken_rows(
    koppels_per_wijk_jaar: pl.DataFrame, wijken: pl.DataFrame, *, min_koppels: int
) -> pl.DataFrame:
    """Per area × jaar the koppels active on 1 July and how many work in the GP's HIS and have
    fixed consultation moments. Two units: the koppels (1..min_koppels−1 marked), and the
    shares, marked unless both the koppels with and without each trait number at least
    ``min_koppels`` (a share of a smaller group, or 0 % / 100 %, tells about each koppel)."""
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
    koppels = pl.col("actieve_koppels")
    small_group = pl.any_horizontal(
        [
            (group < min_koppels)
            for group in (
                pl.col("werkt_in_his"),
                koppels - pl.col("werkt_in_his"),
                pl.col("vast_overleg"),
                koppels - pl.col("vast_overleg"),
            )
        ]
    ) & (koppels > 0)
    return marked.with_columns(
        small_group.alias("_share_suppressed"),
        pl.when(small_group).then(pl.lit(TOO_FEW_KOPPELS)).alias("_share_reason"),
    )


def finish_koppel_kenmerken(marked: pl.DataFrame) -> pl.DataFrame:
    """``koppel_kenmerken``: one row per area × jaar: actieve_koppels and the shares (%) working
    in the HIS and with fixed consultation moments; shares empty where their unit is
    suppressed (``aandelen_onderdrukt``)."""
    published = marked.with_columns(
        (pl.col("werkt_in_his") / pl.col("actieve_koppels") * 100).alias("aandeel_werkt_in_his"),
        (pl.col("vast_overleg") / pl.col("actieve_koppels") * 100).alias("aandeel_vast_overleg"),
        (pl.col("_share_suppressed") | pl.col("suppressed")).alias("aandelen_onderdrukt"),
    ).with_columns(pl.col("aandeel_werkt_in_his", "aandeel_vast_overleg").fill_nan(None))
    shares_hidden = pl.col("aandelen_onderdrukt")
    published = published.with_columns(
        pl.when(~shares_hidden).then(pl.col(c)).alias(c)
        for c in ("aandeel_werkt_in_his", "aandeel_vast_overleg")
    )
    published = disclosure.blank_suppressed(published, ["actieve_koppels"])
    return published.select(
        "area_level",
        "area_code",
        "jaar",
        "actieve_koppels",
        "aandeel_werkt_in_his",
        "aandeel_vast_overleg",
        "aandelen_onderdrukt",
        "suppressed",
        "suppression_reason",
    ).sort("area_level", "area_code", "jaar")


def opnames_per_type_rows(
    mart: pl.DataFrame,
    inwoners: pl.DataFrame,
    periods: pl.DataFrame,
    wijken: pl.DataFrame,
    *,
    min_count: int,
    min_noemer: int,
) -> pl.DataFrame:
    """Per area × jaar × opname_type the admissions of clients 75+ (years only: per type and
    quarter the counts are so small that protecting them hid whole gemeenten; the quarters of
    Wlz and ELV admissions are in indicator_values). Two units: the count (1..min_count−1
    marked) and the rate per 1.000 (marked ``kleine_noemer`` for a population below
    ``min_noemer``)."""
    with_population = mart.join(periods.select("period", "jaar"), on="period").join(
        inwoners.select("wijk_code", "jaar", "inwoners_75plus"), on=["wijk_code", "jaar"]
    )
    summed = (
        areas.sum_up(
            with_population,
            wijken,
            keys=["period", "period_type", "opname_type", "jaar"],
            sums=["aantal", "crisis", "inwoners_75plus"],
        )
        .filter(pl.col("period_type") == "jaar")
        .join(periods.select("period", "periode_volledig", "jaarfractie"), on="period")
    )
    marked = disclosure.suppress_primary(_count_rows(summed, "aantal"), min_count=min_count)
    population = pl.col("inwoners_75plus")
    small = (population > 0) & (population < min_noemer)
    return marked.with_columns(
        small.alias("_rate_suppressed"),
        pl.when(small).then(pl.lit("kleine_noemer")).alias("_rate_reason"),
    )


def finish_opnames_per_type(marked: pl.DataFrame) -> pl.DataFrame:
    """``opnames_per_type``: one row per area × period × opname_type: aantal and the
    annualised rate per 1,000 inhabitants 75+ (empty where its unit is suppressed)."""
    years = pl.col("inwoners_75plus") * pl.col("jaarfractie")
    frame = marked.with_columns(
        pl.when((years > 0) & ~pl.col("_rate_suppressed"))
        .then(pl.col("aantal") / years * 1000)
        .alias("per_1000")
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


def bevolking_rows(mart: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int) -> pl.DataFrame:
    """Inhabitants per area × jaar × leeftijdsklasse; counts of 1..min_count−1 marked."""
    summed = areas.sum_up(mart, wijken, keys=["jaar", "leeftijdsklasse"], sums=["inwoners"])
    return disclosure.suppress_primary(_count_rows(summed, "inwoners"), min_count=min_count)


def finish_bevolking(marked: pl.DataFrame) -> pl.DataFrame:
    """``bevolking``: one row per area × jaar × leeftijdsklasse."""
    published = disclosure.blank_suppressed(marked, ["inwoners"])
    return published.select(
        "area_level", "area_code", "jaar", "leeftijdsklasse", "inwoners", "suppressed"
    ).sort("area_level", "area_code", "jaar", "leeftijdsklasse")


def bevolking_geslacht_rows(
    mart: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int
) -> pl.DataFrame:
    """Inhabitants per area × jaar × leeftijdsklasse × geslacht (the population pyramid);
    counts of 1..min_count−1 marked. The two sexes add up to ``bevolking``'s class."""
    summed = areas.sum_up(
        mart, wijken, keys=["jaar", "leeftijdsklasse", "geslacht"], sums=["inwoners"]
    )
    return disclosure.suppress_primary(_count_rows(summed, "inwoners"), min_count=min_count)


def finish_bevolking_geslacht(marked: pl.DataFrame) -> pl.DataFrame:
    """``bevolking_geslacht``: one row per area × jaar × leeftijdsklasse × geslacht."""
    published = disclosure.blank_suppressed(marked, ["inwoners"])
    return published.select(
        "area_level", "area_code", "jaar", "leeftijdsklasse", "geslacht", "inwoners", "suppressed"
    ).sort("area_level", "area_code", "jaar", "leeftijdsklasse", "geslacht")


def consulten_per_kenmerk_rows(
    mart: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int
) -> pl.DataFrame:
    """Contacts of clients 75+ per area × jaar × kenmerk × waarde, every value of a kenmerk in
    every area (a missing row would hide a count), with the year's contacts (``_totaal``).
    Two units: the count (1..min_count−1 marked) and the share of the year's contacts."""
    summed = areas.sum_up(mart, wijken, keys=["jaar", "kenmerk", "waarde"], sums=["contacten"])
    keys = ["area_level", "area_code", "parent_code", "jaar", "kenmerk", "waarde"]
    scaffold = (
        summed.select("area_level", "area_code", "parent_code", "jaar")
        .unique()
        .join(summed.select("kenmerk", "waarde").unique(), how="cross")
    )
    # The regio's parent_code is null: nulls must match, or the regio gets only zeros.
    summed = scaffold.join(summed, on=keys, how="left", nulls_equal=True).with_columns(
        pl.col("contacten").fill_null(0)
    )
    totals = summed.group_by("area_code", "jaar", "kenmerk").agg(
        pl.col("contacten").sum().alias("_totaal")
    )
    frame = summed.join(totals, on=["area_code", "jaar", "kenmerk"])
    frame = disclosure.suppress_primary(_count_rows(frame, "contacten"), min_count=min_count)
    return frame.with_columns(
        pl.lit(False).alias("_share_suppressed"),
        pl.lit(None, dtype=pl.String).alias("_share_reason"),
    )


def finish_consulten_per_kenmerk(marked: pl.DataFrame) -> pl.DataFrame:
    """``consulten_per_kenmerk``: one row per area × jaar × kenmerk × waarde: contacten and
    their share (%) of the area's contacts that year (empty where its unit is suppressed)."""
    frame = marked.with_columns(
        pl.when((pl.col("_totaal") > 0) & ~pl.col("_share_suppressed"))
        .then(pl.col("contacten") / pl.col("_totaal") * 100)
        .alias("aandeel")
    )
    frame = disclosure.blank_suppressed(frame, ["contacten", "aandeel"])
    return frame.select(
        "area_level",
        "area_code",
        "jaar",
        "kenmerk",
        "waarde",
        "contacten",
        "aandeel",
        "suppressed",
        "suppression_reason",
    ).sort("area_level", "area_code", "jaar", "kenmerk", "waarde")


#: Reason for a figure of fewer practices than the koppel minimum (as koppeldekking's).
TOO_FEW_PRACTICES = "te_weinig_praktijken"


def samenwerkingsfase_rows(
    mart: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int, min_koppels: int
) -> pl.DataFrame:
    """Per gemeente, RESV and regio × jaar × fase the practices in that stage on 1 July and
    their listed 75-plussers, every stage of every area and year with practices (0 where
    none), with the
    area's listed 75-plussers of all stages (``_totaal``). One unit per row: a stage of
    1 … min_koppels − 1 practices is marked ``te_weinig_praktijken`` (a figure of one or two
    practices), else listed 75-plussers of 1 … min_count − 1 ``primair``."""
    summed = areas.sum_up(
        mart, wijken, keys=["jaar", "fase"], sums=["praktijken", "ingeschreven_75plus"]
    )
    totals = summed.group_by("area_code", "jaar").agg(
        pl.col("ingeschreven_75plus").sum().alias("_totaal")
    )
    # From the gemeente up: a wijk has a handful of practices, so nearly every stage of a wijk
    # is a figure of one or two practices (on the sample, wijk rows hid 14 more koppeldekking
    # rows and more stages of the gemeenten, RESVs and regio than they showed).
    frame = summed.join(totals, on=["area_code", "jaar"]).filter(pl.col("area_level") != "wijk")
    marked = disclosure.suppress_primary(
        _count_rows(frame, "ingeschreven_75plus"), min_count=min_count
    )
    few = (pl.col("praktijken") >= 1) & (pl.col("praktijken") < min_koppels)
    return marked.with_columns(
        pl.when(few)
        .then(pl.lit(TOO_FEW_PRACTICES))
        .otherwise(pl.col("suppression_reason"))
        .alias("suppression_reason")
    ).with_columns(pl.col("suppression_reason").is_not_null().alias("suppressed"))


def samenwerkingsfase_small_groups(rows: pl.DataFrame, *, min_koppels: int) -> pl.DataFrame:
    """The listed 75-plussers of a stage of 1 … min_koppels − 1 practices: cells to protect
    whatever their value (the list of one or two practices), as koppeldekking's small groups
    (key, lo, hi, need, limit)."""
    few = rows.filter((pl.col("praktijken") >= 1) & (pl.col("praktijken") < min_koppels))
    return published_cells.small_group_targets(
        few.select(
            published_cells.key(
                published_cells.fase_family("ingeschreven", pl.col("fase")),
                pl.col("area_code"),
                pl.col("jaar"),
            ),
        ),
        min_koppels,
    )


def finish_samenwerkingsfase(marked: pl.DataFrame) -> pl.DataFrame:
    """``samenwerkingsfase``: one row per area × jaar × fase: praktijken, their listed
    75-plussers (``ingeschreven_75plus``) and that as a share (%) of all listed 75-plussers of
    the area and year (``aandeel_75plus``); all three empty on a suppressed row."""
    published = marked.with_columns(
        pl.when(pl.col("_totaal") > 0)
        .then(
            pl.col("ingeschreven_75plus").cast(pl.Float64)
            / pl.col("_totaal").cast(pl.Float64)
            * 100
        )
        .alias("aandeel_75plus")
    )
    published = disclosure.blank_suppressed(
        published, ["praktijken", "ingeschreven_75plus", "aandeel_75plus"]
    )
    return published.select(
        "area_level",
        "area_code",
        "jaar",
        pl.col("fase").cast(pl.Int32),
        pl.col("praktijken").cast(pl.Int64),
        pl.col("ingeschreven_75plus").cast(pl.Int64),
        "aandeel_75plus",
        "suppressed",
        "suppression_reason",
    ).sort("area_level", "area_code", "jaar", "fase")


def koppel_hulpvraag_rows(
    mart: pl.DataFrame, wijken: pl.DataFrame, *, min_count: int, min_koppels: int
) -> pl.DataFrame:
    """Per gemeente, RESV and regio × koppeljaar (1, 2, 3 = third year and later) × hulpvraag
    the contacts of the koppels with clients 75+ (the learning curve's contacts by question),
    every hulpvraag of every area and koppeljaar with contacts (0 where none), with the
    koppeljaar's contacts (``_totaal``) and the koppels behind each row (``n_koppels``). One
    unit per row: 1 … min_koppels − 1 koppels behind it ``te_weinig_koppels``, else
    1 … min_count − 1 contacts ``primair``."""
    per_koppel = mart.filter(pl.col("wijk_code").is_not_null()).with_columns(
        pl.lit(1).alias("n_koppels")
    )
    summed = areas.sum_up(
        per_koppel, wijken, keys=["koppeljaar", "hulpvraag"], sums=["contacten", "n_koppels"]
    ).filter(pl.col("area_level") != "wijk")
    keys = ["area_level", "area_code", "parent_code", "koppeljaar", "hulpvraag"]
    scaffold = (
        summed.select("area_level", "area_code", "parent_code", "koppeljaar")
        .unique()
        .join(pl.DataFrame({"hulpvraag": list(contract.HULPVRAGEN)}), how="cross")
    )
    # The regio's parent_code is null: nulls must match.
    frame = scaffold.join(summed, on=keys, how="left", nulls_equal=True).with_columns(
        pl.col("contacten", "n_koppels").fill_null(0)
    )
    totals = frame.group_by("area_code", "koppeljaar").agg(
        pl.col("contacten").sum().alias("_totaal")
    )
    frame = frame.join(totals, on=["area_code", "koppeljaar"])
    marked = disclosure.suppress_primary(_count_rows(frame, "contacten"), min_count=min_count)
    few = (pl.col("n_koppels") >= 1) & (pl.col("n_koppels") < min_koppels)
    return marked.with_columns(
        pl.when(few)
        .then(pl.lit(TOO_FEW_KOPPELS))
        .otherwise(pl.col("suppression_reason"))
        .alias("suppression_reason")
    ).with_columns(pl.col("suppression_reason").is_not_null().alias("suppressed"))


def koppel_hulpvraag_small_groups(rows: pl.DataFrame, *, min_koppels: int) -> pl.DataFrame:
    """The contacts of a row behind which 1 … min_koppels − 1 koppels stand: cells to protect
    whatever their value (the work of one or two koppels), as consulten_binnen_koppel's."""
    few = rows.filter((pl.col("n_koppels") >= 1) & (pl.col("n_koppels") < min_koppels))
    return published_cells.small_group_targets(
        few.select(
            published_cells.key(
                published_cells.koppeljaar_family(pl.col("hulpvraag")),
                pl.col("area_code"),
                pl.col("koppeljaar"),
            ),
        ),
        min_koppels,
    )


def finish_koppel_hulpvraag(marked: pl.DataFrame) -> pl.DataFrame:
    """``koppel_hulpvraag``: one row per area × koppeljaar × hulpvraag: contacten and their
    share (%) of the koppeljaar's contacts (``aandeel``); both empty on a suppressed row."""
    published = marked.with_columns(
        pl.when(pl.col("_totaal") > 0)
        .then(pl.col("contacten").cast(pl.Float64) / pl.col("_totaal").cast(pl.Float64) * 100)
        .alias("aandeel")
    )
    published = disclosure.blank_suppressed(published, ["contacten", "aandeel"])
    return published.select(
        "area_level",
        "area_code",
        pl.col("koppeljaar").cast(pl.Int32),
        "hulpvraag",
        pl.col("contacten").cast(pl.Int64),
        "aandeel",
        "suppressed",
        "suppression_reason",
    ).sort("area_level", "area_code", "koppeljaar", "hulpvraag")
