"""The fictional geography of "Regio Synthetica" and its population on 1 January.

Gemeente codes run GM9901–GM9999, then GM9801–GM9899 and so on: CBS has never issued codes
above GM2000, so no synthetic wijk can be mistaken for a real one.
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
    "Schijn",
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
_BLOK = 3  # a gemeente is a block of 3 × 3 wijk squares on the map


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

    Refuses (ValueError) beyond the 891 codes GM9101–GM9999 without a 00 ending.
    """
    block, offset = divmod(index, 99)
    if block > 8:
        raise ValueError(f"hoogstens 891 synthetische gemeenten; gevraagd: nummer {index + 1}")
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


def build_region(scale: float, rng: np.random.Generator) -> Region:
    """Return the region for a scale (1 ≈ 30 wijken and 25,000 inhabitants 75+).

    Refuses (ValueError) a scale ≤ 0 or one that needs more gemeente codes than exist.
    """
    if not scale > 0:
        raise ValueError(f"schaal moet groter dan 0 zijn, niet {scale}")
    n_gemeenten = max(1, round(cal.GEMEENTEN_PER_SCALE * scale))
    low, high = cal.WIJKEN_PER_GEMEENTE
    wijken_per_gemeente = rng.integers(low, high + 1, size=n_gemeenten)
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


def _wijken_frame(wijken_per_gemeente: np.ndarray) -> pl.DataFrame:
    """Return one row per wijk with codes, names and grid position (no effects yet)."""
    per_rij = math.ceil(math.sqrt(len(wijken_per_gemeente)))
    rows = []
    for g, count in enumerate(wijken_per_gemeente.tolist()):
        code = gemeente_code(g)
        resv = g // cal.GEMEENTEN_PER_RESV
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
                    "kolom": (g % per_rij) * _BLOK + j % _BLOK,
                    "rij": (g // per_rij) * _BLOK + j // _BLOK,
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
    probs /= probs.sum()
    counts_75 = rng.multinomial(units_75.ravel(), probs) * step
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
