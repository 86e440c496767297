"""The fixed SQL statements of ingest, kept as .sql files under pipelines/sql/ingest/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "sql" / "ingest"


@cache
def read_sql(name: str) -> str:
    """Return the statement in ``pipelines/sql/ingest/<name>.sql`` without a final semicolon."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8").strip().removesuffix(";")
