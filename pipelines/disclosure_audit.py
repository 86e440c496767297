"""The last line of disclosure control: an attacker's linear algebra, run before publishing.

Secondary suppression (pipelines/disclosure.py) makes sure no single equation "parent = Σ
children" exposes a suppressed count. An attacker can combine equations, though: the areas of a
gemeente and the quarters of a year together can pin a cell down that each equation alone
leaves open. This module writes down every additive equation of the published table (one per
parent in every hierarchy), and asks, per connected block of suppressed cells, which of them
the published cells determine uniquely: a cell is determined when its unit vector lies in the
row space of the equations, i.e. when it is orthogonal to their null space. Such a cell gets a
partner: the smallest other published cell of one of its equations is suppressed as well
(``secundair``), and the audit runs again until nothing is exposed.

Whether a cell is determined depends only on which cells are suppressed, not on their values,
so one audit protects every count column of the table (numerator, denominator, complement).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.linalg import lsqr

from pipelines.disclosure import Hierarchy

#: Singular values below this count as zero when finding the null space.
_TOLERANCE = 1e-9
#: Blocks up to this many equations (or cells) are solved exactly; larger ones by LSQR.
_EXACT_UP_TO = 200
_RANDOM_DRAWS = 3
#: Rounds of adding partners before giving up (each round fixes every exposed block).
_MAX_ROUNDS = 50


def _equations(frame: pl.DataFrame, hierarchies: Sequence[Hierarchy]) -> pl.DataFrame:
    """One row per (equation, member): ``equation`` id, ``row`` (index into frame) and
    ``sign`` (+1 for the parent, −1 for a child)."""
    indexed = frame.with_row_index("_row")
    parts = []
    offset = 0
    for hierarchy in hierarchies:
        keys = list(hierarchy.group_cols)
        parents = indexed.select(
            *keys, pl.col(hierarchy.child_key).alias("_parent"), pl.col("_row").alias("_parent_row")
        )
        children = indexed.filter(pl.col(hierarchy.parent_key).is_not_null()).select(
            *keys, pl.col(hierarchy.parent_key).alias("_parent"), pl.col("_row").alias("_child_row")
        )
        pairs = children.join(parents, on=[*keys, "_parent"], how="inner")
        if pairs.is_empty():
            continue
        equation = (pl.col("_parent_row") + offset).cast(pl.Int64).alias("equation")
        parts.append(
            pairs.select(
                equation,
                pl.col("_child_row").cast(pl.Int64).alias("row"),
                pl.lit(-1.0).alias("sign"),
            )
        )
        parts.append(
            pairs.select(equation, pl.col("_parent_row").cast(pl.Int64).alias("row"))
            .unique()
            .with_columns(pl.lit(1.0).alias("sign"))
        )
        offset += frame.height
    if not parts:
        return pl.DataFrame(schema={"equation": pl.Int64, "row": pl.Int64, "sign": pl.Float64})
    return pl.concat(parts)


def row_space_diagonal(matrix) -> np.ndarray:
    """Diagonal of the projector onto the row space of the (sparse) equations ``matrix``:
    1 for a cell whose unit vector lies in the row space (the cell is determined), less for a
    cell the equations leave open. Uses the eigen-decomposition of the smaller Gram matrix, so a
    block of thousands of cells with a few hundred equations (or the reverse) stays cheap."""
    m, n = matrix.shape
    if m <= n:
        # Row space spanned by Aᵀu/√λ for the eigenpairs (λ, u) of A·Aᵀ with λ > 0.
        values, vectors = np.linalg.eigh((matrix @ matrix.T).toarray())
        keep = values > _TOLERANCE * max(1.0, values.max(initial=0.0))
        spanned = np.asarray(matrix.T @ vectors[:, keep])
        return (spanned**2 / values[keep]).sum(axis=1)
    values, vectors = np.linalg.eigh((matrix.T @ matrix).toarray())
    keep = values > _TOLERANCE * max(1.0, values.max(initial=0.0))
    return (vectors[:, keep] ** 2).sum(axis=1)


def determined_cells(matrix) -> np.ndarray:
    """Boolean per column of the equations ``matrix``: is that cell determined?

    Small blocks: exactly, from the row-space projector. Large blocks (dense suppression spans
    whole regions): every null-space vector has a zero at a determined cell, so project a few
    random vectors onto the null space with LSQR (sparse, iterative) and call a cell determined
    when all projections vanish there. For these integer ±1 systems an open cell's null-space
    component is far above the solver's precision (checked against the exact method in the
    tests), and the random draws are seeded, so the result is reproducible.
    """
    if min(matrix.shape) <= _EXACT_UP_TO:
        return row_space_diagonal(matrix) > 1 - 1e-6
    rng = np.random.default_rng(0)
    largest = np.zeros(matrix.shape[1])
    for _draw in range(_RANDOM_DRAWS):
        z = rng.standard_normal(matrix.shape[1])
        x, stop = lsqr(matrix, matrix @ z, atol=1e-14, btol=1e-14, iter_lim=50_000)[:2]
        if stop not in (1, 2):  # did not converge: fall back to the exact method
            return row_space_diagonal(matrix) > 1 - 1e-6
        largest = np.maximum(largest, np.abs(z - x))
    return largest < 1e-6


def exposed_rows(frame: pl.DataFrame, hierarchies: Sequence[Hierarchy]) -> np.ndarray:
    """Return the indices of suppressed rows of ``frame`` that the published rows determine
    exactly through the additive equations of ``hierarchies``."""
    suppressed = frame["suppressed"].fill_null(False).to_numpy()
    if not suppressed.any():
        return np.array([], dtype=np.int64)
    members = _equations(frame, hierarchies)
    unknown = members.filter(pl.Series(suppressed)[members["row"]])
    if unknown.is_empty():
        return np.array([], dtype=np.int64)
    # One sparse system: equations × suppressed cells (the published cells are constants).
    cells, columns = np.unique(unknown["row"].to_numpy(), return_inverse=True)
    equations, rows = np.unique(unknown["equation"].to_numpy(), return_inverse=True)
    matrix = coo_matrix(
        (unknown["sign"].to_numpy(), (rows, columns)), shape=(len(equations), len(cells))
    ).tocsr()
    return np.sort(cells[determined_cells(matrix)]).astype(np.int64)


def _partners(
    frame: pl.DataFrame, hierarchies: Sequence[Hierarchy], exposed: np.ndarray
) -> list[int]:
    """For each exposed row, the published row to suppress with it: among the published
    members of its equations, children before parents, the smallest positive count first."""
    members = _equations(frame, hierarchies)
    suppressed = pl.Series(frame["suppressed"].fill_null(False))
    counts = frame["disclosure_count"].fill_null(0).to_numpy()
    chosen: set[int] = set()
    member_rows = members.group_by("equation").agg(pl.col("row"), pl.col("sign"))
    by_equation = {e: (rows, signs) for e, rows, signs in member_rows.iter_rows()}
    row_equations = members.group_by("row").agg(pl.col("equation"))
    equations_of = dict(row_equations.iter_rows())
    suppressed_now = suppressed.to_numpy().copy()
    for row in exposed.tolist():
        best = None
        for equation in equations_of.get(row, []):
            rows, signs = by_equation[equation]
            for other, sign in zip(rows, signs, strict=True):
                if suppressed_now[other] or other in chosen:
                    continue
                count = int(counts[other])
                key = (sign > 0, count <= 0, count, other)  # child, positive, small
                if best is None or key < best[0]:
                    best = (key, other)
        if best is not None:
            chosen.add(best[1])
            suppressed_now[best[1]] = True
    return sorted(chosen)


def protect_against_linear_attack(
    frame: pl.DataFrame, hierarchies: Sequence[Hierarchy], *, block_cols: Sequence[str] = ()
) -> pl.DataFrame:
    """Suppress more rows (``secundair``) until no suppressed row of ``frame`` can be solved
    from the published rows with the additive equations of ``hierarchies``.

    Needs ``suppressed``, ``suppression_reason``, ``disclosure_count`` and each hierarchy's
    columns. ``block_cols`` split the frame into independent parts that share no equation
    (e.g. ``indicator_id``), which keeps the linear algebra small. Raises RuntimeError when the
    rows cannot be protected (every row of a block would have to be suppressed).
    """
    if block_cols:
        parts = frame.partition_by(list(block_cols), maintain_order=True)
        return pl.concat(
            [protect_against_linear_attack(p, hierarchies) for p in parts], how="vertical"
        )
    for _round in range(_MAX_ROUNDS):
        exposed = exposed_rows(frame, hierarchies)
        if not len(exposed):
            return frame
        partners = _partners(frame, hierarchies, exposed)
        if not partners:
            raise RuntimeError(
                f"disclosure audit: {len(exposed)} suppressed cells stay exposed and have no "
                "published partner left"
            )
        mark = pl.Series(np.isin(np.arange(frame.height), partners))
        frame = frame.with_columns(
            pl.when(mark).then(True).otherwise(pl.col("suppressed")).alias("suppressed"),
            pl.when(mark)
            .then(pl.lit("secundair"))
            .otherwise(pl.col("suppression_reason"))
            .alias("suppression_reason"),
        )
    raise RuntimeError("disclosure audit: exposed cells remain after the maximum number of rounds")
