"""GP practices of the synthetic region: where they are and which wijken list at them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.sparse import csr_matrix

from pipelines.contract import LEEFTIJDSKLASSEN_75PLUS
from pipelines.synth import calibration as cal
from pipelines.synth.pseudonyms import make_pseudonyms
from pipelines.synth.region import Region


@dataclass(frozen=True)
class Praktijken:
    """The practices of a region.

    ``praktijken``: praktijk_idx, praktijk_id, wijk_idx, gemeente_idx.
    ``inschrijving``: wijk_idx, praktijk_idx, aandeel — the share of a wijk's inhabitants
    listed at a practice (the shares of one wijk sum to 1).
    ``ingeschreven``: jaar, praktijk_idx, ingeschreven_75plus.
    """

    praktijken: pl.DataFrame
    inschrijving: pl.DataFrame
    ingeschreven: pl.DataFrame


def build_praktijken(region: Region, seed: int, rng: np.random.Generator) -> Praktijken:
    """Return the practices: 1 + Poisson(75+ / 350) in every wijk that is not small."""
    wijken = region.wijken
    pop_base = _inwoners_75plus(region, cal.BASE_YEAR)
    klein = wijken["klein"].to_numpy()
    aantal = np.where(klein, 0, 1 + rng.poisson(pop_base / cal.INGESCHREVEN_PER_PRAKTIJK))
    wijk_of_praktijk = np.repeat(np.arange(wijken.height), aantal)
    gemeente = wijken["gemeente_idx"].to_numpy()[wijk_of_praktijk]
    gewicht = rng.gamma(2.0, 1.0, size=len(wijk_of_praktijk))
    praktijken = pl.DataFrame(
        {
            "praktijk_idx": np.arange(len(wijk_of_praktijk), dtype=np.int64),
            "praktijk_id": make_pseudonyms("praktijk", np.arange(len(wijk_of_praktijk)), seed),
            "wijk_idx": wijk_of_praktijk.astype(np.int64),
            "gemeente_idx": gemeente.astype(np.int64),
        }
    )
    inschrijving = _inschrijving(wijken, praktijken, gewicht)
    ingeschreven = _ingeschreven(
        region, inschrijving, rng.normal(1.0, cal.INSCHRIJVING_RUIS, len(gewicht))
    )
    return Praktijken(praktijken, inschrijving, ingeschreven)


def _inwoners_75plus(region: Region, jaar: int) -> np.ndarray:
    """Return the inhabitants 75+ per wijk (in wijk_idx order) in one year."""
    totals = (
        region.bevolking.filter(
            pl.col("jaar") == jaar, pl.col("leeftijdsklasse").is_in(LEEFTIJDSKLASSEN_75PLUS)
        )
        .group_by("wijk_idx")
        .agg(pl.col("inwoners").sum())
        .sort("wijk_idx")
    )
    return totals["inwoners"].to_numpy().astype(float)


def _inschrijving(
    wijken: pl.DataFrame, praktijken: pl.DataFrame, gewicht: np.ndarray
) -> pl.DataFrame:
    """Return wijk × practice listing shares: own practices get 1 − AANDEEL_PRAKTIJK_ELDERS,
    the other practices of the gemeente the rest (all of it for a wijk without a practice)."""
    p = praktijken.with_columns(pl.Series("gewicht", gewicht))
    pairs = wijken.select("wijk_idx", "gemeente_idx").join(
        p.select(
            "praktijk_idx", "gemeente_idx", "gewicht", pl.col("wijk_idx").alias("praktijk_wijk")
        ),
        on="gemeente_idx",
    )
    pairs = pairs.with_columns((pl.col("praktijk_wijk") == pl.col("wijk_idx")).alias("eigen"))
    pairs = pairs.with_columns(
        pl.col("gewicht").sum().over("wijk_idx", "eigen").alias("groep_gewicht"),
        pl.col("eigen").any().over("wijk_idx").alias("heeft_eigen"),
        (~pl.col("eigen")).any().over("wijk_idx").alias("heeft_andere"),
    )
    elders = cal.AANDEEL_PRAKTIJK_ELDERS
    groep_aandeel = (
        pl.when(~pl.col("heeft_eigen") | ~pl.col("heeft_andere"))
        .then(1.0)
        .when(pl.col("eigen"))
        .then(1.0 - elders)
        .otherwise(elders)
    )
    return pairs.select(
        "wijk_idx",
        "praktijk_idx",
        (groep_aandeel * pl.col("gewicht") / pl.col("groep_gewicht")).alias("aandeel"),
    ).sort("wijk_idx", "praktijk_idx")


def _ingeschreven(region: Region, inschrijving: pl.DataFrame, factor: np.ndarray) -> pl.DataFrame:
    """Return listed patients 75+ per practice and year: the wijk populations times the shares.

    The sum over wijken is a sparse (practice × wijk) by dense (wijk × year) product, so no
    practice × wijk × year table is ever built (that was most of the generator's memory).
    """
    years = list(cal.YEARS)
    pop = (
        region.bevolking.filter(pl.col("leeftijdsklasse").is_in(LEEFTIJDSKLASSEN_75PLUS))
        .group_by("wijk_idx", "jaar")
        .agg(pl.col("inwoners").sum())
    )
    per_wijk = np.zeros((region.wijken.height, len(years)))
    per_wijk[pop["wijk_idx"].to_numpy(), pop["jaar"].to_numpy() - years[0]] = pop["inwoners"]
    shares = csr_matrix(
        (
            inschrijving["aandeel"].to_numpy(),
            (inschrijving["praktijk_idx"].to_numpy(), inschrijving["wijk_idx"].to_numpy()),
        ),
        shape=(len(factor), region.wijken.height),
    )
    verwacht = shares @ per_wijk  # practice × year
    return (
        pl.DataFrame(
            {
                "jaar": np.repeat(np.array(years, dtype=np.int64)[None, :], len(factor), 0).ravel(),
                "praktijk_idx": np.repeat(np.arange(len(factor), dtype=np.int64), len(years)),
                "verwacht": (verwacht * factor[:, None]).ravel(),
            }
        )
        .select(
            "jaar",
            "praktijk_idx",
            pl.col("verwacht").round().cast(pl.Int64).clip(0).alias("ingeschreven_75plus"),
        )
        .sort("jaar", "praktijk_idx")
    )
