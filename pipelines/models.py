"""Run the layered SQL models (staging → intermediate → marts) and the data checks.

Each model is one ``.sql`` file under ``pipelines/sql/<layer>/`` holding a single SELECT; the
file name is the table it creates. Within a layer, models run in dependency order, found by
looking for the names of other models in the SQL text. Checks under ``pipelines/sql/checks/``
each return the rows that break a rule; zero rows means the check passes.

Values the SQL needs (the peildatum) are read from the ``build_parameters`` table inside the
SQL itself, so nothing is ever pasted into SQL text except the model's own validated name.

A model is a table unless its file has the line ``-- materialized: view`` (as dbt's config):
row-level pass-through models (a rename and a join per row) are views, because writing millions
of rows to the warehouse file costs more than recomputing them in the few models that read them.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent / "sql"
LAYERS = ("staging", "intermediate", "marts")
CHECKS_DIR = SQL_DIR / "checks"
#: How many offending rows a failed check keeps as an example.
CHECK_SAMPLE_SIZE = 5

_MODEL_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LINE_COMMENT = re.compile(r"--[^\n]*")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_TABLE_REFERENCE = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)\b")
_CTE_NAME = re.compile(r"\b([a-z_][a-z0-9_]*)\s+as\s*\(")
_MATERIALIZED = re.compile(r"^--\s*materialized:\s*(\w+)\s*$", re.MULTILINE)
MATERIALIZATIONS = ("table", "view")


class ModelError(Exception):
    """A model or check could not be read, ordered or run; the message names the file."""


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    path: Path
    sql: str
    materialized: str = "table"


@dataclass(frozen=True)
class ModelResult:
    name: str
    layer: str
    rows: int
    seconds: float


@dataclass(frozen=True)
class CheckResult:
    name: str
    failing_rows: int
    sample: list[tuple]

    @property
    def passed(self) -> bool:
        return self.failing_rows == 0


def _read_select(path: Path) -> str:
    """Return the SELECT held by ``path`` without a trailing semicolon; refuse a bad name."""
    if not _MODEL_NAME.match(path.stem):
        raise ModelError(f"{path}: a model name must be lower-case letters, digits and '_'")
    sql = path.read_text(encoding="utf-8").strip()
    sql = sql.removesuffix(";").rstrip()
    if not sql:
        raise ModelError(f"{path}: the file holds no SQL")
    return sql


def _materialization(path: Path, sql: str) -> str:
    """Return ``table`` or ``view`` from the model's ``-- materialized:`` line (default table);
    refuses another value."""
    found = _MATERIALIZED.findall(sql)
    kind = found[0] if found else "table"
    if kind not in MATERIALIZATIONS or len(found) > 1:
        raise ModelError(
            f"{path}: '-- materialized: {kind}' must appear once, "
            f"as one of {list(MATERIALIZATIONS)}"
        )
    return kind


def _strip_comments(sql: str) -> str:
    return _LINE_COMMENT.sub(" ", _BLOCK_COMMENT.sub(" ", sql))


def discover_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """Return every model in run order: layer by layer, dependencies first within a layer.

    Refuses (ModelError) a model name used twice, a model that reads a model of a later layer,
    and a dependency cycle.
    """
    models: list[Model] = []
    for layer in LAYERS:
        for path in sorted((sql_dir / layer).glob("*.sql")):
            sql = _read_select(path)
            models.append(Model(path.stem, layer, path, sql, _materialization(path, sql)))
    by_name: dict[str, Model] = {}
    for model in models:
        if model.name in by_name:
            raise ModelError(f"{model.path}: model {model.name} also exists in {model.layer}")
        by_name[model.name] = model

    layer_rank = {layer: rank for rank, layer in enumerate(LAYERS)}
    ordered: list[Model] = []
    for layer in LAYERS:
        graph: dict[str, set[str]] = {}
        for model in (m for m in models if m.layer == layer):
            deps = _referenced_models(model, set(by_name) - {model.name})
            for dep in deps:
                if layer_rank[by_name[dep].layer] > layer_rank[layer]:
                    raise ModelError(
                        f"{model.path}: reads {dep}, a model of the later layer "
                        f"{by_name[dep].layer}"
                    )
            graph[model.name] = {dep for dep in deps if by_name[dep].layer == layer}
        ordered.extend(by_name[name] for name in _stable_topological_order(graph, layer))
    return ordered


def _referenced_models(model: Model, names: set[str]) -> set[str]:
    """Return the other models ``model`` reads (named after FROM or JOIN).

    Refuses a CTE named like a model: it would hide the model from readers and from this scan.
    """
    text = _strip_comments(model.sql).lower()
    shadowing = sorted(set(_CTE_NAME.findall(text)) & names)
    if shadowing:
        raise ModelError(
            f"{model.path}: CTE {shadowing[0]} has the name of a model; rename the CTE"
        )
    return set(_TABLE_REFERENCE.findall(text)) & names


def _stable_topological_order(graph: dict[str, set[str]], layer: str) -> list[str]:
    """Dependencies first; among models that are ready at the same time, alphabetical."""
    sorter = TopologicalSorter(graph)
    try:
        sorter.prepare()
    except CycleError as err:
        cycle = " → ".join(err.args[1])
        raise ModelError(f"sql/{layer}: models depend on each other in a cycle: {cycle}") from err
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return order


def run_models(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> list[ModelResult]:
    """Create or replace every model table in ``con``; return one result per model in run order.

    Refuses (ModelError naming the file and DuckDB's message) when a model fails to run, e.g.
    because an ingest table it reads is missing.
    """
    results: list[ModelResult] = []
    models = discover_models(sql_dir)
    keep_order = con.execute("select current_setting('preserve_insertion_order')").fetchall()[0][0]
    # A model is a set of rows; whoever needs an order says ORDER BY. Not keeping the insertion
    # order lets DuckDB write and aggregate in parallel without re-sorting (2x on the marts).
    con.execute("set preserve_insertion_order = false")
    try:
        for model in models:
            started = time.perf_counter()
            try:
                _drop_other_kind(con, model)
                # The name is checked against _MODEL_NAME; the body is the repository's own SQL.
                con.execute(f"create or replace {model.materialized} {model.name} as\n{model.sql}")
                rows = con.execute(f"select count(*) from {model.name}").fetchall()[0][0]
            except duckdb.Error as err:
                raise ModelError(f"{model.path}: model {model.name} failed: {err}") from err
            results.append(
                ModelResult(model.name, model.layer, int(rows), time.perf_counter() - started)
            )
    finally:
        con.execute(f"set preserve_insertion_order = {'true' if keep_order else 'false'}")
    return results


def _drop_other_kind(con: duckdb.DuckDBPyConnection, model: Model) -> None:
    """Drop an existing table where the model is now a view, or the reverse: DuckDB cannot
    ``create or replace`` one kind with the other."""
    existing = con.execute(
        "select table_type from information_schema.tables "
        "where table_name = ? and table_schema = current_schema()",
        [model.name],
    ).fetchall()
    kind = {"BASE TABLE": "table", "VIEW": "view"}.get(existing[0][0]) if existing else None
    if kind and kind != model.materialized:
        con.execute(f"drop {kind} {model.name}")


def run_checks(con: duckdb.DuckDBPyConnection, checks_dir: Path = CHECKS_DIR) -> list[CheckResult]:
    """Run every check; return one result per check file (alphabetical), with its failing rows
    counted and up to CHECK_SAMPLE_SIZE of them as a sample.

    Refuses (ModelError naming the file) a check whose SQL does not run.
    """
    results: list[CheckResult] = []
    for path in sorted(checks_dir.glob("*.sql")):
        sql = _read_select(path)
        try:
            failing = con.execute(f"select count(*) from (\n{sql}\n)").fetchall()[0][0]
            sample = (
                con.execute(f"select * from (\n{sql}\n) limit ?", [CHECK_SAMPLE_SIZE]).fetchall()
                if failing
                else []
            )
        except duckdb.Error as err:
            raise ModelError(f"{path}: check {path.stem} failed to run: {err}") from err
        results.append(CheckResult(path.stem, int(failing), sample))
    return results
