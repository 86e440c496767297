"""The disclosure model's own steps (the whole model is attacked in test_attack.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from pipelines.disclosure_audit import row_space_diagonal
from pipelines.disclosure_model import (
    _derived_partners,
    _dual_partners,
    _given_away,
    _narrowed,
    _pairs_to_equations,
    _partners,
    _peeled,
)


def _system(relations: list[list[tuple[int, float]]], n_cells: int):
    equation = np.array([r for r, members in enumerate(relations) for _ in members])
    cell = np.array([c for members in relations for c, _ in members])
    sign = np.array([s for members in relations for _, s in members])
    return _pairs_to_equations(equation, cell, sign, n_cells)


def test_a_relation_with_one_unknown_member_gives_it_away_and_the_chain_follows():
    # wijk 0 + wijk 1 = gemeente 2; gemeente 2 + gemeente 3 = regio 4; quarters 5 + 6 = year 0.
    relations = [
        [(2, 1.0), (0, -1.0), (1, -1.0)],
        [(4, 1.0), (2, -1.0), (3, -1.0)],
        [(0, 1.0), (5, -1.0), (6, -1.0)],
    ]
    unknown = np.zeros(7, dtype=bool)
    unknown[[0, 2]] = True  # gemeente 2 follows from the regio, then wijk 0 from it
    assert _peeled(_system(relations, 7), unknown).tolist() == [0, 2]
    unknown[[1]] = True  # wijk 0 still follows from its quarters, then wijk 1
    assert _peeled(_system(relations, 7), unknown).tolist() == [0, 1, 2]
    unknown[[5]] = True  # wijk 0 and 1 share gemeente 2's relation: only 2 is given
    assert _peeled(_system(relations, 7), unknown).tolist() == [2]
    unknown[[3]] = True  # two unknowns in every relation of 2: nothing is given
    assert _peeled(_system(relations, 7), unknown).tolist() == []


def test_a_hidden_rest_cell_never_gives_its_relation_away():
    # teller 0 + rest 1 = noemer 2 with the rest never published: teller and rest stay open.
    relations = [[(2, 1.0), (0, -1.0), (1, -1.0)]]
    unknown = np.array([True, True, False])
    assert _peeled(_system(relations, 3), unknown).tolist() == []


@settings(max_examples=150)
@given(
    st.integers(min_value=3, max_value=14).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.lists(st.integers(0, n - 1), min_size=2, max_size=5, unique=True),
                min_size=1,
                max_size=8,
            ),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
def test_every_peeled_cell_is_determined_by_the_exact_attack(case):
    n, members, unknown = case
    relations = [[(m[0], 1.0)] + [(c, -1.0) for c in m[1:]] for m in members]
    unknown = np.array(unknown)
    peeled = _peeled(_system(relations, n), unknown)
    assert unknown[peeled].all()
    # The exact attack: the relations over the unknown cells (the known ones are constants).
    columns = np.flatnonzero(unknown)
    matrix = np.zeros((len(relations), columns.size))
    position = {c: i for i, c in enumerate(columns.tolist())}
    for r, relation in enumerate(relations):
        for c, s in relation:
            if c in position:
                matrix[r, position[c]] = s
    determined = row_space_diagonal(csr_matrix(matrix)) > 1 - 1e-6 if columns.size else []
    exact = {int(columns[i]) for i, d in enumerate(determined) if d}
    assert set(peeled.tolist()) <= exact


def test_a_target_short_again_gets_a_partner_in_each_of_its_relations():
    # Target 0 lies in two relations: 0 + 1 = 2 and 0 + 3 = 4; cells 1 … 4 are published.
    relations = [[(2, 1.0), (0, -1.0), (1, -1.0)], [(4, 1.0), (0, -1.0), (3, -1.0)]]
    equations = _system(relations, 5)
    known = np.array([False, True, True, True, True])
    value = np.array([3.0, 40.0, 43.0, 50.0, 53.0])
    away = _given_away(equations, known)
    arguments = (equations, known, known.copy(), value, np.arange(5), np.array([0]), away)
    sizes = (np.full(5, 10), np.full(5, 5), np.ones(5, dtype=np.int64))
    once, served = _partners(*arguments, *sizes, again=np.array([], dtype=np.int64))
    assert once.size == 1 and served.tolist() == [0]
    each, served = _partners(*arguments, *sizes, again=np.array([0]))
    assert each.tolist() == [1, 3] and served.tolist() == [0]


def test_a_partner_that_hiding_would_leave_alone_in_a_relation_comes_last():
    # Target 0 (3) in 0 + 1 + 2 = 3 with 1 (20) and 2 (40) published; cell 1 is also in
    # 1 + 5 = 4 with 4 and 5 published: hidden, it would be read off there, and 0 with it.
    relations = [[(3, 1.0), (0, -1.0), (1, -1.0), (2, -1.0)], [(4, 1.0), (1, -1.0), (5, -1.0)]]
    equations = _system(relations, 6)
    known = np.array([False, True, True, True, True, True])
    value = np.array([3.0, 20.0, 40.0, 63.0, 70.0, 50.0])
    # Cells of the first relation share it with the hidden target; 1, 4, 5 would be alone.
    assert _given_away(equations, known).tolist() == [False, True, False, False, True, True]
    away = _given_away(equations, known)
    arguments = (equations, known, known.copy(), value, np.arange(6), np.array([0]), away)
    sizes = (np.full(6, 10), np.full(6, 5), np.ones(6, dtype=np.int64))
    chosen, served = _partners(*arguments, *sizes, again=np.array([], dtype=np.int64))
    # 1 is the smaller count with slack, yet 2 is chosen: 1 would be given away.
    assert chosen.tolist() == [2] and served.tolist() == [0]


def test_a_target_given_away_by_hidden_cells_gets_a_partner_where_the_chain_starts():
    # Year 0 = quarters 1 + 2; quarter 1 = wijken 3 + 4; quarter 2 = wijk 5 + 6; the target is
    # year 0 (4 persons); quarters, year and wijk 3 hidden, but wijk 3 is read off from
    # 3 + 7 = 8 (7 and 8 published) and quarter 2 from its wijken: the attack gives 3, then
    # 1 (from 3 and 4), 2 (from 5 and 6), then 0. No relation of 0 holds a published cell.
    relations = [
        [(0, 1.0), (1, -1.0), (2, -1.0)],
        [(1, 1.0), (3, -1.0), (4, -1.0)],
        [(2, 1.0), (5, -1.0), (6, -1.0)],
        [(8, 1.0), (3, -1.0), (7, -1.0)],
    ]
    equations = _system(relations, 9)
    unknown = np.zeros(9, dtype=bool)
    unknown[[0, 1, 2, 3]] = True
    given_by = np.full(9, -1)
    assert _peeled(equations, unknown, given_by).tolist() == [0, 1, 2, 3]
    assert given_by[[0, 1, 2, 3]].tolist() == [0, 1, 2, 3]
    value = np.array([4.0, 3.0, 1.0, 2.0, 1.0, 0.0, 1.0, 30.0, 32.0])
    known = ~unknown
    partners = _derived_partners(
        equations,
        given_by,
        known,
        value,
        np.arange(9),
        _given_away(equations, known),
        np.array([0]),
    )
    # The nearest relations on the way back are the quarters' (4: 1 person; 6: 1 person;
    # 5 holds 0 and is never a partner): the smallest count, ties by key: cell 4.
    assert partners.tolist() == [4]
    unknown[4] = True
    given_by[:] = -1
    assert 0 not in _peeled(equations, unknown, given_by).tolist()


def test_a_target_pinned_three_relations_away_gets_the_partner_its_bound_depends_on():
    # Rest t (0, target, 3) and u (1) make K (4): t + u = K; u and w (2) make M (5); w and v
    # (3, a label stating 1 … 2) make L (6). K and M are known from an earlier release (not
    # hideable), so no partner lies within one relation of t; only L is. w ∈ [6, 7], u ∈
    # [7, 8], t ∈ [2, 3]: short.
    relations = [
        [(4, 1.0), (0, -1.0), (1, -1.0)],
        [(5, 1.0), (1, -1.0), (2, -1.0)],
        [(6, 1.0), (2, -1.0), (3, -1.0)],
    ]
    equations = _system(relations, 7)
    value = np.array([3.0, 7.0, 7.0, 1.0, 10.0, 14.0, 8.0])
    unknown = np.array([True, True, True, True, False, False, False])
    target = np.array([True, False, False, False, False, False, False])
    lo = np.array([0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    hi = np.array([np.inf, np.inf, np.inf, 2.0, np.inf, np.inf, np.inf])
    need = np.full(7, 5)
    binding: dict = {}
    short = _narrowed(
        equations, unknown, target, value, lo, hi, need, {}, np.zeros(7, bool), binding
    )
    assert short.tolist() == [0] and 0 in binding
    known = ~unknown
    hideable = known & np.array([False, False, False, False, False, False, True])
    away = _given_away(equations, known)
    arguments = (equations, known, hideable, value, np.arange(7), np.array([0]), away)
    sizes = (np.full(7, 10), need, np.ones(7, dtype=np.int64))
    assert _partners(*arguments, *sizes, again=np.array([0]))[0].tolist() == []
    assert _dual_partners(
        equations, binding, hideable, value, np.arange(7), away, short
    ).tolist() == [6]
    unknown[6] = True  # L hidden: w, u and t are free
    short = _narrowed(equations, unknown, target, value, lo, hi, need, {}, np.zeros(7, bool), {})
    assert short.tolist() == []


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=4, max_value=12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.lists(st.integers(0, n - 1), min_size=3, max_size=5, unique=True),
                min_size=1,
                max_size=6,
            ),
            st.lists(st.integers(0, 12), min_size=n, max_size=n),
            st.lists(st.booleans(), min_size=n, max_size=n),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
def test_a_target_the_range_attack_calls_wide_is_wide_for_the_exact_programme(case):
    """Whatever the draws and however early the exact rounds stop, a target is only ever
    called wide on the strength of points the attacker cannot rule out."""
    n, members, children, unknown, target = case
    # Every relation: its first member is the sum of the others (values made consistent).
    value = np.array(children, dtype=float)
    relations = []
    for m in members:
        value[m[0]] = value[m[1:]].sum()
        relations.append([(m[0], 1.0)] + [(c, -1.0) for c in m[1:]])
    for relation in relations:  # a later relation may have changed an earlier one's member
        parent, rest = relation[0][0], [c for c, _ in relation[1:]]
        if abs(value[parent] - value[rest].sum()) > 1e-9:
            return
    unknown = np.array(unknown)
    target = np.array(target) & unknown
    lo = np.where(target & (value >= 1) & (value <= 9), 1.0, 0.0)
    hi = np.where(target & (value >= 1) & (value <= 9), 9.0, np.inf)
    need = np.full(n, 5)
    wide = np.zeros(n, dtype=bool)
    short = _narrowed(_system(relations, n), unknown, target, value, lo, hi, need, {}, wide)
    for cell in np.flatnonzero(wide).tolist():
        assert cell not in short.tolist()
        bounds = [(lo[c], None if np.isinf(hi[c]) else hi[c]) for c in range(n)]
        # The exact programme: known cells fixed at their value.
        bounds = [(value[c], value[c]) if not unknown[c] else b for c, b in enumerate(bounds)]
        rows = np.zeros((len(relations), n))
        for r, relation in enumerate(relations):
            for c, s in relation:
                rows[r, c] = s
        cost = np.zeros(n)
        cost[cell] = 1.0
        low, high = (
            sign * result.fun if result.status == 0 else -sign * np.inf
            for sign, result in (
                (s, linprog(s * cost, A_eq=rows, b_eq=np.zeros(len(relations)), bounds=bounds))
                for s in (1.0, -1.0)
            )
        )
        assert low > -np.inf  # every cell is ≥ 0
        assert np.floor(high + 1e-6) - np.ceil(low - 1e-6) >= need[cell]


def test_programmes_solved_side_by_side_give_the_ranges_one_after_another_gives(monkeypatch):
    """The range attack solves its programmes in threads; the verdicts are the same as when
    they are solved one after another (each has its own solver and its own draws)."""
    import pipelines.disclosure_model as model

    rng = np.random.default_rng(7)
    parts, size = 60, 5  # a parent and four children each
    n = parts * size
    value = rng.integers(0, 12, size=n).astype(float)
    relations = []
    for p in range(parts):
        parent, children = p * size, list(range(p * size + 1, (p + 1) * size))
        value[parent] = value[children].sum()
        relations.append([(parent, 1.0)] + [(c, -1.0) for c in children])
    unknown = rng.random(n) < 0.7
    target = unknown & (value >= 1) & (value <= 9)
    lo = np.where(target, 1.0, 0.0)
    hi = np.where(target, 9.0, np.inf)
    need = np.full(n, 5)
    monkeypatch.setattr(model, "_CHUNK_VARIABLES", 12)  # about 20 programmes
    verdicts = []
    for workers in (1, 4):
        monkeypatch.setattr(model, "_WORKERS", workers)
        wide = np.zeros(n, dtype=bool)
        short = _narrowed(_system(relations, n), unknown, target, value, lo, hi, need, {}, wide)
        verdicts.append((short.tolist(), np.flatnonzero(wide).tolist()))
    assert verdicts[0] == verdicts[1]
    assert verdicts[0][0] and verdicts[0][1]  # some targets short, some wide
