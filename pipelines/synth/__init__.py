"""The synthetic delivery generator: a fictional region ("Regio Synthetica") in the format of
the data contract, at any scale, deterministic per seed.

``generate_delivery`` is the one entry point (the CLI ``python -m pipelines synth`` calls it).
It builds the small region-level tables first (wijken, population, practices, koppels), then
draws clients, contacts and admissions one gemeente at a time and appends them to the CSV
files, so memory stays bounded at any scale. Each gemeente has its own random stream, so a
gemeente's rows do not depend on how many gemeenten came before it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.synth import calibration as cal
from pipelines.synth.clients import gemeenten
from pipelines.synth.consults import generate_consults, independent_episodes, request_days
from pipelines.synth.dates import NOOIT
from pipelines.synth.koppels import Koppels, build_koppels
from pipelines.synth.opnames import generate_opnames
from pipelines.synth.praktijken import Praktijken, build_praktijken
from pipelines.synth.pseudonyms import make_pseudonyms
from pipelines.synth.region import Region, area_characteristics, build_region
from pipelines.synth.writer import DeliveryWriter, day_columns_to_dates

__all__ = ["generate_delivery"]

_MAX_SCALE = 200


def generate_delivery(
    output_dir: Path,
    *,
    scale: float = 1,
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write a synthetic delivery to ``output_dir`` and return the rows written per file
    (features for gebieden.geojson).

    Scale 1 is ~30 wijken and ~25,000 inhabitants 75+; scale 70 is about the Netherlands.
    The same scale and seed give the same bytes. Files of an earlier delivery in the folder are
    overwritten. Refuses (ValueError) a scale outside (0, 200] or a negative or non-integer
    seed (the message is in Dutch: the CLI shows it to the user).
    """
    if not (isinstance(scale, int | float) and 0 < scale <= _MAX_SCALE):
        raise ValueError(f"schaal moet groter dan 0 en hoogstens {_MAX_SCALE} zijn, niet {scale!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed moet een geheel getal ≥ 0 zijn, niet {seed!r}")
    say = progress or (lambda message: None)
    output_dir = Path(output_dir)

    rng = np.random.default_rng([seed, 0])
    region = build_region(scale, rng, seed)
    praktijken = build_praktijken(region, seed, rng)
    koppels = build_koppels(region, praktijken, seed, rng)
    say(f"Regio: {region.wijken.height} wijken, {praktijken.praktijken.height} praktijken, "
        f"{koppels.koppels.height} koppels")  # fmt: skip

    with DeliveryWriter(output_dir) as writer:
        _write_region_tables(writer, region, praktijken, koppels, seed)
        codes = _Codes(region, praktijken, koppels)
        next_client = next_consult = next_opname = 0
        n_gemeenten = int(region.wijken["gemeente_idx"].max()) + 1
        # About twenty progress lines at any scale.
        report_every = max(1, n_gemeenten // 20)
        for gemeente in gemeenten(region, praktijken):
            g_rng = np.random.default_rng([seed, 1, gemeente.gemeente_idx])
            # New columns draw from streams of their own: the older columns keep their bytes.
            opnames = generate_opnames(
                gemeente,
                koppels,
                next_client,
                g_rng,
                praktijk_rng=np.random.default_rng([seed, 3, gemeente.gemeente_idx]),
            )
            next_client += opnames.aantal_clienten
            eigen = independent_episodes(gemeente, koppels, next_client, g_rng)
            next_client += eigen.height
            episodes = pl.concat([eigen, opnames.so_episodes], how="vertical")
            consults = generate_consults(episodes, koppels, g_rng)
            aanvraag = request_days(
                episodes, koppels, np.random.default_rng([seed, 4, gemeente.gemeente_idx])
            )
            consults = consults.join(aanvraag, on="client_idx", how="left", maintain_order="left")
            writer.append("so_consulten", codes.consults(consults, next_consult, seed))
            writer.append("opnames", codes.opnames(opnames.rows, next_opname, seed))
            next_consult += consults.height
            next_opname += opnames.rows.height
            done = gemeente.gemeente_idx + 1
            if done % report_every == 0 or done == n_gemeenten:
                say(f"Gemeente {done} van {n_gemeenten} geschreven")
        writer.write_marker()
        return dict(writer.rows)


def _write_region_tables(
    writer: DeliveryWriter, region: Region, praktijken: Praktijken, koppels: Koppels, seed: int
) -> None:
    """Write gebieden (every wijk in every year), the map, bevolking, praktijken and koppels."""
    wijken = region.wijken
    jaren = pl.DataFrame({"jaar": list(cal.YEARS)}, schema={"jaar": pl.Int64})
    kenmerken = area_characteristics(wijken, np.random.default_rng([seed, 3]))
    writer.append(
        "gebieden",
        jaren.join(wijken.join(kenmerken, on="wijk_idx"), how="cross").sort("jaar", "wijk_idx"),
    )
    writer.write_geojson(wijken)
    wijk_codes = wijken.select("wijk_idx", "wijk_code")
    writer.append(
        "bevolking",
        region.bevolking.join(wijk_codes, on="wijk_idx").sort(
            "jaar", "wijk_idx", "leeftijdsklasse", "geslacht"
        ),
    )
    p = praktijken.praktijken.join(wijk_codes, on="wijk_idx")
    writer.append(
        "praktijken",
        praktijken.ingeschreven.join(p, on="praktijk_idx").sort("jaar", "praktijk_idx"),
    )
    rows = (
        koppels.koppels.join(p.select("praktijk_idx", "praktijk_id"), on="praktijk_idx")
        .join(koppels.sos.select("so_idx", "so_id", "so_organisatie"), on="so_idx")
        .with_columns(
            pl.col("start").alias("startdatum"),
            pl.when(pl.col("eind") < NOOIT).then(pl.col("eind")).otherwise(-1).alias("einddatum"),
        )
        .sort("koppel_id")
    )
    writer.append("koppels", day_columns_to_dates(rows, ("startdatum", "einddatum")))


class _Codes:
    """Turns internal numbers (wijk_idx, praktijk_idx, so_idx, client_idx) into delivered codes."""

    def __init__(self, region: Region, praktijken: Praktijken, koppels: Koppels) -> None:
        self.wijk_code = region.wijken.sort("wijk_idx")["wijk_code"]
        self.praktijk_id = praktijken.praktijken.sort("praktijk_idx")["praktijk_id"]
        self.so_id = koppels.sos.sort("so_idx")["so_id"]

    def _common(self, frame: pl.DataFrame, seed: int) -> pl.DataFrame:
        return frame.with_columns(
            pl.Series("client_id", make_pseudonyms("client", frame["client_idx"].to_numpy(), seed)),
            self.wijk_code.gather(frame["wijk_idx"]).alias("wijk_code"),
        )

    def consults(self, frame: pl.DataFrame, first: int, seed: int) -> pl.DataFrame:
        """Return contact rows with codes, dates and consult_ids numbered from ``first``."""
        frame = self._common(frame, seed).with_columns(
            self.praktijk_id.gather(frame["praktijk_idx"]).alias("praktijk_id"),
            self.so_id.gather(frame["so_idx"]).alias("so_id"),
            _numbered("SC", first, frame.height).alias("consult_id"),
        )
        return day_columns_to_dates(frame, ("datum", "aanvraagdatum"))

    def opnames(self, frame: pl.DataFrame, first: int, seed: int) -> pl.DataFrame:
        """Return admission rows with codes, dates and opname_ids numbered from ``first``."""
        frame = frame.sort("opnamedatum", "client_idx", "opname_type")
        frame = self._common(frame, seed).with_columns(
            _numbered("OP", first, frame.height).alias("opname_id"),
            self.praktijk_id.gather(frame["praktijk_idx"]).alias("praktijk_id"),
        )
        return day_columns_to_dates(frame, ("opnamedatum", "ontslagdatum", "indicatiedatum"))


def _numbered(prefix: str, first: int, count: int) -> pl.Expr:
    """Return ids ``<prefix>000000001``, … for ``count`` rows starting after ``first``."""
    numbers = pl.Series(np.arange(first + 1, first + count + 1, dtype=np.int64))
    return pl.lit(prefix) + numbers.cast(pl.String).str.zfill(9)
