"""SOs, their VVT organisations and the fixed GP/SO pairs (koppels) of the synthetic region.

A practice has at most two koppels, one after the other: its first koppel starts at a date set
by its koppel propensity (mostly shared with its wijk, so coverage is uneven between wijken);
some koppels end, and most of those are followed by a koppel with another SO.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.special import ndtr

from pipelines.synth import calibration as cal
from pipelines.synth.dates import NOOIT, day_number
from pipelines.synth.praktijken import Praktijken
from pipelines.synth.pseudonyms import make_pseudonyms
from pipelines.synth.region import Region

_ORGANISATIE_SOORT = ("Zorggroep", "Ouderenzorg", "Thuis en Zorg")


@dataclass(frozen=True)
class Koppels:
    """SOs and koppels of a region.

    ``sos``: so_idx, so_id, organisatie_idx, so_organisatie.
    ``koppels``: koppel_id, praktijk_idx, so_idx, start (day number), eind (day number or
    NOOIT), werkt_in_his, vast_overleg.
    ``start``/``eind``/``so``: per practice (rows) its first and second koppel (columns);
    start NOOIT = no such koppel.
    ``organisatie_van_gemeente``: the VVT organisation serving each gemeente;
    ``eerste_so``/``aantal_so``: per organisation its first so_idx and its number of SOs.
    """

    sos: pl.DataFrame
    koppels: pl.DataFrame
    start: np.ndarray
    eind: np.ndarray
    so: np.ndarray
    organisatie_van_gemeente: np.ndarray
    eerste_so: np.ndarray
    aantal_so: np.ndarray

    def koppel_so(self, praktijk_idx: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Return the so_idx of the koppel active at each practice on each day, or -1."""
        start, eind, so = self.start[praktijk_idx], self.eind[praktijk_idx], self.so[praktijk_idx]
        active = (start <= day[:, None]) & (day[:, None] <= eind)
        return np.where(active[:, 0], so[:, 0], np.where(active[:, 1], so[:, 1], -1))

    def random_so(self, gemeente_idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Return a random SO of the organisation that serves each gemeente."""
        org = self.organisatie_van_gemeente[gemeente_idx]
        return self.eerste_so[org] + (rng.random(len(org)) * self.aantal_so[org]).astype(np.int64)


def build_koppels(
    region: Region, praktijken: Praktijken, seed: int, rng: np.random.Generator
) -> Koppels:
    """Return the SOs and koppels; coverage rises from ~30 % (2020) to ~75 % (2026)."""
    wijken = region.wijken
    n_orgs_per_resv = cal.ORGANISATIES_PER_RESV
    gemeenten = wijken.unique("gemeente_idx").sort("gemeente_idx")
    org_of_gemeente = (
        gemeenten["resv_idx"].to_numpy() * n_orgs_per_resv
        + gemeenten["gemeente_idx"].to_numpy() % n_orgs_per_resv
    )
    sos = _sos(gemeenten, org_of_gemeente, praktijken, seed)
    org_first = sos.group_by("organisatie_idx").agg(pl.col("so_idx").min())
    org_count = sos.group_by("organisatie_idx").len()
    orgs = org_first.join(org_count, on="organisatie_idx").sort("organisatie_idx")
    first_of_org = np.full(int(org_of_gemeente.max()) + 1, -1)
    count_of_org = np.zeros_like(first_of_org)
    first_of_org[orgs["organisatie_idx"].to_numpy()] = orgs["so_idx"].to_numpy()
    count_of_org[orgs["organisatie_idx"].to_numpy()] = orgs["len"].to_numpy()

    p = praktijken.praktijken
    n = p.height
    org = org_of_gemeente[p["gemeente_idx"].to_numpy()]
    neiging = wijken["koppel_neiging"].to_numpy()[p["wijk_idx"].to_numpy()]
    w = cal.KOPPEL_WIJK_GEWICHT
    u = ndtr(w * neiging + np.sqrt(1 - w * w) * rng.standard_normal(n))

    start = np.full((n, 2), NOOIT)
    eind = np.full((n, 2), NOOIT)
    so = np.full((n, 2), -1)
    start[:, 0] = _first_start(u)
    has = start[:, 0] < NOOIT
    so[:, 0] = first_of_org[org] + (rng.random(n) * count_of_org[org]).astype(np.int64)

    data_end = day_number(cal.DATA_END)
    duur = rng.integers(*cal.KOPPEL_DUUR_DAGEN, size=n, endpoint=True)
    stopt = has & (rng.random(n) < cal.AANDEEL_KOPPEL_GESTOPT) & (start[:, 0] + duur < data_end)
    eind[stopt, 0] = start[stopt, 0] + duur[stopt]
    gap = rng.integers(1, 121, size=n)
    opvolger = (
        stopt & (rng.random(n) < cal.AANDEEL_KOPPEL_OPGEVOLGD) & (eind[:, 0] + gap <= data_end)
    )
    start[opvolger, 1] = eind[opvolger, 0] + gap[opvolger]
    # The successor is another SO of the same organisation (the next one, wrapping around).
    shift = 1 + (rng.random(n) * np.maximum(count_of_org[org] - 1, 1)).astype(np.int64)
    next_so = first_of_org[org] + (so[:, 0] - first_of_org[org] + shift) % count_of_org[org]
    so[opvolger, 1] = next_so[opvolger]

    koppels = _koppel_rows(p, start, eind, so, rng)
    return Koppels(sos, koppels, start, eind, so, org_of_gemeente, first_of_org, count_of_org)


def _first_start(u: np.ndarray) -> np.ndarray:
    """Return the start day of each practice's first koppel from its propensity u in [0, 1):
    the lowest AANDEEL_KOPPEL_2020 started between EERSTE_KOPPEL and 30 June 2020, the next up
    to AANDEEL_KOPPEL_2026 evenly until 30 June 2026, the rest never (NOOIT)."""
    first, mid, last = (
        day_number(cal.EERSTE_KOPPEL),
        day_number(cal.DATA_START.replace(month=7)),
        day_number(cal.DATA_END.replace(month=7, day=1)),
    )
    low, high = cal.AANDEEL_KOPPEL_2020, cal.AANDEEL_KOPPEL_2026
    early = first + u / low * (mid - 1 - first)
    later = mid + (u - low) / (high - low) * (last - 1 - mid)
    days = np.where(u < low, early, np.where(u < high, later, NOOIT))
    return np.floor(days).astype(np.int64)


def _sos(
    gemeenten: pl.DataFrame, org_of_gemeente: np.ndarray, praktijken: Praktijken, seed: int
) -> pl.DataFrame:
    """Return the SOs: per organisation one per PRAKTIJKEN_PER_SO practices, at least two."""
    per_gemeente = np.bincount(
        praktijken.praktijken["gemeente_idx"].to_numpy(), minlength=gemeenten.height
    )
    n_orgs = int(org_of_gemeente.max()) + 1
    per_org = np.bincount(org_of_gemeente, weights=per_gemeente, minlength=n_orgs)
    used = np.isin(np.arange(n_orgs), org_of_gemeente)
    n_sos = np.where(used, np.maximum(2, np.ceil(per_org / cal.PRAKTIJKEN_PER_SO)), 0).astype(int)
    resv_names = dict(zip(gemeenten["resv_idx"], gemeenten["resv_naam"], strict=True))
    per_resv = cal.ORGANISATIES_PER_RESV
    names = [
        f"{_ORGANISATIE_SOORT[o % per_resv]} {resv_names.get(o // per_resv, '')}"
        for o in range(n_orgs)
    ]
    org_idx = np.repeat(np.arange(n_orgs), n_sos)
    return pl.DataFrame(
        {
            "so_idx": np.arange(len(org_idx), dtype=np.int64),
            "so_id": make_pseudonyms("so", np.arange(len(org_idx)), seed),
            "organisatie_idx": org_idx.astype(np.int64),
            "so_organisatie": [names[o] for o in org_idx],
        }
    )


def _koppel_rows(
    praktijken: pl.DataFrame,
    start: np.ndarray,
    eind: np.ndarray,
    so: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """Return one row per koppel (first koppels, then successors, in practice order)."""
    n = praktijken.height
    his = rng.random((n, 2)) < cal.AANDEEL_WERKT_IN_HIS
    overleg = rng.random((n, 2)) < cal.AANDEEL_VAST_OVERLEG
    rows = pl.DataFrame(
        {
            "praktijk_idx": np.repeat(np.arange(n, dtype=np.int64), 2),
            "volgnummer": np.tile([0, 1], n),
            "so_idx": so.ravel().astype(np.int64),
            "start": start.ravel(),
            "eind": eind.ravel(),
            "werkt_in_his": his.ravel(),
            "vast_overleg": overleg.ravel(),
        }
    ).filter(pl.col("start") < NOOIT)
    rows = rows.sort("start", "praktijk_idx", "volgnummer").with_row_index("nummer")
    return rows.select(
        pl.format("KP{}", pl.col("nummer").add(1).cast(pl.String).str.zfill(6)).alias("koppel_id"),
        "praktijk_idx",
        "so_idx",
        "start",
        "eind",
        "werkt_in_his",
        "vast_overleg",
    )
