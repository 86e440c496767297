"""The fictional geography of "Regio Synthetica" and its population on 1 January.

Gemeente codes run GM9901–GM9999, then GM9801–GM9899 and so on down to GM2001: CBS has never
issued codes above GM2000, so no synthetic wijk can be mistaken for a real one.

Scale 1 is the sample region (4 gemeenten of 5–9 wijken); above it the region grows towards the
national picture (342 gemeenten, ~3,300 wijken at scale 70) with a few large cities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.contract import GESLACHTEN, LEEFTIJDSKLASSEN, LEEFTIJDSKLASSEN_75PLUS
from pipelines.synth import calibration as cal

REGIO_NAAM = "Regio Synthetica"
_GEMEENTE_VOOR = (
    "Synth", "Ficti", "Model", "Proef", "Schets", "Denk", "Droom", "Verzin", "Bedenk", "Kladd",
    "Simul", "Nabootsh", "Voorbeeld", "Oefen", "Ontwerp", "Papier", "Rekens", "Toeval", "Gok",
    "Schijn", "Nep", "Fabel", "Mythe", "Sprook", "Raad",
)  # fmt: skip
_GEMEENTE_ACHTER = (
    "dam", "veen", "rade", "woude", "horst", "broek", "dijk", "hoven", "wijk", "stein", "meer",
    "zijl", "loo", "hem", "dorp",
)  # fmt: skip
_WIJK_NAMEN = (
    "Centrum", "Noord", "Oost", "Zuid", "West", "De Hoven", "Buitengebied", "Het Veld",
    "Molenkwartier",
)  # fmt: skip
_WINDSTREKEN = ("Noord", "Zuid", "Oost", "West", "Midden", "Noordoost", "Zuidwest", "Kust")
_BLOK = 3  # a gemeente is a block of at least 3 × 3 wijk squares on the map
_LAAGSTE_CODEBLOK = 79  # GM2001–GM2099: the lowest block of gemeente codes


@dataclass(frozen=True)
class Region:
    """The synthetic region: one row per wijk with its place and effects, and its population.

    ``wijken`` columns: wijk_idx, wijk_code, wijk_naam, gemeente_idx, gemeente_code,
    gemeente_naam, resv_idx, resv_code, resv_naam, klein, kolom, rij, effect_so,
    effect_opname, wachttijd_mediaan, koppel_neiging.
    ``bevolking`` columns: wijk_idx, jaar, leeftijdsklasse, geslacht, inwoners.
    """

    wijken: pl.DataFrame
    bevolking: pl.DataFrame


def gemeente_code(index: int) -> str:
    """Return the code of the index-th synthetic gemeente (GM9901, GM9902, …, GM9999, GM9801, …).

    Refuses (ValueError) beyond the 7,920 codes GM2001–GM9999 without a 00 ending.
    """
    block, offset = divmod(index, 99)
    if block > _LAAGSTE_CODEBLOK:
        most = 99 * (_LAAGSTE_CODEBLOK + 1)
        raise ValueError(f"hoogstens {most} synthetische gemeenten; gevraagd: nummer {index + 1}")
    return f"GM{9901 - 100 * block + offset}"


def gemeente_naam(index: int) -> str:
    """Return a fictional Dutch-sounding name, unique per index."""
    combos = len(_GEMEENTE_VOOR) * len(_GEMEENTE_ACHTER)
    rest, number = divmod(index, combos)
    voor, achter = divmod(number, len(_GEMEENTE_ACHTER))
    name = _GEMEENTE_VOOR[voor] + _GEMEENTE_ACHTER[achter]
    return name if rest == 0 else f"{name} {rest + 1}"


def resv_naam(index: int) -> str:
    """Return the name of the index-th RESV of the synthetic region."""
    if index < len(_WINDSTREKEN):
        return f"Synthetica {_WINDSTREKEN[index]}"
    return f"Synthetica {index + 1}"


def aantal_gemeenten(scale: float) -> int:
    """Return the number of gemeenten at a scale: 4 per unit up to scale 1, then linearly up to
    GEMEENTEN_NATIONAAL at NATIONALE_SCHAAL (and on at the same rate)."""
    per_scale_above_1 = (cal.GEMEENTEN_NATIONAAL - cal.GEMEENTEN_PER_SCALE) / (
        cal.NATIONALE_SCHAAL - 1
    )
    count = cal.GEMEENTEN_PER_SCALE * min(scale, 1) + per_scale_above_1 * max(scale - 1, 0)
    return max(1, round(count))


def aantal_extra_wijken(scale: float) -> int:
    """Return the wijken added to the cities at a scale: none up to scale 1, then linearly up to
    what WIJKEN_NATIONAAL needs at NATIONALE_SCHAAL beyond the 5–9 of every gemeente."""
    low, high = cal.WIJKEN_PER_GEMEENTE
    national = cal.WIJKEN_NATIONAAL - cal.GEMEENTEN_NATIONAAL * (low + high) / 2
    return round(national * max(scale - 1, 0) / (cal.NATIONALE_SCHAAL - 1))


def build_region(scale: float, rng: np.random.Generator, seed: int) -> Region:
    """Return the region for a scale (1 ≈ 30 wijken and 25,000 inhabitants 75+; 70 ≈ 3,300
    wijken in 342 gemeenten). Extra wijken are drawn from their own stream of ``seed``, so the
    draws from ``rng`` are those of a region without them.

    Refuses (ValueError) a scale ≤ 0 or one that needs more gemeente codes than exist.
    """
    if not scale > 0:
        raise ValueError(f"schaal moet groter dan 0 zijn, niet {scale}")
    low, high = cal.WIJKEN_PER_GEMEENTE
    wijken_per_gemeente = rng.integers(low, high + 1, size=aantal_gemeenten(scale))
    wijken_per_gemeente += _steden(
        wijken_per_gemeente, aantal_extra_wijken(scale), np.random.default_rng([seed, 2])
    )
    wijken = _wijken_frame(wijken_per_gemeente)
    n = wijken.height

    klein = _choose_small_wijken(wijken, rng)
    effects = {
        "klein": klein,
        "effect_so": rng.lognormal(0.0, cal.WIJK_SPREIDING_SO, n),
        "effect_opname": rng.lognormal(0.0, cal.WIJK_SPREIDING_OPNAME, n),
        "wachttijd_mediaan": rng.uniform(*cal.WACHTTIJD_MEDIAAN_DAGEN, n),
        "koppel_neiging": rng.standard_normal(n),
    }
    wijken = wijken.with_columns(pl.Series(k, v) for k, v in effects.items())
    bevolking = _bevolking(klein, scale, rng)
    return Region(wijken=wijken, bevolking=bevolking)


def area_characteristics(wijken: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Return wijk_idx, stedelijkheid (CBS 1–5) and ses_score (SES-WOA mean) of every wijk,
    the same in every year, drawn from ``rng`` alone (a stream of its own, so no other column
    of the delivery changes with it). A gemeente of many wijken is a town: its wijken are
    more urban than those of a village; the SES-WOA means lie in the range CBS
    publishes for wijken (about −0,8 … +0,7), a little lower in more urban wijken."""
    per_gemeente = wijken.group_by("gemeente_idx").agg(pl.len().alias("_n"))
    n = wijken.join(per_gemeente, on="gemeente_idx").sort("wijk_idx")["_n"].to_numpy()
    low, high = cal.WIJKEN_PER_GEMEENTE
    centre = np.interp(n, [low, high, 4 * high], [4.2, 2.8, 1.5])
    stedelijkheid = np.clip(np.rint(centre + rng.normal(0.0, 0.8, len(n))), 1, 5).astype(np.int64)
    ses = rng.normal(0.12 - 0.06 * (3 - stedelijkheid), 0.25)
    return pl.DataFrame(
        {
            "wijk_idx": wijken.sort("wijk_idx")["wijk_idx"],
            "stedelijkheid": stedelijkheid,
            "ses_score": np.round(np.clip(ses, -0.8, 0.7), 3),
        }
    )


def _steden(wijken_per_gemeente: np.ndarray, extra: int, rng: np.random.Generator) -> np.ndarray:
    """Return the extra wijken of each gemeente: ``extra`` in all, by a random rank r with
    weight 1 / r ** STAD_EXPONENT, none beyond MAX_WIJKEN_PER_GEMEENTE (what does not fit is
    spread over the next ranks)."""
    n = len(wijken_per_gemeente)
    order = rng.permutation(n)  # order[r] is the gemeente of rank r + 1
    weight = 1.0 / np.arange(1, n + 1) ** cal.STAD_EXPONENT
    room = cal.MAX_WIJKEN_PER_GEMEENTE - wijken_per_gemeente[order]
    given = np.zeros(n, dtype=np.int64)
    remaining = min(extra, int(room.sum()))
    while remaining > 0:
        open_ = given < room
        share = np.floor(remaining * weight * open_ / weight[open_].sum()).astype(np.int64)
        if share.sum() == 0:  # fewer left than open ranks can share: one each, highest first
            share[np.flatnonzero(open_)[:remaining]] = 1
        share = np.minimum(share, room - given)
        given += share
        remaining -= int(share.sum())
    result = np.zeros(n, dtype=np.int64)
    result[order] = given
    return result


def _blokken(wijken_per_gemeente: np.ndarray) -> tuple[list[int], list[tuple[int, int]]]:
    """Return each gemeente's block width on the map and its top-left square (kolom, rij).

    A block is at least 3 × 3 squares, about twice as wide as tall for a city. Blocks are laid
    left to right in rows about as wide as the map is tall, RESV by RESV (the gemeenten of a
    RESV side by side), RESVs with the tallest blocks first so a row wastes little space.
    With 3 × 3 blocks only (up to scale 1) that is simply code order.
    """
    counts = wijken_per_gemeente.tolist()
    heights = [max(_BLOK, math.isqrt(c // 2)) for c in counts]
    widths = [max(_BLOK, -(-c // h)) for c, h in zip(counts, heights, strict=True)]
    area = sum(w * h for w, h in zip(widths, heights, strict=True))
    row_width = _BLOK * math.ceil(math.sqrt(area / _BLOK**2))
    per_resv = cal.GEMEENTEN_PER_RESV
    resv_height: dict[int, int] = {}
    for g, height in enumerate(heights):
        resv_height[g // per_resv] = max(resv_height.get(g // per_resv, 0), height)
    order = sorted(range(len(counts)), key=lambda g: -resv_height[g // per_resv])  # stable
    corners = [(0, 0)] * len(counts)
    kolom = rij = row_height = 0
    for g in order:
        if kolom > 0 and kolom + widths[g] > row_width:
            kolom, rij, row_height = 0, rij + row_height, 0
        corners[g] = (kolom, rij)
        kolom += widths[g]
        row_height = max(row_height, heights[g])
    return widths, corners


def _wijken_frame(wijken_per_gemeente: np.ndarray) -> pl.DataFrame:
    """Return one row per wijk with codes, names and grid position (no effects yet)."""
    widths, corners = _blokken(wijken_per_gemeente)
    rows = []
    for g, count in enumerate(wijken_per_gemeente.tolist()):
        code = gemeente_code(g)
        resv = g // cal.GEMEENTEN_PER_RESV
        width, (kolom, rij) = widths[g], corners[g]
        for j in range(count):
            rows.append(
                {
                    "wijk_code": f"WK{code[2:]}{j:02d}",
                    "wijk_naam": f"Wijk {j:02d} {_WIJK_NAMEN[j % len(_WIJK_NAMEN)]}",
                    "gemeente_idx": g,
                    "gemeente_code": code,
                    "gemeente_naam": gemeente_naam(g),
                    "resv_idx": resv,
                    "resv_code": f"RESV{resv + 1:02d}",
                    "resv_naam": resv_naam(resv),
                    "kolom": kolom + j % width,
                    "rij": rij + j // width,
                }
            )
    return (
        pl.DataFrame(rows)
        .with_row_index("wijk_idx")
        .with_columns(pl.col("wijk_idx").cast(pl.Int64))
    )


def _choose_small_wijken(wijken: pl.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Return a boolean per wijk: small (75+ of 15–45). The first wijk of a gemeente never is,
    so every gemeente keeps a wijk with GP practices."""
    first = wijken["wijk_code"].str.ends_with("00").to_numpy()
    eligible = np.flatnonzero(~first)
    n_small = min(len(eligible), round(cal.AANDEEL_KLEINE_WIJKEN * wijken.height))
    klein = np.zeros(wijken.height, dtype=bool)
    klein[rng.choice(eligible, size=n_small, replace=False)] = True
    return klein


def _bevolking(klein: np.ndarray, scale: float, rng: np.random.Generator) -> pl.DataFrame:
    """Return inhabitants per wijk × jaar × leeftijdsklasse × geslacht, multiples of 5."""
    n = len(klein)
    step = cal.CBS_AFRONDING
    small_low, small_high = cal.KLEINE_WIJK_75PLUS
    base = rng.lognormal(0.0, cal.WIJK_GROOTTE_SIGMA, n)
    small_base = rng.integers(small_low // step + 1, small_high // step, size=n) * step
    target_normal = cal.INWONERS_75PLUS_PER_SCALE * scale - small_base[klein].sum()
    base = np.where(klein, small_base, base / base[~klein].sum() * max(target_normal, 0))
    base = np.where(klein, base, np.maximum(base, 100.0))
    groei = rng.normal(*cal.GROEI_75PLUS, n)
    verhouding = np.clip(rng.normal(*cal.VERHOUDING_65_74, n), 0.5, 2.5)
    vergrijzing = rng.normal(0.0, cal.VERGRIJZING_SIGMA, n)

    years = np.array(cal.YEARS)
    totaal = base[:, None] * (1 + groei[:, None]) ** (years[None, :] - cal.BASE_YEAR)
    totaal = np.where(klein[:, None], np.clip(totaal, small_low, small_high), totaal)
    units_75 = np.rint(totaal / step).astype(np.int64)
    units_65 = np.rint(totaal * verhouding[:, None] / step).astype(np.int64)

    # Cells of 75+: age × sex, shares from CBS; drawn in units of 5 so the sum stays exact.
    cell_age = [a for a in LEEFTIJDSKLASSEN_75PLUS for _ in GESLACHTEN]
    cell_sex = [s for _ in LEEFTIJDSKLASSEN_75PLUS for s in GESLACHTEN]
    probs = np.array(
        [
            cal.AANDEEL_LEEFTIJD_75PLUS[a]
            * (cal.AANDEEL_VROUW[a] if s == "V" else 1 - cal.AANDEEL_VROUW[a])
            for a, s in zip(cell_age, cell_sex, strict=True)
        ]
    )
    # Each wijk's own age mix: older bands weigh more where θ > 0 (cal.VERGRIJZING_SIGMA).
    band = np.array([LEEFTIJDSKLASSEN_75PLUS.index(a) for a in cell_age])
    probs = probs[None, :] * np.exp(vergrijzing[:, None] * band[None, :])
    probs /= probs.sum(axis=1, keepdims=True)
    per_cell = np.repeat(probs, len(years), axis=0)  # wijk-major, as units_75.ravel()
    counts_75 = rng.multinomial(units_75.ravel(), per_cell) * step
    vrouw_65 = rng.binomial(units_65.ravel(), cal.AANDEEL_VROUW["65-74"]) * step
    counts_65 = np.stack([units_65.ravel() * step - vrouw_65, vrouw_65], axis=1)

    counts = np.concatenate([counts_65, counts_75], axis=1)  # columns in contract order
    ages = ["65-74", "65-74", *cell_age]
    sexes = [*GESLACHTEN, *cell_sex]
    assert ages[::2] == list(LEEFTIJDSKLASSEN)
    wijk_idx = np.repeat(np.arange(n), len(years))
    jaar = np.tile(years, n)
    return pl.DataFrame(
        {
            "wijk_idx": np.repeat(wijk_idx, len(ages)),
            "jaar": np.repeat(jaar, len(ages)),
            "leeftijdsklasse": np.tile(ages, len(wijk_idx)),
            "geslacht": np.tile(sexes, len(wijk_idx)),
            "inwoners": counts.ravel(),
        }
    ).with_columns(pl.col("wijk_idx", "jaar", "inwoners").cast(pl.Int64))
