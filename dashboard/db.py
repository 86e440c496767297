"""The one read-only connection to the published database, and the checks before opening it.

The database path is the environment variable ``DASHBOARD_DB`` when set, else
``data/dashboard.duckdb`` in the repository root (not the working directory). That path is a
symlink the build swaps atomically, so everything here is keyed by its *real* path: an open
session picks up a new build on its next interaction, and a cached connection or query result
of an older build is never reused for the new one.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import streamlit as st

from dashboard import data

REPO_ROOT = data.REPO_ROOT
DEFAULT_DB = data.DEFAULT_DB
SAMPLE_DATA = REPO_ROOT / "sample_data"
ENV_VAR = data.ENV_VAR
BUILD_COMMAND = data.BUILD_COMMAND


class DatabaseUnavailable(Exception):
    """The published database cannot be used; the message says why and what to do, in Dutch."""


def database_path() -> Path:
    """Return the configured path of the published database (the symlink, not resolved)."""
    return data.default_database()


def real_path(path: Path | None = None) -> str:
    """Return the resolved path of the published database: the key of every cache."""
    return os.path.realpath(path or database_path())


@st.cache_resource(show_spinner=False, max_entries=4)
def connection(db: str) -> duckdb.DuckDBPyConnection:
    """Return the one read-only connection to the database at real path `db`.

    Cached per real path, so a new build (a new file behind the symlink) gets a new connection.
    """
    return duckdb.connect(db, read_only=True)


def schema_version(db: str) -> int | None:
    """Return build_info.schema_version of the database at `db`, or None when it has none."""
    try:
        return data.read_schema_version(connection(db))
    except duckdb.Error:
        return None


def check_database(path: Path, expected_version: int) -> str:
    """Return the real path of a usable published database at `path`.

    Refuses with DatabaseUnavailable (a Dutch message that names the path and the command to
    run) when the file is missing, cannot be opened, or was written by a pipeline with another
    schema version than `expected_version`.
    """
    if not Path(real_path(path)).is_file():
        raise DatabaseUnavailable(
            f"Er is nog geen gepubliceerde database op {path}. Bouw die met "
            f"`{BUILD_COMMAND}` en start het dashboard opnieuw."
        )
    db = real_path(path)
    try:
        version = schema_version(db)
    except duckdb.Error as error:
        raise DatabaseUnavailable(
            f"De database {path} kan niet worden geopend ({error}). Bouw die opnieuw met "
            f"`{BUILD_COMMAND}`."
        ) from error
    if version != expected_version:
        found = "onbekend" if version is None else str(version)
        raise DatabaseUnavailable(
            f"De database {path} is gemaakt door een andere versie van de pipeline "
            f"(schemaversie {found}, het dashboard verwacht {expected_version}). Bouw die "
            f"opnieuw met `{BUILD_COMMAND}`."
        )
    return db


#: What the first start shows while the sample database is built: when the build reports a
#: line starting with the first text, the step named by the last one is under way and the
#: share before it is done. Publishing (the disclosure model) takes most of the time.
BUILD_PHASES = (
    ("Lezen:", 0.05, "Bestanden lezen"),
    ("Controleren:", 0.15, "Rijen controleren"),
    ("[ingest]", 0.25, "Indicatoren berekenen"),
    ("[checks] sql/checks", 0.4, "Kleine aantallen afschermen (de langste stap)"),
    ("[publish] disclosure", 0.85, "Database schrijven"),
    ("[checks] sql/published_checks", 0.95, "Laatste controles"),
    ("Build klaar", 1.0, "Klaar"),
)


def build_phase(message: str) -> tuple[float, str] | None:
    """The share done and the Dutch text of the step under way after the build reported
    `message`; None for a line that starts no new step."""
    for start, share, text in BUILD_PHASES:
        if message.startswith(start):
            return share, text
    return None


def build_from_sample_data(output_dir: Path, progress=None) -> None:
    """Build the published database from ``sample_data/`` into `output_dir`; `progress` gets
    each line the build reports (see `build_phase`).

    Refuses with DatabaseUnavailable when there is no sample_data folder or the build fails.
    """
    # Imported here: the pipeline is only needed on first start, not on every rerun.
    from pipelines.build import BuildSettings, build

    if not SAMPLE_DATA.is_dir():
        raise DatabaseUnavailable(
            "Er is nog geen gepubliceerde database en geen map sample_data om die uit te bouwen. "
            f"Lever gegevens aan en bouw met `{BUILD_COMMAND}`."
        )
    try:
        settings = BuildSettings(input_dir=SAMPLE_DATA, output_dir=output_dir)
        if progress is None:
            build(settings)
        else:
            build(settings, progress=progress)
    except Exception as error:  # any refusal of the build is reported, never a traceback
        raise DatabaseUnavailable(
            f"Het bouwen van de database uit sample_data is mislukt: {error}. Probeer "
            f"`{BUILD_COMMAND}` voor het volledige verslag."
        ) from error
