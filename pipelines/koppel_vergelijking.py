"""The published table ``koppel_vergelijking`` ("Helpt een vast koppel?", issue 16).

Admissions of clients 75+ split by whether the client's practice (``opnames.praktijk_id``) had
an active koppel on the admission day: per area (gemeente, RESV, regio) × jaar × indicator
(``crisisopnames``, ``so_voor_opname``, ``opname_via_ziekenhuis``, each as the catalogue
defines it) × groep (``met_koppel``, ``zonder_koppel``) the teller, noemer, share with Wilson
limits, and — on both rows of a pair — the difference met − zonder with Newcombe's interval and
the two-proportion z-test's p-value (pipelines/stats.py).

The two groups plus the admissions without a known practice (``onbekend``, never published)
add up to the indicator's teller and noemer in ``indicator_values``; the disclosure model
holds that equation (pipelines/published_cells.py). A group resting on fewer than
``min_koppels`` practices is a figure of one practice or koppel: its row is marked
``te_weinig_koppels`` (met) or ``te_weinig_praktijken`` (zonder) and its counts are protected
whatever their value. Gemeenten are shown only where every gemeente of their RESV has, in
both groups, enough practices and no teller or noemer − teller of 1..min_count−1; elsewhere
their rows are left out (``_gemeenten_where_all_pass``). The comparison describes groups; it
does not show that a koppel causes a difference.

A fourth measure, ``wlz_opnames``, is a rate: Wlz admissions (WLZ_VERBLIJF, clients 75+) per
1.000 listed 75-plussers per year. Its groups follow another rule than the three proportions:
the practice's status on **1 July of the year** (int_samenwerkingsfase: stages 1–4 have an
active koppel), the rule of koppeldekking and samenwerkingsfase, not the admission day. The
noemer of ``met_koppel`` is the listed 75-plussers (praktijken.csv) of the practices with a
koppel on 1 July in the area (koppeldekking's teller), that of ``zonder_koppel`` the rest of
koppeldekking's noemer; the practices count in their own wijk, the admissions in the client's
wijk (as wlz_opnames does), so a client listed across the border of an area counts in the
teller of the client's area. The teller is the admissions of the year whose practice
(``opnames.praktijk_id``) is in the group; an admission without a practice, or with a practice
not listed in praktijken that year, is ``onbekend``. The two tellers plus ``onbekend`` are
wlz_opnames' teller. The value is per 1.000 person-years: an incomplete year counts its
listed 75-plussers × jaarfractie, as indicator_values does; limits exact Poisson below 10
events and Byar from 10 (stats.rate_interval), the difference met − zonder per 1.000 with a
normal-approximation interval and the conditional binomial test's p-value
(stats.poisson_rate_difference_interval, stats.two_poisson_rates_test). The practices behind
a group are those listed in the area with that status plus those of its admissions.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines import areas, disclosure, published_cells, stats

INDICATORS = ("crisisopnames", "so_voor_opname", "opname_via_ziekenhuis", "wlz_opnames")
#: The rate among them (per 1.000 listed 75-plussers; groups by the status on 1 July).
RATE_INDICATORS = ("wlz_opnames",)
PER = 1000.0
GROEPEN = ("met_koppel", "zonder_koppel")
#: Admissions whose practice the delivery does not name: part of the indicator, never shown.
ONBEKEND = "onbekend"
LEVELS = ("gemeente", "resv", "regio")
TOO_FEW_KOPPELS = "te_weinig_koppels"
TOO_FEW_PRACTICES = "te_weinig_praktijken"
REASON_OF_GROUP = {"met_koppel": TOO_FEW_KOPPELS, "zonder_koppel": TOO_FEW_PRACTICES}
COLUMNS = (
    "area_level", "area_code", "jaar", "periode_volledig", "indicator_id", "groep", "teller",
    "noemer", "value", "lower_95", "upper_95", "lower_998", "upper_998", "difference",
    "difference_lower_95", "difference_upper_95", "p_value", "suppressed", "suppression_reason",
)  # fmt: skip


def _per_area(counts: pl.DataFrame, wijken: pl.DataFrame) -> pl.DataFrame:
    """Teller, noemer and the practices behind them per area × jaar × indicator × groep."""
    keys = ["jaar", "indicator_id", "groep"]
    per_wijk = counts.group_by("wijk_code", *keys).agg(pl.col("teller", "noemer").sum())
    summed = areas.sum_up(per_wijk, wijken, keys=keys, sums=["teller", "noemer"])
    # A practice stands behind a group where it has a row with a count above 0 (an admission,
    # or for the rate also its listed 75-plussers).
    located = counts.filter(
        pl.col("praktijk_id").is_not_null() & ((pl.col("noemer") > 0) | (pl.col("teller") > 0))
    ).join(wijken.select("wijk_code", "gemeente_code", "resv_code"), on="wijk_code")
    practices = pl.concat(
        [
            located.group_by(pl.col(code).alias("area_code"), *keys).agg(
                pl.col("praktijk_id").n_unique().alias("praktijken")
            )
            for code in ("gemeente_code", "resv_code")
        ]
        + [
            located.group_by(keys)
            .agg(pl.col("praktijk_id").n_unique().alias("praktijken"))
            .with_columns(pl.lit(areas.REGIO_CODE).alias("area_code"))
        ],
        how="diagonal",
    )
    return summed.join(practices, on=["area_code", *keys], how="left")


def koppel_vergelijking_rows(
    counts: pl.DataFrame,
    wijken: pl.DataFrame,
    periods: pl.DataFrame,
    *,
    min_count: int,
    min_koppels: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows of every area (gemeente up) × year × indicator × groep, zeros included, marked by
    their own rules (``primair`` for a teller or noemer − teller of 1..min_count−1; a group of
    1..min_koppels−1 practices ``te_weinig_koppels``/``te_weinig_praktijken``, which wins), with
    the ``onbekend`` teller and noemer of their area, year and indicator as ``_onbekend_*``.
    ``counts``: the mart ``koppel_vergelijking_counts``. Also returns the cells to protect
    whatever their value above 0 (key, lo, hi, need, limit): the counts of a group of too few
    practices."""
    years = periods.filter(pl.col("period_type") == "jaar").select(
        pl.col("jaar").cast(pl.Int64), "periode_volledig", "jaarfractie"
    )
    scaffold = (
        areas.area_table(wijken)
        .filter(pl.col("area_level").is_in(LEVELS))
        .select("area_level", "area_code")
        .join(years, how="cross")
        .join(pl.DataFrame({"indicator_id": INDICATORS}), how="cross")
        .join(pl.DataFrame({"groep": [*GROEPEN, ONBEKEND]}), how="cross")
    )
    summed = _per_area(counts.with_columns(pl.col("jaar").cast(pl.Int64)), wijken).select(
        "area_code", "jaar", "indicator_id", "groep", "teller", "noemer", "praktijken"
    )
    keys = ["area_code", "jaar", "indicator_id", "groep"]
    # The rate only in years with listed 75-plussers (the mart lists them only in years whose
    # admissions name a practice): without them a rate of 0 would be false, and a noemer of 0
    # would contradict koppeldekking's teller of the same name.
    rate_years = summed.filter(
        pl.col("indicator_id").is_in(RATE_INDICATORS) & (pl.col("noemer") > 0)
    )["jaar"].unique()
    scaffold = scaffold.filter(
        ~pl.col("indicator_id").is_in(RATE_INDICATORS) | pl.col("jaar").is_in(rate_years.to_list())
    )
    frame = scaffold.join(summed, on=keys, how="left").with_columns(
        pl.col("teller", "noemer").fill_null(0).cast(pl.Float64),
        pl.col("praktijken").fill_null(0).cast(pl.Int64),
    )
    onbekend = frame.filter(pl.col("groep") == ONBEKEND).select(
        "area_code",
        "jaar",
        "indicator_id",
        pl.col("teller").alias("_onbekend_teller"),
        pl.col("noemer").alias("_onbekend_noemer"),
    )
    frame = frame.filter(pl.col("groep") != ONBEKEND).join(
        onbekend, on=["area_code", "jaar", "indicator_id"], how="left"
    )
    # A rate's small teller or small noemer (listed 75-plussers) is ``primair`` too.
    marked = disclosure.suppress_primary(
        frame.with_columns(
            pl.when(pl.col("indicator_id").is_in(RATE_INDICATORS))
            .then(pl.lit("rate"))
            .otherwise(pl.lit("proportion"))
            .alias("method"),
            pl.col("teller").cast(pl.Int64).alias("disclosure_count"),
        ),
        min_count=min_count,
        min_noemer=min_count,
    ).with_columns(pl.col("suppression_reason").replace({"kleine_noemer": "primair"}))
    few = (pl.col("praktijken") >= 1) & (pl.col("praktijken") < min_koppels)
    marked = marked.with_columns(
        pl.when(few)
        .then(pl.col("groep").replace_strict(REASON_OF_GROUP, return_dtype=pl.String))
        .otherwise(pl.col("suppression_reason"))
        .alias("suppression_reason")
    ).with_columns(pl.col("suppression_reason").is_not_null().alias("suppressed"))
    marked = _gemeenten_where_all_pass(marked, wijken)
    small = marked.filter(few)
    # A count of 0 may show (as everywhere): only what a practice's clients did is protected.
    values = {
        "teller": pl.col("teller"),
        "noemer": pl.col("noemer"),
        "rest": pl.col("noemer") - pl.col("teller"),
    }
    is_rate = pl.col("indicator_id").is_in(RATE_INDICATORS)
    targets = published_cells.small_group_targets(
        pl.concat(
            [
                small.filter((value >= 1) & (~is_rate if part == "rest" else pl.lit(True))).select(
                    published_cells.key(
                        published_cells.koppel_family(
                            pl.col("groep"), pl.col("indicator_id"), part
                        ),
                        pl.col("area_code"),
                        pl.col("jaar"),
                    )
                )
                for part, value in values.items()
            ]
        ),
        min_koppels,
    )
    return marked.sort(keys), targets


def _gemeenten_where_all_pass(marked: pl.DataFrame, wijken: pl.DataFrame) -> pl.DataFrame:
    """Leaves out the gemeente rows of a RESV, year and indicator where any gemeente of that
    RESV fails its own rules in either group: the gemeenten are shown together or not at all.
    Small gemeente cells kept as suppressed rows would make the model hide RESV and regio
    figures to protect them, and the RESV and regio are what this comparison is for."""
    resv = wijken.select(pl.col("gemeente_code").alias("area_code"), "resv_code").unique()
    gemeenten = marked.filter(pl.col("area_level") == "gemeente").join(resv, on="area_code")
    failing = (
        gemeenten.group_by("resv_code", "jaar", "indicator_id")
        .agg(pl.col("suppressed").any().alias("_fails"))
        .filter("_fails")
    )
    dropped = gemeenten.join(failing, on=["resv_code", "jaar", "indicator_id"], how="semi")
    return marked.join(
        dropped.select("area_code", "jaar", "indicator_id"),
        on=["area_code", "jaar", "indicator_id"],
        how="anti",
    )


def finish_koppel_vergelijking(marked: pl.DataFrame) -> pl.DataFrame:
    """``koppel_vergelijking``: one row per area × jaar × indicator × groep: teller, noemer,
    share (%) with 95 % and 99,8 % Wilson limits; on both rows of a pair whose rows are both
    published the difference met_koppel − zonder_koppel in percentage points with Newcombe's
    95 % interval and the two-proportion z-test's p-value (empty otherwise). For the rate
    (``wlz_opnames``) the value is per 1.000 person-years (noemer × jaarfractie) with exact
    Poisson/Byar limits, the difference per 1.000 with its normal-approximation interval and
    the conditional binomial test's p-value."""
    frame = pl.concat(
        [_rates(part) if rate else _proportions(part) for rate, part in _by_kind(marked)],
        how="vertical_relaxed",
    )
    frame = disclosure.blank_suppressed(
        frame, ["teller", "noemer", "value", "lower_95", "upper_95", "lower_998", "upper_998"]
    )
    return frame.select(COLUMNS).sort("area_level", "area_code", "jaar", "indicator_id", "groep")


def _by_kind(marked: pl.DataFrame) -> list[tuple[bool, pl.DataFrame]]:
    is_rate = pl.col("indicator_id").is_in(RATE_INDICATORS)
    return [(False, marked.filter(~is_rate)), (True, marked.filter(is_rate))]


def _pairs(frame: pl.DataFrame, extra: str | None = None) -> pl.DataFrame:
    """The met and zonder rows of each area, year and indicator side by side (t1, n1, s1 for
    met; t2, n2, s2 for zonder; the ``extra`` column once)."""
    pair = ["area_code", "jaar", "indicator_id"]
    sides = []
    for groep, i in (("met_koppel", 1), ("zonder_koppel", 2)):
        sides.append(
            frame.filter(pl.col("groep") == groep).select(
                *pair,
                *([extra] if extra and i == 1 else []),
                pl.col("teller").alias(f"t{i}"),
                pl.col("noemer").alias(f"n{i}"),
                pl.col("suppressed").alias(f"s{i}"),
            )
        )
    return sides[0].join(sides[1], on=pair)


def _with_difference(frame: pl.DataFrame, pairs: pl.DataFrame, columns: dict) -> pl.DataFrame:
    """Joins the difference columns (name → values per pair) onto both rows of each pair,
    empty where either row is suppressed."""
    pair = ["area_code", "jaar", "indicator_id"]
    shown = ~(pairs["s1"].to_numpy() | pairs["s2"].to_numpy())
    pairs = pairs.select(
        *pair,
        *(
            pl.Series(name, np.where(shown, values, np.nan), dtype=pl.Float64).fill_nan(None)
            for name, values in columns.items()
        ),
    )
    return frame.join(pairs, on=pair, how="left")


def _proportions(marked: pl.DataFrame) -> pl.DataFrame:
    teller = marked["teller"].to_numpy()
    noemer = marked["noemer"].to_numpy()
    limits = {}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        low, up = stats.wilson_interval(teller, noemer, confidence)
        limits[f"lower_{suffix}"], limits[f"upper_{suffix}"] = low * 100, up * 100
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(noemer > 0, teller / np.where(noemer > 0, noemer, 1) * 100, np.nan)
    frame = marked.with_columns(
        pl.Series("value", value, dtype=pl.Float64).fill_nan(None),
        *(pl.Series(k, v, dtype=pl.Float64).fill_nan(None) for k, v in limits.items()),
    )
    pairs = _pairs(frame)
    args = [pairs[c].to_numpy() for c in ("t1", "n1", "t2", "n2")]
    difference, low, up = stats.newcombe_difference_interval(*args)
    return _with_difference(
        frame,
        pairs,
        {
            "difference": difference * 100,
            "difference_lower_95": low * 100,
            "difference_upper_95": up * 100,
            "p_value": stats.two_proportion_z_test(*args),
        },
    )


def _rates(marked: pl.DataFrame) -> pl.DataFrame:
    """Per 1.000 person-years: the listed 75-plussers × the year's fraction in the data."""
    teller = marked["teller"].to_numpy()
    years = (marked["noemer"] * marked["jaarfractie"]).to_numpy()
    limits = {}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        low, up = stats.rate_interval(teller, years, confidence, PER)
        limits[f"lower_{suffix}"], limits[f"upper_{suffix}"] = low, up
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(years > 0, teller / np.where(years > 0, years, 1) * PER, np.nan)
    frame = marked.with_columns(
        pl.Series("value", value, dtype=pl.Float64).fill_nan(None),
        *(pl.Series(k, v, dtype=pl.Float64).fill_nan(None) for k, v in limits.items()),
    )
    pairs = _pairs(frame, "jaarfractie")
    fraction = pairs["jaarfractie"].to_numpy()
    t1, t2 = pairs["t1"].to_numpy(), pairs["t2"].to_numpy()
    y1, y2 = pairs["n1"].to_numpy() * fraction, pairs["n2"].to_numpy() * fraction
    difference, low, up = stats.poisson_rate_difference_interval(t1, y1, t2, y2)
    return _with_difference(
        frame,
        pairs,
        {
            "difference": difference * PER,
            "difference_lower_95": low * PER,
            "difference_upper_95": up * PER,
            "p_value": stats.two_poisson_rates_test(t1, y1, t2, y2),
        },
    )
