"""Protect one release: every published table and every earlier release in one disclosure model.

``protect_tables`` takes the tables' rows, marked by their own primary rules, registers what each
shows (pipelines/published_cells.py), adds the targets no single table sees (koppel figures of
too few koppels or practices), adds the earlier releases, solves the model
(pipelines/disclosure_model.py) and returns each table with its final ``suppressed`` and
``suppression_reason`` (and, for tables with a second unit, ``_<unit>_…``).

Earlier releases are remembered as a ledger: per release in ``<output>/releases/`` its model's
cells (true values, whether published, the ranges its labels state, whether the period was
complete) and relations. A new release's model holds the newest ``EARLIER_KEPT`` of them whole,
as an attacker holding those files would: what they published is known, what they hid is
unknown, and every count in both is tied to its twin — equal for a complete period, else
through a difference cell (the events between the two peildatums, or a revision), which is a
target when it is 1 … limit − 1. The ledger holds hidden counts: like the warehouse it stays
with the pipeline and is never published.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines import areas, disclosure_model, published_cells
from pipelines.disclosure import MIN_COUNT

RELEASES_DIR = "releases"
CELLS_SUFFIX = ".cells.parquet"
RELATIONS_SUFFIX = ".relations.parquet"
#: Earlier releases in the model of a new one (a region that rebuilds every quarter: a year).
EARLIER_KEPT = 4
#: Key prefix of the difference between a count now and in an earlier release.
DIFFERENCE = "~verschil"
MIN_KOPPELS = 3


@dataclass(frozen=True)
class Protected:
    tables: dict[str, pl.DataFrame]
    cells: pl.DataFrame  # key, value, target, lo, hi, need, limit, known, complete
    relations: pl.DataFrame  # relation, key, sign (this release's own)
    rounds: int
    partners: int
    earlier: int  # earlier releases in the model
    seconds: float


def population_years(inwoners_75plus: pl.DataFrame | None, periods: pl.DataFrame) -> pl.DataFrame:
    """jaar → the population year its rates use (a year without a delivery uses the latest
    earlier one); identity where unknown."""
    years = periods.select(pl.col("jaar").cast(pl.Int64)).unique()
    if inwoners_75plus is None or inwoners_75plus.is_empty():
        return years.with_columns(pl.col("jaar").alias("bevolking_jaar"))
    used = inwoners_75plus.group_by(pl.col("jaar").cast(pl.Int64)).agg(
        pl.col("bevolking_jaar").cast(pl.Int64).max()
    )
    return years.join(used, on="jaar", how="left").with_columns(
        pl.coalesce("bevolking_jaar", "jaar").alias("bevolking_jaar")
    )


@dataclass(frozen=True)
class Earlier:
    """One earlier release as the ledger keeps it: every cell of its model (published or
    not, with its final labels' ranges) and its relations."""

    stamp: str
    cells: pl.DataFrame  # key, value, target, lo, hi, need, limit, known, complete
    relations: pl.DataFrame  # relation, key, sign


def read_ledger(output_dir: Path | None, keep: int = EARLIER_KEPT) -> list[Earlier]:
    """The newest ``keep`` earlier releases in ``output_dir`` (oldest first)."""
    if output_dir is None:
        return []
    folder = output_dir / RELEASES_DIR
    stamps = sorted(p.name.removesuffix(CELLS_SUFFIX) for p in folder.glob(f"*{CELLS_SUFFIX}"))
    return [
        Earlier(
            stamp,
            pl.read_parquet(folder / f"{stamp}{CELLS_SUFFIX}"),
            pl.read_parquet(folder / f"{stamp}{RELATIONS_SUFFIX}"),
        )
        for stamp in stamps[-keep:]
    ]


def write_ledger(output_dir: Path, stamp: str, protected: Protected) -> Path:
    """Adds this release's model to the ledger. The ledger holds hidden counts too: like the
    warehouse it stays with the pipeline."""
    folder = output_dir / RELEASES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    protected.relations.write_parquet(folder / f"{stamp}{RELATIONS_SUFFIX}")
    path = folder / f"{stamp}{CELLS_SUFFIX}"
    protected.cells.write_parquet(path)
    return path


def complete_slots(cells: pl.DataFrame, periods: pl.DataFrame) -> pl.Expr:
    """True for a cell whose slot is a complete period (its count no longer grows)."""
    complete = periods.filter(pl.col("periode_volledig"))["period"].cast(pl.String)
    return pl.col("key").str.split(published_cells.SEPARATOR).list.last().is_in(complete.implode())


def _add_earlier(
    model: disclosure_model.Model,
    now: pl.DataFrame,
    earlier: Earlier,
    *,
    min_count: int,
    min_koppels: int,
) -> None:
    """An earlier release in the model, as an attacker holding its file sees it. A count of a
    complete period with the same value now is one cell (known when either release publishes
    it). Every other cell of the earlier release is a cell of its own: known when it was
    published, hidden for good otherwise, its labels' ranges kept; its relations hold. A count
    in both releases that is not the same is tied to its twin through a difference cell (the
    events between the two peildatums, or a revision), a target when it is 1 … limit − 1.
    ``now``: key, family, value, complete."""
    prefix = f"@{earlier.stamp}:"
    pairs = now.join(
        earlier.cells.select(
            "key", pl.col("value").alias("then"), pl.col("complete").alias("complete_then")
        ),
        on="key",
    ).with_columns((pl.col("value") - pl.col("then")).alias("change"))
    same = pl.col("complete") & pl.col("complete_then") & (pl.col("change").abs() < 1e-9)
    merged = pairs.filter(same).select("key")
    model.fixed.append(earlier.cells.filter("known").join(merged, on="key").select("key"))

    # The earlier release's own cells: every key not merged gets the release's prefix.
    is_merged = pl.col("key").is_in(merged["key"].implode())
    renamed = pl.when(is_merged).then(pl.col("key")).otherwise(pl.lit(prefix) + pl.col("key"))
    old = earlier.cells.filter(~is_merged).with_columns(renamed.alias("key"))
    model.add_cells(old)
    model.fixed.append(old.filter("known").select("key"))
    model.frozen.append(old.select("key"))
    relations = earlier.relations.with_columns(
        is_merged.all().over("relation").alias("_redundant"), renamed.alias("key")
    )
    # A relation among merged cells only is one of this release's own.
    model.add_relations(
        relations.filter(~pl.col("_redundant")).with_columns(
            (pl.lit(prefix) + pl.col("relation")).alias("relation")
        )
    )

    moved = pairs.filter(~same).with_columns(
        (pl.lit(prefix) + pl.col("key")).alias("old"),
        (pl.lit(f"release{prefix}") + pl.col("key")).alias("relation"),
        (pl.lit(f"{DIFFERENCE}{prefix}") + pl.col("key")).alias("difference"),
        pl.when(pl.col("change") >= 0).then(1.0).otherwise(-1.0).alias("sign"),
        pl.when(pl.col("family").str.starts_with("leercurve:koppels"))
        .then(pl.lit(min_koppels))
        .otherwise(pl.lit(min_count))
        .alias("limit"),
    )
    small = (pl.col("change").abs() >= 1) & (pl.col("change").abs() <= pl.col("limit") - 1)
    care = ~pl.any_horizontal(
        [pl.col("family").str.starts_with(f) for f in published_cells.NOT_CARE]
    )
    model.add_cells(
        moved.select(
            pl.col("difference").alias("key"),
            pl.col("change").abs().alias("value"),
            (small & care).alias("target"),
            pl.lit(0.0).alias("lo"),
            pl.lit(float("inf")).alias("hi"),
            pl.when(small & care)
            .then(pl.max_horizontal(1, pl.min_horizontal(5, pl.col("limit") - 2)))
            .otherwise(0)
            .alias("need"),
            "limit",
        )
    )
    model.add_relations(
        pl.concat(
            [
                moved.select("relation", "key", "sign"),
                moved.select("relation", pl.col("old").alias("key"), -pl.col("sign")),
                moved.select(
                    "relation", pl.col("difference").alias("key"), pl.lit(-1.0).alias("sign")
                ),
            ]
        )
    )


def protect_tables(
    tables: dict[str, pl.DataFrame],
    *,
    wijken: pl.DataFrame,
    periods: pl.DataFrame,
    min_count: int = MIN_COUNT,
    min_koppels: int = MIN_KOPPELS,
    inwoners_75plus: pl.DataFrame | None = None,
    small_groups: pl.DataFrame | None = None,
    ledger: list[Earlier] | None = None,
) -> Protected:
    """Protect ``tables`` (name → rows, see published_cells.SHOW for the names) together.

    ``small_groups``: key, lo, hi, need, limit — koppel cells to hide whatever their value.
    ``ledger``: earlier releases (``read_ledger``). Raises DisclosureError when a target
    cannot be protected."""
    started = time.perf_counter()
    model = disclosure_model.Model()
    builder = published_cells.CellBuilder(model, min_count=min_count, min_koppels=min_koppels)
    population = population_years(inwoners_75plus, periods)
    units = {
        name: published_cells.SHOW[name](builder, frame, population)
        for name, frame in tables.items()
    }
    quarters = (
        periods.filter(pl.col("period_type") == "kwartaal")
        .group_by(pl.col("jaar").cast(pl.String))
        .agg(pl.len().alias("quarters"))
    )
    cells = builder.finish(areas.area_table(wijken), quarters)
    if small_groups is not None and small_groups.height:
        model.add_targets(small_groups)
    own_relations = pl.concat(model.relations)
    now = cells.select("key", "family", "value").with_columns(
        complete_slots(cells, periods).alias("complete")
    )
    for earlier in ledger or ():
        _add_earlier(model, now, earlier, min_count=min_count, min_koppels=min_koppels)
    result = disclosure_model.protect(model)
    out = {}
    for name, frame in tables.items():
        for unit, first in units[name].items():
            rows = slice(first, first + frame.height)
            suppressed = pl.Series(result.suppressed[rows])
            reason = pl.Series(result.reason[rows], dtype=pl.String)
            if unit:
                frame = frame.with_columns(
                    suppressed.alias(f"_{unit}_suppressed"), reason.alias(f"_{unit}_reason")
                )
            else:
                frame = frame.with_columns(
                    suppressed.alias("suppressed"), reason.alias("suppression_reason")
                )
        out[name] = frame
    own = ~pl.col("key").str.starts_with("@") & ~pl.col("key").str.starts_with(DIFFERENCE)
    return Protected(
        tables=out,
        cells=result.cells.filter(own)
        .join(now.select("key", "complete"), on="key", how="left")
        .with_columns(pl.col("complete").fill_null(False)),
        relations=own_relations,
        rounds=result.rounds,
        partners=result.partners,
        earlier=len(ledger or ()),
        seconds=time.perf_counter() - started,
    )
