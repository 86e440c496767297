"""The disclosure model's own steps (the whole model is attacked in test_attack.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from pipelines.disclosure_audit import row_space_diagonal
from pipelines.disclosure_model import _pairs_to_equations, _peeled


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
