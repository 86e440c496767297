"""Drawing persons from the population cells of one gemeente.

The generator works one gemeente at a time (bounded memory at any scale): a ``Gemeente`` holds
its population cells, its wijken's effects and the shares with which its wijken list at GP
practices. Every person drawn keeps one wijk, practice, age band and sex.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.synth import calibration as cal
from pipelines.synth.dates import day_number
from pipelines.synth.praktijken import Praktijken
from pipelines.synth.region import Region


@dataclass(frozen=True)
class Gemeente:
    """One gemeente's inputs for drawing persons.

    ``cellen``: one row per wijk × jaar × leeftijdsklasse × geslacht with inwoners > 0 and the
    wijk's effects (effect_so, effect_opname, wachttijd_mediaan) and gemeente_idx.
    ``inschrijving``: wijk_idx, praktijk_idx, aandeel of its wijken, sorted by wijk.
    """

    gemeente_idx: int
    cellen: pl.DataFrame
    inschrijving: pl.DataFrame

    def sample_praktijk(self, wijk_idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Return a practice per person, drawn with the listing shares of the person's wijk."""
        ins = self.inschrijving
        wijken, first = np.unique(ins["wijk_idx"].to_numpy(), return_index=True)
        rank = np.searchsorted(wijken, ins["wijk_idx"].to_numpy())
        cum = ins.select(pl.col("aandeel").cum_sum().over("wijk_idx"))["aandeel"].to_numpy()
        keys = rank + np.minimum(cum, 1.0)
        keys[np.r_[first[1:] - 1, len(keys) - 1]] = rank[np.r_[first[1:] - 1, len(keys) - 1]] + 1.0
        person_rank = np.searchsorted(wijken, wijk_idx)
        pos = np.searchsorted(keys, person_rank + rng.random(len(wijk_idx)), side="right")
        return ins["praktijk_idx"].to_numpy()[pos]


def gemeenten(region: Region, praktijken: Praktijken):
    """Yield a ``Gemeente`` for every gemeente of the region, in code order."""
    wijk_effects = region.wijken.select(
        "wijk_idx", "gemeente_idx", "effect_so", "effect_opname", "wachttijd_mediaan"
    )
    cellen = region.bevolking.filter(pl.col("inwoners") > 0).join(wijk_effects, on="wijk_idx")
    ins = praktijken.inschrijving.join(
        wijk_effects.select("wijk_idx", "gemeente_idx"), on="wijk_idx"
    )
    for g in range(int(region.wijken["gemeente_idx"].max()) + 1):
        yield Gemeente(
            gemeente_idx=g,
            cellen=cellen.filter(pl.col("gemeente_idx") == g).sort(
                "wijk_idx", "jaar", "leeftijdsklasse", "geslacht"
            ),
            inschrijving=ins.filter(pl.col("gemeente_idx") == g)
            .drop("gemeente_idx")
            .sort("wijk_idx", "praktijk_idx"),
        )


def year_fraction(jaar: np.ndarray) -> np.ndarray:
    """Return the share of each year that lies inside the data period (1, or less in 2026)."""
    start = np.array([day_number(cal.DATA_START.replace(year=int(y))) for y in jaar])
    end = np.array([day_number(cal.DATA_START.replace(year=int(y) + 1)) for y in jaar])
    stop = np.minimum(end, day_number(cal.DATA_END) + 1)
    return (stop - start) / (end - start)


def draw_persons(
    cellen: pl.DataFrame, expected: np.ndarray, rng: np.random.Generator
) -> pl.DataFrame:
    """Return Poisson(expected) persons per cell with a uniform day in the cell's year (within
    the data period): the cell's columns plus ``dag`` (day number)."""
    counts = rng.poisson(expected)
    persons = cellen.select(
        "wijk_idx", "gemeente_idx", "jaar", "leeftijdsklasse", "geslacht", "effect_opname",
        "wachttijd_mediaan",
    ).gather(np.repeat(np.arange(cellen.height), counts))  # fmt: skip
    jaar = persons["jaar"].to_numpy()
    uniq, inverse = np.unique(jaar, return_inverse=True)
    start = np.array([day_number(cal.DATA_START.replace(year=int(y))) for y in uniq])
    end = np.minimum(
        np.array([day_number(cal.DATA_START.replace(year=int(y) + 1)) for y in uniq]),
        day_number(cal.DATA_END) + 1,
    )
    length = (end - start)[inverse] if len(jaar) else np.zeros(0, dtype=np.int64)
    dag = (start[inverse] if len(jaar) else length) + (rng.random(len(jaar)) * length).astype(
        np.int64
    )
    return persons.with_columns(pl.Series("dag", dag, dtype=pl.Int64))


def choose(mix: dict[str, float], size: int, rng: np.random.Generator) -> np.ndarray:
    """Return `size` codes drawn with the probabilities of a calibration mix."""
    codes = np.array(list(mix))
    p = np.array(list(mix.values()), dtype=float)
    return codes[rng.choice(len(codes), size=size, p=p / p.sum())]


def age_factor(factors: dict[str, float], leeftijdsklasse: np.ndarray) -> np.ndarray:
    """Return a per-age-band factor normalised so its mean over the 75+ age distribution is 1
    (so the overall 75+ rate equals the calibrated rate); 0 for 65–74."""
    norm = sum(cal.AANDEEL_LEEFTIJD_75PLUS[a] * f for a, f in factors.items())
    lookup = {a: f / norm for a, f in factors.items()}
    return np.array([lookup.get(a, 0.0) for a in leeftijdsklasse])
