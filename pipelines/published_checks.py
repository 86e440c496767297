"""Data checks on the published tables, run on every build before the app is switched to them.

Each check is one ``.sql`` file under ``pipelines/sql/published_checks/`` holding a SELECT that
returns the rows breaking a rule (zero rows = pass), like ``pipelines/sql/checks`` on the
warehouse. They run on the just-written published database (``publish.publish`` calls them
before the file gets its final name); a failing check stops the build.

A check names what it needs in ``-- requires:`` lines, one table each, optionally with a
condition on that table's rows::

    -- requires: opnames_per_type where period_type = 'kwartaal'

When a required table is missing, or has no row meeting the condition, the check is *skipped*
and says why (in the build log and report) instead of passing with nothing to check: a table
dropped or made yearly-only by a later schema is visible, not silently passed. A check whose SQL
does not run on a table that exists (a renamed column) stops the build (ModelError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.models import CHECK_SAMPLE_SIZE, SQL_DIR, ModelError

CHECKS_DIR = SQL_DIR / "published_checks"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRES = re.compile(
    r"^--\s*requires:\s*(?P<table>[a-z][a-z0-9_]*)(?:\s+where\s+(?P<condition>.+?))?\s*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Requirement:
    table: str
    condition: str | None = None

    def describe(self) -> str:
        return self.table + (f" where {self.condition}" if self.condition else "")


@dataclass(frozen=True)
class PublishedCheck:
    name: str
    path: Path
    sql: str
    requires: tuple[Requirement, ...]


@dataclass(frozen=True)
class PublishedCheckResult:
    name: str
    failing_rows: int
    sample: list[tuple]
    #: Why the check did not run (a required table or rows missing); None when it ran.
    skipped: str | None = None

    @property
    def passed(self) -> bool:
        return self.skipped is None and self.failing_rows == 0

    @property
    def failed(self) -> bool:
        return self.failing_rows > 0

    def to_dict(self) -> dict:
        return {
            "check": self.name,
            "failing_rows": self.failing_rows,
            "sample": [list(map(str, row)) for row in self.sample],
            "skipped": self.skipped,
        }


def discover_checks(checks_dir: Path = CHECKS_DIR) -> list[PublishedCheck]:
    """Every check file (alphabetical) with its SQL and requirements. Refuses (ModelError) a
    bad file name, an empty file or a check without a ``-- requires:`` line."""
    checks = []
    for path in sorted(checks_dir.glob("*.sql")):
        if not _NAME.match(path.stem):
            raise ModelError(f"{path}: a check name must be lower-case letters, digits and '_'")
        sql = path.read_text(encoding="utf-8").strip().removesuffix(";").rstrip()
        requires = tuple(Requirement(m["table"], m["condition"]) for m in _REQUIRES.finditer(sql))
        if not requires:
            raise ModelError(f"{path}: a published check names its tables in '-- requires:' lines")
        checks.append(PublishedCheck(path.stem, path, sql, requires))
    return checks


def _missing(con: duckdb.DuckDBPyConnection, requirement: Requirement) -> str | None:
    """Why ``requirement`` is not met (table missing, or no row meets the condition), or None."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_name = ? and table_schema = current_schema()",
        [requirement.table],
    ).fetchall()[0][0]
    if not exists:
        return f"table {requirement.table} is missing"
    if requirement.condition is None:
        return None
    # The table name is checked by _REQUIRES; the condition is the repository's own SQL.
    any_row = con.execute(
        f"select exists (select 1 from {requirement.table} where {requirement.condition})"
    ).fetchall()[0][0]
    return None if any_row else f"{requirement.describe()} has no rows"


def run_checks(
    con: duckdb.DuckDBPyConnection, checks_dir: Path = CHECKS_DIR
) -> list[PublishedCheckResult]:
    """Run every published check on ``con``; return one result per check (alphabetical): the
    failing rows counted with up to CHECK_SAMPLE_SIZE of them, or the reason it was skipped.

    Refuses (ModelError naming the file) a check or condition whose SQL does not run.
    """
    results = []
    for check in discover_checks(checks_dir):
        try:
            reasons = [r for r in (_missing(con, req) for req in check.requires) if r]
            if reasons:
                results.append(PublishedCheckResult(check.name, 0, [], "; ".join(reasons)))
                continue
            failing = con.execute(f"select count(*) from (\n{check.sql}\n)").fetchall()[0][0]
            sample = (
                con.execute(
                    f"select * from (\n{check.sql}\n) limit ?", [CHECK_SAMPLE_SIZE]
                ).fetchall()
                if failing
                else []
            )
        except duckdb.Error as err:
            raise ModelError(f"{check.path}: check {check.name} failed to run: {err}") from err
        results.append(PublishedCheckResult(check.name, int(failing), sample))
    return results


def failure_message(results: list[PublishedCheckResult]) -> str | None:
    """One line naming every failed check with its first offending rows, or None when none
    failed."""
    failed = [r for r in results if r.failed]
    if not failed:
        return None
    lines = "; ".join(
        f"{r.name}: {r.failing_rows:,} rijen, bijvoorbeeld {r.sample[:2]}".replace(",", ".")
        for r in failed
    )
    return (
        f"controles op de gepubliceerde tabellen mislukt (pipelines/sql/published_checks): {lines}"
    )
