"""Samenwerkingsfase (issue 16): every practice in one stage per year on 1 July, published per
gemeente, RESV and regio × jaar × fase.

A hand-made delivery (tests/pipelines/fase_delivery.py: which practice is in which stage on
which peildag is worked out there — a koppel from 1 July the year before is a year old, one
from 2 July is not; HIS and overleg; a zorgtraject) gives exactly those stages and, summed,
exactly those counts at every level; the stages add up to the practices and their listed
75-plussers to koppeldekking's noemer (stages 1–4 to its teller); with the koppel minimum a
stage of one or two practices is suppressed and the independent attacker
(tests/attack/) cannot pin it.
"""

from __future__ import annotations

import duckdb
import pytest

from pipelines.build import BuildSettings, build
from tests.attack.findings import run_attack
from tests.made_once import made_once
from tests.pipelines.fase_delivery import LISTED, STAGE, WIJK, expected, write_fase_delivery

#: Published area → its wijken.
AREAS = {
    "GM9901": ("WK990101", "WK990102"),
    "R1": ("WK990101", "WK990102"),
    "GM9902": ("WK990201",),
    "R2": ("WK990201",),
    "REGIO": ("WK990101", "WK990102", "WK990201"),
}


def _build(root, **settings):
    write_fase_delivery(root / "delivery")
    build(BuildSettings(input_dir=root / "delivery", output_dir=root / "data", **settings))
    return root / "data"


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    root = made_once(
        tmp_path_factory,
        "fase_hand",
        lambda folder: _build(folder, min_count=1, min_noemer=1, min_koppels=1),
    )
    output = root / "data"
    con = duckdb.connect(str(output / "dashboard.duckdb"), read_only=True)
    yield con, output
    con.close()


def _rows(con, sql: str) -> list[dict]:
    result = con.execute(sql)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def test_every_practice_is_in_the_stage_worked_out_on_paper(hand):
    _, output = hand
    warehouse = duckdb.connect(str(output / "warehouse.duckdb"), read_only=True)
    try:
        found = {
            (r["jaar"], r["praktijk_id"]): r["fase"]
            for r in _rows(warehouse, "select * from int_samenwerkingsfase")
        }
    finally:
        warehouse.close()
    assert found == STAGE


def test_the_hand_delivery_gives_the_stage_counts_at_every_level(hand):
    con, _ = hand
    rows = _rows(con, "select * from samenwerkingsfase")
    found: dict = {}
    for r in rows:
        found.setdefault((r["area_code"], r["jaar"]), {})[r["fase"]] = (
            r["praktijken"],
            r["ingeschreven_75plus"],
        )
    assert found == {
        (area, jaar): expected(jaar, wijken)
        for area, wijken in AREAS.items()
        for jaar in (2024, 2025)
    }
    # Spelled out once: the regio in 2025 (P4 | P2, P6 | P3 | P8, P5 | P1, P7).
    assert found[("REGIO", 2025)] == {0: (1, 30), 1: (2, 90), 2: (1, 70), 3: (2, 240), 4: (2, 160)}
    assert not any(r["suppressed"] for r in rows)
    assert {r["area_level"] for r in rows} == {"gemeente", "resv", "regio"}


def test_the_stages_add_up_to_the_practices_and_to_koppeldekking(hand):
    con, _ = hand
    stages = _rows(
        con,
        "select area_code, cast(jaar as varchar) as period, sum(praktijken) as praktijken, "
        "sum(ingeschreven_75plus) as ingeschreven, "
        "sum(ingeschreven_75plus) filter (where fase >= 1) as met_koppel, "
        "sum(aandeel_75plus) as aandeel from samenwerkingsfase group by all",
    )
    dekking = {
        (r["area_code"], r["period"]): (r["teller"], r["noemer"])
        for r in _rows(
            con,
            "select area_code, period, teller, noemer from indicator_values "
            "where indicator_id = 'koppeldekking'",
        )
    }
    assert len(stages) == len(AREAS) * 2
    for row in stages:
        wijken = AREAS[row["area_code"]]
        assert row["praktijken"] == sum(1 for w in WIJK.values() if w in wijken)
        assert row["ingeschreven"] == sum(LISTED[p] for p, w in WIJK.items() if w in wijken)
        assert (row["met_koppel"], row["ingeschreven"]) == dekking[
            (row["area_code"], row["period"])
        ]
        assert row["aandeel"] == pytest.approx(100.0)


def test_a_share_is_the_stages_part_of_all_listed_75_plussers(hand):
    con, _ = hand
    (share,) = con.execute(
        "select aandeel_75plus from samenwerkingsfase "
        "where area_code = 'GM9902' and jaar = 2025 and fase = 3"
    ).fetchone()
    assert share == pytest.approx(200 / 300 * 100)


def test_a_stage_of_fewer_practices_than_the_minimum_is_suppressed_and_not_derivable(
    tmp_path,
):
    output = _build(tmp_path, min_koppels=3)
    con = duckdb.connect(str(output / "dashboard.duckdb"), read_only=True)
    try:
        rows = _rows(con, "select * from samenwerkingsfase")
    finally:
        con.close()
    truth = {
        (area, jaar, fase): n
        for area, wijken in AREAS.items()
        for jaar in (2024, 2025)
        for fase, (n, _listed) in expected(jaar, wijken).items()
    }
    small = [r for r in rows if 1 <= truth[(r["area_code"], r["jaar"], r["fase"])] <= 2]
    assert small and all(r["suppressed"] for r in small)
    assert {r["suppression_reason"] for r in small} <= {"te_weinig_praktijken", "onderdrukt"}
    # Three practices in stage 2 in 2024 (P3, P4, P8 of GM9901) may be shown.
    assert any(not r["suppressed"] and r["praktijken"] == 3 for r in rows)
    attack = run_attack(output / "dashboard.duckdb", warehouses=[output / "warehouse.duckdb"])
    assert attack.wrong == []
    assert attack.disclosed == []
    stage_cells = [f for f in attack.findings if f.key[1].startswith("fase:praktijken:")]
    assert any(f.truth is not None and 1 <= f.truth <= 2 for f in stage_cells)
