"""Ingest: a partner delivery folder → raw_*, valid_* + quarantine, load_report,
build_parameters and geometry_wijk in a DuckDB connection.

The entry point is ``ingest_delivery``; a delivery that must not be loaded raises
``DeliveryRefused`` before ingest returns, and the caller then writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from pipelines import contract
from pipelines.ingest import files, privacy, readers, summary
from pipelines.ingest.errors import DeliveryRefused
from pipelines.ingest.report import FileReport, IngestReport
from pipelines.ingest.sql import read_sql
from pipelines.ingest.validate import check_rows, checked_name, validate_table

__all__ = ["DeliveryRefused", "FileReport", "IngestReport", "ingest_delivery", "load_tables"]


def ingest_delivery(
    con: duckdb.DuckDBPyConnection,
    input_dir: Path,
    *,
    max_quarantine_share: float = contract.DEFAULT_MAX_QUARANTINE_SHARE,
    allow_quarantine: bool = False,
    peildatum: date | None = None,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read, check and validate the delivery in ``input_dir`` into ``con``; return the report.

    Writes raw_<table> (temporary views), valid_<table>, quarantine, load_report,
    build_parameters and geometry_wijk. Raises DeliveryRefused (message names file, column
    and row where there is one) for: a missing or doubly delivered table, an unreadable file
    (binary, UTF-16, a quote that never closes), a header that is not in row 1, a missing
    required column, a column identifying a person in any file, a pseudonym that looks like
    a BSN, and a file with more than ``max_quarantine_share`` of its rows quarantined unless
    ``allow_quarantine``. A file with only a header loads no rows and adds a warning.
    """
    input_dir = Path(input_dir)
    today = today or date.today()
    say = progress or (lambda _message: None)

    table_files = files.find_table_files(input_dir)
    headers = {name: readers.read_header(path) for name, path in table_files.items()}
    report = IngestReport(synthetisch=files.is_synthetic(input_dir))
    for header in headers.values():
        privacy.check_identifying_columns(header.path.name, header.columns)
        report.warnings.extend(header.notes)
    _check_other_files(input_dir, table_files, report)

    files_reports, warnings = load_tables(
        con,
        headers,
        today=today,
        max_quarantine_share=max_quarantine_share,
        allow_quarantine=allow_quarantine,
        progress=say,
    )
    report.files.extend(files_reports)
    report.warnings.extend(warnings)

    _write_build_parameters(con, report, peildatum)
    report.wijken_met_geometrie = _write_geometry(con, input_dir, report, say)
    say("Inlezen klaar")
    return report


def load_tables(
    con: duckdb.DuckDBPyConnection,
    headers: dict[str, readers.Header],
    *,
    today: date,
    max_quarantine_share: float = contract.DEFAULT_MAX_QUARANTINE_SHARE,
    allow_quarantine: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[FileReport], list[str]]:
    """Read, check and validate the files of ``headers`` (table name → header) into ``con``, in
    ``LOAD_ORDER``: ``raw_``, ``valid_``, ``quarantine`` and ``load_report`` rows. A foreign
    key needs ``valid_`` of the table it points to, loaded here or before. Every file is read
    and checked before any is validated, so a file that must be refused is refused first.
    Refuses (``DeliveryRefused``) as ``ingest_delivery`` does. Returns the file reports and the
    warnings."""
    say = progress or (lambda _message: None)
    for name, header in headers.items():
        privacy.check_identifying_columns(header.path.name, header.columns)
        _check_required_columns(contract.TABLES_BY_NAME[name], header)
    raws: dict[str, readers.RawTable] = {}
    warnings: list[str] = []
    for name in contract.LOAD_ORDER:
        if name not in headers:
            continue
        table = contract.TABLES_BY_NAME[name]
        say(f"Lezen: {headers[name].path.name}")
        raw = readers.load_raw(con, name, headers[name])
        # One read of the file types every value and collects the rules each row breaks.
        check_rows(con, table, raw, today)
        readers.refuse_unclosed_quote(con, raw)
        privacy.check_pseudonyms(con, raw, checked_name(table))
        if raw.rows_read == 0:
            warnings.append(f"{raw.file}: bevat alleen een kopregel; er zijn geen rijen geladen.")
        raws[name] = raw

    con.execute(read_sql("create_quarantine"))
    con.execute(read_sql("create_load_report"))
    reports = []
    for name, raw in raws.items():
        say(f"Controleren: {raw.file}")
        file_report = validate_table(con, contract.TABLES_BY_NAME[name], raw)
        file_report.extra_columns = _extra_columns(contract.TABLES_BY_NAME[name], raw)
        _refuse_too_much_quarantine(file_report, max_quarantine_share, allow_quarantine)
        _insert_load_report(con, file_report)
        reports.append(file_report)
    return reports, warnings


def _check_other_files(input_dir: Path, table_files: dict[str, Path], report: IngestReport) -> None:
    """Refuse identifying columns in files that hold no table too: they are in the delivery."""
    for path in files.other_data_files(input_dir, table_files):
        try:
            header = readers.read_header(path)
        except DeliveryRefused as refusal:
            report.warnings.append(f"{path.name}: genegeerd, kan niet worden gelezen. {refusal}")
            continue
        privacy.check_identifying_columns(path.name, header.columns)
        report.warnings.append(f"{path.name}: geen bekende tabel; genegeerd.")


def _check_required_columns(table: contract.Table, header: readers.Header) -> None:
    missing = [c.name for c in table.columns if c.required and c.name not in header.columns]
    if missing:
        names = ", ".join(missing)
        found_in = readers.find_header_row(header, [c.name for c in table.columns if c.required])
        if found_in is not None:
            raise DeliveryRefused(
                f"{header.path.name}: de kopregel staat in rij {found_in} en niet in rij 1; "
                "zet de kolomnamen in rij 1, zonder titel- of lege regels erboven."
            )
        raise DeliveryRefused(
            f"{header.path.name}: verplichte kolom ontbreekt: {names} (rij 1, de kopregel)."
        )


def _extra_columns(table: contract.Table, raw: readers.RawTable) -> list[str]:
    return [column for column in raw.columns if column not in table.column_names]


def _refuse_too_much_quarantine(
    file_report: FileReport, max_share: float, allow_quarantine: bool
) -> None:
    if allow_quarantine or file_report.rows_read == 0:
        return
    share = file_report.rows_quarantined / file_report.rows_read
    if share > max_share:
        raise DeliveryRefused(
            f"{file_report.file}: {summary.number(file_report.rows_quarantined)} van "
            f"{summary.number(file_report.rows_read)} rijen ({summary.percent(share)}) voldoen "
            f"niet aan de regels; meer dan {summary.percent(max_share)} is niet toegestaan. "
            f"Redenen: {summary.breakdown(file_report.reason_texts)}. Verbeter de levering of "
            "sta quarantaine expliciet toe (--allow-quarantine); `python -m pipelines validate "
            "--allow-quarantine` schrijft elke rij met rijnummer en melding in quarantaine.csv."
        )


def _insert_load_report(con: duckdb.DuckDBPyConnection, file_report: FileReport) -> None:
    con.execute(
        read_sql("insert_load_report"),
        {
            "file": file_report.file,
            "table_name": file_report.table_name,
            "format": file_report.format,
            "rows_read": file_report.rows_read,
            "rows_loaded": file_report.rows_loaded,
            "rows_quarantined": file_report.rows_quarantined,
            "extra_columns": file_report.extra_columns,
        },
    )


def _write_build_parameters(
    con: duckdb.DuckDBPyConnection, report: IngestReport, peildatum: date | None
) -> None:
    con.execute(
        read_sql("build_parameters"), {"peildatum": peildatum, "synthetisch": report.synthetisch}
    )
    report.peildatum, report.data_start = con.execute(
        "select peildatum, data_start from build_parameters"
    ).fetchone()
    if report.peildatum is None:
        report.warnings.append(
            "Geen geldige consulten of opnames: de peildatum kon niet worden bepaald."
        )


def _write_geometry(
    con: duckdb.DuckDBPyConnection,
    input_dir: Path,
    report: IngestReport,
    say: Callable[[str], None],
) -> int:
    """Read the optional map into ``geometry_wijk``; report skipped features and the wijken of
    ``gebieden`` without a shape. Returns the number of wijken with a shape."""
    con.execute(read_sql("create_geometry_wijk"))
    path = files.geometry_file(input_dir)
    if path is None:
        return 0
    say(f"Kaart lezen: {path.name}")
    # Imported here: the geometry libraries take a second to load, and the app (which reads
    # this package's texts) never reads a map.
    from pipelines.ingest.geometry import wijk_geometries

    shapes = wijk_geometries(path)
    report.warnings.extend(shapes.warnings)
    rows = shapes.rows
    if rows:
        con.execute(
            read_sql("insert_geometry_wijk"),
            {
                "wijk_codes": [code for code, _ in rows],
                "geometries": [geometry for _, geometry in rows],
            },
        )
    has_gebieden = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'valid_gebieden'"
    ).fetchone()[0]
    without, unknown = (
        con.execute(read_sql("geometry_coverage")).fetchone() if has_gebieden else ([], [])
    )
    if rows and without:
        report.warnings.append(
            f"{path.name}: {len(without)} wijken van gebieden hebben geen vorm op de kaart: "
            f"{_some(without)}."
        )
    if unknown:
        report.warnings.append(
            f"{path.name}: {len(unknown)} vormen horen bij geen wijk van gebieden en worden niet "
            f"getoond: {_some(unknown)}."
        )
    report.kaart = {
        "bestand": path.name,
        "objecten": shapes.features,
        "overgeslagen": shapes.skipped,
        "wijken_met_vorm": len(rows) - len(unknown or []),
        "wijken_zonder_vorm": len(without or []) if rows else None,
        "projectie": shapes.projection,
        "tolerantie_m": shapes.tolerance_m,
        "bytes": shapes.bytes,
    }
    return len(rows) - len(unknown or [])


def _some(codes: list[str], shown: int = 5) -> str:
    more = f" en {len(codes) - shown} meer" if len(codes) > shown else ""
    return ", ".join(sorted(codes)[:shown]) + more
