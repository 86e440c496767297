"""The build: a delivery folder → warehouse.duckdb → published dashboard.duckdb.

Steps, each reported with row counts and seconds: ingest (read, validate, quarantine), models
(staging → intermediate → marts), checks on the warehouse, publish, and checks on the published
tables (``pipelines/published_checks.py``, before the app is switched to them). Everything is
staged in a hidden folder inside the output folder and moved into place only when every step
succeeded, so a refused or failed build leaves the previous warehouse and published database
untouched (and, for a refusal, writes nothing at all).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from pipelines import __version__, catalogue, models, publish, published_checks
from pipelines.contract import DEFAULT_MAX_QUARANTINE_SHARE
from pipelines.disclosure import MIN_COUNT, MIN_NOEMER
from pipelines.disclosure_model import DisclosureError
from pipelines.ingest import DeliveryRefused, ingest_delivery, summary
from pipelines.lock import build_lock

WAREHOUSE_NAME = "warehouse.duckdb"
REPORT_NAME = "build_report.json"
QUARANTINE_NAME = summary.QUARANTINE_CSV

Progress = Callable[[str], None]


class BuildFailed(Exception):
    """The delivery was read but the build could not be completed (a data check failed)."""


@dataclass(frozen=True)
class BuildSettings:
    input_dir: Path
    output_dir: Path
    allow_quarantine: bool = False
    max_quarantine_share: float = DEFAULT_MAX_QUARANTINE_SHARE
    peildatum: date | None = None
    min_count: int = MIN_COUNT
    min_noemer: int = MIN_NOEMER
    min_koppels: int = publish.MIN_KOPPELS


@dataclass
class StepResult:
    step: str
    name: str
    rows: int
    seconds: float


@dataclass
class BuildReport:
    built_at: str
    input_dir: str
    output_dir: str
    pipeline_version: str
    steps: list[StepResult] = field(default_factory=list)
    ingest: dict = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)
    published_checks: list[dict] = field(default_factory=list)
    published: str = ""
    #: The disclosure model's work: cells, hidden, partners, rounds, seconds.
    disclosure: dict = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def _quiet(_message: str) -> None:
    pass


def write_indicator_definitions(con: duckdb.DuckDBPyConnection) -> None:
    """Give the SQL models the catalogue facts they need (id, method, quarters, whether the
    rate is also age-sex standardised)."""
    con.execute(
        "create or replace table indicator_definitions "
        "(indicator_id varchar, methode varchar, kwartalen boolean, gestandaardiseerd boolean)"
    )
    # One statement, not executemany: that is one statement and one commit per row.
    con.execute(
        "insert into indicator_definitions select unnest($1), unnest($2), unnest($3), unnest($4)",
        [
            [i.id for i in catalogue.INDICATORS],
            [i.methode for i in catalogue.INDICATORS],
            [i.kwartalen for i in catalogue.INDICATORS],
            [i.gestandaardiseerd for i in catalogue.INDICATORS],
        ],
    )


def validate_delivery(
    settings: BuildSettings, progress: Progress = _quiet, quarantine_csv: Path | None = None
) -> dict:
    """Read and validate a delivery in memory and return the ingest report; writes nothing but
    ``quarantine_csv`` (when given; its folder is created), and that only when the delivery is
    not refused.

    Raises DeliveryRefused like a build would.
    """
    con = duckdb.connect()
    try:
        report = ingest_delivery(
            con,
            settings.input_dir,
            max_quarantine_share=settings.max_quarantine_share,
            allow_quarantine=settings.allow_quarantine,
            peildatum=settings.peildatum,
            progress=progress,
        )
        if quarantine_csv is not None:
            quarantine_csv.parent.mkdir(parents=True, exist_ok=True)
            summary.write_quarantine_file(con, quarantine_csv)
        return report.to_dict()
    finally:
        con.close()


def build(settings: BuildSettings, progress: Progress = _quiet) -> BuildReport:
    """Build the warehouse and publish the dashboard database into ``settings.output_dir``.

    Raises DeliveryRefused (nothing written), BuildLocked (another build runs), or BuildFailed
    (a data check failed; the previous build stays in place).
    """
    output_dir = settings.output_dir
    created_output = not output_dir.exists()
    started = time.perf_counter()
    built_at = datetime.now(UTC)
    report = BuildReport(
        built_at=built_at.isoformat(timespec="seconds"),
        input_dir=str(settings.input_dir),
        output_dir=str(output_dir),
        pipeline_version=__version__,
    )
    staging = output_dir / f".build-{os.getpid()}"
    try:
        with build_lock(output_dir):
            # Holding the lock, any staging folder left is a killed build's: clear it.
            for stale in output_dir.glob(".build-*"):
                shutil.rmtree(stale, ignore_errors=True)
            staging.mkdir()
            try:
                _build_into(staging, settings, report, built_at, progress)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except DeliveryRefused:
        if created_output and output_dir.exists() and not any(output_dir.iterdir()):
            output_dir.rmdir()
        raise
    report.seconds = round(time.perf_counter() - started, 3)
    _write_report(output_dir / REPORT_NAME, report)
    progress(f"Build klaar in {summary.seconds(report.seconds)} → {report.published}")
    return report


def _timed(report: BuildReport, step: str, name: str, progress: Progress):
    """Return a function that records a step's rows and seconds since this call."""
    started = time.perf_counter()

    def done(rows: int) -> None:
        seconds = time.perf_counter() - started
        report.steps.append(StepResult(step, name, rows, round(seconds, 3)))
        progress(f"[{step}] {name}: {rows:,} rows ({seconds:.2f} s)".replace(",", "."))

    return done


def _build_into(
    staging: Path,
    settings: BuildSettings,
    report: BuildReport,
    built_at: datetime,
    progress: Progress,
) -> None:
    warehouse_path = staging / WAREHOUSE_NAME
    con = duckdb.connect(str(warehouse_path))
    try:
        done = _timed(report, "ingest", "delivery", progress)
        ingest_report = ingest_delivery(
            con,
            settings.input_dir,
            max_quarantine_share=settings.max_quarantine_share,
            allow_quarantine=settings.allow_quarantine,
            peildatum=settings.peildatum,
            progress=progress,
        )
        report.ingest = ingest_report.to_dict()
        done(sum(f.rows_loaded for f in ingest_report.files))
        summary.write_quarantine_file(con, staging / QUARANTINE_NAME)

        write_indicator_definitions(con)
        for result in models.run_models(con):
            report.steps.append(
                StepResult("model", result.name, result.rows, round(result.seconds, 3))
            )
            progress(
                f"[model] {result.layer}/{result.name}: {result.rows:,} rows "
                f"({result.seconds:.2f} s)".replace(",", ".")
            )

        done = _timed(report, "checks", "sql/checks", progress)
        checks = models.run_checks(con)
        report.checks = [
            {
                "check": c.name,
                "failing_rows": c.failing_rows,
                "sample": [list(map(str, r)) for r in c.sample],
            }
            for c in checks
        ]
        done(len(checks))
        failed = [c for c in checks if not c.passed]
        if failed:
            lines = "; ".join(
                f"{c.name}: {summary.rows_text(c.failing_rows)}, bijvoorbeeld {c.sample[:1]}"
                for c in failed
            )
            raise BuildFailed(f"controles op de gegevens mislukt (pipelines/sql/checks): {lines}")

        _write_step_table(con, report)
        done = _timed(report, "publish", "dashboard.duckdb", progress)
        try:
            published = _publish(con, settings, built_at, report, progress)
        except DisclosureError as err:
            raise BuildFailed(
                "het onthullingsmodel kan deze publicatie niet beschermen; er is niets "
                f"gepubliceerd: {err}"
            ) from err
        report.published = str(published.path)
        protected = published.protected
        report.disclosure = {
            "cells": protected.cells.height,
            "hidden": int((~protected.cells["known"]).sum()),
            "partners": protected.partners,
            "rounds": protected.rounds,
            "earlier_releases": protected.earlier,
            "seconds": round(protected.seconds, 3),
        }
        done(published.rows)
    finally:
        con.close()
    # The warehouse moves into place only after the published database is complete.
    os.replace(warehouse_path, settings.output_dir / WAREHOUSE_NAME)
    os.replace(staging / QUARANTINE_NAME, settings.output_dir / QUARANTINE_NAME)
    publish.switch_to(published, settings.output_dir)


def _publish(
    con: duckdb.DuckDBPyConnection,
    settings: BuildSettings,
    built_at: datetime,
    report: BuildReport,
    progress: Progress,
) -> publish.Published:
    """Publish the warehouse ``con`` (checked by the published-table checks)."""
    return publish.publish(
        con,
        settings.output_dir,
        publish.PublishSettings(
            input_dir=str(settings.input_dir),
            built_at=built_at,
            min_count=settings.min_count,
            min_noemer=settings.min_noemer,
            min_koppels=settings.min_koppels,
        ),
        progress=progress,
        check=lambda out: _check_published(out, report, progress),
    )


def _check_published(
    out: duckdb.DuckDBPyConnection, report: BuildReport, progress: Progress
) -> None:
    """Run the checks on the published tables (``out``, the new published database); raise
    BuildFailed naming every failed check, so the app is never switched to it."""
    done = _timed(report, "checks", "sql/published_checks", progress)
    results = published_checks.run_checks(out)
    report.published_checks = [r.to_dict() for r in results]
    for result in results:
        if result.skipped:
            progress(f"[checks] {result.name}: skipped ({result.skipped})")
    done(len(results))
    message = published_checks.failure_message(results)
    if message:
        raise BuildFailed(message)


def _write_step_table(con: duckdb.DuckDBPyConnection, report: BuildReport) -> None:
    con.execute(
        "create or replace table build_report "
        "(step varchar, name varchar, rows bigint, seconds double)"
    )
    steps = report.steps
    con.execute(
        "insert into build_report select unnest($1), unnest($2), unnest($3), unnest($4)",
        [
            [s.step for s in steps],
            [s.name for s in steps],
            [s.rows for s in steps],
            [s.seconds for s in steps],
        ],
    )


def _write_report(path: Path, report: BuildReport) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report.to_dict(), indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)
