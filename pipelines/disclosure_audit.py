"""The last line of disclosure control: an attacker's linear algebra, run before publishing.

Secondary suppression (pipelines/disclosure.py) makes sure no single equation "parent = Σ
children" exposes a suppressed count. An attacker can combine equations, though: the areas of a
gemeente and the quarters of a year together can pin a cell down that each equation alone
leaves open. This module writes down every additive equation of the published table (one per
parent in every hierarchy), and asks which suppressed cells the published cells determine
uniquely: a cell is determined when its unit vector lies in the row space of the equations,
i.e. when it is orthogonal to their null space. Such a cell gets a partner: the smallest other
published cell of one of its equations is suppressed as well (``secundair``; ties by the
lexical order of the rows' keys, so the result never depends on the order of the rows), and the
audit runs again, on the parts of the system that changed, until nothing is exposed.

The equations only link suppressed cells that share one, so the system splits into connected
components (usually a handful of cells each); every component is solved on its own, small ones
together in one batched eigen-decomposition. Whether a cell is determined depends only on which
cells are suppressed, not on their values, so one audit protects every count column of the
table (teller, noemer, complement).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import lsqr
from threadpoolctl import threadpool_limits

from pipelines.disclosure import Hierarchy, KeyCodes, renumber, suppress_secondary

#: Singular values below this count as zero when finding the null space.
_TOLERANCE = 1e-9
#: Components up to this many equations (or cells) are solved exactly; larger ones by LSQR.
_EXACT_UP_TO = 200
#: Exact components up to this many cells are solved together, as one stack of dense matrices.
_BATCH_UP_TO = 64
#: Random vectors projected onto a large component's null space, one LSQR solve each. One is
#: enough: a second can only find an open cell where the first's projection was below the
#: threshold by chance (at worst that cell gets a partner it did not need) and, at a
#: determined cell, only add rounding error.
_RANDOM_DRAWS = 1
#: Rounds of adding partners before giving up (each round fixes every exposed block).
_MAX_ROUNDS = 50


@dataclass(frozen=True)
class _Equations:
    """Every additive equation of a table as (equation, member) pairs, with two indexes:
    by member row (the equations a row is in) and by equation (its members)."""

    equation: np.ndarray  # equation id of each pair
    row: np.ndarray  # row number of the member
    sign: np.ndarray  # +1 for the parent, −1 for a child
    by_row: np.ndarray  # pair positions sorted by row
    row_start: np.ndarray  # per row: first position in by_row (length rows + 1)
    by_equation: np.ndarray  # pair positions sorted by equation
    equation_start: np.ndarray  # per equation id: first position in by_equation


def _grouped(key: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``key`` (integers 0 … n_keys − 1) grouped by key, in their order within a
    key, and where each key starts: a counting sort in linear time (sparse CSR conversion)."""
    positions = coo_matrix(
        (np.ones(key.size, dtype=np.int8), (key, np.arange(key.size))),
        shape=(n_keys, max(key.size, 1)),
    ).tocsr()
    return positions.indices.astype(np.int64), positions.indptr.astype(np.int64)


def _row_of_node(node: np.ndarray) -> tuple[np.ndarray, bool]:
    """A lookup from node key to row number (-1 where no row has it), and whether two rows
    share a key."""
    lookup = np.full(int(node.max()) + 2, -1, dtype=np.int64)
    lookup[node] = np.arange(node.size)
    duplicate = bool((lookup[node] != np.arange(node.size)).any())
    return lookup, duplicate


def _equations(
    frame: pl.DataFrame,
    hierarchies: Sequence[Hierarchy],
    block_cols: Sequence[str] = (),
    codes: KeyCodes | None = None,
) -> _Equations:
    """One pair per (equation, member): the parent row of each group (a parent and its children
    with the same ``group_cols`` and ``block_cols``) is its equation. Integer keys throughout."""
    height = frame.height
    codes = codes or KeyCodes(frame)
    equations, rows, signs = [], [], []
    for number, hierarchy in enumerate(hierarchies):
        group_cols = list(dict.fromkeys([*block_cols, *hierarchy.group_cols]))
        group = codes.key(group_cols)
        (child, parent), size = codes.shared(hierarchy.child_key, hierarchy.parent_key)
        lookup, duplicate = _row_of_node(group * size + child)
        if duplicate:
            raise ValueError(
                f"disclosure audit: {[*group_cols, hierarchy.child_key]} does not identify a row"
            )
        child_rows = np.flatnonzero(parent >= 0)
        parent_rows = lookup[group[child_rows] * size + parent[child_rows]]
        found = parent_rows >= 0
        child_rows, parent_rows = child_rows[found], parent_rows[found]
        is_parent = np.zeros(height, dtype=bool)
        is_parent[parent_rows] = True
        parents = np.flatnonzero(is_parent)
        offset = number * height
        equations += [parent_rows + offset, parents + offset]
        rows += [child_rows, parents]
        signs += [np.full(child_rows.size, -1.0), np.ones(parents.size)]
    equation = np.concatenate(equations).astype(np.int64) if equations else np.empty(0, np.int64)
    row = np.concatenate(rows).astype(np.int64) if rows else np.empty(0, np.int64)
    sign = np.concatenate(signs) if signs else np.empty(0)
    by_row, row_start = _grouped(row, height)
    by_equation, equation_start = _grouped(equation, max(len(hierarchies), 1) * height)
    return _Equations(
        equation=equation,
        row=row,
        sign=sign,
        by_row=by_row,
        row_start=row_start,
        by_equation=by_equation,
        equation_start=equation_start,
    )


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

    Small systems: exactly, from the row-space projector. Large ones (dense suppression spans
    whole regions): every null-space vector has a zero at a determined cell, so project
    ``_RANDOM_DRAWS`` random vectors onto the null space with LSQR (sparse, iterative) and call
    a cell determined when every projection vanishes there. For these integer ±1 systems an
    open cell's null-space component is far above the solver's precision (checked against the
    exact method in the tests), and the random draws are seeded, so the result is
    reproducible.
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


def _local_index(label: np.ndarray, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    """Position of each element among the elements with the same label (in element order),
    and the elements ordered by (label, position)."""
    order, start = _grouped(label, n_labels)
    local = np.empty(label.size, dtype=np.int64)
    local[order] = np.arange(label.size) - start[label[order]]
    return local, order


def _padded(size: np.ndarray) -> np.ndarray:
    """Sizes rounded up to a few steps (fewer, larger stacks; zero padding changes nothing)."""
    steps = np.array([2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256])
    return steps[np.minimum(np.searchsorted(steps, size), steps.size - 1)]


def _stack_diagonal(matrices: np.ndarray, by_rows: bool) -> np.ndarray:
    """Row-space projector diagonals of a stack of dense equation matrices, exactly.

    ``by_rows``: the stack holds A (equations × cells, no more equations than cells) and the
    eigen-decomposition is of A·Aᵀ; otherwise it holds Aᵀ (cells × equations) and the
    eigen-decomposition is of AᵀA. Returns (stack, cells)."""
    values, vectors = np.linalg.eigh(np.matmul(matrices, matrices.transpose(0, 2, 1)))
    largest = np.maximum(values.max(axis=1, initial=0.0), 1.0)
    keep = values > _TOLERANCE * largest[:, None]
    if not by_rows:
        return ((vectors**2) * keep[:, None, :]).sum(axis=2)
    # Row space spanned by Aᵀu/√λ for the eigenpairs (λ, u) of A·Aᵀ with λ > 0.
    weight = np.where(keep, 1.0 / np.where(keep, values, 1.0), 0.0)
    spanned = np.matmul(matrices.transpose(0, 2, 1), vectors)
    return ((spanned**2) * weight[:, None, :]).sum(axis=2)


#: Largest stack of dense matrices built at once (numbers).
_STACK_NUMBERS = 4_000_000


@dataclass(frozen=True)
class _System:
    """Equations × cells as (equation, cell, sign) pairs, split into connected components."""

    cells_per: np.ndarray  # per component
    equations_per: np.ndarray  # per component
    pair_component: np.ndarray  # per pair
    pair_equation: np.ndarray  # per pair: equation number within its component
    pair_cell: np.ndarray  # per pair: cell number within its component
    sign: np.ndarray  # per pair
    cell_of: np.ndarray  # cells ordered by (component, number within it)
    first_cell: np.ndarray  # per component: its first position in cell_of


def _system(equation: np.ndarray, cell: np.ndarray, sign: np.ndarray, n_cells: int) -> _System:
    n_equations = int(equation.max()) + 1
    graph = coo_matrix(
        (np.ones(equation.size), (equation, n_equations + cell)),
        shape=(n_equations + n_cells,) * 2,
    )
    n_components, label = connected_components(graph, directed=False)
    label = label.astype(np.int64)  # int32 from scipy: products below would overflow
    cell_label, equation_label = label[n_equations:], label[:n_equations]
    cells_per = np.bincount(cell_label, minlength=n_components)
    cell_local, cell_of = _local_index(cell_label, n_components)
    return _System(
        cells_per=cells_per,
        equations_per=np.bincount(equation_label, minlength=n_components),
        pair_component=cell_label[cell],
        pair_equation=_local_index(equation_label, n_components)[0][equation],
        pair_cell=cell_local[cell],
        sign=sign,
        cell_of=cell_of,
        first_cell=np.concatenate(([0], np.cumsum(cells_per)[:-1])),
    )


def _solve_stacked(system: _System, components: np.ndarray, result: np.ndarray) -> None:
    """Exact test for small components, in stacks of equally padded dense matrices."""
    m, n = system.equations_per[components], system.cells_per[components]
    by_rows = m <= n
    small = _padded(np.minimum(m, n))
    large = _padded(np.maximum(m, n))
    shape_key = (by_rows * 1000 + small) * 1000 + large
    for key in np.unique(shape_key).tolist():
        group = components[shape_key == key]
        rows_kernel, size = bool(key // 1_000_000), (key // 1000) % 1000
        other = key % 1000
        chunk = max(1, _STACK_NUMBERS // (size * other))
        for begin in range(0, group.size, chunk):
            part = group[begin : begin + chunk]
            position = np.full(system.cells_per.size, -1, dtype=np.int64)
            position[part] = np.arange(part.size)
            pairs = np.flatnonzero(position[system.pair_component] >= 0)
            where = position[system.pair_component[pairs]]
            # The smaller side first: A itself (equations × cells) or Aᵀ (cells × equations).
            equation, cell = system.pair_equation[pairs], system.pair_cell[pairs]
            first, second = (equation, cell) if rows_kernel else (cell, equation)
            matrices = np.zeros((part.size, size, other))
            matrices[where, first, second] = system.sign[pairs]
            diagonal = _stack_diagonal(matrices, rows_kernel)
            cells = system.cells_per[part]
            members = system.first_cell[part][:, None] + np.arange(diagonal.shape[1])
            real = np.arange(diagonal.shape[1]) < cells[:, None]
            result[system.cell_of[members[real]]] = diagonal[real] > 1 - 1e-6


def _solve_one_by_one(system: _System, components: np.ndarray, result: np.ndarray) -> None:
    """Larger components: exactly up to _EXACT_UP_TO, by LSQR above (``determined_cells``)."""
    if not components.size:
        return
    position = np.full(system.cells_per.size, -1, dtype=np.int64)
    position[components] = np.arange(components.size)
    selected = np.flatnonzero(position[system.pair_component] >= 0)
    order, start = _grouped(position[system.pair_component[selected]], components.size)
    for index, component in enumerate(components.tolist()):
        pairs = selected[order[start[index] : start[index + 1]]]
        matrix = coo_matrix(
            (system.sign[pairs], (system.pair_equation[pairs], system.pair_cell[pairs])),
            shape=(system.equations_per[component], system.cells_per[component]),
        ).tocsr()
        members = system.first_cell[component] + np.arange(system.cells_per[component])
        result[system.cell_of[members]] = determined_cells(matrix)


def _determined(
    equation: np.ndarray, cell: np.ndarray, sign: np.ndarray, n_cells: int
) -> np.ndarray:
    """Boolean per cell (0 … n_cells − 1) of the system given as (equation, cell, sign) pairs:
    is the cell determined? Solves each connected component on its own."""
    return _determined_and_components(equation, cell, sign, n_cells)[0]


def _determined_and_components(
    equation: np.ndarray, cell: np.ndarray, sign: np.ndarray, n_cells: int
) -> tuple[np.ndarray, np.ndarray]:
    """``_determined``, and the connected component (0, 1, …) of every cell."""
    result = np.zeros(n_cells, dtype=bool)
    if not equation.size:
        return result, np.arange(n_cells, dtype=np.int64)
    system = _system(equation, cell, sign, n_cells)
    # Thousands of tiny eigen-decompositions: BLAS threads only wait on each other (20× slower
    # on two busy cores than one thread).
    with threadpool_limits(limits=1, user_api="blas"):
        _solve(system, result)
    component = np.empty(n_cells, dtype=np.int64)
    component[system.cell_of] = np.repeat(np.arange(system.cells_per.size), system.cells_per)
    return result, component


def _solve(system: _System, result: np.ndarray) -> None:
    """Fill ``result`` for every component that has an equation."""
    solve = system.equations_per > 0
    smaller = np.minimum(system.cells_per, system.equations_per)
    larger = np.maximum(system.cells_per, system.equations_per)
    stacked = solve & (smaller <= min(_EXACT_UP_TO, _BATCH_UP_TO)) & (larger <= 256)
    _solve_stacked(system, np.flatnonzero(stacked), result)
    _solve_one_by_one(system, np.flatnonzero(solve & ~stacked), result)


def _exposed(
    equations: _Equations, suppressed: np.ndarray, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row numbers (ascending) of suppressed rows the published rows determine exactly.

    With ``rows`` (ascending suppressed row numbers, closed: every suppressed member of an
    equation of one of them is among them) only the system of those rows is solved. Returns
    the exposed rows, the rows solved and the connected component (0, 1, …) of each of them."""
    if rows is None:
        rows = np.flatnonzero(suppressed)
    if not rows.size:
        return (np.array([], dtype=np.int64),) * 3
    # One sparse system: equations × suppressed cells (the published cells are constants).
    pairs = equations.by_row[_ranges(equations.row_start[rows], equations.row_start[rows + 1])]
    pairs = pairs[suppressed[equations.row[pairs]]]
    cell_number = np.full(suppressed.size, -1, dtype=np.int64)
    cell_number[rows] = np.arange(rows.size)
    determined, component = _determined_and_components(
        renumber(equations.equation[pairs])[0],
        cell_number[equations.row[pairs]],
        equations.sign[pairs],
        rows.size,
    )
    return rows[determined].astype(np.int64), rows, component


def _affected(
    equations: _Equations, suppressed: np.ndarray, component: np.ndarray, changed: np.ndarray
) -> np.ndarray:
    """Suppressed rows (ascending) whose part of the system may differ from the last round,
    given the ``changed`` rows (new partners, cells still exposed) and every suppressed row's
    last ``component`` (-1 for a new one): the components of the suppressed members of the
    changed rows' equations, and those members. A closed set (see ``_exposed``)."""
    own = equations.by_row[_ranges(equations.row_start[changed], equations.row_start[changed + 1])]
    eq = equations.equation[own]
    members = equations.row[
        equations.by_equation[
            _ranges(equations.equation_start[eq], equations.equation_start[eq + 1])
        ]
    ]
    members = np.union1d(members[suppressed[members]], changed)
    hit = np.zeros(int(component.max()) + 2, dtype=bool)
    hit[component[members]] = True  # index -1 marks the last slot: new rows
    hit[-1] = False
    in_hit = suppressed & hit[component]
    in_hit[members] = True
    return np.flatnonzero(in_hit)


def exposed_rows(frame: pl.DataFrame, hierarchies: Sequence[Hierarchy]) -> np.ndarray:
    """Return the indices of suppressed rows of ``frame`` that the published rows determine
    exactly through the additive equations of ``hierarchies``."""
    suppressed = frame["suppressed"].fill_null(False).to_numpy().astype(bool)
    if not suppressed.any():
        return np.array([], dtype=np.int64)
    return _exposed(_equations(frame, hierarchies), suppressed)[0]


def _partners(
    equations: _Equations,
    suppressed: np.ndarray,
    counts: np.ndarray,
    rank: np.ndarray,
    exposed: np.ndarray,
) -> np.ndarray:
    """For each exposed row (in the order of ``rank``), the published row to suppress with it:
    among the published members of its equations, children before parents, the smallest
    positive count first, ties by ``rank``; a row chosen for an earlier exposed row is not
    chosen again. Returns the chosen rows."""
    starts, ends = equations.row_start[exposed], equations.row_start[exposed + 1]
    own = equations.by_row[_ranges(starts, ends)]
    owner = np.repeat(exposed, ends - starts)
    eq = equations.equation[own]
    first, last = equations.equation_start[eq], equations.equation_start[eq + 1]
    member = equations.by_equation[_ranges(first, last)]
    owner = np.repeat(owner, last - first)
    other, sign = equations.row[member], equations.sign[member]
    keep = ~suppressed[other]
    owner, other, sign = owner[keep], other[keep], sign[keep]
    count = counts[other]
    order = np.lexsort((rank[other], count, count <= 0, sign > 0, rank[owner]))
    chosen: set[int] = set()
    previous = None
    for who, candidate in zip(owner[order].tolist(), other[order].tolist(), strict=True):
        if who == previous or candidate in chosen:
            continue
        chosen.add(candidate)
        previous = who
    return np.array(sorted(chosen), dtype=np.int64)


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Concatenation of arange(start, end) for every pair."""
    lengths = ends - starts
    if not lengths.sum():
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return np.arange(lengths.sum()) + offsets


def protect_against_linear_attack(
    frame: pl.DataFrame,
    hierarchies: Sequence[Hierarchy],
    *,
    block_cols: Sequence[str] = (),
    codes: KeyCodes | None = None,
) -> pl.DataFrame:
    """Suppress more rows (``secundair``) until no suppressed row of ``frame`` can be solved
    from the published rows with the additive equations of ``hierarchies``.

    Needs ``suppressed``, ``suppression_reason``, ``disclosure_count`` and each hierarchy's
    columns. ``block_cols`` split the frame into independent parts: no equation links rows of
    two blocks (e.g. ``indicator_id``); all blocks are audited at once. Exposed rows are given
    partners in the lexical order of (``block_cols``, each hierarchy's ``group_cols`` and
    ``child_key``), which also breaks ties between equal partners. Returns the frame in its own
    row order. ``codes`` may pass the frame's key codes (``KeyCodes``) when the caller has them.
    Raises RuntimeError when the rows of a block cannot be protected (every member of an
    exposed cell's equations is suppressed already).
    """
    if frame.is_empty():
        return frame
    codes = codes or KeyCodes(frame)
    equations = _equations(frame, hierarchies, block_cols, codes)
    block = codes.key(block_cols)
    # Rows in the lexical order of their keys: exposed rows are handled, and ties between
    # partners broken, in this order, so the result never depends on the frame's row order.
    keys = [*block_cols]
    for hierarchy in hierarchies:
        keys += [*hierarchy.group_cols, hierarchy.child_key]
    rank = codes.key(list(dict.fromkeys(keys)))
    counts = frame["disclosure_count"].fill_null(0).to_numpy().astype(np.int64)
    before = frame["suppressed"].fill_null(False).to_numpy().astype(bool)
    suppressed = before.copy()
    # The first round solves everything; later ones only the components that gained a partner
    # or still hold an exposed cell (the others are what they were).
    component = np.full(frame.height, -1, dtype=np.int64)
    rows = None
    for _round in range(_MAX_ROUNDS):
        exposed, solved, solved_component = _exposed(equations, suppressed, rows)
        if not len(exposed):
            break
        component[solved] = solved_component + int(component.max()) + 1
        partners = _partners(equations, suppressed, counts, rank, exposed)
        stuck = np.setdiff1d(block[exposed], block[partners])
        if stuck.size:
            n_stuck = int(np.isin(block[exposed], stuck).sum())
            raise RuntimeError(
                f"disclosure audit: {n_stuck} suppressed cells stay exposed and have no "
                "published partner left"
            )
        suppressed[partners] = True
        rows = _affected(equations, suppressed, component, np.union1d(partners, exposed))
    else:
        raise RuntimeError(
            "disclosure audit: exposed cells remain after the maximum number of rounds"
        )
    mark = pl.Series(suppressed & ~before)
    if not mark.any():
        return frame
    return frame.with_columns(
        pl.when(mark).then(True).otherwise(pl.col("suppressed")).alias("suppressed"),
        pl.when(mark)
        .then(pl.lit("secundair"))
        .otherwise(pl.col("suppression_reason"))
        .alias("suppression_reason"),
    )


def suppress_secondary_and_audit(
    frame: pl.DataFrame, hierarchies: Sequence[Hierarchy], *, block_cols: Sequence[str]
) -> pl.DataFrame:
    """``suppress_secondary`` over ``hierarchies``, then ``protect_against_linear_attack`` with
    ``block_cols``; both steps use the same key codes of ``frame``."""
    codes = KeyCodes(frame)
    frame = suppress_secondary(frame, hierarchies=hierarchies, codes=codes)
    return protect_against_linear_attack(frame, hierarchies, block_cols=block_cols, codes=codes)
