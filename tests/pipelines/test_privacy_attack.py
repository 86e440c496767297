"""An attacker with the published database tries to recover suppressed counts by differences
within an indicator: every parent area is the sum of its children, every year the sum of its
quarters. All those equations of one indicator and year are solved together (linear algebra,
not just one subtraction at a time): a suppressed count is recovered when the published counts
determine it uniquely. The attack must find none.
"""

from __future__ import annotations

import numpy as np
import polars as pl


def _cells(published, indicator: str, year: str, column: str) -> pl.DataFrame:
    return published.sql(
        f"""
        select area_code, parent_code, period, period_type, suppressed, {column} as count
        from indicator_values
        where indicator_id = $indicator and left(period, 4) = $year
        """,
        params={"indicator": indicator, "year": year},
    ).pl()


def recoverable_cells(cells: pl.DataFrame) -> list[tuple[str, str]]:
    """Return (area_code, period) of every suppressed cell that the equations
    parent = Σ children (per period) and year = Σ quarters (per area) pin down exactly."""
    unknown = cells.filter(pl.col("suppressed"))
    if unknown.is_empty():
        return []
    index = {(r["area_code"], r["period"]): i for i, r in enumerate(unknown.iter_rows(named=True))}
    known = {
        (r["area_code"], r["period"]): r["count"]
        for r in cells.filter(~pl.col("suppressed")).iter_rows(named=True)
    }
    rows: list[np.ndarray] = []
    constants: list[float] = []

    def equation(total: tuple[str, str], parts: list[tuple[str, str]]) -> None:
        # total − Σ parts = 0, with the known cells moved to the right-hand side.
        coefficients = np.zeros(len(index))
        constant = 0.0
        for cell, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if cell in index:
                coefficients[index[cell]] += sign
            else:
                constant -= sign * known[cell]
        if coefficients.any():
            rows.append(coefficients)
            constants.append(constant)

    by_period = cells.partition_by("period", as_dict=True)
    for (period,), group in by_period.items():
        children: dict[str, list[tuple[str, str]]] = {}
        for r in group.iter_rows(named=True):
            if r["parent_code"] is not None:
                children.setdefault(r["parent_code"], []).append((r["area_code"], period))
        for parent, parts in children.items():
            equation((parent, period), parts)
    quarters = cells.filter(pl.col("period_type") == "kwartaal")
    if not quarters.is_empty():
        year = cells.filter(pl.col("period_type") == "jaar")["period"][0]
        for (area,), group in quarters.partition_by("area_code", as_dict=True).items():
            equation((area, year), [(area, q) for q in group["period"]])
    if not rows:
        return []
    matrix = np.vstack(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for cell, i in index.items():
        unit = np.zeros(len(index))
        unit[i] = 1.0
        # The cell is determined iff its unit vector lies in the row space of the equations.
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


def test_the_attack_finds_a_cell_that_is_exposed():
    # Two wijken of one gemeente, one suppressed: gemeente − the other wijk gives it away.
    cells = pl.DataFrame(
        {
            "area_code": ["G", "W1", "W2"],
            "parent_code": [None, "G", "G"],
            "period": ["2024"] * 3,
            "period_type": ["jaar"] * 3,
            "suppressed": [False, True, False],
            "count": [30.0, None, 25.0],
        }
    )
    assert recoverable_cells(cells) == [("W1", "2024")]
    protected = cells.with_columns(suppressed=pl.Series([False, True, True]))
    assert recoverable_cells(protected) == []


def test_the_attack_combines_areas_and_quarters():
    # W1's year is hidden with W2's, but W1's quarters are all published: their sum is W1's
    # year, and then W2's year follows from the gemeente.
    rows = [("G", None, "2024", "jaar", False, 40.0)]
    rows += [("W1", "G", "2024", "jaar", True, None), ("W2", "G", "2024", "jaar", True, None)]
    rows += [("W1", None, f"2024-Q{q}", "kwartaal", False, 3.0) for q in range(1, 5)]
    cells = pl.DataFrame(
        rows,
        schema=["area_code", "parent_code", "period", "period_type", "suppressed", "count"],
        orient="row",
    )
    assert sorted(recoverable_cells(cells)) == [("W1", "2024"), ("W2", "2024")]


def _random_table(seed: int) -> pl.DataFrame:
    """A gemeente of wijken × (year + 4 quarters) with its RESV, randomly suppressed."""
    rng = np.random.default_rng(seed)
    wijken = [f"W{i}" for i in range(int(rng.integers(2, 9)))]
    rows = []
    for area, parent in [("R", None), ("G", "R"), *[(w, "G") for w in wijken]]:
        for period in ["2024", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]:
            rows.append((area, parent, period, "jaar" if len(period) == 4 else "kwartaal"))
    frame = pl.DataFrame(
        rows, schema=["area_code", "parent_code", "period", "period_type"], orient="row"
    )
    return frame.with_columns(
        suppressed=pl.Series(rng.random(frame.height) < 0.45),
        parent_period=pl.when(pl.col("period_type") == "kwartaal").then(pl.lit("2024")),
        indicator_id=pl.lit("x"),
    )


def test_the_iterative_solver_agrees_with_the_exact_method(monkeypatch):
    from pipelines import disclosure, disclosure_audit

    hierarchies = [disclosure.AREA_HIERARCHY, disclosure.TIME_HIERARCHY]
    found_any = False
    for seed in range(60):
        table = _random_table(seed)
        monkeypatch.setattr(disclosure_audit, "_EXACT_UP_TO", 10_000)
        exact = disclosure_audit.exposed_rows(table, hierarchies)
        monkeypatch.setattr(disclosure_audit, "_EXACT_UP_TO", 0)
        iterative = disclosure_audit.exposed_rows(table, hierarchies)
        assert exact.tolist() == iterative.tolist(), seed
        found_any = found_any or len(exact) > 0
    assert found_any  # the random tables do contain exposed cells


def test_protection_leaves_no_cell_exposed():
    from pipelines import disclosure, disclosure_audit

    hierarchies = [disclosure.AREA_HIERARCHY, disclosure.TIME_HIERARCHY]
    for seed in range(30):
        table = _random_table(seed).with_columns(
            suppression_reason=pl.when(pl.col("suppressed")).then(pl.lit("primair")),
            disclosure_count=pl.lit(20),
        )
        protected = disclosure_audit.protect_against_linear_attack(table, hierarchies)
        assert len(disclosure_audit.exposed_rows(protected, hierarchies)) == 0
        assert (protected["suppressed"] | ~table["suppressed"]).all()  # only ever adds
