"""Admissions (Wlz nursing home, ELV, GRZ) of one gemeente, and the SO episodes before them.

The story of the dashboard lives here: a client whose practice has an active koppel on the day
of a Wlz admission more often had an SO involved in the year before, and both a koppel and an
involved SO make a crisis admission less likely.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.contract import ELV_TYPES
from pipelines.synth import calibration as cal
from pipelines.synth.clients import Gemeente, age_factor, choose, draw_persons, year_fraction
from pipelines.synth.dates import day_number
from pipelines.synth.koppels import Koppels

_DATA_START = day_number(cal.DATA_START)
_DATA_END = day_number(cal.DATA_END)
#: Columns of an admission before pseudonyms and ids are added.
_COLUMNS = (
    "client_idx", "opnamedatum", "ontslagdatum", "wijk_idx", "leeftijdsklasse", "geslacht",
    "opname_type", "crisis", "zorgprofiel", "herkomst", "indicatiedatum", "praktijk_idx",
)  # fmt: skip


@dataclass(frozen=True)
class Opnames:
    """Admissions of a gemeente (``rows``, columns _COLUMNS, dates as day numbers) and the SO
    episodes they imply (``so_episodes``: client_idx, wijk_idx, gemeente_idx, praktijk_idx,
    leeftijdsklasse, geslacht, eerste_dag, laatste_dag)."""

    rows: pl.DataFrame
    so_episodes: pl.DataFrame
    aantal_clienten: int


def _chained_rate(herkomst: str) -> float:
    """Return the expected ELV or GRZ admissions per 1,000 75+ that precede a Wlz admission
    (herkomst ELV/GRZ), so the stand-alone rate can be lowered to keep the calibrated total."""
    wlz = sum(cal.AANDEEL_LEEFTIJD_75PLUS[a] * r for a, r in cal.WLZ_PER_1000.items())
    crisis = 0.15  # rough mean crisis share; crisis admissions never come from ELV/GRZ
    return wlz * (1 - crisis) * cal.HERKOMST_MIX["WLZ"][herkomst]


def generate_opnames(
    gemeente: Gemeente,
    koppels: Koppels,
    first_client: int,
    rng: np.random.Generator,
    praktijk_rng: np.random.Generator,
) -> Opnames:
    """Return the admissions of one gemeente; client numbers start at ``first_client``.

    A Wlz admission (and the ELV or GRZ stay before it) carries the practice its koppel effect
    was drawn with; a stand-alone ELV or GRZ admission gets one drawn from ``praktijk_rng``
    (its own stream, so the columns drawn before ``praktijk_id`` existed are unchanged)."""
    cellen = gemeente.cellen
    age = cellen["leeftijdsklasse"].to_numpy()
    is_65 = age == "65-74"
    base = (
        cellen["inwoners"].to_numpy()
        * cellen["effect_opname"].to_numpy()
        * year_fraction(cellen["jaar"].to_numpy())
        / 1000
    )
    wlz_rate = np.where(is_65, cal.OPNAMES_65_74_PER_1000["WLZ_VERBLIJF"], 0.0) + np.array(
        [cal.WLZ_PER_1000.get(a, 0.0) for a in age]
    )
    elv_rate = np.where(
        is_65,
        cal.OPNAMES_65_74_PER_1000["ELV"],
        (cal.ELV_PER_1000_75PLUS - _chained_rate("ELV")) * age_factor(cal.LEEFTIJD_FACTOR_ELV, age),
    )
    grz_rate = np.where(
        is_65,
        cal.OPNAMES_65_74_PER_1000["GRZ"],
        (cal.GRZ_PER_1000_75PLUS - _chained_rate("GRZ")) * age_factor(cal.LEEFTIJD_FACTOR_GRZ, age),
    )

    wlz = draw_persons(cellen, base * wlz_rate, rng)
    elv = draw_persons(cellen, base * elv_rate, rng)
    grz = draw_persons(cellen, base * grz_rate, rng)
    n_wlz, n_elv, n_grz = wlz.height, elv.height, grz.height
    client = first_client + np.arange(n_wlz + n_elv + n_grz)

    wlz_rows, episodes, voorgaand = _wlz(wlz, client[:n_wlz], gemeente, koppels, rng)
    elv_rows = _kort(
        elv, client[n_wlz : n_wlz + n_elv], choose(cal.ELV_MIX, n_elv, rng), "ELV", rng
    )
    grz_rows = _kort(grz, client[n_wlz + n_elv :], np.full(n_grz, "GRZ"), "GRZ", rng)
    rows = pl.concat([wlz_rows, voorgaand, elv_rows, grz_rows], how="vertical")
    ontbreekt = rows["praktijk_idx"].to_numpy() < 0
    praktijk = rows["praktijk_idx"].to_numpy().copy()
    praktijk[ontbreekt] = gemeente.sample_praktijk(
        rows["wijk_idx"].to_numpy()[ontbreekt], praktijk_rng
    )
    rows = rows.with_columns(pl.Series("praktijk_idx", praktijk, dtype=pl.Int64))
    rows = rows.filter(pl.col("opnamedatum") >= _DATA_START)
    return Opnames(rows=rows, so_episodes=episodes, aantal_clienten=len(client))


def _wlz(
    persons: pl.DataFrame,
    client: np.ndarray,
    gemeente: Gemeente,
    koppels: Koppels,
    rng: np.random.Generator,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Return Wlz admissions, the SO episodes before them, and the ELV/GRZ stays that preceded
    the ones with herkomst ELV or GRZ (same client)."""
    n = persons.height
    wijk = persons["wijk_idx"].to_numpy()
    dag = persons["dag"].to_numpy()
    praktijk = gemeente.sample_praktijk(wijk, rng)
    koppel = koppels.koppel_so(praktijk, dag) >= 0
    so_kans = np.where(koppel, cal.SO_VOOR_OPNAME_MET_KOPPEL, cal.SO_VOOR_OPNAME_ZONDER_KOPPEL)
    so_betrokken = rng.random(n) < so_kans
    crisis_kans = np.select(
        [koppel & so_betrokken, koppel & ~so_betrokken, ~koppel & so_betrokken],
        [
            cal.CRISIS_KANS[(True, True)],
            cal.CRISIS_KANS[(True, False)],
            cal.CRISIS_KANS[(False, True)],
        ],
        cal.CRISIS_KANS[(False, False)],
    )
    crisis = rng.random(n) < crisis_kans
    herkomst = np.where(
        crisis,
        choose(cal.HERKOMST_MIX["WLZ_CRISIS"], n, rng),
        choose(cal.HERKOMST_MIX["WLZ"], n, rng),
    )

    wacht = rng.lognormal(np.log(persons["wachttijd_mediaan"].to_numpy()), cal.WACHTTIJD_SIGMA)
    wacht = np.clip(np.rint(wacht), 1, cal.WACHTTIJD_MAX_DAGEN).astype(np.int64)
    wacht = np.where(crisis, rng.integers(0, 4, size=n), wacht)
    zonder = rng.random(n) < np.where(
        crisis, cal.AANDEEL_ZONDER_INDICATIEDATUM[True], cal.AANDEEL_ZONDER_INDICATIEDATUM[False]
    )
    rows = _rows(
        persons,
        client,
        np.full(n, "WLZ_VERBLIJF"),
        crisis,
        choose(cal.ZORGPROFIEL_MIX, n, rng),
        herkomst,
        np.where(zonder, -1, dag - wacht),
        rng,
        praktijk=praktijk,
    )

    # The ELV or GRZ stay that ended on the day of the Wlz admission.
    voor = np.isin(herkomst, ["ELV", "GRZ"])
    soort = np.where(herkomst == "GRZ", "GRZ", choose(cal.ELV_MIX, n, rng))
    duur = _verblijfsduur(soort, rng)
    voorgaand = _rows(
        persons.filter(voor).with_columns(pl.Series("dag", dag[voor] - duur[voor])),
        client[voor],
        soort[voor],
        np.zeros(int(voor.sum()), dtype=bool),
        np.full(int(voor.sum()), None),
        choose(cal.HERKOMST_MIX["ELV"], int(voor.sum()), rng),
        np.full(int(voor.sum()), -1),
        rng,
        ontslag=dag[voor],
        praktijk=praktijk[voor],
    )

    # The SO episode ends before the client's path to the nursing home starts.
    pad_start = np.where(voor, dag - duur, dag)
    eerste = np.maximum(pad_start - rng.integers(20, 331, size=n), _DATA_START)
    met_episode = so_betrokken & (pad_start - 1 >= _DATA_START)
    episodes = pl.DataFrame(
        {
            "client_idx": client,
            "wijk_idx": wijk,
            "gemeente_idx": persons["gemeente_idx"].to_numpy(),
            "praktijk_idx": praktijk,
            "leeftijdsklasse": persons["leeftijdsklasse"].to_numpy(),
            "geslacht": persons["geslacht"].to_numpy(),
            "eerste_dag": eerste,
            "laatste_dag": pad_start - 1,
        }
    ).filter(pl.Series(met_episode))
    return rows, episodes, voorgaand


def _kort(
    persons: pl.DataFrame, client: np.ndarray, soort: np.ndarray, mix: str, rng: np.random.Generator
) -> pl.DataFrame:
    """Return stand-alone ELV or GRZ admissions."""
    n = persons.height
    return _rows(
        persons,
        client,
        soort,
        np.zeros(n, dtype=bool),
        np.full(n, None),
        choose(cal.HERKOMST_MIX[mix], n, rng),
        np.full(n, -1),
        rng,
    )


def _verblijfsduur(soort: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return a length of stay in days (≥ 1) per admission kind: exponential around its mean."""
    mean = np.array([cal.VERBLIJFSDUUR_DAGEN[s] for s in soort], dtype=float)
    return np.maximum(1, np.rint(rng.exponential(1.0, len(soort)) * mean)).astype(np.int64)


def _rows(
    persons: pl.DataFrame,
    client: np.ndarray,
    opname_type: np.ndarray,
    crisis: np.ndarray,
    zorgprofiel: np.ndarray,
    herkomst: np.ndarray,
    indicatiedatum: np.ndarray,
    rng: np.random.Generator,
    ontslag: np.ndarray | None = None,
    praktijk: np.ndarray | None = None,
) -> pl.DataFrame:
    """Return admission rows (dates as day numbers, -1 = empty; a discharge after the end of
    the data period is empty: the client is still admitted; ``praktijk_idx`` -1 = not drawn
    yet)."""
    dag = persons["dag"].to_numpy()
    if ontslag is None:
        ontslag = dag + _verblijfsduur(opname_type, rng)
    ontslag = np.where(ontslag > _DATA_END, -1, ontslag)
    assert set(np.unique(opname_type)) <= {"WLZ_VERBLIJF", "GRZ", *ELV_TYPES}
    frame = pl.DataFrame(
        {
            "client_idx": client.astype(np.int64),
            "opnamedatum": dag,
            "ontslagdatum": ontslag,
            "wijk_idx": persons["wijk_idx"].to_numpy(),
            "leeftijdsklasse": persons["leeftijdsklasse"].to_numpy(),
            "geslacht": persons["geslacht"].to_numpy(),
            "opname_type": opname_type.astype(str),
            "crisis": crisis.astype(bool),
            "zorgprofiel": pl.Series(zorgprofiel, dtype=pl.String),
            "herkomst": herkomst.astype(str),
            "indicatiedatum": indicatiedatum,
            "praktijk_idx": np.full(len(dag), -1) if praktijk is None else praktijk,
        },
        schema_overrides={
            "praktijk_idx": pl.Int64,
            "opnamedatum": pl.Int64,
            "ontslagdatum": pl.Int64,
            "indicatiedatum": pl.Int64,
        },
    )
    return frame.select(_COLUMNS)
