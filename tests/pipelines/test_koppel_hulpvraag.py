"""The learning curve by question (issue 16): ``koppel_hulpvraag``, the koppels' contacts with
75-plussers per gemeente, RESV and regio × koppeljaar × hulpvraag.

The hand-made delivery of tests/pipelines/hand_delivery.py (peildatum 2025-04-30): K1 (P1,
WK990101, GM9901) from 2024-01-01 has C1 (2024-02-10, quarter 0) and C2 (2024-05-15, quarter
1) in its first year and C8 (2025-03-01, quarter 4) in its second; K2 (P3, WK990201, GM9902)
from 2023-06-01 has C5 (2024-03-03, quarter 3: still its first year); C6 fell after K2 ended.
Every contact's hulpvraag is OVERIG.
"""

from __future__ import annotations

import duckdb
import pytest

from pipelines import contract
from pipelines.build import BuildSettings, build
from tests.attack.findings import run_attack
from tests.pipelines.hand_delivery import write_hand_delivery

#: area → koppeljaar → OVERIG contacts.
EXPECTED = {
    "GM9901": {1: 2, 2: 1},
    "R1": {1: 2, 2: 1},
    "GM9902": {1: 1},
    "R2": {1: 1},
    "REGIO": {1: 3, 2: 1},
}


@pytest.fixture(scope="module")
def hand(hand_unsuppressed):
    con = duckdb.connect(str(hand_unsuppressed / "data" / "dashboard.duckdb"), read_only=True)
    yield con
    con.close()


def test_the_hand_delivery_gives_the_contacts_per_koppeljaar_and_question(hand):
    rows = hand.execute(
        "select area_code, koppeljaar, hulpvraag, contacten, aandeel, suppressed "
        "from koppel_hulpvraag"
    ).fetchall()
    found = {(a, j, h): (c, share, s) for a, j, h, c, share, s in rows}
    expected = {
        (area, jaar, h): (n if h == "OVERIG" else 0, 100.0 if h == "OVERIG" else 0.0, False)
        for area, jaren in EXPECTED.items()
        for jaar, n in jaren.items()
        for h in contract.HULPVRAGEN
    }
    assert found == expected


def test_a_koppeljaar_is_the_learning_curves_contacts_of_its_quarters(hand):
    questions = dict(
        hand.execute(
            "select area_code || ':' || koppeljaar, sum(contacten) from koppel_hulpvraag "
            "group by all"
        ).fetchall()
    )
    quarters = dict(
        hand.execute(
            "select area_code || ':' || least(kwartaal_sinds_start // 4 + 1, 3), "
            "sum(round(contacten_per_koppel * n_koppels)) from koppel_leercurve "
            "group by all having sum(round(contacten_per_koppel * n_koppels)) > 0"
        ).fetchall()
    )
    assert questions == quarters


def test_the_contacts_of_fewer_koppels_than_the_minimum_are_suppressed_and_not_derivable(
    tmp_path,
):
    write_hand_delivery(tmp_path / "delivery")
    build(
        BuildSettings(input_dir=tmp_path / "delivery", output_dir=tmp_path / "data", min_koppels=3)
    )
    output = tmp_path / "data"
    con = duckdb.connect(str(output / "dashboard.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select area_code, koppeljaar, hulpvraag, contacten, suppressed, suppression_reason "
            "from koppel_hulpvraag"
        ).fetchall()
    finally:
        con.close()
    # One koppel behind every contact: each OVERIG row is hidden, the zeros are shown.
    overig = [r for r in rows if r[2] == "OVERIG"]
    assert overig and all(r[4] and r[3] is None for r in overig)
    assert {r[5] for r in overig} <= {"te_weinig_koppels", "onderdrukt", "secundair"}
    attack = run_attack(output / "dashboard.duckdb", warehouses=[output / "warehouse.duckdb"])
    assert attack.wrong == []
    assert attack.disclosed == []
    found = {f.key: f.bounds for f in attack.findings if f.key[1] == "koppeljaar:1:OVERIG"}
    assert found and all(b.width > 0 for b in found.values())
