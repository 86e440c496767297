"""The linear-attack audit at scale: many independent components solved together, blocks
audited together, and a result that does not depend on the order of the rows."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines import disclosure, disclosure_audit

HIERARCHIES = [disclosure.AREA_HIERARCHY, disclosure.TIME_HIERARCHY]


def _determined_by_rank(matrix: np.ndarray) -> np.ndarray:
    """Ground truth by another method: a cell is determined iff adding its unit vector to the
    equations leaves their rank unchanged."""
    rank = np.linalg.matrix_rank(matrix)
    unit = np.eye(matrix.shape[1])
    return np.array(
        [np.linalg.matrix_rank(np.vstack([matrix, unit[j]])) == rank for j in range(len(unit))]
    )


def _random_system(rng: np.random.Generator, cells: int, equations: int) -> np.ndarray:
    """A ±1 system in which every equation and every cell takes part."""
    matrix = np.zeros((equations, cells))
    for e in range(equations):
        members = rng.choice(cells, size=int(rng.integers(1, min(cells, 4) + 1)), replace=False)
        matrix[e, members] = rng.choice([-1.0, 1.0], size=members.size)
    for c in np.flatnonzero(~matrix.any(axis=0)):
        matrix[rng.integers(equations), c] = rng.choice([-1.0, 1.0])
    return matrix


def test_many_components_at_once_agree_with_the_rank_test():
    rng = np.random.default_rng(7)
    # Small and mid-sized components are solved in stacks, the two large ones one by one.
    systems = [_random_system(rng, 90, 80), _random_system(rng, 80, 90)]
    for _ in range(150):
        cells = int(rng.choice([1, 2, 3, 5, 8, 20, 40, 70]))
        equations = int(rng.integers(1, cells + 6))  # more equations than cells too
        systems.append(_random_system(rng, cells, equations))
    pairs, expected, cell_offset, equation_offset = [], [], 0, 0
    for matrix in systems:
        e, c = np.nonzero(matrix)
        pairs.append((e + equation_offset, c + cell_offset, matrix[e, c]))
        expected.append(_determined_by_rank(matrix))
        cell_offset += matrix.shape[1]
        equation_offset += matrix.shape[0]
    equation, cell, sign = (np.concatenate(p) for p in zip(*pairs, strict=True))
    # Shuffle the pairs: the solver must not rely on their order.
    order = rng.permutation(equation.size)
    found = disclosure_audit._determined(equation[order], cell[order], sign[order], cell_offset)
    expected = np.concatenate(expected)
    assert found.tolist() == expected.tolist()
    assert 0 < expected.sum() < expected.size  # both kinds of cells occur


def _region(seed: int, indicator: str = "x") -> pl.DataFrame:
    """A regio with gemeenten of wijken × (year + 4 quarters), randomly suppressed, with many
    equal counts (ties between partners)."""
    rng = np.random.default_rng(seed)
    areas = [("R", None)]
    for g in range(int(rng.integers(2, 5))):
        areas.append((f"G{g}", "R"))
        areas += [(f"W{g}{w}", f"G{g}") for w in range(int(rng.integers(2, 7)))]
    periods = ["2024", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    rows = [(a, p, per) for a, p in areas for per in periods]
    frame = pl.DataFrame(rows, schema=["area_code", "parent_code", "period"], orient="row")
    suppressed = pl.Series(rng.random(frame.height) < 0.35)
    return frame.with_columns(
        indicator_id=pl.lit(indicator),
        parent_period=pl.when(pl.col("period").str.len_chars() > 4).then(pl.lit("2024")),
        suppressed=suppressed,
        suppression_reason=pl.when(suppressed).then(pl.lit("primair")),
        disclosure_count=pl.Series(rng.choice([12, 15, 40], size=frame.height)),
    )


def _suppressed_keys(frame: pl.DataFrame) -> list[tuple]:
    return sorted(frame.filter("suppressed").select("indicator_id", "area_code", "period").rows())


def test_the_result_does_not_depend_on_the_order_of_the_rows():
    added = 0
    for seed in range(12):
        table = _region(seed)
        protected = disclosure_audit.protect_against_linear_attack(table, HIERARCHIES)
        shuffled = table.sample(fraction=1.0, shuffle=True, seed=seed)
        again = disclosure_audit.protect_against_linear_attack(shuffled, HIERARCHIES)
        assert _suppressed_keys(again) == _suppressed_keys(protected), seed
        added += protected["suppressed"].sum() - table["suppressed"].sum()
    assert added > 0  # the audit did add partners, so ties had to be broken


def test_blocks_audited_together_as_if_each_were_alone():
    tables = [_region(seed, indicator=f"i{seed}") for seed in range(40, 60)]
    alone = [disclosure_audit.protect_against_linear_attack(t, HIERARCHIES) for t in tables]
    together = disclosure_audit.protect_against_linear_attack(
        pl.concat(tables).sample(fraction=1.0, shuffle=True, seed=1),
        HIERARCHIES,
        block_cols=["indicator_id"],
    )
    assert _suppressed_keys(together) == sorted(k for t in alone for k in _suppressed_keys(t))
    assert len(disclosure_audit.exposed_rows(together, HIERARCHIES)) == 0
    before = pl.concat(tables).select("indicator_id", "area_code", "period", "suppressed")
    added = together.join(before, on=["indicator_id", "area_code", "period"], suffix="_before")
    added = added.filter(pl.col("suppressed") & ~pl.col("suppressed_before"))
    assert added.height > 0
    assert set(added["suppression_reason"]) == {"secundair"}


def test_an_exposed_cell_gets_the_smallest_published_child_as_partner():
    # W1 = G − W2 − W3 is exposed; the partner is a child before the parent, the smallest
    # positive count first: W3 (12), not W2 (25) or G.
    table = pl.DataFrame(
        {
            "indicator_id": ["x"] * 4,
            "area_code": ["G", "W1", "W2", "W3"],
            "parent_code": [None, "G", "G", "G"],
            "period": ["2024"] * 4,
            "parent_period": pl.Series([None] * 4, dtype=pl.String),
            "suppressed": [False, True, False, False],
            "suppression_reason": [None, "primair", None, None],
            "disclosure_count": [42, 5, 25, 12],
        }
    )
    protected = disclosure_audit.protect_against_linear_attack(table, HIERARCHIES)
    assert protected["suppressed"].to_list() == [False, True, False, True]
    assert protected["suppression_reason"].to_list() == [None, "primair", None, "secundair"]


def test_later_rounds_that_solve_only_what_changed_agree_with_solving_everything(monkeypatch):
    tables = [_region(seed, indicator=f"i{seed}") for seed in range(60, 90)]
    table = pl.concat(tables)
    rounds = []
    exposed = disclosure_audit._exposed

    def counted(equations, suppressed, rows=None):
        rounds.append(rows is None or rows.size == suppressed.sum())
        return exposed(equations, suppressed, rows)

    monkeypatch.setattr(disclosure_audit, "_exposed", counted)
    partial = disclosure_audit.protect_against_linear_attack(
        table, HIERARCHIES, block_cols=["indicator_id"]
    )
    assert len(rounds) >= 3 and not all(rounds[1:])  # later rounds did solve a part only
    # Reference: every round solves the whole system again.
    monkeypatch.setattr(
        disclosure_audit, "_affected", lambda equations, suppressed, *_: np.flatnonzero(suppressed)
    )
    everything = disclosure_audit.protect_against_linear_attack(
        table, HIERARCHIES, block_cols=["indicator_id"]
    )
    assert partial.equals(everything)
    assert len(disclosure_audit.exposed_rows(partial, HIERARCHIES)) == 0
