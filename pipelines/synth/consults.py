"""SO contacts of one gemeente: episodes of care outside the nursing home, one row per contact.

Episodes come from two sources: clients who see the SO without a later admission (more often
when their practice has an active koppel), and the episodes before a Wlz admission made by
``opnames``. Each episode has a first contact, extra contacts spread over up to eight months,
and — for a zorgtraject — a ZORGTRAJECT_START followed by monthly ZORGTRAJECT_VERVOLG lines.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.synth import calibration as cal
from pipelines.synth.clients import Gemeente, age_factor, choose, draw_persons, year_fraction
from pipelines.synth.dates import day_number, year_of
from pipelines.synth.koppels import Koppels

_DATA_END = day_number(cal.DATA_END)
_EPISODE_COLUMNS = (
    "client_idx", "wijk_idx", "gemeente_idx", "praktijk_idx", "leeftijdsklasse", "geslacht",
    "eerste_dag", "laatste_dag",
)  # fmt: skip


def independent_episodes(
    gemeente: Gemeente, koppels: Koppels, first_client: int, rng: np.random.Generator
) -> pl.DataFrame:
    """Return the episodes of SO clients who are not on their way to an admission: drawn at the
    koppel rate and thinned where the practice has no active koppel on the first day."""
    cellen = gemeente.cellen
    age = cellen["leeftijdsklasse"].to_numpy()
    rate = np.where(
        age == "65-74",
        cal.NIEUWE_CLIENTEN_65_74,
        cal.NIEUWE_CLIENTEN_MET_KOPPEL * age_factor(cal.LEEFTIJD_FACTOR_SO, age),
    )
    expected = (
        cellen["inwoners"].to_numpy()
        * cellen["effect_so"].to_numpy()
        * year_fraction(cellen["jaar"].to_numpy())
        * rate
        / 1000
    )
    persons = draw_persons(cellen, expected, rng)
    dag = persons["dag"].to_numpy()
    praktijk = gemeente.sample_praktijk(persons["wijk_idx"].to_numpy(), rng)
    koppel = koppels.koppel_so(praktijk, dag) >= 0
    keep_share = cal.NIEUWE_CLIENTEN_ZONDER_KOPPEL / cal.NIEUWE_CLIENTEN_MET_KOPPEL
    keep = koppel | (rng.random(len(dag)) < keep_share)
    persons = persons.with_columns(
        pl.Series("praktijk_idx", praktijk, dtype=pl.Int64),
        pl.lit(_DATA_END, dtype=pl.Int64).alias("laatste_dag"),
    ).filter(pl.Series(keep))
    return persons.with_columns(
        pl.Series("client_idx", first_client + np.arange(persons.height), dtype=pl.Int64),
        pl.col("dag").alias("eerste_dag"),
    ).select(_EPISODE_COLUMNS)


def generate_consults(
    episodes: pl.DataFrame, koppels: Koppels, rng: np.random.Generator
) -> pl.DataFrame:
    """Return one row per contact of the episodes: client_idx, datum (day number), wijk_idx,
    leeftijdsklasse, geslacht, praktijk_idx, so_idx, uitvoerder_discipline, financiering,
    prestatie, contactvorm, hulpvraag, directe_tijd_min; sorted by datum and client."""
    n = episodes.height
    eerste = episodes["eerste_dag"].to_numpy()
    laatste = episodes["laatste_dag"].to_numpy()
    praktijk = episodes["praktijk_idx"].to_numpy()

    # Client-level features: the responsible SO, funding, main question, zorgtraject.
    koppel_so = koppels.koppel_so(praktijk, eerste)
    andere_so = koppels.random_so(episodes["gemeente_idx"].to_numpy(), rng)
    neemt_koppel = (koppel_so >= 0) & (rng.random(n) < cal.AANDEEL_KOPPEL_SO)
    so = np.where(neemt_koppel, koppel_so, andere_so)
    financiering = np.where(rng.random(n) < cal.AANDEEL_WLZ_THUIS, "WLZ", "ZVW_GZSP")
    hulpvraag = choose(cal.HULPVRAAG_MIX, n, rng)
    traject_kans = np.where(
        koppel_so >= 0, cal.AANDEEL_ZORGTRAJECT_MET_KOPPEL, cal.AANDEEL_ZORGTRAJECT_ZONDER_KOPPEL
    )
    traject = rng.random(n) < traject_kans

    # Contacts: the first, extra ones within the episode, and zorgtraject follow-ups.
    extra = rng.poisson(
        rng.gamma(
            cal.EXTRA_CONTACTEN_SHAPE, cal.EXTRA_CONTACTEN_GEMIDDELD / cal.EXTRA_CONTACTEN_SHAPE, n
        )
    )
    lengte = np.minimum(rng.integers(*cal.EPISODE_DAGEN, size=n, endpoint=True), laatste - eerste)
    vervolg = np.where(traject, rng.poisson(cal.GEMIDDELD_VERVOLG, n), 0)
    per_client = 1 + extra + vervolg
    owner = np.repeat(np.arange(n), per_client)
    start_of = np.cumsum(per_client) - per_client
    volgnummer = np.arange(len(owner)) - start_of[owner]
    is_first = volgnummer == 0
    is_vervolg = volgnummer > extra[owner]
    vervolg_nr = volgnummer - extra[owner] - 1
    offset = (rng.random(len(owner)) * (lengte[owner] + 1)).astype(np.int64)
    offset = np.where(is_first, 0, offset)
    offset = np.where(is_vervolg, 91 + 30 * vervolg_nr, offset)
    datum = eerste[owner] + offset
    keep = datum <= laatste[owner]

    prestatie = choose(cal.PRESTATIE_MIX, len(owner), rng)
    prestatie = np.where(
        is_first, np.where(traject[owner], "ZORGTRAJECT_START", "CONSULT"), prestatie
    )
    prestatie = np.where(is_vervolg, "ZORGTRAJECT_VERVOLG", prestatie)
    contactvorm = np.empty(len(owner), dtype=object)
    for code, mix in cal.CONTACTVORM_MIX.items():
        rows = np.flatnonzero(prestatie == code)
        contactvorm[rows] = choose(mix, len(rows), rng)
    contactvorm = contactvorm.astype(str)
    tijd = rng.lognormal(np.log(_median_time(contactvorm)), cal.DIRECTE_TIJD_SIGMA)
    tijd = np.clip(5 * np.rint(tijd / 5), 0, 480).astype(np.int64)

    frame = pl.DataFrame(
        {
            "client_idx": episodes["client_idx"].to_numpy()[owner],
            "datum": datum,
            "wijk_idx": episodes["wijk_idx"].to_numpy()[owner],
            "leeftijdsklasse": episodes["leeftijdsklasse"].to_numpy()[owner],
            "geslacht": episodes["geslacht"].to_numpy()[owner],
            "praktijk_idx": praktijk[owner],
            "so_idx": so[owner],
            "uitvoerder_discipline": _discipline(datum, rng),
            "financiering": financiering[owner],
            "prestatie": prestatie,
            "contactvorm": contactvorm,
            "hulpvraag": hulpvraag[owner],
            "directe_tijd_min": tijd,
            "volgnummer": volgnummer,
        }
    ).filter(pl.Series(keep))
    return frame.sort("datum", "client_idx", "volgnummer").drop("volgnummer")


def request_days(
    episodes: pl.DataFrame, koppels: Koppels, rng: np.random.Generator
) -> pl.DataFrame:
    """Return client_idx and ``aanvraagdatum`` (day number) per episode: the day the GP asked
    the SO team, a log-normal number of days before the first contact (shorter where the
    practice has an active koppel that day). ``rng`` is the column's own stream, so the other
    columns are drawn exactly as before it existed."""
    eerste = episodes["eerste_dag"].to_numpy()
    koppel = koppels.koppel_so(episodes["praktijk_idx"].to_numpy(), eerste) >= 0
    median = np.where(
        koppel, cal.AANVRAAG_WACHTTIJD_MEDIAAN[True], cal.AANVRAAG_WACHTTIJD_MEDIAAN[False]
    )
    wacht = rng.lognormal(np.log(median), cal.AANVRAAG_WACHTTIJD_SIGMA)
    wacht = np.clip(np.rint(wacht), 0, cal.AANVRAAG_WACHTTIJD_MAX_DAGEN).astype(np.int64)
    return pl.DataFrame(
        {"client_idx": episodes["client_idx"].to_numpy(), "aanvraagdatum": eerste - wacht},
        schema={"client_idx": pl.Int64, "aanvraagdatum": pl.Int64},
    )


def _median_time(contactvorm: np.ndarray) -> np.ndarray:
    """Return the calibrated median direct time of each contact's contactvorm."""
    out = np.zeros(len(contactvorm))
    for code, minutes in cal.DIRECTE_TIJD_MEDIAAN.items():
        out[contactvorm == code] = minutes
    return out


def _discipline(datum: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return who did each contact: VS/PA share rising linearly from 2020 to 2026."""
    first, last = cal.YEARS[0], cal.YEARS[-1]
    low, high = cal.AANDEEL_VS_PA
    share = low + (high - low) * (year_of(datum) - first) / (last - first)
    u = rng.random(len(datum))
    vs = share * cal.AANDEEL_VS_IN_VS_PA
    return np.select(
        [u < vs, u < share, u < share + cal.AANDEEL_BASISARTS],
        ["VS", "PA", "BASISARTS"],
        "SO",
    )
