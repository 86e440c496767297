"""Similar areas: for every wijk and gemeente the ten most similar areas of the same level in
the whole database (the published table ``vergelijkbare_gebieden``).

Similar by up to four characteristics: the size of the 75+ population (its logarithm: a wijk
of 400 is as far from one of 200 as one of 800), the share of 85-plussers among them, and,
where the delivery gives them, CBS' stedelijkheid (1–5) and SES-WOA score
(``gebieden.stedelijkheid``, ``gebieden.ses_score``; a gemeente gets the mean of its wijken).
Each characteristic is standardised over the areas of the level that have it (minus the
mean, divided by the standard deviation); the distance between two areas is the root of the
mean squared difference over the characteristics both have. A characteristic that fewer than
two areas of a level have, or that does not vary, is left out at that level.

Privacy (docs/privacy.md, "Similar areas"): the population figures are read from the
*published* tables, after suppression, never from the warehouse, so the ranking is a function
of what the release shows anyway:

- an area whose rates are suppressed for a small population (``kleine_noemer``) has its size
  as the middle of that band (``min_noemer`` / 2) and no share of 85-plussers;
- otherwise the size is the sum of its four published 75+ classes of ``bevolking``, or the
  published noemer of a rate of that year, and the share is the published 85-89 and 90+
  classes over that size, or else that size minus the published 75-79 and 80-84 classes
  (left out when neither pair is published);
- an area with neither has the band's lower edge or the sum of its published classes,
  whichever is larger, and no share; an area without inhabitants 75+ is left out.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines import catalogue

LEVELS = ("wijk", "gemeente")
#: How many similar areas each area gets.
TOP = 10
AGE_75PLUS = ("75-79", "80-84", "85-89", "90+")
AGE_85PLUS = ("85-89", "90+")
#: The characteristics, in the order the table's ``kenmerken`` lists them.
FEATURES = ("inwoners_75plus", "aandeel_85plus", "stedelijkheid", "ses_score")
SMALL_POPULATION = "kleine_noemer"


def population_features(
    bevolking: pl.DataFrame, indicator_values: pl.DataFrame, *, min_noemer: int
) -> pl.DataFrame:
    """area_level, area_code, inwoners_75plus, aandeel_85plus from the published ``bevolking``
    and ``indicator_values`` of the latest population year (see the module docstring); one row
    per wijk and gemeente that has inhabitants 75+, NULL where a figure is not published."""
    columns = ["area_level", "area_code", *FEATURES[:2]]
    published = bevolking.filter(pl.col("area_level").is_in(LEVELS))
    if published.is_empty():
        return pl.DataFrame(
            schema={c: pl.String for c in columns[:2]} | dict.fromkeys(columns[2:], pl.Float64)
        )
    jaar = int(published["jaar"].max())
    classes = (
        published.filter((pl.col("jaar") == jaar) & pl.col("leeftijdsklasse").is_in(AGE_75PLUS))
        .group_by("area_level", "area_code")
        .agg(
            all_shown=(~pl.col("suppressed")).sum() == len(AGE_75PLUS),
            shown_sum=pl.col("inwoners").fill_null(0).sum().cast(pl.Float64),
            oud=pl.col("inwoners").filter(pl.col("leeftijdsklasse").is_in(AGE_85PLUS)).sum(),
            oud_shown=(
                ~pl.col("suppressed").filter(pl.col("leeftijdsklasse").is_in(AGE_85PLUS))
            ).sum()
            == len(AGE_85PLUS),
            jong=pl.col("inwoners").filter(~pl.col("leeftijdsklasse").is_in(AGE_85PLUS)).sum(),
            jong_shown=(
                ~pl.col("suppressed").filter(~pl.col("leeftijdsklasse").is_in(AGE_85PLUS))
            ).sum()
            == len(AGE_75PLUS) - len(AGE_85PLUS),
        )
    )
    rates = [i.id for i in catalogue.INDICATORS if i.methode in ("rate", "none")]
    year_rows = indicator_values.filter(
        pl.col("indicator_id").is_in(rates)
        & (pl.col("period") == str(jaar))
        & pl.col("area_level").is_in(LEVELS)
    )
    noemers = year_rows.group_by("area_level", "area_code").agg(
        noemer=pl.col("noemer").drop_nulls().first().cast(pl.Float64),
        klein=(pl.col("suppression_reason") == SMALL_POPULATION).any(),
    )
    band_middle = min_noemer / 2
    joined = classes.join(noemers, on=["area_level", "area_code"], how="full", coalesce=True)
    klein = pl.col("klein").fill_null(False)
    exact = (
        pl.when(pl.col("all_shown").fill_null(False))
        .then(pl.col("shown_sum"))
        .otherwise(pl.col("noemer"))
    )
    size = (
        pl.when(klein)
        .then(pl.lit(band_middle))
        .when(exact.is_not_null())
        .then(exact)
        .otherwise(pl.max_horizontal(pl.lit(float(min_noemer)), pl.col("shown_sum").fill_null(0)))
    )
    known = ~klein & exact.is_not_null() & (exact > 0)
    share = (
        pl.when(known & pl.col("oud_shown").fill_null(False))
        .then(pl.col("oud") / exact)
        # The 85-plussers as the published size minus the published 75-79 and 80-84: a sum
        # the release shows anyway (the classes add up to the rate noemer).
        .when(known & pl.col("jong_shown").fill_null(False))
        .then((exact - pl.col("jong")) / exact)
        .otherwise(None)
    )
    # An area known to have no inhabitants 75+ (every class published, summing to 0).
    empty = ~klein & (exact == 0)
    return (
        joined.with_columns(size.alias("inwoners_75plus"), share.alias("aandeel_85plus"))
        .filter(~empty.fill_null(False))
        .select(columns)
    )


def area_characteristics(kenmerken: pl.DataFrame, wijken: pl.DataFrame) -> pl.DataFrame:
    """area_level, area_code, stedelijkheid, ses_score of every wijk and gemeente (a
    gemeente: the mean over its wijken that have the figure) from the ``gebied_kenmerken``
    and ``wijken`` marts."""
    wijk = wijken.select("wijk_code", "gemeente_code").join(kenmerken, on="wijk_code", how="left")
    values = [pl.col("stedelijkheid").cast(pl.Float64), pl.col("ses_score").cast(pl.Float64)]
    return pl.concat(
        [
            wijk.select(
                pl.lit("wijk").alias("area_level"), pl.col("wijk_code").alias("area_code"), *values
            ),
            wijk.group_by("gemeente_code")
            .agg(
                pl.col("stedelijkheid").cast(pl.Float64).mean(),
                pl.col("ses_score").cast(pl.Float64).mean(),
            )
            .select(
                pl.lit("gemeente").alias("area_level"),
                pl.col("gemeente_code").alias("area_code"),
                *values,
            ),
        ]
    )


def similar_areas(features: pl.DataFrame, *, top: int = TOP) -> pl.DataFrame:
    """``vergelijkbare_gebieden``: one row per area × rank (1 = most similar): area_level,
    area_code, rank, similar_code, kenmerken (the characteristics the area was compared on,
    comma-separated). ``features``: area_level, area_code and the FEATURES (NULL: unknown).
    Equal distances are ranked by area code."""
    parts = [_level_ranking(features, level, top) for level in LEVELS]
    return pl.concat(parts).sort("area_level", "area_code", "rank")


def _level_ranking(features: pl.DataFrame, level: str, top: int) -> pl.DataFrame:
    frame = features.filter(pl.col("area_level") == level).sort("area_code")
    z, used = _standardised(frame)
    codes = frame["area_code"].to_numpy()
    n = len(codes)
    levels, areas, ranks, similar, kenmerken = [], [], [], [], []
    own = [",".join(f for f, known in zip(used, ~np.isnan(row), strict=True) if known) for row in z]
    # Blocks of rows keep memory at BLOCK × n per characteristic at national scale.
    for start in range(0, n if used else 0, _BLOCK):
        block = z[start : start + _BLOCK]
        squares = np.zeros((len(block), n))
        counts = np.zeros((len(block), n))
        for f in range(len(used)):
            diff = block[:, f, None] - z[None, :, f]
            known = ~np.isnan(diff)
            squares += np.where(known, diff, 0.0) ** 2
            counts += known
        with np.errstate(invalid="ignore", divide="ignore"):
            distance = np.sqrt(squares / counts)
        distance[counts == 0] = np.inf
        distance[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
        # Codes are sorted, so a stable sort on distance ranks equal distances by code.
        order = np.argsort(distance, axis=1, kind="stable")[:, :top]
        for i, row in enumerate(order):
            chosen = [j for j in row if np.isfinite(distance[i, j])]
            levels += [level] * len(chosen)
            areas += [codes[start + i]] * len(chosen)
            ranks += list(range(1, len(chosen) + 1))
            similar += [codes[j] for j in chosen]
            kenmerken += [own[start + i]] * len(chosen)
    return pl.DataFrame(
        {
            "area_level": levels,
            "area_code": areas,
            "rank": ranks,
            "similar_code": similar,
            "kenmerken": kenmerken,
        },
        schema={
            "area_level": pl.String,
            "area_code": pl.String,
            "rank": pl.Int64,
            "similar_code": pl.String,
            "kenmerken": pl.String,
        },
    )


_BLOCK = 512


def _standardised(frame: pl.DataFrame) -> tuple[np.ndarray, list[str]]:
    """The level's characteristics as z-scores (size as its logarithm; NaN: unknown), one row
    per area, and their names; a characteristic fewer than two areas have, or that does not
    vary, is left out."""
    used, columns = [], []
    for name in FEATURES:
        column = frame[name].cast(pl.Float64).to_numpy().astype(float)
        if name == "inwoners_75plus":
            column = np.log(column)
        known = column[~np.isnan(column)]
        if len(known) < 2 or not known.std(ddof=1) > 0:
            continue
        used.append(name)
        columns.append((column - known.mean()) / known.std(ddof=1))
    if not columns:
        return np.empty((frame.height, 0)), used
    return np.column_stack(columns), used
