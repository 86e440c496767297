"""Write the published database the dashboard reads, atomically.

The database is written to a new file ``published/dashboard-<UTC timestamp>.duckdb`` and only
then the symlink ``dashboard.duckdb`` is swapped to it (symlink under a temporary name, then
``os.replace``), so a reader sees the old build or the new one, never half a build. The two most
recent older files are kept for sessions that still have them open; older ones are removed.

The published database holds only aggregates (see docs/architecture.md); nothing row-level and
no person-level key.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines import (
    __version__,
    areas,
    catalogue,
    funnel,
    indicator_values,
    koppel_vergelijking,
    published_cells,
    published_tables,
    release,
    similar_areas,
)
from pipelines.disclosure import MIN_COUNT, MIN_NOEMER
from pipelines.published_schema import LINK_NAME, SCHEMA_VERSION

MIN_KOPPELS = release.MIN_KOPPELS
PUBLISHED_DIR = "published"
KEEP_OLDER = 2

#: Column names that may never appear in the published database.
PERSON_LEVEL_KEYS = ("client_id", "consult_id", "opname_id", "praktijk_id", "so_id", "koppel_id")


@dataclass(frozen=True)
class PublishSettings:
    input_dir: str
    built_at: datetime
    min_count: int = MIN_COUNT
    min_noemer: int = MIN_NOEMER
    min_koppels: int = MIN_KOPPELS


@dataclass(frozen=True)
class Published:
    path: Path
    rows: int
    #: The release's disclosure model (for the ledger of earlier releases).
    protected: release.Protected | None = None


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return con.sql(sql).pl()


def catalogue_table() -> pl.DataFrame:
    """``indicator_catalogue``: one row per indicator with its Dutch description."""
    return pl.DataFrame(
        [
            {
                "indicator_id": i.id,
                "volgorde": position,
                "titel": i.titel,
                "definitie": i.definitie,
                "teller_definitie": i.teller_definitie,
                "noemer_definitie": i.noemer_definitie,
                "eenheid": i.eenheid,
                "methode": i.methode,
                "polariteit": i.polariteit,
                "bronnen": ", ".join(i.bronnen),
                "waarom": i.waarom,
                "periode_types": ", ".join(i.periode_types),
                "telt_in": i.telt_in,
                "decimalen": i.decimalen,
            }
            for position, i in enumerate(catalogue.INDICATORS, start=1)
        ]
    )


def _build_info(
    con: duckdb.DuckDBPyConnection, settings: PublishSettings, periods: pl.DataFrame
) -> pl.DataFrame:
    params = con.execute(
        "select peildatum, synthetisch, data_start from build_parameters"
    ).fetchall()[0]
    complete_years = periods.filter((pl.col("period_type") == "jaar") & pl.col("periode_volledig"))[
        "jaar"
    ]
    return pl.DataFrame(
        {
            "built_at": [settings.built_at.replace(tzinfo=None)],
            "pipeline_version": [__version__],
            "schema_version": [SCHEMA_VERSION],
            "synthetisch": [bool(params[1])],
            "data_start": [params[2]],
            "peildatum": [params[0]],
            "laatste_volledige_jaar": [int(complete_years.max()) if complete_years.len() else None],
            "min_telling": [settings.min_count],
            "min_noemer": [settings.min_noemer],
            "min_koppels": [settings.min_koppels],
        }
    )


def small_groups(
    koppels_per_wijk_jaar: pl.DataFrame,
    koppels_achter_contacten: pl.DataFrame,
    periods: pl.DataFrame,
    wijken: pl.DataFrame,
    *,
    min_koppels: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Koppel figures of fewer practices or koppels than ``min_koppels``: a figure of one
    practice, SO or koppel. Returns the rows to mark (indicator_id, area_code, period, reason)
    and the cells to protect whatever their value (key, lo, hi, need, limit):

    - ``koppeldekking``: the listed 75-plussers of practices with (teller) and without a
      koppel, and of all practices (noemer), where 1 … min − 1 practices stand behind;
    - ``consulten_binnen_koppel``: the contacts within a koppel where 1 … min − 1 koppels did
      them."""
    practices = areas.sum_up(
        koppels_per_wijk_jaar, wijken, keys=["jaar"], sums=["praktijken", "praktijken_met_koppel"]
    ).with_columns(pl.col("jaar").cast(pl.String).alias("period"))
    few = pl.lit(1) <= pl.col("_n")
    rows, cells = [], []
    for family, n in (
        ("dekking", pl.col("praktijken_met_koppel")),
        (f"dekking{published_cells.REST}", pl.col("praktijken") - pl.col("praktijken_met_koppel")),
        ("ingeschreven", pl.col("praktijken")),
    ):
        small = practices.with_columns(n.alias("_n")).filter(few & (pl.col("_n") < min_koppels))
        rows.append(
            small.select(
                pl.lit("koppeldekking").alias("indicator_id"),
                "area_code",
                "period",
                pl.lit(indicator_values.TOO_FEW_PRACTICES).alias("reason"),
            )
        )
        cells.append(
            small.select(published_cells.key(pl.lit(family), pl.col("area_code"), pl.col("period")))
        )
    koppels = koppels_achter_contacten.filter(
        (pl.col("koppels") >= 1) & (pl.col("koppels") < min_koppels)
    )
    rows.append(
        koppels.select(
            pl.lit("consulten_binnen_koppel").alias("indicator_id"),
            "area_code",
            "period",
            pl.lit(indicator_values.TOO_FEW_KOPPELS).alias("reason"),
        )
    )
    cells.append(
        koppels.select(
            published_cells.key(pl.lit("binnen_koppel"), pl.col("area_code"), pl.col("period"))
        )
    )
    marked = pl.concat(rows).unique(["indicator_id", "area_code", "period"], keep="first")
    targets = published_cells.small_group_targets(pl.concat(cells), min_koppels)
    return marked, targets


def published_frames(
    con: duckdb.DuckDBPyConnection,
    settings: PublishSettings,
    ledger: list[release.Earlier] | None = None,
) -> tuple[dict[str, pl.DataFrame], release.Protected]:
    """Return every published table (name → frame), computed from the warehouse ``con`` and
    protected together with the earlier releases' ``ledger``, and the protection's outcome."""
    wijken = _frame(con, "select * from wijken")
    periods = _frame(con, "select * from periods")
    inwoners = _frame(con, "select * from inwoners_75plus")
    s = settings
    marked_rows, small_group_cells = small_groups(
        _frame(con, "select * from koppels_per_wijk_jaar"),
        _frame(con, "select * from koppels_achter_contacten"),
        periods,
        wijken,
        min_koppels=s.min_koppels,
    )
    vergelijking, vergelijking_cells = koppel_vergelijking.koppel_vergelijking_rows(
        _frame(con, "select * from koppel_vergelijking_counts"),
        wijken,
        periods,
        min_count=s.min_count,
        min_koppels=s.min_koppels,
    )
    rows = {
        "indicator_values": indicator_values.indicator_rows(
            _frame(con, "select * from indicator_counts"),
            _frame(con, "select * from wachttijd_verdeling"),
            periods,
            wijken,
            min_count=s.min_count,
            min_noemer=s.min_noemer,
            small_groups=marked_rows,
            strata=_frame(con, "select * from indicator_strata"),
            stratum_population=_frame(con, "select * from bevolking_strata"),
        ),
        "koppel_leercurve": published_tables.koppel_leercurve_rows(
            _frame(con, "select * from koppel_kwartalen"),
            wijken,
            min_count=s.min_count,
            min_koppels=s.min_koppels,
        ),
        "koppel_kenmerken": published_tables.koppel_kenmerken_rows(
            _frame(con, "select * from koppels_per_wijk_jaar"), wijken, min_koppels=s.min_koppels
        ),
        "opnames_per_type": published_tables.opnames_per_type_rows(
            _frame(con, "select * from opnames_per_type"),
            inwoners,
            periods,
            wijken,
            min_count=s.min_count,
            min_noemer=s.min_noemer,
        ),
        "bevolking": published_tables.bevolking_rows(
            _frame(con, "select * from bevolking_per_wijk"), wijken, min_count=s.min_count
        ),
        "consulten_per_kenmerk": published_tables.consulten_per_kenmerk_rows(
            _frame(con, "select * from consulten_per_kenmerk"), wijken, min_count=s.min_count
        ),
        "bevolking_geslacht": published_tables.bevolking_geslacht_rows(
            _frame(con, "select * from bevolking_geslacht_per_wijk"), wijken, min_count=s.min_count
        ),
        "koppel_vergelijking": vergelijking,
        "samenwerkingsfase": published_tables.samenwerkingsfase_rows(
            _frame(con, "select * from samenwerkingsfase_per_wijk"),
            wijken,
            min_count=s.min_count,
            min_koppels=s.min_koppels,
        ),
    }
    rows["koppel_hulpvraag"] = published_tables.koppel_hulpvraag_rows(
        _frame(con, "select * from koppel_hulpvraag_per_koppeljaar"),
        wijken,
        min_count=s.min_count,
        min_koppels=s.min_koppels,
    )
    fase_cells = pl.concat(
        [
            published_tables.samenwerkingsfase_small_groups(
                rows["samenwerkingsfase"], min_koppels=s.min_koppels
            ),
            published_tables.koppel_hulpvraag_small_groups(
                rows["koppel_hulpvraag"], min_koppels=s.min_koppels
            ),
        ]
    )
    protected = release.protect_tables(
        rows,
        wijken=wijken,
        periods=periods,
        min_count=s.min_count,
        min_koppels=s.min_koppels,
        inwoners_75plus=inwoners,
        small_groups=pl.concat([small_group_cells, vergelijking_cells, fase_cells]).unique(
            maintain_order=True
        ),
        ledger=ledger,
    )
    final = protected.tables
    values = indicator_values.finish_indicator_values(final["indicator_values"])
    frames = {
        "indicator_values": values,
        "funnel_limits": funnel.funnel_limits(values, periods),
        "indicator_catalogue": catalogue_table(),
        "areas": published_tables.areas_with_geometry(
            wijken, _frame(con, "select wijk_code, geometry from geometry_wijk")
        ),
        "build_info": _build_info(con, s, periods),
        "build_inputs": _frame(
            con,
            "select file, table_name, format, rows_read, rows_loaded, rows_quarantined "
            "from load_report order by table_name",
        ),
        "quarantine_summary": _frame(
            con,
            "select file, column_name, reason, count(distinct row) as rows "
            "from quarantine group by all order by file, rows desc",
        ),
        "koppel_leercurve": published_tables.finish_koppel_leercurve(final["koppel_leercurve"]),
        "koppel_kenmerken": published_tables.finish_koppel_kenmerken(final["koppel_kenmerken"]),
        "opnames_per_type": published_tables.finish_opnames_per_type(final["opnames_per_type"]),
        "bevolking": published_tables.finish_bevolking(final["bevolking"]),
        "bevolking_geslacht": published_tables.finish_bevolking_geslacht(
            final["bevolking_geslacht"]
        ),
        "consulten_per_kenmerk": published_tables.finish_consulten_per_kenmerk(
            final["consulten_per_kenmerk"]
        ),
        "koppel_vergelijking": koppel_vergelijking.finish_koppel_vergelijking(
            final["koppel_vergelijking"]
        ),
        "samenwerkingsfase": published_tables.finish_samenwerkingsfase(final["samenwerkingsfase"]),
        "koppel_hulpvraag": published_tables.finish_koppel_hulpvraag(final["koppel_hulpvraag"]),
        "periods": periods.select(
            "period", "period_type", "jaar", "period_start", "period_end", "periode_volledig"
        ),
    }
    frames["vergelijkbare_gebieden"] = similar_area_table(
        con, frames["bevolking"], values, wijken, min_noemer=s.min_noemer
    )
    return frames, protected


def similar_area_table(
    con: duckdb.DuckDBPyConnection,
    bevolking: pl.DataFrame,
    values: pl.DataFrame,
    wijken: pl.DataFrame,
    *,
    min_noemer: int,
) -> pl.DataFrame:
    """``vergelijkbare_gebieden`` from the *published* (suppressed) ``bevolking`` and
    ``indicator_values`` and the delivered area characteristics (pipelines/similar_areas.py)."""
    population = similar_areas.population_features(bevolking, values, min_noemer=min_noemer)
    characteristics = similar_areas.area_characteristics(
        _frame(con, "select * from gebied_kenmerken"), wijken
    )
    features = population.join(characteristics, on=["area_level", "area_code"], how="left")
    return similar_areas.similar_areas(features)


def _dutch(message: str) -> str:
    """Thousands separators as points (1.234)."""
    return message.replace(",", ".")


def _refuse_person_keys(frames: dict[str, pl.DataFrame]) -> None:
    for name, frame in frames.items():
        leaked = sorted(set(frame.columns) & set(PERSON_LEVEL_KEYS))
        if leaked:
            raise RuntimeError(f"publish: table {name} has person-level column(s) {leaked}")


def publish(
    con: duckdb.DuckDBPyConnection,
    output_dir: Path,
    settings: PublishSettings,
    progress: Callable[[str], None] = lambda _m: None,
    check: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> Published:
    """Write a new published database under ``output_dir/published/`` and return its path and
    total rows. Does not switch the app to it yet (``switch_to`` does).

    ``check`` is called with a connection to the complete database before it gets its final
    name; when it raises, the file is removed and the exception propagates."""
    frames, protected = published_frames(con, settings, release.read_ledger(output_dir))
    progress(
        _dutch(
            f"[publish] disclosure: {protected.cells.height:,} cells; "
            f"{int((~protected.cells['known']).sum()):,} hidden; "
            f"{protected.partners:,} partners in {protected.rounds} rounds "
            f"({protected.seconds:.2f} s)"
        )
    )
    _refuse_person_keys(frames)
    target_dir = output_dir / PUBLISHED_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = settings.built_at.strftime("%Y%m%dT%H%M%S%fZ")
    path = target_dir / f"dashboard-{stamp}.duckdb"
    partial = path.with_suffix(".duckdb.partial")
    partial.unlink(missing_ok=True)
    out = duckdb.connect(str(partial))
    rows = 0
    complete = False
    try:
        for name, frame in frames.items():
            out.register("_frame", frame)
            out.execute(f"create table {name} as select * from _frame")
            out.unregister("_frame")
            rows += frame.height
            progress(_dutch(f"[publish] {name}: {frame.height:,} rows"))
        out.execute("checkpoint")
        if check is not None:
            check(out)
        complete = True
    finally:
        out.close()
        if not complete:
            partial.unlink(missing_ok=True)
            Path(f"{partial}.wal").unlink(missing_ok=True)
    os.replace(partial, path)
    return Published(path, rows, protected)


def switch_to(published: Published, output_dir: Path) -> None:
    """Point ``output_dir/dashboard.duckdb`` at the published file atomically, add the release
    to the ledger of earlier releases (pipelines/release.py); prune old builds."""
    path = published.path
    link = output_dir / LINK_NAME
    temporary = output_dir / f".{LINK_NAME}.{os.getpid()}.tmp"
    temporary.unlink(missing_ok=True)
    os.symlink(os.path.relpath(path, output_dir), temporary)
    os.replace(temporary, link)
    if published.protected is not None:
        release.write_ledger(output_dir, path.stem.removeprefix("dashboard-"), published.protected)
    _prune(path.parent, keep=path)


def _prune(published_dir: Path, keep: Path) -> None:
    older = sorted((p for p in published_dir.glob("dashboard-*.duckdb") if p != keep), reverse=True)
    for stale in older[KEEP_OLDER:]:
        stale.unlink(missing_ok=True)
    for partial in published_dir.glob("*.partial"):
        partial.unlink(missing_ok=True)
