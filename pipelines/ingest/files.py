"""Finding the files of a delivery folder: one file per contract table."""

from __future__ import annotations

from pathlib import Path

from pipelines import contract
from pipelines.ingest.errors import DeliveryRefused

#: A file with this name in the delivery folder marks the delivery as synthetic.
SYNTHETIC_MARKER = "SYNTHETIC"


def find_table_files(input_dir: Path) -> dict[str, Path]:
    """Return the delivered file of each contract table, by table name (only tables delivered).

    File names are matched case-insensitively (``SO_Consulten.CSV`` counts). Refuses a missing
    folder, a missing required table and a table delivered twice (e.g. ``.csv`` and ``.xlsx``).
    """
    if not input_dir.is_dir():
        raise DeliveryRefused(f"De map '{input_dir}' bestaat niet of is geen map.")
    by_table: dict[str, list[Path]] = {}
    for path in sorted(input_dir.iterdir()):
        if not path.is_file():
            continue
        stem, suffix = path.stem.strip().lower(), path.suffix.lower()
        if stem in contract.TABLES_BY_NAME and suffix in contract.FILE_EXTENSIONS:
            by_table.setdefault(stem, []).append(path)

    for table in contract.TABLES:
        found = by_table.get(table.name, [])
        if len(found) > 1:
            names = " en ".join(f"'{p.name}'" for p in found)
            raise DeliveryRefused(
                f"Tabel {table.name} is twee keer aangeleverd ({names}); lever één bestand."
            )
        if not found and table.required:
            allowed = ", ".join(f"{table.name}{ext}" for ext in contract.FILE_EXTENSIONS)
            raise DeliveryRefused(
                f"Bestand voor tabel {table.name} ontbreekt in '{input_dir}' (verwacht: {allowed})."
            )
    return {name: paths[0] for name, paths in by_table.items()}


def other_data_files(input_dir: Path, table_files: dict[str, Path]) -> list[Path]:
    """Return the CSV/Parquet/XLSX files in the folder that hold no contract table."""
    known = set(table_files.values())
    return [
        path
        for path in sorted(input_dir.iterdir())
        if path.is_file() and path.suffix.lower() in contract.FILE_EXTENSIONS and path not in known
    ]


def geometry_file(input_dir: Path) -> Path | None:
    """Return the optional map (gebieden.geojson or gebieden.gpkg, in that order), or None
    when none was delivered."""
    for name in contract.GEOMETRY_FILES:
        path = input_dir / name
        if path.is_file():
            return path
    return None


def is_synthetic(input_dir: Path) -> bool:
    """Return True when the delivery says it is synthetic (a file named SYNTHETIC exists)."""
    return (input_dir / SYNTHETIC_MARKER).is_file()
