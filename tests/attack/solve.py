"""Bounds on every unknown cell of a model (tests/attack/model.py) by linear programming.

1. Presolve: published cells are constants; a relation left with one unknown determines it,
   and ``x − y = 0`` makes two unknowns one; repeated until nothing changes. A relation left
   with no unknown must hold (else the model states a wrong relation: ``WrongRelation``).
2. An equation with an unbounded unknown found nowhere else (a revision's difference) leaves
   the system; that unknown's range is the sum of the others' ranges at the end.
3. Interval arithmetic over all relations until no bound moves, rounding inward to whole
   counts each round: exact for a component of one relation.
4. Every component of more than one relation: linear programming (HiGHS, one model per
   component, warm-started: minimise and maximise each unknown in turn), bounds rounded
   inward.

With ``wide`` (``run_attack``'s judging of a build), an unknown that two feasible points of its
component already show to range over more than ``wide`` whole counts is not minimised and
maximised: it cannot be pinned within ±``wide``/2, and its bounds are the interval step's
(``via`` ``lp: breder``, outer bounds that hold its true range). Sixteen solves with random
costs first spread such points over the component. Same verdicts, 3 × faster on the sample
(22,5 → 6,6 s of LP, 2026-12-03); without ``wide`` every bound is the exact LP bound.

Integrality enters only through the rounded bounds (the LP is a relaxation); an integer
program could narrow further, so these bounds are what an attacker gets at least. On the
sample build the whole attack takes 10–20 s on a shared 2-core machine.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from tests.attack.model import System

TOLERANCE = 1e-6
#: ``Bounds.via`` of a count left at its outer bounds because it was shown wider than ``wide``.
BROAD = "lp: breder"


class WrongRelation(ValueError):
    """Published values contradict a relation: the model, not the data, is wrong."""


@dataclass
class Bounds:
    lower: float
    upper: float
    #: how the cell was bounded: ``gepubliceerd``, the kind of the relation that pinned it in
    #: presolve, ``interval`` or ``lp``.
    via: str

    @property
    def width(self) -> float:
        return self.upper - self.lower


def _round(lower: float, upper: float) -> tuple[float, float]:
    lo = math.ceil(lower - TOLERANCE) if math.isfinite(lower) else lower
    hi = math.floor(upper + TOLERANCE) if math.isfinite(upper) else upper
    return float(lo), float(hi)


def _presolve(system: System):
    """Substitute constants, fix single-unknown equations, merge ``x = y``. Returns
    (values, via, alias, relations over unknowns, bounds per unknown)."""
    values: dict[tuple, float] = {}
    via: dict[tuple, str] = {}
    lower, upper = {}, {}
    for key, cell in system.cells.items():
        if cell.value is not None:
            values[key], via[key] = float(cell.value), "gepubliceerd"
        else:
            lower[key], upper[key] = cell.lower, cell.upper
    alias: dict[tuple, tuple] = {}

    def find(key):
        while key in alias:
            key = alias[key]
        return key

    pending = [(rel.kind, dict(rel.terms), rel.constant, rel.sense) for rel in system.relations]
    changed = True
    while changed:
        changed = False
        remaining = []
        for kind, terms, constant, sense in pending:
            reduced: dict[tuple, float] = defaultdict(float)
            for key, coefficient in terms.items():
                key = find(key)
                if key in values:
                    constant -= coefficient * values[key]
                else:
                    reduced[key] += coefficient
            reduced = {k: a for k, a in reduced.items() if abs(a) > TOLERANCE}
            if not reduced:
                broken = abs(constant) > TOLERANCE if sense == "=" else constant < -TOLERANCE
                if broken:
                    raise WrongRelation(f"{kind}: {terms} leaves {constant} over")
                continue
            if sense == "=" and len(reduced) == 1:
                ((key, coefficient),) = reduced.items()
                value = constant / coefficient
                if not lower[key] - TOLERANCE <= value <= upper[key] + TOLERANCE:
                    raise WrongRelation(f"{kind}: {key} = {value} outside its label's range")
                if abs(value - round(value)) > TOLERANCE:
                    raise WrongRelation(f"{kind}: {key} = {value} is not a whole count")
                values[key], via[key], changed = value, kind, True
                continue
            if sense == "=" and len(reduced) == 2 and abs(constant) < TOLERANCE:
                (a, ca), (b, cb) = reduced.items()
                if abs(ca + cb) < TOLERANCE:  # a − b = 0: one unknown
                    alias[b] = a
                    lower[a], upper[a] = max(lower[a], lower[b]), min(upper[a], upper[b])
                    changed = True
                    continue
            remaining.append((kind, reduced, constant, sense))
        pending = remaining
    return values, via, find, pending, lower, upper


def _components(relations) -> list[list[int]]:
    parent: dict = {}

    def root(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, (_kind, terms, _c, _s) in enumerate(relations):
        keys = list(terms)
        first = root(keys[0])
        for key in keys[1:]:
            parent[root(key)] = first
        parent.setdefault(("relation", i), ("relation", i))
        parent[root(("relation", i))] = first
    groups: dict = defaultdict(list)
    for i in range(len(relations)):
        groups[root(("relation", i))].append(i)
    return list(groups.values())


def _tighten(relations, lower: dict, upper: dict) -> None:
    """Interval arithmetic over every relation at once, repeated until no bound moves: each
    unknown's range implied by a relation and the other unknowns' ranges, rounded inward to
    whole counts. Exact for a component of one relation; elsewhere it starts the LP from
    tight column bounds (an LP optimum on such a bound needs no solve of its own)."""
    keys = sorted({k for _kind, terms, _c, _s in relations for k in terms}, key=repr)
    column = {key: j for j, key in enumerate(keys)}
    row = np.array([i for i, rel in enumerate(relations) for _ in rel[1]], dtype=np.int64)
    col = np.array([column[k] for rel in relations for k in rel[1]], dtype=np.int64)
    a = np.array([v for rel in relations for v in rel[1].values()], dtype=float)
    constant = np.array([rel[2] for rel in relations], dtype=float)
    equation = np.array([rel[3] == "=" for rel in relations])
    low = np.array([lower[k] for k in keys], dtype=float)
    high = np.array([upper[k] for k in keys], dtype=float)
    m = len(relations)

    def others(contribution, infinity: float):
        """Σ of the other terms' contributions per nonzero; ``infinity`` when one of them is
        infinite (a least contribution can only be −inf, a largest only +inf)."""
        infinite = ~np.isfinite(contribution)
        finite = np.where(infinite, 0.0, contribution)
        total = np.bincount(row, weights=finite, minlength=m)[row] - finite
        n_infinite = np.bincount(row, weights=infinite, minlength=m)[row] - infinite
        return np.where(n_infinite > 0, infinity, total)

    for _round in range(200):
        least = np.where(a > 0, a * low[col], a * high[col])
        most = np.where(a > 0, a * high[col], a * low[col])
        # The term a·x lies in [c − Σ others at most, c − Σ others at least] (the lower end
        # only for an equation), then divided by a.
        ax_high = constant[row] - others(least, -np.inf)
        ax_low = np.where(equation[row], constant[row] - others(most, np.inf), -np.inf)
        up_candidates = np.where(a > 0, ax_high / a, ax_low / a)
        low_candidates = np.where(a > 0, ax_low / a, ax_high / a)
        new_high, new_low = high.copy(), low.copy()
        np.minimum.at(new_high, col, up_candidates)
        np.maximum.at(new_low, col, low_candidates)
        new_low = np.where(np.isfinite(new_low), np.ceil(new_low - TOLERANCE), new_low)
        new_high = np.where(np.isfinite(new_high), np.floor(new_high + TOLERANCE), new_high)
        if np.any(new_low > new_high):
            j = int(np.flatnonzero(new_low > new_high)[0])
            raise WrongRelation(f"{keys[j]}: no whole count fits its relations")
        if np.array_equal(new_low, low) and np.array_equal(new_high, high):
            break
        low, high = new_low, new_high
    for key, j in column.items():
        lower[key], upper[key] = float(low[j]), float(high[j])


#: Solves with random costs that spread feasible points over a component before ``wide``
#: unknowns are recognised (each point is a vertex of the component's polytope).
SPREAD_SOLVES = 16


def _lp(relations, keys, lower, upper, wide=None) -> tuple[dict, set]:
    """Minimise and maximise every unknown of one component over its relations. Returns the
    bounds per unknown and the unknowns left at their outer bounds because feasible points
    showed them wider than ``wide`` (none without ``wide``)."""
    column = {key: j for j, key in enumerate(keys)}
    rows, cols, data, row_low, row_high = [], [], [], [], []
    for i, (_kind, terms, constant, sense) in enumerate(relations):
        for key, a in terms.items():
            rows.append(i)
            cols.append(column[key])
            data.append(a)
        row_low.append(constant if sense == "=" else -highspy.kHighsInf)
        row_high.append(constant)
    matrix = sparse.csc_matrix((data, (rows, cols)), shape=(len(relations), len(keys)))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(keys), len(relations)
    lp.col_cost_ = np.zeros(len(keys))
    col_low = np.array([lower[k] for k in keys], dtype=float)
    col_high = np.array([upper[k] for k in keys], dtype=float)
    lp.col_lower_ = np.where(np.isfinite(col_low), col_low, -highspy.kHighsInf)
    lp.col_upper_ = np.where(np.isfinite(col_high), col_high, highspy.kHighsInf)
    lp.row_lower_, lp.row_upper_ = np.array(row_low), np.array(row_high)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_ = matrix.indptr, matrix.indices
    lp.a_matrix_.value_ = matrix.data
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    # Without presolve HiGHS starts each solve from the previous basis (only the cost changes);
    # that basis stays primal feasible, so primal simplex is the fast way back to an optimum.
    h.setOptionValue("presolve", "off")
    h.setOptionValue("simplex_strategy", 4)
    h.passModel(lp)
    best_low, best_high = np.full(len(keys), np.nan), np.full(len(keys), np.nan)
    h.run()
    if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
        raise WrongRelation(f"relations of {keys[0]} and {len(keys) - 1} more conflict")
    everything = np.arange(len(keys), dtype=np.int32)
    seen_low = np.array(h.getSolution().col_value)
    seen_high = seen_low.copy()

    def seen(x: np.ndarray) -> None:
        np.minimum(seen_low, x, out=seen_low)
        np.maximum(seen_high, x, out=seen_high)

    rng = np.random.default_rng(0)
    for _ in range(SPREAD_SOLVES if wide is not None else 0):
        h.changeColsCost(len(keys), everything, rng.choice([-1.0, 1.0], len(keys)))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break  # unbounded in some direction: the solves per unknown tell which
        seen(np.array(h.getSolution().col_value))
    broad: set[tuple] = set()
    for j in range(len(keys)):
        if wide is not None and (np.isnan(best_low[j]) or np.isnan(best_high[j])):
            low, high = _round(seen_low[j], seen_high[j])
            if high - low > wide:  # the bound still open stays the outer one
                for best, limit in ((best_low, col_low), (best_high, col_high)):
                    best[j] = limit[j] if np.isnan(best[j]) else best[j]
                broad.add(keys[j])
                continue
        for sign, best, limit in ((1.0, best_low, col_low), (-1.0, best_high, col_high)):
            if not np.isnan(best[j]):
                continue
            cost = np.zeros(len(keys))
            cost[j] = sign
            h.changeColsCost(len(keys), everything, cost)
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                raise WrongRelation(f"relations of {keys[j]} and {len(keys) - 1} more conflict")
            if status == highspy.HighsModelStatus.kUnbounded:
                best[j] = -sign * math.inf
                continue
            if status != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(f"HiGHS: {status} for {keys[j]}")
            best[j] = sign * h.getInfo().objective_function_value
            # Every unknown that sits on its own bound in this solution has that bound as its
            # optimum: no need to solve for it.
            x = np.array(h.getSolution().col_value)
            seen(x)
            at_bound = np.isclose(x, limit, atol=TOLERANCE) & np.isnan(best)
            best[at_bound] = limit[at_bound]
    return {key: (best_low[j], best_high[j]) for key, j in column.items()}, broad


def _split_free_singletons(relations, lower, upper):
    """Equations holding an unknown that is unbounded and in no other relation (a revision's
    difference): they never restrict the rest, so they leave the LP, and the unknown's range
    is the sum of the other terms' ranges afterwards. That sum is exact only when those terms
    vary independently (each in its own component); equations where they do not stay in.
    Returns (kept relations, [(free key, relation)])."""
    uses: dict[tuple, int] = defaultdict(int)
    for _kind, terms, _c, _s in relations:
        for key in terms:
            uses[key] += 1
    kept, split = [], []
    for rel in relations:
        free = [
            k for k in rel[1] if uses[k] == 1 and lower[k] == -math.inf and upper[k] == math.inf
        ]
        if rel[3] == "=" and free:
            split.append((free[0], rel))
        else:
            kept.append(rel)
    component = {}
    for n, members in enumerate(_components(kept)):
        for i in members:
            for key in kept[i][1]:
                component[key] = n
    independent = []
    for free, rel in split:
        others = [component.get(k, k) for k in rel[1] if k != free]
        if len(set(others)) == len(others):
            independent.append((free, rel))
        else:
            kept.append(rel)
    return kept, independent


def _sum_of_ranges(free, relation, result) -> tuple[float, float]:
    """The range of ``free`` in Σ a·x = c from the other terms' (independent) ranges."""
    _kind, terms, constant, _sense = relation
    low = high = constant
    for key, a in terms.items():
        if key != free:
            ends = (a * result[key].lower, a * result[key].upper)
            low, high = low - max(ends), high - min(ends)
    a = terms[free]
    return (low / a, high / a) if a > 0 else (high / a, low / a)


def solve(system: System, wide: float | None = None) -> dict[tuple, Bounds]:
    """Bounds (rounded to whole counts) on every cell of the system; with ``wide``, an unknown
    shown to range over more than ``wide`` whole counts keeps its outer bounds (module doc)."""
    values, via, find, relations, lower, upper = _presolve(system)
    result = {key: Bounds(*_round(v, v), via[key]) for key, v in values.items()}
    relations, split = _split_free_singletons(relations, lower, upper)
    _tighten(relations, lower, upper)
    for component in _components(relations):
        members = [relations[i] for i in component]
        keys = sorted({k for _kind, terms, _c, _s in members for k in terms}, key=repr)
        if len(members) == 1:
            found, how, broad = {k: (lower[k], upper[k]) for k in keys}, "interval", set()
        else:
            (found, broad), how = _lp(members, keys, lower, upper, wide), "lp"
        for key, (lo, hi) in found.items():
            result[key] = Bounds(*_round(lo, hi), BROAD if key in broad else how)
    for free, relation in split:
        for key in relation[1]:
            if key not in result:  # in no other relation: only its own range
                result[key] = Bounds(*_round(lower[key], upper[key]), "label")
        result[free] = Bounds(*_round(*_sum_of_ranges(free, relation, result)), relation[0])
    for key in system.cells:
        root = find(key)
        if root not in result:  # in no relation: only its own range
            result[root] = Bounds(*_round(lower[root], upper[root]), "label")
        result[key] = result[root]
    return result
