"""Protect one release: every published table and every earlier release in one disclosure model.

``protect_tables`` takes the tables' rows, marked by their own primary rules, registers what each
shows (pipelines/published_cells.py), adds the targets no single table sees (koppel figures of
too few koppels or practices; counts that moved by 1 … min_count − 1 since an earlier release),
solves the model (pipelines/disclosure_model.py) and returns each table with its final
``suppressed`` and ``suppression_reason`` (and, for tables with a second unit, ``_<unit>_…``).

Earlier releases are remembered as a ledger: one parquet file per release in
``<output>/releases/`` with every cell an attacker knows from it (key, value). The ledger stays
with the pipeline; it holds only what was published.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines import areas, disclosure_model, published_cells
from pipelines.disclosure import MIN_COUNT

RELEASES_DIR = "releases"
MIN_KOPPELS = 3


@dataclass(frozen=True)
class Protected:
    tables: dict[str, pl.DataFrame]
    cells: pl.DataFrame  # key, value, known
    rounds: int
    partners: int
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


def read_ledger(output_dir: Path | None) -> pl.DataFrame | None:
    """Every cell earlier releases in ``output_dir`` published (key, value; one row per
    release and key), or None."""
    if output_dir is None:
        return None
    files = sorted((output_dir / RELEASES_DIR).glob("*.parquet"))
    if not files:
        return None
    return pl.concat([pl.read_parquet(f) for f in files])


def write_ledger(output_dir: Path, stamp: str, cells: pl.DataFrame) -> Path:
    """Adds the cells this release shows to the ledger."""
    folder = output_dir / RELEASES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stamp}.parquet"
    cells.filter("known").select("key", "value").write_parquet(path)
    return path


def _release_targets(
    cells: pl.DataFrame, ledger: pl.DataFrame, min_count: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cells an earlier release published with the same value (an attacker knows them), and
    targets: counts of care that moved by 1 … min_count − 1 (a year to date a quarter later,
    a revised delivery): the difference is itself a small count."""
    joined = cells.select("key", "family", "value").join(
        ledger.select("key", pl.col("value").alias("earlier")), on="key"
    )
    difference = (pl.col("value") - pl.col("earlier")).abs()
    fixed = joined.filter(difference < 1e-9).select("key").unique()
    care = ~pl.any_horizontal(
        [pl.col("family").str.starts_with(f) for f in published_cells.NOT_CARE]
    )
    moved = (
        joined.filter(care & (difference >= 1) & (difference <= min_count - 1))
        .select("key")
        .unique()
        .with_columns(
            pl.lit(0.0).alias("lo"),
            pl.lit(float("inf")).alias("hi"),
            pl.lit(5).alias("need"),
            pl.lit(min_count).alias("limit"),
        )
    )
    return fixed.join(moved.select("key"), on="key", how="anti"), moved


def protect_tables(
    tables: dict[str, pl.DataFrame],
    *,
    wijken: pl.DataFrame,
    periods: pl.DataFrame,
    min_count: int = MIN_COUNT,
    min_koppels: int = MIN_KOPPELS,
    inwoners_75plus: pl.DataFrame | None = None,
    small_groups: pl.DataFrame | None = None,
    ledger: pl.DataFrame | None = None,
) -> Protected:
    """Protect ``tables`` (name → rows, see published_cells.SHOW for the names) together.

    ``small_groups``: key, lo, hi, need, limit — koppel cells to hide whatever their value.
    ``ledger``: earlier releases' cells (key, value). Raises DisclosureError when a target
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
    if ledger is not None and ledger.height:
        fixed, moved = _release_targets(cells, ledger, min_count)
        model.fixed = fixed
        if moved.height:
            model.add_targets(moved)
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
    return Protected(
        tables=out,
        cells=result.cells,
        rounds=result.rounds,
        partners=result.partners,
        seconds=time.perf_counter() - started,
    )
